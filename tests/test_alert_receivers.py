"""Alert receivers against a real local HTTP server (aiohttp on 127.0.0.1, free port)."""

from __future__ import annotations

import asyncio
import socket
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

import orjson
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from prometheus_client import REGISTRY

from schemas.incident import Figure, Incident, Report
from streams.alerting.receivers import AlertDispatcher, AlertmanagerReceiver, WebhookReceiver
from streams.alerting.rules import AlertRules, incident_alerts
from streams.settings import Settings

NOW = datetime(2024, 3, 2, 8, 30, tzinfo=timezone.utc)
RULES = AlertRules(mass_casualty_killed=10, watched_places=frozenset({"Kyiv"}), surge_strikes=5)
FAST = {"backoff": 0.001, "max_backoff": 0.002}


def alerts_for(n: int = 1) -> list:
    """Real alerts from the rules: n incidents in Kyiv with 12 killed (mass casualty + watched place)."""
    out = []
    for i in range(n):
        inc = Incident(
            incident_id=f"inc-{i}", location="Kyiv", oblast="Kyiv", date=date(2024, 3, 1), weapon_class="missile",
            killed=Figure(low=12, best=12, high=12),
            reports=[Report(article_id="a1", event_id="e1", source="Reuters")],
        )
        out += incident_alerts(None, inc, RULES, NOW)
    return out


@dataclass
class Endpoint:
    """A scripted HTTP endpoint: answers the given statuses in turn (then 200), records requests."""

    statuses: list[int] = field(default_factory=list)
    retry_after: str | None = None
    gate: asyncio.Event | None = None  # when set, requests wait for it before answering
    requests: list[tuple[str, dict[str, str], object]] = field(default_factory=list)
    arrived: asyncio.Event = field(default_factory=asyncio.Event)

    async def handle(self, request: web.Request) -> web.Response:
        self.requests.append((request.path, dict(request.headers), orjson.loads(await request.read())))
        self.arrived.set()
        if self.gate is not None:
            await self.gate.wait()
        status = self.statuses.pop(0) if self.statuses else 200
        headers = {"Retry-After": self.retry_after} if self.retry_after and status >= 429 else {}
        return web.Response(status=status, text="nope" if status >= 300 else "", headers=headers)

    def bodies(self) -> list:
        return [body for _, _, body in self.requests]


@pytest.fixture
async def serve():
    servers: list[TestServer] = []

    async def start(endpoint: Endpoint) -> str:
        app = web.Application()
        app.router.add_post("/{tail:.*}", endpoint.handle)
        server = TestServer(app, host="127.0.0.1")
        await server.start_server()
        servers.append(server)
        return str(server.make_url("")).rstrip("/")

    yield start
    for server in servers:
        await server.close()


def failures(receiver: str) -> float:
    return REGISTRY.get_sample_value("streams_alert_push_failures_total", {"receiver": receiver}) or 0.0


def raised(rule: str) -> float:
    return REGISTRY.get_sample_value("streams_alerts_total", {"rule": rule}) or 0.0


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- payloads ---------------------------------------------------------------------------------


async def test_alertmanager_payload_shape(serve):
    endpoint = Endpoint()
    alerts = alerts_for(1)
    receiver = AlertmanagerReceiver(await serve(endpoint), generator_url="http://worker:6066/incidents")
    assert await receiver.push(alerts)
    await receiver.close()
    [(path, headers, body)] = endpoint.requests
    assert path == "/api/v2/alerts" and headers["Content-Type"] == "application/json"
    assert [set(a) for a in body] == [{"labels", "annotations", "startsAt", "generatorURL"}] * len(alerts)
    first = body[0]
    assert first["labels"] == alerts[0].labels and first["labels"]["alertname"] == "MassCasualty"
    assert first["annotations"] == alerts[0].annotations
    assert first["startsAt"] == "2024-03-02T08:30:00Z"
    assert first["generatorURL"] == "http://worker:6066/incidents"


async def test_webhook_payload_and_idempotency_key(serve):
    endpoint = Endpoint()
    alerts = alerts_for(2)
    receiver = WebhookReceiver(await serve(endpoint) + "/hook")
    assert await receiver.push(alerts)
    await receiver.close()
    [(path, headers, body)] = endpoint.requests
    assert path == "/hook"
    assert body == {"alerts": [a.model_dump(mode="json") for a in alerts]}
    assert headers["Idempotency-Key"] == ",".join(a.alert_id for a in alerts)


async def test_empty_push_sends_nothing(serve):
    endpoint = Endpoint()
    receiver = WebhookReceiver(await serve(endpoint))
    assert await receiver.push([])
    assert endpoint.requests == []


# --- retries ----------------------------------------------------------------------------------


async def test_retries_on_503_and_429_then_succeeds(serve):
    endpoint = Endpoint(statuses=[503, 429, 502], retry_after="0")
    receiver = AlertmanagerReceiver(await serve(endpoint), retries=5, **FAST)
    before = failures("alertmanager")
    assert await receiver.push(alerts_for(1))
    await receiver.close()
    assert len(endpoint.requests) == 4
    assert len({orjson.dumps(b) for b in endpoint.bodies()}) == 1  # the same payload every time
    assert failures("alertmanager") == before


async def test_gives_up_after_retries_and_counts_the_failure(serve):
    endpoint = Endpoint(statuses=[503] * 10)
    receiver = WebhookReceiver(await serve(endpoint), retries=2, **FAST)
    before = failures("webhook")
    assert not await receiver.push(alerts_for(1))
    await receiver.close()
    assert len(endpoint.requests) == 3  # the first attempt and two retries
    assert failures("webhook") == before + 1


async def test_no_retry_on_400(serve):
    endpoint = Endpoint(statuses=[400, 200])
    receiver = AlertmanagerReceiver(await serve(endpoint), retries=5, **FAST)
    before = failures("alertmanager")
    assert not await receiver.push(alerts_for(1))
    await receiver.close()
    assert len(endpoint.requests) == 1
    assert failures("alertmanager") == before + 1


async def test_connection_refused_is_retried_then_counted():
    receiver = WebhookReceiver(f"http://127.0.0.1:{closed_port()}/hook", retries=2, **FAST)
    before = failures("webhook")
    assert not await receiver.push(alerts_for(1))
    await receiver.close()
    assert failures("webhook") == before + 1


def test_backoff_grows_with_jitter_is_capped_and_honours_retry_after():
    receiver = WebhookReceiver("http://unused", backoff=0.2, max_backoff=1.0)
    for attempt, base in [(0, 0.2), (1, 0.4), (2, 0.8)]:
        delays = {receiver.delay(attempt) for _ in range(50)}
        assert all(base / 2 <= d <= base for d in delays) and len(delays) > 1
    assert all(receiver.delay(10) <= 1.0 for _ in range(50))
    assert receiver.delay(0, retry_after=0.9) == 0.9
    assert receiver.delay(0, retry_after=30) == 1.0


# --- dispatcher -------------------------------------------------------------------------------


async def test_dispatcher_delivers_while_a_slow_receiver_does_not_block(serve):
    slow, fast = Endpoint(gate=asyncio.Event()), Endpoint()
    dispatcher = AlertDispatcher([WebhookReceiver(await serve(slow)), AlertmanagerReceiver(await serve(fast))])
    dispatcher.start()
    first, second = alerts_for(1), alerts_for(2)[len(alerts_for(1)):]
    dispatcher.submit(first)
    await slow.arrived.wait()  # the slow receiver now holds its first request open
    dispatcher.submit(second)  # returns at once although a push is hanging
    assert dispatcher.pending() >= len(first) + len(second)  # the webhook's share is still queued
    while sum(len(b) for b in fast.bodies()) < len(first) + len(second):
        fast.arrived.clear()
        await fast.arrived.wait()  # Alertmanager gets everything while the webhook hangs
    assert len(slow.requests) == 1
    slow.gate.set()
    await dispatcher.stop(drain_timeout=10)
    delivered = [a["alert_id"] for body in slow.bodies() for a in body["alerts"]]
    assert delivered == [a.alert_id for a in first + second]
    assert dispatcher.pending() == 0


async def test_dispatcher_queue_is_bounded_and_drops_oldest(serve):
    endpoint = Endpoint()
    alerts = alerts_for(2)  # four alerts
    dispatcher = AlertDispatcher([WebhookReceiver(await serve(endpoint))], maxsize=2)
    before = failures("webhook")
    dispatcher.submit(alerts)  # not started: the queue fills up
    assert dispatcher.pending() == 2 and failures("webhook") == before + 2
    dispatcher.start()
    await dispatcher.stop(drain_timeout=10)
    delivered = [a["alert_id"] for body in endpoint.bodies() for a in body["alerts"]]
    assert delivered == [a.alert_id for a in alerts[2:]]


async def test_stop_gives_up_on_a_hung_receiver(serve):
    hung = Endpoint(gate=asyncio.Event())
    dispatcher = AlertDispatcher([WebhookReceiver(await serve(hung), timeout=60)])
    dispatcher.start()
    dispatcher.submit(alerts_for(1))
    await hung.arrived.wait()
    before = failures("webhook")
    lost = await dispatcher.stop(drain_timeout=0.05)  # returns instead of waiting on the hung request
    assert lost == len(alerts_for(1)) and failures("webhook") == before + lost
    hung.gate.set()


async def test_submit_counts_raised_alerts_even_without_receivers():
    dispatcher = AlertDispatcher.from_settings(Settings(alertmanager_url="", alert_webhook_url=""))
    assert dispatcher.receivers == []
    before = raised("mass_casualty")
    dispatcher.submit(alerts_for(2))
    dispatcher.start()
    assert await dispatcher.stop() == 0
    assert raised("mass_casualty") == before + 2


def test_from_settings_builds_configured_receivers():
    s = Settings(alertmanager_url="http://am:9093/", alert_webhook_url="http://hooks/alerts")
    receivers = AlertDispatcher.from_settings(s).receivers
    assert [type(r) for r in receivers] == [AlertmanagerReceiver, WebhookReceiver]
    assert receivers[0].url == "http://am:9093/api/v2/alerts" and receivers[1].url == "http://hooks/alerts"
