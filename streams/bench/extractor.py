"""The extractor alone, in this process, on one core: the ceiling for everything downstream.

Two figures: ``extract(article)`` alone, and the worker's whole per-message function
(:func:`streams.routing.route_article`: JSON bytes in, encoded event messages out), both
over the same generated articles. Their gap is what decoding and encoding cost; the gap
between the second and the end-to-end rate is what Kafka and Faust cost.
"""

from __future__ import annotations

import statistics
import time
from collections import Counter
from dataclasses import dataclass, field

from schemas import Article
from streams.codec import encode_article
from streams.routing import Origin, route_article

#: Articles extracted before timing: builds the gazetteer and warms every code path.
WARMUP = 100


@dataclass(frozen=True)
class ExtractResult:
    articles: int  # per timed pass
    kilobytes: float  # per timed pass: UTF-8 text (title and body), 1 KB = 1,024 bytes
    warmup_articles: int
    wall_s: list[float]  # one per run
    cpu_s: list[float]
    route_wall_s: list[float]
    events: Counter = field(default_factory=Counter)  # by type, one run

    @property
    def articles_per_s(self) -> float:
        return self.articles / statistics.median(self.wall_s)

    @property
    def cpu_articles_per_s(self) -> float:
        return self.articles / statistics.median(self.cpu_s)

    @property
    def us_per_kb(self) -> float:
        return statistics.median(self.wall_s) * 1e6 / self.kilobytes

    @property
    def route_articles_per_s(self) -> float:
        return self.articles / statistics.median(self.route_wall_s)

    @property
    def events_per_article(self) -> float:
        return sum(self.events.values()) / max(1, self.warmup_articles)


def bench_extractor(warmup: list[Article], slices: list[list[Article]]) -> ExtractResult:
    """Warm up on ``warmup`` (and count its events), then time one pass per slice.

    Every timed pass reads articles no earlier pass has seen, half of the slices for
    ``extract`` and half for ``route_article``: a cache keyed by article cannot help.
    """
    from streams.extract import extract  # imported here: the Kafka benchmarks run without it

    events: Counter = Counter()
    for article in warmup:
        events.update(e.type for e in extract(article).events())
    half = len(slices) // 2
    wall, cpu = [], []
    for articles in slices[:half]:
        w0, c0 = time.perf_counter(), time.process_time()
        for article in articles:
            extract(article)
        wall.append(time.perf_counter() - w0)
        cpu.append(time.process_time() - c0)
    origin = Origin("articles", 0, 0)
    route = []
    for articles in slices[half:]:
        payloads = [encode_article(a) for a in articles]
        w0 = time.perf_counter()
        for payload in payloads:
            route_article(payload, origin, 4_000_000, extract)
        route.append(time.perf_counter() - w0)
    per_slice = len(slices[0])
    kilobytes = statistics.mean(sum(len(a.text.encode()) for a in s) for s in slices[:half]) / 1024
    return ExtractResult(per_slice, kilobytes, len(warmup), wall, cpu, route, events)
