"""The benchmark machinery runs and reports every figure; no timing is asserted here."""

from __future__ import annotations

import math

import orjson
import pytest

from streams.bench import Params, cli, run
from streams.bench.latency import LatencyResult
from streams.bench.report import EXTRACT_KEYS, REQUIRED_KEYS, ROWS, TARGETS, meets, table


def _numeric(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def test_extract_only_prints_one_json_object(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(["bench", "--extract-only", "--articles", "15", "--json"]) == 0
    out = capsys.readouterr().out.strip()
    result = orjson.loads(out)  # one object, nothing else on stdout
    for key in EXTRACT_KEYS:
        assert _numeric(result[key]) and result[key] > 0, key
    assert result["extract_articles"] == 15
    assert result["events_per_article"] > 0  # the workload gives the extractor something to find
    assert 2 <= result["workload_mean_kb"] <= 15


def test_table_marks_targets() -> None:
    result = {key: 1.0 for _, key, _ in ROWS} | {"mode": "quick", "articles": 10, "broker": "local", "seed": 0,
                                                 "cpus": 2, "e2e_articles_per_s": 5.0}
    result.update({"extract_articles_per_s": 999.0, "latency_p99_ms": 12.0, "rss_mb": 301.0})
    text = table(result)
    for label, _, _ in ROWS:
        assert label in text
    lines = {line.split("  ")[0].strip(): line for line in text.splitlines()}
    assert lines["Extractor alone, 1 core"].endswith("MISSED")
    assert lines["Latency p99"].endswith("ok")
    assert lines["Worker RSS at the end"].endswith("MISSED")
    assert meets("e2e_vs_extract_ratio", 0.7) and not meets("e2e_vs_extract_ratio", 0.69)
    assert meets("passthrough_msgs_per_s", 1.0) is None and set(TARGETS) <= set(REQUIRED_KEYS)


def test_latency_percentiles_are_nearest_rank() -> None:
    result = LatencyResult(articles=100, rate=10.0, samples_ms=[float(i) for i in range(1, 101)], articles_with_events=100)
    assert (result.percentile(50), result.percentile(95), result.percentile(99), result.percentile(100)) == (50.0, 95.0, 99.0, 100.0)
    assert LatencyResult(1, 1.0, [], 0).percentile(99) == 0.0


@pytest.mark.integration
@pytest.mark.slow
def test_small_full_run_reports_every_key(kafka_bootstrap: str) -> None:
    """Every stage on the real broker at toy sizes: the JSON has every key, all numbers."""
    result = run(Params.quick(articles=150, extract_articles=10, latency_seconds=3.0, latency_rate=20.0))
    for key in REQUIRED_KEYS:
        assert _numeric(result[key]), key
    assert result["broker"] == "configured"
    assert result["e2e_events"] > 0 and result["e2e_dead_letters"] == 0
    # the one-worker run follows the two-worker run on the same broker: its merge reads the
    # reports it wrote itself, not those of the run before (which would double its work)
    # ... and it merged every one of them before the run ended (and the latency tests began)
    assert 0 < result["e2e_internal_read"] == result["e2e_internal_written"]
    assert result["latency_events"] > 0 and result["latency_p50_ms"] <= result["latency_p99_ms"]
    # the second latency test runs at half the rate the one-worker run sustained
    assert result["latency_sustained_rate"] == max(1.0, round(result["e2e_articles_per_s"] / 2))
    assert 0 < result["latency_sustained_p50_ms"] <= result["latency_sustained_p99_ms"]
    assert result["rss_mb"] > 0 and result["scaling_two_workers_articles_per_s"] > 0
    assert result["e2e_vs_extract_ratio"] == pytest.approx(result["e2e_articles_per_s"] / result["extract_articles_per_s"])


def test_quick_mode_sizes_the_input_to_the_extractor_rate() -> None:
    quick = Params.quick()
    assert quick.sized(1_000.0) == 3_000  # at the target rate: the full quick input
    assert quick.sized(100.0) == 600  # a slow build: six seconds of extraction
    assert quick.sized(5.0) == 200  # never below a meaningful minimum
    assert Params(articles=20_000).sized(5.0) == 20_000  # the full mode is never shortened
