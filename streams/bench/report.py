"""The benchmark's figures as one flat JSON object, and as a table beside the targets."""

from __future__ import annotations

from typing import Any, Callable

#: The keys every complete run reports (``--json``); extract-only runs report the first four.
EXTRACT_KEYS = ("extract_articles_per_s", "extract_us_per_kb", "extract_cpu_articles_per_s", "route_articles_per_s")
REQUIRED_KEYS = (
    "extract_articles_per_s", "extract_us_per_kb", "e2e_articles_per_s", "e2e_vs_extract_ratio",
    "passthrough_msgs_per_s", "e2e_vs_passthrough_ratio", "latency_p50_ms", "latency_p95_ms", "latency_p99_ms",
    "rss_mb", "rss_growth_mb", "scaling_two_workers_articles_per_s",
)

#: "No growth over the second half", with room for allocator noise.
RSS_GROWTH_ALLOWANCE_MB = 10.0

# key -> (comparison, bound): the targets for this 2-core machine.
TARGETS: dict[str, tuple[str, float]] = {
    "extract_articles_per_s": (">=", 1_000),
    "e2e_vs_extract_ratio": (">=", 0.70),
    "latency_p99_ms": ("<=", 50),
    "rss_mb": ("<=", 300),
    "rss_growth_mb": ("<=", RSS_GROWTH_ALLOWANCE_MB),
}


def meets(key: str, value: float) -> bool | None:
    target = TARGETS.get(key)
    if target is None:
        return None
    op, bound = target
    return value >= bound if op == ">=" else value <= bound


Row = tuple[str, str, Callable[[dict[str, Any]], str]]


def _f(key: str, fmt: str = "{:,.0f}", unit: str = "") -> Callable[[dict[str, Any]], str]:
    return lambda r: (fmt.format(r[key]) + (f" {unit}" if unit else "")) if key in r else "-"


ROWS: tuple[Row, ...] = (
    ("Extractor alone, 1 core", "extract_articles_per_s", _f("extract_articles_per_s", unit="articles/s")),
    ("  time per KB of text", "extract_us_per_kb", _f("extract_us_per_kb", "{:,.1f}", "µs/KB")),
    ("  CPU-time rate (noise-free)", "extract_cpu_articles_per_s", _f("extract_cpu_articles_per_s", unit="articles/s")),
    ("  decode+extract+encode, in process", "route_articles_per_s", _f("route_articles_per_s", unit="articles/s")),
    ("Raw aiokafka pass-through", "passthrough_msgs_per_s", _f("passthrough_msgs_per_s", unit="msgs/s")),
    ("End to end, 1 worker", "e2e_articles_per_s", _f("e2e_articles_per_s", unit="articles/s")),
    ("  vs extractor alone", "e2e_vs_extract_ratio", _f("e2e_vs_extract_ratio", "{:.2f}")),
    ("  vs raw pass-through", "e2e_vs_passthrough_ratio", _f("e2e_vs_passthrough_ratio", "{:.3f}")),
    ("  worker CPU per article", "e2e_worker_cpu_ms_per_article", _f("e2e_worker_cpu_ms_per_article", "{:,.2f}", "ms")),
    ("  CPU-time ratio vs extractor", "e2e_cpu_vs_extract_cpu_ratio", _f("e2e_cpu_vs_extract_cpu_ratio", "{:.2f}")),
    ("  broker CPU per article", "broker_cpu_ms_per_article", _f("broker_cpu_ms_per_article", "{:,.2f}", "ms")),
    ("  Kafka messages written per article", "e2e_messages_per_article", _f("e2e_messages_per_article", "{:,.1f}")),
    ("Latency p50, article -> event", "latency_p50_ms", _f("latency_p50_ms", "{:,.1f}", "ms")),
    ("Latency p95", "latency_p95_ms", _f("latency_p95_ms", "{:,.1f}", "ms")),
    ("Latency p99", "latency_p99_ms", _f("latency_p99_ms", "{:,.1f}", "ms")),
    ("Latency p50 at half one worker's rate", "latency_sustained_p50_ms",
     _f("latency_sustained_p50_ms", "{:,.1f}", "ms")),
    ("  p95", "latency_sustained_p95_ms", _f("latency_sustained_p95_ms", "{:,.1f}", "ms")),
    ("  p99", "latency_sustained_p99_ms", _f("latency_sustained_p99_ms", "{:,.1f}", "ms")),
    ("Worker RSS at the end", "rss_mb", _f("rss_mb", "{:,.0f}", "MiB")),
    ("  growth over the second half", "rss_growth_mb", _f("rss_growth_mb", "{:+,.1f}", "MiB")),
    ("Two workers, one group", "scaling_two_workers_articles_per_s",
     _f("scaling_two_workers_articles_per_s", unit="articles/s")),
    ("  vs one worker", "scaling_ratio", _f("scaling_ratio", "{:.2f}")),
    ("  worker CPU per article (both)", "scaling_worker_cpu_ms_per_article",
     _f("scaling_worker_cpu_ms_per_article", "{:,.2f}", "ms")),
)


def table(result: dict[str, Any]) -> str:
    """The figures, their targets and whether each is met."""
    if "e2e_articles_per_s" in result:
        scope = f"{result['articles']:,} articles end to end, broker: {result['broker']}, "
    else:
        scope = f"{result['extract_articles']:,} articles a pass, "
    head = f"Benchmark ({result.get('mode', '?')} mode, {scope}seed {result.get('seed', 0)}, {result.get('cpus', '?')} CPUs)"
    lines = [head, "", f"{'':36} {'figure':>22}   {'target':<10}"]
    for label, key, render in ROWS:
        if key not in result:
            continue
        target = TARGETS.get(key)
        verdict = meets(key, result[key])
        mark = "" if verdict is None else ("  ok" if verdict else "  MISSED")
        lines.append(f"{label:<36} {render(result):>22}   {(f'{target[0]} {target[1]:,g}' if target else ''):<10}{mark}")
    notes = []
    if "latency_events" in result:
        notes.append(f"latency: {result['latency_articles']} articles at {result['latency_rate']:g}/s, "
                     f"{result['latency_events']} events of {result['latency_articles_with_events']} articles timed, "
                     f"max {result['latency_max_ms']:,.1f} ms")
        if "latency_sustained_rate" in result:
            notes.append(f"  and at {result['latency_sustained_rate']:g}/s, half the one-worker rate: what a "
                         "reader waits when the worker keeps up")
        if not result.get("latency_complete", True):
            notes.append("  the worker fell behind the rate: events were still arriving when the wait ended, "
                         "so the latency figures are lower bounds")
    if "e2e_events" in result:
        notes.append(f"end to end: {result['e2e_events']:,} events and {result['e2e_incidents']:,} incident versions "
                     f"in {result['e2e_seconds']:.1f} s; {result['e2e_dead_letters']:.0f} dead letters")
        if "e2e_merge_catch_up_s" in result:
            notes.append(f"  the merge finished {result['e2e_merge_catch_up_s']:.1f} s after the last article; "
                         "the latency tests start after it, on an idle worker")
    if "rss_peak_mb" in result:
        notes.append(f"worker RSS peak {result['rss_peak_mb']:.0f} MiB; "
                     f"at half-way {result['rss_half_mb']:.0f} MiB")
    if "workload_mean_kb" in result:
        notes.append(f"workload: mean {result['workload_mean_kb']:.1f} KB/article, "
                     f"{result.get('events_per_article', 0):.1f} events/article")
    if "wall_s" in result:
        notes.append(f"benchmark wall time {result['wall_s']:.0f} s")
    return "\n".join(lines + [""] + notes)
