"""Start a real Alertmanager for tests: temp config and storage, loopback port, no clustering.

The binary is Debian's ``prometheus-alertmanager`` (upstream tarballs call it
``alertmanager``). When it is missing the caller skips, except on CI (``CI=true``), where a
missing binary is a broken setup and the test must fail.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from streams.broker import free_port

BINARIES = ("prometheus-alertmanager", "alertmanager")

#: Everything goes to a receiver with no integrations: alerts are stored and served by the
#: API, nothing is sent anywhere.
CONFIG = """\
global:
  resolve_timeout: 1h
route:
  receiver: "null"
  group_by: ["alertname"]
receivers:
  - name: "null"
"""


def alertmanager_binary() -> str:
    """Path of the Alertmanager binary; skips (fails on CI) when it is not installed."""
    for name in BINARIES:
        found = shutil.which(name) or (f"/usr/bin/{name}" if os.access(f"/usr/bin/{name}", os.X_OK) else None)
        if found:
            return found
    message = "Alertmanager not installed (apt-get install prometheus-alertmanager)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def start_alertmanager(tmp_path: Path, config: str = CONFIG, timeout: float = 30.0) -> tuple[subprocess.Popen, str]:
    """Start Alertmanager and wait for ``/-/ready``; returns ``(process, base_url)``.

    Stop it with :func:`stop_alertmanager`. Its log is ``tmp_path/alertmanager.log``.
    """
    binary = alertmanager_binary()
    home = tmp_path / "alertmanager"
    (home / "data").mkdir(parents=True, exist_ok=True)
    (home / "alertmanager.yml").write_text(config)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = open(tmp_path / "alertmanager.log", "wb")
    proc = subprocess.Popen(
        [
            binary,
            f"--config.file={home / 'alertmanager.yml'}",
            f"--storage.path={home / 'data'}",
            f"--web.listen-address=127.0.0.1:{port}",
            "--cluster.listen-address=",  # no gossip: do not bind 9094
        ],
        stdout=log, stderr=subprocess.STDOUT, cwd=home,
    )
    log.close()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"alertmanager exited ({proc.returncode}):\n{(tmp_path / 'alertmanager.log').read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/-/ready", timeout=1) as resp:
                if resp.status == 200:
                    return proc, url
        except OSError:
            pass
        time.sleep(0.1)
    stop_alertmanager(proc)
    raise RuntimeError(f"alertmanager not ready after {timeout}s:\n{(tmp_path / 'alertmanager.log').read_text()}")


def stop_alertmanager(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
