"""``python -m streams worker``: run the stream worker until SIGTERM or Ctrl-C.

With no broker configured, the local broker is started first (and left running).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys

from .settings import Settings, get_settings


def build_worker(settings: Settings, bootstrap: str):
    """The Faust worker for this process (imported lazily: Faust's import is slow)."""
    import faust

    from .app import Pipeline

    pipeline = Pipeline(settings, bootstrap)
    worker = faust.Worker(pipeline.app, loglevel=settings.log_level, redirect_stdouts=False)
    return pipeline, worker


def cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m streams worker", description=__doc__)
    parser.add_argument("--web-port", type=int, help="HTTP port (default: STREAMS_WEB_PORT)")
    args = parser.parse_args(argv[1:])
    settings = get_settings()
    if args.web_port:
        settings = settings.model_copy(update={"web_port": args.web_port})
    logging.basicConfig(level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    from .admin import ensure_topics
    from .broker import resolve_bootstrap

    bootstrap = resolve_bootstrap(settings)
    try:
        asyncio.run(ensure_topics(settings, bootstrap))
    except ConnectionError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    pipeline, worker = build_worker(settings, bootstrap)
    pipeline.extractor.start()  # before the first article (streams.extractor_pool)
    worker.execute_from_commandline()  # runs until stopped; exits the process itself
    return 0
