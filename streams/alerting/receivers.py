"""Alert delivery: Alertmanager (API v2), a generic JSON webhook, and a non-blocking fan-out.

Receivers retry what may succeed later — connection errors, timeouts, 5xx and 429 — with
exponential backoff and jitter (honouring ``Retry-After`` up to ``max_backoff``), and do not
retry other 4xx, which would fail the same way again. A push that finally fails counts
``streams_alert_push_failures{receiver}`` and returns ``False``; it never raises, because a
dead receiver must not take the stream down.

Redelivery is safe: Alertmanager merges alerts with the same label set (``alert_id`` is a
label), and the webhook sends ``Idempotency-Key`` with the alert ids.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Sequence
from datetime import timezone
from typing import Any, ClassVar, Protocol

import aiohttp
import orjson

from schemas.alert import Alert
from streams.metrics import ALERT_PUSH_FAILURES, ALERTS
from streams.settings import Settings

from .rules import SERVICE, alertname

log = logging.getLogger(__name__)

_JSON = {"Content-Type": "application/json"}


class Receiver(Protocol):
    name: str

    async def push(self, alerts: list[Alert]) -> bool: ...

    async def close(self) -> None: ...


def _retryable(status: int) -> bool:
    return status >= 500 or status == 429


def _retry_after(headers: Any) -> float | None:
    try:
        return max(0.0, float(headers.get("Retry-After", "")))
    except ValueError:
        return None  # absent, or an HTTP date: fall back to our own backoff


class HttpReceiver:
    """POST a batch of alerts to one URL, with retries. Subclasses say what to send."""

    name: ClassVar[str] = "http"

    def __init__(
        self,
        url: str,
        session: aiohttp.ClientSession | None = None,
        retries: int = 5,
        backoff: float = 0.2,
        max_backoff: float = 5.0,
        timeout: float = 5.0,
    ) -> None:
        self.url = url
        self.retries = retries  # attempts after the first one
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.timeout = aiohttp.ClientTimeout(total=timeout)
        self._session = session
        self._owns_session = session is None

    def request(self, alerts: list[Alert]) -> tuple[str, bytes, dict[str, str]]:
        """(url, body, headers) of the POST delivering ``alerts``."""
        raise NotImplementedError

    async def push(self, alerts: list[Alert]) -> bool:
        """Deliver ``alerts``; ``True`` on a 2xx, ``False`` once retries are exhausted."""
        if not alerts:
            return True
        url, body, headers = self.request(alerts)
        why = ""
        for attempt in range(self.retries + 1):
            wait: float | None = None
            try:
                async with self._client().post(url, data=body, headers=headers, timeout=self.timeout) as resp:
                    if 200 <= resp.status < 300:
                        return True
                    text = (await resp.text(errors="replace"))[:200]
                    why = f"HTTP {resp.status}: {text}"
                    if not _retryable(resp.status):
                        break
                    wait = _retry_after(resp.headers)
            except aiohttp.InvalidURL as exc:
                why = f"invalid URL {exc}"
                break
            except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as exc:
                why = f"{type(exc).__name__}: {exc}"
            if attempt < self.retries:
                await asyncio.sleep(self.delay(attempt, wait))
        ALERT_PUSH_FAILURES.labels(self.name).inc()
        log.warning("alert push to %s failed (%d alert(s)): %s", self.name, len(alerts), why)
        return False

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        """Exponential backoff with equal jitter, at least the server's Retry-After, capped."""
        base = min(self.max_backoff, self.backoff * 2**attempt)
        jittered = base / 2 + random.uniform(0, base / 2)
        return min(self.max_backoff, max(jittered, retry_after or 0.0))

    def _client(self) -> aiohttp.ClientSession:
        # Created lazily: an aiohttp session must be made inside the running loop.
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession()
            self._owns_session = True
        return self._session

    async def close(self) -> None:
        if self._owns_session and self._session is not None:
            await self._session.close()
            self._session = None


class AlertmanagerReceiver(HttpReceiver):
    """Alertmanager API v2: ``POST {base}/api/v2/alerts`` with a list of postable alerts.

    No ``endsAt`` is sent: Alertmanager resolves the alert after its ``resolve_timeout``
    (set in alertmanager.yml) unless it is pushed again.
    """

    name = "alertmanager"

    def __init__(
        self,
        base_url: str,
        session: aiohttp.ClientSession | None = None,
        retries: int = 5,
        backoff: float = 0.2,
        max_backoff: float = 5.0,
        timeout: float = 5.0,
        generator_url: str = "",
    ) -> None:
        super().__init__(base_url.rstrip("/") + "/api/v2/alerts", session, retries, backoff, max_backoff, timeout)
        self.generator_url = generator_url

    def request(self, alerts: list[Alert]) -> tuple[str, bytes, dict[str, str]]:
        return self.url, orjson.dumps([self.postable(a) for a in alerts]), _JSON

    def postable(self, alert: Alert) -> dict[str, Any]:
        """One alert in Alertmanager's shape; identity labels are filled in if missing."""
        labels = {"alertname": alertname(alert.rule), "alert_id": alert.alert_id,
                  "severity": alert.severity, "service": SERVICE, **alert.labels}
        annotations = {"summary": alert.summary, **alert.annotations}
        starts = alert.starts_at if alert.starts_at.tzinfo else alert.starts_at.replace(tzinfo=timezone.utc)
        body: dict[str, Any] = {
            "labels": {k: v for k, v in labels.items() if v},
            "annotations": {k: v for k, v in annotations.items() if v},
            "startsAt": starts.astimezone(timezone.utc).isoformat().replace("+00:00", "Z"),
        }
        if self.generator_url:
            body["generatorURL"] = self.generator_url
        return body


class WebhookReceiver(HttpReceiver):
    """Generic webhook: ``{"alerts": [Alert JSON, ...]}``, ``Idempotency-Key`` = the alert ids."""

    name = "webhook"

    def request(self, alerts: list[Alert]) -> tuple[str, bytes, dict[str, str]]:
        body = orjson.dumps({"alerts": [a.model_dump(mode="json") for a in alerts]})
        return self.url, body, {**_JSON, "Idempotency-Key": ",".join(a.alert_id for a in alerts)}


class _Lane:
    """One receiver's bounded queue and the task draining it."""

    def __init__(self, receiver: Receiver, maxsize: int, max_batch: int) -> None:
        self.receiver = receiver
        self.queue: asyncio.Queue[Alert] = asyncio.Queue(maxsize=maxsize)
        self.max_batch = max_batch
        self.task: asyncio.Task[None] | None = None
        self.inflight = 0

    def put(self, alert: Alert) -> None:
        if self.queue.full():
            dropped = self.queue.get_nowait()  # drop the oldest: memory stays bounded
            self.queue.task_done()
            ALERT_PUSH_FAILURES.labels(self.receiver.name).inc()
            log.warning("alert queue for %s full (%d): dropped oldest alert %s",
                        self.receiver.name, self.queue.maxsize, dropped.alert_id)
        self.queue.put_nowait(alert)

    async def run(self) -> None:
        while True:
            batch = [await self.queue.get()]
            while len(batch) < self.max_batch and not self.queue.empty():
                batch.append(self.queue.get_nowait())
            self.inflight = len(batch)
            try:
                await self.receiver.push(batch)
            except Exception:  # a receiver bug must not kill the lane
                ALERT_PUSH_FAILURES.labels(self.receiver.name).inc()
                log.exception("alert receiver %s raised", self.receiver.name)
            finally:
                self.inflight = 0
                for _ in batch:
                    self.queue.task_done()


class AlertDispatcher:
    """Fan-out to the configured receivers without blocking the stream.

    :meth:`submit` only enqueues (never awaits) and counts ``streams_alerts{rule}``: it is
    the one place the worker hands raised alerts over. Each receiver has its own bounded
    queue and background task, so a slow or dead webhook delays neither the stream nor
    Alertmanager. When a queue is full the oldest alert is dropped, logged and counted as a
    push failure.
    """

    def __init__(self, receivers: Sequence[Receiver] = (), maxsize: int = 1000, max_batch: int = 64) -> None:
        self.receivers = list(receivers)
        self._lanes = [_Lane(r, maxsize, max_batch) for r in self.receivers]

    @classmethod
    def from_settings(cls, s: Settings) -> "AlertDispatcher":
        """Receivers for the URLs that are set; none when both are empty."""
        receivers: list[Receiver] = []
        if s.alertmanager_url:
            receivers.append(AlertmanagerReceiver(
                s.alertmanager_url, generator_url=f"http://{s.web_host}:{s.web_port}/incidents"))
        if s.alert_webhook_url:
            receivers.append(WebhookReceiver(s.alert_webhook_url))
        return cls(receivers)

    def submit(self, alerts: Sequence[Alert]) -> None:
        for alert in alerts:
            ALERTS.labels(alert.rule).inc()
            for lane in self._lanes:
                lane.put(alert)

    def pending(self) -> int:
        """Alerts queued or being pushed, over all receivers."""
        return sum(lane.queue.qsize() + lane.inflight for lane in self._lanes)

    def start(self) -> None:
        """Start one delivery task per receiver; call from inside the running loop."""
        for lane in self._lanes:
            if lane.task is None or lane.task.done():
                lane.task = asyncio.get_running_loop().create_task(lane.run(), name=f"alerts-{lane.receiver.name}")

    async def stop(self, drain_timeout: float = 5.0) -> int:
        """Deliver what is queued for up to ``drain_timeout`` seconds, then stop and close.

        Returns how many alerts were left undelivered; each counts as a push failure.
        """
        running = [lane for lane in self._lanes if lane.task is not None]
        if running:
            try:
                await asyncio.wait_for(asyncio.gather(*(lane.queue.join() for lane in running)), drain_timeout)
            except asyncio.TimeoutError:
                pass
        lost = 0
        for lane in self._lanes:
            left = lane.queue.qsize() + lane.inflight
            if left:
                lost += left
                ALERT_PUSH_FAILURES.labels(lane.receiver.name).inc(left)
                log.warning("alert dispatcher stopped with %d alert(s) undelivered to %s", left, lane.receiver.name)
        for lane in running:
            assert lane.task is not None
            lane.task.cancel()
        await asyncio.gather(*(lane.task for lane in running if lane.task), return_exceptions=True)
        for lane in self._lanes:
            lane.task = None
            await lane.receiver.close()
        return lost
