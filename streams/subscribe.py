"""``python -m streams subscribe TOPIC``: what a downstream subscriber sees, pretty-printed live."""

from __future__ import annotations

import argparse
import asyncio
import sys

import orjson

from . import topics
from .settings import get_settings


async def _follow(topic: str, from_beginning: bool, limit: int | None, timeout: float) -> int:
    from .broker import resolve_bootstrap
    from .consume import read_topic

    settings = get_settings()
    bootstrap = resolve_bootstrap(settings)
    seen = 0
    async for record in read_topic(settings, bootstrap, topic, follow=True, from_beginning=from_beginning,
                                   timeout=timeout):
        try:
            body = ("(tombstone: retired)" if record.value is None
                    else orjson.dumps(orjson.loads(record.value), option=orjson.OPT_INDENT_2).decode())
        except orjson.JSONDecodeError:
            body = repr(record.value[:200])
        key = record.key.decode("utf-8", "replace") if record.key else None
        print(f"--- {topic}[{record.partition}]@{record.offset} key={key}\n{body}", flush=True)
        seen += 1
        if limit and seen >= limit:
            break
    return seen


def cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m streams subscribe", description=__doc__)
    parser.add_argument("topic", choices=[spec.name for spec in topics.ALL if not spec.internal])
    parser.add_argument("--from-beginning", action="store_true", help="start at the oldest message, not new ones")
    parser.add_argument("--max", type=int, default=None, help="stop after N messages")
    parser.add_argument("--timeout", type=float, default=float(10 ** 9), help="stop after S seconds")
    args = parser.parse_args(argv[1:])
    try:
        seen = asyncio.run(_follow(args.topic, args.from_beginning, args.max, args.timeout))
    except KeyboardInterrupt:
        return 0
    print(f"{seen} message(s)", file=sys.stderr)
    return 0
