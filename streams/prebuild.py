"""The worker's read-only tables, built in a short-lived child process.

Building the gazetteer parses about 100 MB of GeoNames JSON. Built in the worker, the
parse leaves its heap fragmented: the worker keeps about 94 MiB more than before, of which
about 30 MiB are the gazetteer's own objects, and a long-running process never gives the
rest back. Built in a child and handed over as plain JSON (``Gazetteer.to_json``), it
costs the worker far less (see ``tests/test_prebuild.py`` and the README's Performance
section), and the first article no longer waits for the build. When the child fails, the
worker builds in process as before.
"""

from __future__ import annotations

import logging
import subprocess
import sys

from .extract import gazetteer

log = logging.getLogger(__name__)

_CHILD = (
    "import sys\n"
    "from streams.extract.gazetteer import build_gazetteer\n"
    "sys.stdout.buffer.write(build_gazetteer().to_json())\n"
)


def gazetteer_from_child(timeout: float = 120.0) -> gazetteer.Gazetteer | None:
    """The gazetteer, built by a child Python; None (and a warning) when that fails."""
    try:
        done = subprocess.run([sys.executable, "-c", _CHILD], capture_output=True, timeout=timeout, check=True)
        return gazetteer.Gazetteer.from_json(done.stdout)
    except (OSError, subprocess.SubprocessError, ValueError, KeyError, TypeError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        log.warning("building the gazetteer in a child process failed (%s) %s; building it here",
                    exc, detail.decode(errors="replace")[-500:])
        return None


def prepare_extractor() -> None:
    """Install the child-built gazetteer (when it could be built), then build the extractor."""
    from .extract import get_extractor

    built = gazetteer_from_child()
    if built is not None:
        gazetteer.install(built)
    get_extractor()
