"""``python -m streams bench``: how fast articles become events, beside raw baselines.

Absolute rates on a shared machine are noisy, so every figure comes with a baseline
measured in the same run:

1. the extractor alone, in process, on one core (the ceiling);
2. a raw aiokafka pass-through of the same payloads (what Kafka alone allows);
3. end to end: pre-produced articles through one real worker, first event to last,
   with its RSS sampled along the way (memory, and growth over the second half);
4. the same input through two workers of one consumer group (scaling);
5. latency at a fixed rate, from each article's Kafka timestamp to its events' arrival
   at a consumer.

A broker is started in a temporary directory (or ``STREAMS_BOOTSTRAP_SERVERS`` is used),
and everything the benchmark starts is stopped again, also on errors and Ctrl-C.
``--quick`` takes about two minutes on two cores: it sizes the end-to-end input to a few
seconds of extraction. The full run reads 50,000 articles twice end to end, so its
duration is set by the end-to-end rate (``--articles`` makes it shorter).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import statistics
import sys
import time
import uuid
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, Callable

import orjson

from schemas import Article

from .report import table
from .workload import generate

if TYPE_CHECKING:  # the Kafka side is imported only when it runs
    from .latency import LatencyResult
    from .stream import PassthroughResult, RunResult

__all__ = ["Params", "cli", "run", "run_extractor"]


@dataclass(frozen=True)
class Params:
    """Sizes of one benchmark run; they are reported with its figures."""

    mode: str = "full"
    articles: int = 50_000  # end to end, memory and scaling input (>= 20,000 in full mode)
    seed: int = 0
    extract_articles: int = 1_000  # per timed pass of the extractor
    extract_runs: int = 3  # timed passes (median reported)
    latency_rate: float = 100.0
    latency_seconds: float = 30.0
    latency_max_wait_s: float = 60.0  # after the last latency article, for a backlog to drain
    #: The second latency test runs at this share of the one-worker rate: what a reader waits
    #: for an article when the worker keeps up, without the queue a rate above it builds.
    sustained_share: float = 0.5
    #: Quick mode sizes the end-to-end input to this many seconds of extraction (at most ``articles``),
    #: so a slow build still finishes in about two minutes.
    budget_s: float | None = None

    @classmethod
    def quick(cls, **overrides: Any) -> Params:
        return cls(**{"mode": "quick", "articles": 3_000, "extract_articles": 150, "latency_seconds": 10.0,
                      "latency_max_wait_s": 8.0, "budget_s": 6.0, **overrides})

    def sized(self, extract_articles_per_s: float) -> int:
        """Articles for the end-to-end runs: ``articles``, or fewer when a time budget applies."""
        if self.budget_s is None:
            return self.articles
        return max(min(self.articles, 200), min(self.articles, int(extract_articles_per_s * self.budget_s)))


def _articles(n: int, seed: int) -> list[Article]:
    return list(generate(n, seed))


def _parallel_articles(count: int, seeds: list[int]) -> list[list[Article]]:
    """One list of ``count`` articles per seed, generated on every core."""
    workers = max(1, min(os.cpu_count() or 1, len(seeds)))
    if workers == 1:
        return [_articles(count, s) for s in seeds]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(_articles, [count] * len(seeds), seeds))


def run_extractor(params: Params, say: Callable[[str], None] = lambda _: None) -> dict[str, Any]:
    """The in-process figures: extractor alone and the worker's per-message function."""
    from .extractor import WARMUP, bench_extractor

    say(f"generating {params.extract_runs * 2} x {params.extract_articles} articles for the extractor ...")
    slices = _parallel_articles(params.extract_articles, [params.seed + 101 + k for k in range(2 * params.extract_runs)])
    warmup = _articles(min(WARMUP, 2 * params.extract_articles), params.seed + 100)
    say(f"timing the extractor ({params.extract_runs} passes of {params.extract_articles} articles) ...")
    result = bench_extractor(warmup, slices)
    return {
        "extract_articles_per_s": result.articles_per_s,
        "extract_us_per_kb": result.us_per_kb,
        "extract_cpu_articles_per_s": result.cpu_articles_per_s,
        "route_articles_per_s": result.route_articles_per_s,
        "events_per_article": result.events_per_article,
        "workload_mean_kb": result.kilobytes / result.articles,
    }


def run(params: Params, say: Callable[[str], None] = lambda _: None) -> dict[str, Any]:
    """Every benchmark; returns the flat result (see :data:`report.REQUIRED_KEYS`)."""
    from streams import topics
    from streams.admin import ensure_topics
    from streams.settings import get_settings

    from . import kafka_io
    from .cluster import Cluster
    from .latency import measure_latency
    from .stream import PASSTHROUGH_TOPIC, passthrough, run_workers

    began = time.monotonic()
    result: dict[str, Any] = {**asdict(params), "cpus": os.cpu_count()}
    result.update(run_extractor(params, say))
    n = params.sized(result["extract_articles_per_s"])
    result["articles"] = n
    run_id = uuid.uuid4().hex[:8]
    say("starting the broker ..." if not get_settings().bootstrap_servers else "using the configured broker ...")
    with Cluster(get_settings()) as cluster:
        settings = cluster.settings
        result["broker"] = cluster.broker_kind
        result["partitions"] = settings.topic_partitions
        asyncio.run(ensure_topics(settings, cluster.bootstrap))
        start = asyncio.run(kafka_io.end_offsets(settings, [topics.ARTICLES.name]))
        say(f"producing {n:,} articles ...")
        produced = asyncio.run(kafka_io.produce(settings, topics.ARTICLES.name, kafka_io.encoded_workload(n, params.seed)))
        end = asyncio.run(kafka_io.end_offsets(settings, [topics.ARTICLES.name]))
        result["produce_articles_per_s"] = produced.messages / produced.seconds

        say("raw aiokafka pass-through ...")
        raw = asyncio.run(passthrough(settings, start, end))
        result["passthrough_msgs_per_s"] = raw.msgs_per_s

        # Two workers first: the one-worker run then stays up for the latency test, and
        # nothing is appended to the input before both runs have read it.
        say("two workers, one group ...")
        two, _ = run_workers(cluster, 2, f"bench-{run_id}-two", start, end)
        say("one worker ...")
        one, workers = run_workers(cluster, 1, f"bench-{run_id}-one", start, end, keep_running=True)
        try:
            rate = max(1.0, round(one.articles_per_s * params.sustained_share))
            say(f"latency at {rate:g} articles/s ({params.sustained_share:.0%} of one worker's rate) "
                f"for {params.latency_seconds:g} s ...")
            sustained = asyncio.run(measure_latency(settings, rate=rate, seconds=params.latency_seconds,
                                                    seed=params.seed + 300, max_wait_s=params.latency_max_wait_s))
            say(f"latency at {params.latency_rate:g} articles/s for {params.latency_seconds:g} s ...")
            latency = asyncio.run(measure_latency(settings, rate=params.latency_rate, seconds=params.latency_seconds,
                                                  seed=params.seed + 200, max_wait_s=params.latency_max_wait_s))
        finally:
            cluster.stop_workers(workers)
        if not cluster.started_broker:  # a configured cluster keeps no benchmark scratch topic
            asyncio.run(kafka_io.delete_topic(settings, PASSTHROUGH_TOPIC))

    result.update(_figures(one, two, raw, latency, result))
    result.update(_sustained(sustained))
    result["wall_s"] = time.monotonic() - began
    return result


def _sustained(latency: LatencyResult) -> dict[str, Any]:
    """The latency figures at a rate the worker keeps up with."""
    return {
        "latency_sustained_rate": latency.rate,
        "latency_sustained_complete": latency.complete,
        "latency_sustained_p50_ms": latency.percentile(50),
        "latency_sustained_p95_ms": latency.percentile(95),
        "latency_sustained_p99_ms": latency.percentile(99),
    }


def _figures(one: RunResult, two: RunResult, raw: PassthroughResult, latency: LatencyResult,
             extracted: dict[str, Any]) -> dict[str, Any]:
    """The flat figures of the Kafka benchmarks, with their ratios to the in-process ones."""
    fan_out = one.messages_written / one.articles
    cpu_s = one.worker_cpu_s()
    half = next((s for s in one.samples if s.consumed >= one.articles / 2), one.samples[-1])
    samples = latency.samples_ms
    return {
        "e2e_articles_per_s": one.articles_per_s,
        "e2e_seconds": one.seconds,
        "e2e_events": one.events,
        "e2e_incidents": one.incidents,
        "e2e_dead_letters": one.dead_letters,
        "e2e_internal_written": one.internal_written,
        "e2e_internal_read": one.internal_read,
        "e2e_merge_catch_up_s": one.catch_up_s,
        "e2e_messages_per_article": fan_out,
        "e2e_vs_extract_ratio": one.articles_per_s / extracted["extract_articles_per_s"],
        "e2e_worker_cpu_ms_per_article": cpu_s * 1000 / one.articles,
        "e2e_cpu_vs_extract_cpu_ratio": one.articles / cpu_s / extracted["extract_cpu_articles_per_s"] if cpu_s else 0.0,
        "broker_cpu_ms_per_article": (one.broker_cpu_s() or 0.0) * 1000 / one.articles,
        "e2e_vs_passthrough_ratio": one.articles_per_s / raw.msgs_per_s if raw.msgs_per_s else 0.0,
        "latency_articles": latency.articles,
        "latency_events": len(samples),
        "latency_articles_with_events": latency.articles_with_events,
        "latency_complete": latency.complete,
        "latency_p50_ms": latency.percentile(50),
        "latency_p95_ms": latency.percentile(95),
        "latency_p99_ms": latency.percentile(99),
        "latency_max_ms": samples[-1] if samples else 0.0,
        "latency_mean_ms": statistics.fmean(samples) if samples else 0.0,
        "rss_mb": one.rss_mb(),
        "rss_half_mb": (half.rss[0] or 0) / 2**20,
        "rss_peak_mb": one.peak_rss_mb(),
        "rss_growth_mb": one.rss_growth_mb(),
        "rss_trace": [[s.consumed, round((s.rss[0] or 0) / 2**20, 1)] for s in one.samples[:: max(1, len(one.samples) // 20)]],
        "scaling_two_workers_articles_per_s": two.articles_per_s,
        "scaling_ratio": two.articles_per_s / one.articles_per_s if one.articles_per_s else 0.0,
        "scaling_worker_cpu_ms_per_article": two.worker_cpu_s() * 1000 / two.articles,
    }


def cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m streams bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small sizes: about two minutes on two cores")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    parser.add_argument("--articles", type=int, help="articles end to end (default 50,000; quick: up to 3,000, "
                                                     "sized to the extractor rate, unless given); "
                                                     "with --extract-only: articles per timed extractor pass")
    parser.add_argument("--extract-articles", type=int, help="articles per timed extractor pass (default 1,000; quick 150)")
    parser.add_argument("--seed", type=int, default=0, help="workload seed (same seed, same articles)")
    parser.add_argument("--latency-seconds", type=float, help="duration of the fixed-rate latency test")
    parser.add_argument("--latency-rate", type=float, default=100.0, help="articles per second in the latency test")
    parser.add_argument("--extract-only", action="store_true", help="only the in-process extractor figures (no Kafka)")
    args = parser.parse_args(argv[1:])

    overrides: dict[str, Any] = {"seed": args.seed, "latency_rate": args.latency_rate}
    if args.latency_seconds is not None:
        overrides["latency_seconds"] = args.latency_seconds
    if args.extract_articles is not None:
        overrides["extract_articles"] = max(1, args.extract_articles)
    if args.articles is not None:
        overrides["extract_articles" if args.extract_only else "articles"] = max(1, args.articles)
        if not args.extract_only:
            overrides["budget_s"] = None  # an explicit size is taken as it is
    params = Params.quick(**overrides) if args.quick else Params(**overrides)
    say = (lambda _: None) if args.json else (lambda msg: print(msg, file=sys.stderr, flush=True))
    logging.getLogger("aiokafka").setLevel(logging.CRITICAL)  # retries while a fresh broker elects leaders are expected
    try:
        if args.extract_only:
            result = {**asdict(params), "mode": f"{params.mode}, extract only", "cpus": os.cpu_count(),
                      **run_extractor(params, say)}
        else:
            result = run(params, say)
    except KeyboardInterrupt:
        print("interrupted; everything the benchmark started was stopped", file=sys.stderr)
        return 130
    print(orjson.dumps(result).decode() if args.json else table(result))
    return 0
