"""deploy/grafana: the provisioned dashboard is well formed, queries only metrics the
service exports, and every query parses in a real Prometheus.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from promtools import known_metric_names, metric_names, query, start_prometheus, stop_prometheus

ROOT = Path(__file__).resolve().parent.parent
GRAFANA = ROOT / "deploy" / "grafana"
DASHBOARD_FILE = GRAFANA / "dashboards" / "conflict-streams.json"
DATASOURCES = yaml.safe_load((GRAFANA / "provisioning" / "datasources" / "prometheus.yml").read_text())
PROVIDERS = yaml.safe_load((GRAFANA / "provisioning" / "dashboards" / "dashboards.yml").read_text())
DASHBOARD = json.loads(DASHBOARD_FILE.read_text(encoding="utf-8"))
PANELS = [p for p in DASHBOARD["panels"] if p["type"] != "row"]
DATASOURCE_UID = DATASOURCES["datasources"][0]["uid"]


def exprs() -> list[str]:
    return [t["expr"] for p in PANELS for t in p["targets"]]


def variable_selector() -> str:
    """The series selector of the ``oblast`` variable's ``label_values(<selector>, oblast)``."""
    [variable] = DASHBOARD["templating"]["list"]
    return re.fullmatch(r"label_values\((.+), oblast\)", variable["query"]["query"]).group(1)


def as_promql(expr: str) -> str:
    """Grafana's variables replaced by what Grafana sends Prometheus."""
    return expr.replace("$__rate_interval", "1m").replace("$oblast", ".*")


# --- provisioning -------------------------------------------------------------------------------------


def test_datasource_is_the_one_prometheus():
    assert DATASOURCES["apiVersion"] == 1
    [source] = DATASOURCES["datasources"]
    assert source["type"] == "prometheus" and source["uid"] and source["url"].startswith("http")


def test_dashboard_provider_loads_the_dashboards_folder():
    assert PROVIDERS["apiVersion"] == 1
    [provider] = PROVIDERS["providers"]
    assert provider["type"] == "file"
    assert provider["options"]["path"] == "/var/lib/grafana/dashboards"  # where compose mounts dashboards/
    assert sorted(p.name for p in (GRAFANA / "dashboards").glob("*.json")) == [DASHBOARD_FILE.name]


# --- the dashboard ------------------------------------------------------------------------------------


def test_dashboard_header():
    assert isinstance(DASHBOARD["schemaVersion"], int) and DASHBOARD["schemaVersion"] >= 36
    assert DASHBOARD["uid"] and DASHBOARD["title"]
    assert "id" not in DASHBOARD or DASHBOARD["id"] is None, "provisioned dashboards carry no database id"


def test_panel_ids_are_unique():
    ids = [p["id"] for p in DASHBOARD["panels"]]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("panel", PANELS, ids=lambda p: p["title"])
def test_panel_is_complete(panel):
    assert panel["title"] and panel["description"]
    assert panel["datasource"] == {"type": "prometheus", "uid": DATASOURCE_UID}
    grid = panel["gridPos"]
    assert {"x", "y", "w", "h"} <= grid.keys() and grid["x"] + grid["w"] <= 24 and grid["h"] > 0
    assert panel["targets"], "a panel without a query shows nothing"
    assert len({t["refId"] for t in panel["targets"]}) == len(panel["targets"])
    for target in panel["targets"]:
        assert target["datasource"]["uid"] == DATASOURCE_UID
        assert target["expr"].strip()


def test_panels_do_not_overlap():
    cells: dict[tuple[int, int], str] = {}
    for panel in DASHBOARD["panels"]:
        g = panel["gridPos"]
        for x in range(g["x"], g["x"] + g["w"]):
            for y in range(g["y"], g["y"] + g["h"]):
                assert (x, y) not in cells, f"{panel['title']} overlaps {cells[(x, y)]}"
                cells[(x, y)] = panel["title"]


@pytest.mark.parametrize("panel", PANELS, ids=lambda p: p["title"])
def test_queries_name_only_exported_metrics(panel):
    known = known_metric_names()
    for target in panel["targets"]:
        names = metric_names(target["expr"])
        assert names, f"no metric in {target['expr']!r}"
        assert names <= known, f"unknown metrics {sorted(names - known)} in {target['expr']!r}"


def test_template_variable_uses_the_datasource_and_a_real_metric():
    [variable] = DASHBOARD["templating"]["list"]
    assert variable["datasource"]["uid"] == DATASOURCE_UID
    assert metric_names(variable_selector()) <= known_metric_names()


def test_dashboard_covers_what_the_issue_asks_for():
    everything = " ".join(exprs())
    for metric in ("streams_strikes", "streams_killed", "streams_injured", "streams_articles_in_total",
                   "streams_events_out_total", "faust_topic_partition_end_offset", "faust_topic_partition_offset_commited",
                   "streams_end_to_end_seconds_bucket", "streams_dlq_total"):
        assert metric in everything, metric
    assert 'status="confirmed"' in everything and 'status="claimed"' in everything
    assert "histogram_quantile(0.5," in everything and "histogram_quantile(0.99," in everything
    assert "sum by (reason)" in everything and "sum by (oblast)" in everything
    assert any(p["type"] == "table" and "topk(" in t["expr"] for p in PANELS for t in p["targets"])


def test_every_query_parses_in_a_real_prometheus(tmp_path):
    process, url = start_prometheus(tmp_path, [])
    try:
        for expr in [*exprs(), f"count by (oblast) ({variable_selector()})"]:
            query(url, as_promql(expr))  # raises ValueError with Prometheus' message on a bad query
    finally:
        stop_prometheus(process)
