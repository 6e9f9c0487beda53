"""deploy/prometheus: configs and rules pass promtool, rules are unit-tested, and a real
Prometheus scrapes what our metric definitions export.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from prometheus_client import REGISTRY, CollectorRegistry, generate_latest, start_http_server

import streams.metrics as metrics
from streams.settings import Settings

from promtools import (
    PROMTOOL,
    check_metrics,
    free_port,
    known_metric_names,
    metric_names,
    query,
    require_tool,
    start_prometheus,
    stop_prometheus,
    wait_for,
)

ROOT = Path(__file__).resolve().parent.parent
PROM_DIR = ROOT / "deploy" / "prometheus"
CONFIGS = [PROM_DIR / "prometheus.yml", PROM_DIR / "prometheus.compose.yml"]
RULE_FILES = sorted((PROM_DIR / "rules").glob("*.yml"))
RULES_TEST = PROM_DIR / "tests" / "rules_test.yml"
RULE_TESTS = sorted((PROM_DIR / "tests").glob("rules*_test.yml"))
SEVERITIES = {"info", "warning", "critical"}


def promtool(*args: str) -> subprocess.CompletedProcess[str]:
    binary = require_tool(PROMTOOL)
    return subprocess.run([binary, *args], capture_output=True, text=True, timeout=60, cwd=PROM_DIR)


def alert_rules() -> list[dict]:
    return [rule for path in RULE_FILES for group in yaml.safe_load(path.read_text())["groups"]
            for rule in group["rules"] if "alert" in rule]


def alert(name: str) -> dict:
    return next(rule for rule in alert_rules() if rule["alert"] == name)


# --- promtool -----------------------------------------------------------------------------------


def test_rule_files_exist():
    assert {p.name for p in RULE_FILES} == {"pipeline.yml", "domain.yml"}


@pytest.mark.parametrize("config", CONFIGS, ids=lambda p: p.name)
def test_promtool_check_config(config):
    done = promtool("check", "config", str(config))
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"SUCCESS: {len(RULE_FILES)} rule files found" in done.stdout + done.stderr


def test_promtool_check_rules():
    done = promtool("check", "rules", *map(str, RULE_FILES))
    assert done.returncode == 0, done.stdout + done.stderr
    assert (done.stdout + done.stderr).count("SUCCESS") == len(RULE_FILES)


def test_promtool_test_rules():
    assert len(RULE_TESTS) == 2
    done = promtool("test", "rules", *map(str, RULE_TESTS))
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("SUCCESS") == len(RULE_TESTS)


def test_promtool_test_rules_catches_a_wrong_expectation():
    """The unit tests compare values: a toll off by one must fail them."""
    tests = yaml.safe_load(RULES_TEST.read_text())
    casualties = [case for case in tests["tests"] if "Kyiv City" in yaml.safe_dump(case)]
    mutated_text = yaml.safe_dump({**tests, "tests": casualties}).replace(
        "11 more confirmed killed in Kyiv City", "12 more confirmed killed in Kyiv City")
    assert "12 more confirmed killed in Kyiv City" in mutated_text
    mutated = RULES_TEST.with_name(f".mutated-{os.getpid()}.yml")  # rule_files are relative to it
    mutated.write_text(mutated_text)
    try:
        done = promtool("test", "rules", str(mutated))
    finally:
        mutated.unlink()
    assert done.returncode == 1 and "FAILED" in done.stdout + done.stderr


# --- the rules themselves -------------------------------------------------------------------------


def test_every_alert_is_unit_tested_both_ways():
    """Each alert has a case where it fires and one where it must stay quiet."""
    fires, quiet = set(), set()
    cases = [case for path in RULE_TESTS for case in yaml.safe_load(path.read_text())["tests"]]
    for case in cases:
        for check in case.get("alert_rule_test", []):
            (fires if check.get("exp_alerts") else quiet).add(check["alertname"])
    names = {rule["alert"] for rule in alert_rules()}
    assert names - fires == set(), "alerts never shown to fire"
    assert names - quiet == set(), "alerts never shown to stay quiet"


def test_every_alert_has_severity_and_text():
    for rule in alert_rules():
        assert rule["labels"]["severity"] in SEVERITIES, rule["alert"]
        assert rule["annotations"]["summary"] and rule["annotations"]["description"], rule["alert"]


def test_rules_name_only_metrics_the_service_exports():
    known = known_metric_names()
    for rule in alert_rules():
        names = metric_names(rule["expr"])
        assert names, f"{rule['alert']}: no metric found in {rule['expr']!r}"
        assert names <= known, f"{rule['alert']} uses unknown metrics {sorted(names - known)}"


def test_required_alerts_exist():
    names = {rule["alert"] for rule in alert_rules()}
    assert {"StreamsWorkerDown", "StreamsConsumerLagHigh", "StreamsConsumerLagGrowing", "StreamsDeadLetters",
            "StreamsNoEventsOut", "StreamsEndToEndLatencyHigh", "ConfirmedKilledRising", "StrikeSurge"} <= names


def test_lag_is_end_offset_minus_committed_offset():
    for name in ("StreamsConsumerLagHigh", "StreamsConsumerLagGrowing"):
        expr = re.sub(r"\s+", "", alert(name)["expr"])
        assert 'faust_topic_partition_end_offset{job="streams"}-faust_topic_partition_offset_commited{job="streams"}' in expr


def test_domain_thresholds_follow_the_worker_settings():
    """The Prometheus rules fire at the same figures as the worker's own alert rules."""
    defaults = Settings()

    def threshold(name: str) -> int:
        return int(re.search(r">=\s*(\d+)\s*$", alert(name)["expr"].strip()).group(1))

    assert threshold("ConfirmedKilledRising") == defaults.alert_mass_casualty_killed
    assert threshold("StrikeSurge") == defaults.alert_surge_strikes


def test_local_and_compose_configs_differ_only_in_addresses():
    local, compose = (yaml.safe_load(p.read_text()) for p in CONFIGS)
    web_port = Settings.model_fields["web_port"].default

    def targets(config: dict, job: str) -> list[str]:
        return next(s["static_configs"][0]["targets"] for s in config["scrape_configs"] if s["job_name"] == job)

    assert targets(local, "streams") == [f"127.0.0.1:{web_port}"]
    assert targets(compose, "streams") == [f"worker:{web_port}"]
    assert local["alerting"]["alertmanagers"][0]["static_configs"][0]["targets"] == ["127.0.0.1:9093"]
    assert compose["alerting"]["alertmanagers"][0]["static_configs"][0]["targets"] == ["alertmanager:9093"]
    for config in (local, compose):
        del config["scrape_configs"], config["alerting"]
    assert local == compose


# --- promtool check metrics on what our metric definitions export --------------------------------


def domain_registry() -> CollectorRegistry:
    registry = CollectorRegistry()
    registry.register(metrics.IncidentCollector(lambda: [
        ("strikes", "Kharkiv", "confirmed", 3), ("strikes", "Kharkiv", "claimed", 1),
        ("killed", "Kharkiv", "confirmed", 12), ("killed", "Kharkiv", "claimed", 40),
        ("injured", "Kyiv City", "confirmed", 16),
    ]))
    return registry


def test_exported_metrics_pass_promtool_lint():
    metrics.EVENTS_OUT.labels("strike")  # labelled families show samples once a child exists
    metrics.DLQ.labels("not_json")
    metrics.ALERTS.labels("mass_casualty")
    metrics.ALERT_PUSH_FAILURES.labels("alertmanager")
    for text in (generate_latest(REGISTRY), generate_latest(domain_registry())):
        rc, output = check_metrics(text)
        assert rc == 0, output


def test_check_metrics_can_leave_out_third_party_families():
    """Faust's sensor exports ``faust_events_runtime_ms``, which promtool's lint rejects."""
    from faust.sensors.prometheus import FaustMetrics

    registry = CollectorRegistry()
    FaustMetrics.create(registry, "faust").topic_partition_end_offset.labels("articles", "0").set(5)
    text = generate_latest(registry)
    rc, output = check_metrics(text)
    assert rc == 3 and "faust_events_runtime_ms" in output
    rc, output = check_metrics(text, exclude=("faust_events_runtime_ms",))
    assert rc == 0, output


def test_check_metrics_reports_problems():
    rc, output = check_metrics("# HELP x_requests Requests.\n# TYPE x_requests counter\nx_requests 1\n")
    assert rc != 0 and "_total" in output
    rc, output = check_metrics("not a metric {{{\n")
    assert rc != 0 and "pars" in output


# --- a real Prometheus server --------------------------------------------------------------------


@pytest.fixture(scope="module")
def prometheus(tmp_path_factory):
    """One real server scraping itself, our domain gauges served over HTTP, and a dead port."""
    port = free_port()
    server, thread = start_http_server(port, addr="127.0.0.1", registry=domain_registry())
    exporter, dead = f"127.0.0.1:{port}", f"127.0.0.1:{free_port()}"
    process, url = start_prometheus(tmp_path_factory.mktemp("prometheus"), [exporter, dead])
    try:
        yield url, exporter, dead
    finally:
        stop_prometheus(process)
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_prometheus_scrapes_itself_and_sees_a_dead_target(prometheus):
    url, exporter, dead = prometheus
    itself = wait_for(url, 'up{job="prometheus"} == 1')
    assert [r["metric"]["instance"] for r in itself] == [url.removeprefix("http://")]
    down = wait_for(url, 'up{job="streams"} == 0')
    assert [r["metric"]["instance"] for r in down] == [dead]
    with pytest.raises(ValueError, match="parse error"):
        query(url, "sum by (")


def test_prometheus_scrapes_the_domain_gauges(prometheus):
    """Our collector served over HTTP, scraped by the real server, summed the way the rules do."""
    url, exporter, dead = prometheus
    up = wait_for(url, 'up{job="streams"} == 1')
    assert [r["metric"]["instance"] for r in up] == [exporter]
    killed = wait_for(url, 'sum by (oblast, status) (streams_killed{job="streams"})')
    assert {(r["metric"]["oblast"], r["metric"]["status"], r["value"][1]) for r in killed} == {
        ("Kharkiv", "confirmed", "12"), ("Kharkiv", "claimed", "40")}
    strikes = query(url, 'sum by (oblast) (streams_strikes{job="streams"})')
    assert [(r["metric"]["oblast"], r["value"][1]) for r in strikes] == [("Kharkiv", "4")]
