"""``python -m streams publish PATH...`` and ``python -m streams replay DIR --rate N --loop K``.

Articles are keyed by their id, so every report of one article lands in one partition in
order, and re-publishing an article is recognised downstream as the same article.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from typing import Iterable

from aiokafka import AIOKafkaProducer
from tqdm import tqdm

from schemas import Article

from . import topics
from .articles import iter_articles
from .codec import encode_article
from .kafka import aiokafka_options
from .settings import Settings, get_settings


def make_producer(settings: Settings, bootstrap: str, **overrides) -> AIOKafkaProducer:
    options = {"acks": "all", "linger_ms": 5, "max_request_size": max(4 * settings.max_message_bytes, 4_000_000)}
    options.update(overrides)
    return AIOKafkaProducer(**aiokafka_options(settings, bootstrap), **options)


async def publish(articles: Iterable[Article], settings: Settings, bootstrap: str, *,
                  rate: float = 0.0, total: int | None = None, progress: bool = True) -> int:
    """Send articles to the articles topic; returns how many the broker acknowledged."""
    producer = make_producer(settings, bootstrap)
    await producer.start()
    sent = 0
    pending = []
    bar = tqdm(total=total, unit="article", disable=not progress, file=sys.stderr, desc="publishing")
    started = time.perf_counter()
    try:
        for article in articles:
            if rate > 0:
                wait = started + sent / rate - time.perf_counter()
                if wait > 0:
                    await asyncio.sleep(wait)
            pending.append(await producer.send(topics.ARTICLES.name, encode_article(article), key=article.id.encode()))
            sent += 1
            bar.update(1)
            if len(pending) >= 1000:
                await asyncio.gather(*pending)
                pending.clear()
        await asyncio.gather(*pending)
    finally:
        bar.close()
        await producer.stop()
    return sent


def _loop(paths: list[str], times: int) -> Iterable[Article]:
    for _ in range(times):
        yield from iter_articles(paths)


def cli(argv: list[str]) -> int:
    command = argv[0]
    parser = argparse.ArgumentParser(prog=f"python -m streams {command}", description=__doc__)
    parser.add_argument("paths", nargs="+" if command == "replay" else "*", default=["-"],
                        help="files, folders, .jsonl files, or - for stdin")
    parser.add_argument("--rate", type=float, default=0.0, help="articles per second (0: as fast as possible)")
    parser.add_argument("--loop", type=int, default=1, help="replay the input K times")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    args = parser.parse_args(argv[1:])
    settings = get_settings()
    from .admin import ensure_topics
    from .broker import resolve_bootstrap

    try:
        articles = list(_loop(args.paths, max(1, args.loop)))
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    bootstrap = resolve_bootstrap(settings)
    asyncio.run(ensure_topics(settings, bootstrap))
    sent = asyncio.run(publish(articles, settings, bootstrap, rate=args.rate, total=len(articles),
                               progress=not args.quiet))
    print(f"published {sent} articles to {topics.ARTICLES.name} on {bootstrap}")
    return 0
