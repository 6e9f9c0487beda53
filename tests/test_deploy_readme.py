"""The README cannot drift from what it documents: every metric, alert rule,
dashboard panel, security setting and topic it should describe is named in it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml
from prometheus_client import REGISTRY, CollectorRegistry

import streams.metrics as metrics
from streams import topics
from streams.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
SUFFIX = {"counter": "_total", "histogram": "", "gauge": ""}


def catalogue_rows() -> set[str]:
    return set(re.findall(r"^\| `([a-z_:]+)` \|", README, flags=re.MULTILINE))


def test_every_streams_metric_is_in_the_catalogue():
    domain = CollectorRegistry()
    domain.register(metrics.IncidentCollector(lambda: ()))
    families = [f for registry in (REGISTRY, domain) for f in registry.collect() if f.name.startswith(metrics.PREFIX + "_")]
    assert families
    exported = {f.name + SUFFIX[f.type] for f in families}
    rows = catalogue_rows()
    assert exported - rows == set(), "add these metrics to the catalogue in README.md"
    assert {r for r in rows if r.startswith(metrics.PREFIX + "_")} - exported == set(), "catalogue lists metrics that do not exist"


def test_catalogue_labels_match_the_code():
    for counter in (metrics.EVENTS_OUT, metrics.DLQ, metrics.ALERTS, metrics.ALERT_PUSH_FAILURES):
        row = re.search(rf"^\| `{counter._name}_total` \|[^|]*\|([^|]*)\|", README, flags=re.MULTILINE)
        assert row and re.findall(r"`(\w+)`", row.group(1)) == list(counter._labelnames), counter._name


def test_every_alert_rule_is_listed():
    for path in (ROOT / "deploy" / "prometheus" / "rules").glob("*.yml"):
        for group in yaml.safe_load(path.read_text())["groups"]:
            for rule in group["rules"]:
                if "alert" in rule:
                    assert f"`{rule['alert']}`" in README, rule["alert"]


def test_every_dashboard_panel_is_described():
    dashboard = json.loads((ROOT / "deploy" / "grafana" / "dashboards" / "conflict-streams.json").read_text())
    for panel in dashboard["panels"]:
        if panel["type"] != "row":
            assert f"**{panel['title']}** —" in README, panel["title"]


def test_kafka_security_settings_are_documented_with_their_defaults():
    for name in ("bootstrap_servers", "security_protocol", "sasl_mechanism", "sasl_username", "sasl_password",
                 "ssl_cafile", "ssl_certfile", "ssl_keyfile"):
        default = Settings.model_fields[name].default
        row = re.search(rf"^\| `STREAMS_{name.upper()}` \| ([^|]*) \|", README, flags=re.MULTILINE)
        assert row, name
        assert (f"`{default}`" in row.group(1)) if default else ("empty" in row.group(1)), name


def test_topics_with_headers_are_explained():
    for header in (topics.HEADER_EVENT_ID, topics.HEADER_INCIDENT_VERSION, "dlq.reason", "dlq.offset"):
        assert f"`{header}`" in README or f"{header}`" in README
