"""The whole stream on the real broker: seeds in; events, incidents, dead letters, counters,
alerts and metrics out — read back with real consumers and the real Prometheus, Alertmanager
and kcat."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import urllib.request
from datetime import date, datetime, timezone
from pathlib import Path

import orjson
import pytest
from aiokafka import AIOKafkaProducer

from schemas import EVENT_MODELS, Incident
from schemas.deadletter import HEADER_ERROR, HEADER_REASON
from streams import counters, topics
from streams.alerting import AlertRules, SurgeWindow
from streams.articles import iter_articles
from streams.consume import read_all
from streams.producer import publish
from streams.settings import PROJECT_ROOT, Settings
from tests import amtools, faultkit, promtools
from tests.workers import WorkerProcess

pytestmark = pytest.mark.integration

SEEDS = PROJECT_ROOT / "seeds"
MALFORMED = b'{"title": "broken", "body": '  # truncated JSON
#: the lowest surge threshold allowed: five articles can reach it
SURGE_STRIKES = 2


def _records(bootstrap: str, topic: str):
    return asyncio.run(read_all(Settings(bootstrap_servers=bootstrap), bootstrap, topic))


def _latest_incidents(bootstrap: str) -> dict[str, Incident]:
    latest: dict[str, Incident] = {}
    for record in _records(bootstrap, topics.INCIDENTS.name):
        if record.value is None:  # tombstone: merged into another incident of its cell
            latest.pop(record.key.decode(), None)
            continue
        incident = Incident.model_validate_json(record.value)
        if incident.incident_id not in latest or incident.version >= latest[incident.incident_id].version:
            latest[incident.incident_id] = incident
    return latest


@pytest.fixture(scope="module")
def alertmanager(tmp_path_factory):
    proc, url = amtools.start_alertmanager(tmp_path_factory.mktemp("am"))
    yield url
    amtools.stop_alertmanager(proc)


@pytest.fixture(scope="module")
def kafka_bootstrap(tmp_path_factory):
    """A broker of this module's own: the topics hold exactly what this module sent, so
    "comes out once" and "counters equal the incidents on the topic" mean what they say."""
    with faultkit.own_broker(tmp_path_factory.mktemp("e2e-broker")) as info:
        yield info.bootstrap


@pytest.fixture(scope="module")
def seeded(kafka_bootstrap, tmp_path_factory, alertmanager):
    """A worker that has processed: half the seeds, a malformed message, the other half."""
    state = tmp_path_factory.mktemp("worker")
    worker = WorkerProcess(kafka_bootstrap, state, app_id="e2e-seeds",
                           env={"STREAMS_ALERTMANAGER_URL": alertmanager,
                                "STREAMS_ALERT_SURGE_STRIKES": str(SURGE_STRIKES)}).start()
    articles = list(iter_articles([SEEDS]))
    settings = Settings(bootstrap_servers=kafka_bootstrap)

    async def feed() -> None:
        await publish(articles[:2], settings, kafka_bootstrap, progress=False)
        producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap)
        await producer.start()
        await producer.send_and_wait(topics.ARTICLES.name, MALFORMED, key=b"bad-1")
        await producer.stop()
        await publish(articles[2:], settings, kafka_bootstrap, progress=False)

    asyncio.run(feed())
    worker.wait_processed(len(articles) + 1)
    yield worker, articles
    worker.stop()


def test_every_event_topic_carries_valid_typed_events(seeded, kafka_bootstrap):
    worker, articles = seeded
    ids = {a.id for a in articles}
    seen_types = set()
    for event_type, spec in topics.EVENT_TOPICS.items():
        for record in _records(kafka_bootstrap, spec.name):
            event = EVENT_MODELS[event_type].model_validate_json(record.value)
            assert event.type == event_type
            assert record.key == event.event_id.encode()
            assert dict(record.headers)[topics.HEADER_EVENT_ID] == event.event_id.encode()
            if event.article_id in ids:
                seen_types.add(event_type)
    assert {"strike", "military_aid", "diplomacy"} <= seen_types


def test_kramatorsk_strike_of_feb_1_comes_out_once_with_three_killed(seeded, kafka_bootstrap):
    matches = [i for i in _latest_incidents(kafka_bootstrap).values()
               if i.location == "Kramatorsk" and i.date == date(2023, 2, 1)]
    assert len(matches) == 1, [m.model_dump(include={"incident_id", "weapon_class"}) for m in matches]
    [incident] = matches
    assert incident.killed.best == 3
    assert incident.oblast == "Donetsk" and incident.weapon_class == "missile" and incident.new
    assert len({r.article_id for r in incident.reports}) >= 2  # reported by two seed articles, merged


def test_malformed_message_is_dead_lettered_with_reason_while_good_ones_flow(seeded, kafka_bootstrap):
    worker, articles = seeded
    letters = [r for r in _records(kafka_bootstrap, topics.DLQ.name) if r.key == b"bad-1"]
    assert len(letters) == 1
    headers = dict(letters[0].headers)
    assert headers[HEADER_REASON] == b"not_json" and headers[HEADER_ERROR]
    assert letters[0].value == MALFORMED
    # articles published after the bad message were processed
    later = {a.id for a in articles[2:]}
    strike_articles = {orjson.loads(r.value)["article_id"] for r in _records(kafka_bootstrap, "events.strike")}
    assert later & strike_articles
    assert worker.metric("streams_dlq_total", reason="not_json") >= 1
    assert worker.metric("streams_articles_processed_total") >= len(articles)
    assert worker.proc.poll() is None


def test_counters_match_the_incidents(seeded, kafka_bootstrap):
    worker, _ = seeded
    served = worker.get("/counters")
    from_http = [Incident.model_validate(i) for i in worker.get("/incidents?limit=10000")["incidents"]]
    from_topic = list(_latest_incidents(kafka_bootstrap).values())
    assert served == counters.compute(from_http)
    assert served["totals"] == counters.compute(from_topic)["totals"]
    assert served["totals"]["strikes"] >= 5
    assert served["by_oblast"]["Donetsk"]["killed"] >= 3
    # the gauges say the same as the JSON
    assert worker.metric("streams_killed", status="confirmed") == served["totals"]["killed"]
    assert worker.metric("streams_strikes", status="confirmed") == served["totals"]["strikes"]


def test_prometheus_scrapes_the_worker(seeded, tmp_path):
    worker, _ = seeded
    proc, url = promtools.start_prometheus(tmp_path, [worker.base.removeprefix("http://")], job="streams")
    try:
        up = promtools.wait_for(url, 'up{job="streams"} == 1', timeout=30)
        assert up and up[0]["value"][1] == "1"
        killed = promtools.wait_for(url, 'sum(streams_killed{status="confirmed"})', timeout=30)
        assert float(killed[0]["value"][1]) == worker.get("/counters")["totals"]["killed"]
    finally:
        promtools.stop_prometheus(proc)


def test_live_scrape_passes_promtool_check_metrics(seeded):
    worker, _ = seeded
    code, output = promtools.check_metrics(worker.metrics_text())
    problems = [line for line in output.splitlines() if line.startswith("streams_")]
    assert not problems, output
    assert code in (0, 3) or not problems  # faust_ sensor names are not ours to lint


def test_alertmanager_receives_the_seed_alerts(seeded, alertmanager, kafka_bootstrap):
    worker, _ = seeded
    on_topic = {orjson.loads(r.value)["alert_id"] for r in _records(kafka_bootstrap, topics.ALERTS.name)}
    assert on_topic

    def received() -> set[str]:
        with urllib.request.urlopen(f"{alertmanager}/api/v2/alerts", timeout=5) as response:
            return {a["labels"].get("alert_id") for a in orjson.loads(response.read())}

    worker.wait_for(lambda: on_topic <= received(), timeout=30, what="alerts in Alertmanager")


def test_surge_alerts_on_the_topic_are_those_of_the_merged_incidents(seeded, kafka_bootstrap):
    """Merge, repartition by oblast and the surge agent, through the broker: the surge
    alerts on the topic are what the surge rule makes of the final incidents."""
    rules = AlertRules.from_settings(Settings(alert_surge_strikes=SURGE_STRIKES))
    window = SurgeWindow(rules)
    now = datetime.now(timezone.utc)
    expected = {a.alert_id for i in _latest_incidents(kafka_bootstrap).values() for a in window.add(i, now)}
    assert expected  # the seeds hold two confirmed strikes in one oblast on one day
    alerts = [orjson.loads(r.value) for r in _records(kafka_bootstrap, topics.ALERTS.name)]
    assert {a["alert_id"] for a in alerts if a["rule"] == "strike_surge"} == expected


def test_kcat_subscriber_reads_an_event_topic(seeded, kafka_bootstrap):
    kcat = shutil.which("kcat") or shutil.which("kafkacat")
    if kcat is None:
        pytest.fail("kcat not installed (deploy/bootstrap.sh installs it)")
    done = subprocess.run([kcat, "-b", kafka_bootstrap, "-C", "-t", "events.strike", "-o", "beginning", "-e",
                           "-f", "%k\t%h\t%s\n", "-q"], capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr.decode()
    lines = [line for line in done.stdout.decode().splitlines() if line.strip()]
    assert lines
    key, headers, value = lines[0].split("\t", 2)
    assert orjson.loads(value)["event_id"] == key and f"event_id={key}" in headers


def test_end_to_end_histogram_measures_seconds_since_the_article_was_produced(seeded):
    """The articles were produced moments ago: every observation lies within seconds (a
    timestamp read in the wrong unit puts them all beyond the last bucket)."""
    worker, articles = seeded
    count = worker.metric("streams_end_to_end_seconds_count")
    assert count >= len(articles)
    assert worker.metric("streams_end_to_end_seconds_bucket", le="10.0") == count
