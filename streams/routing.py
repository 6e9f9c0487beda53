"""What each message becomes: pure functions from input bytes to outbound messages.

The Faust agents only move bytes: they hand a consumed message to a function here and
send what comes back. Keeping the decisions pure means the dead-letter path, the event
routing and the merge can be tested without a broker or Faust's test context (which
skips decoding).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable

import orjson

from schemas import Alert, Article, Extraction, Incident, StrikeEvent
from schemas.deadletter import (
    HEADER_ERROR,
    HEADER_OFFSET,
    HEADER_PARTITION,
    HEADER_REASON,
    HEADER_TOPIC,
    Reason,
)

from . import topics
from .alerting.rules import counts_toward_surge
from .codec import Rejected, decode_article
from .merge import Change, apply_report, cell_key

Headers = tuple[tuple[str, bytes], ...]


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a consumed message came from (for dead-letter headers)."""

    topic: str
    partition: int
    offset: int
    key: bytes | None = None


@dataclass(frozen=True, slots=True)
class Outbound:
    """One message to send."""

    topic: str
    key: bytes | None
    value: bytes | None  # None: a tombstone on a compacted topic
    headers: Headers = ()


@dataclass(frozen=True, slots=True)
class ArticleOutcome:
    messages: list[Outbound]
    article: Article | None = None
    rejected: Rejected | None = None
    extraction: Extraction | None = None


def dead_letter(value: bytes | None, origin: Origin, reason: Reason, error: str) -> Outbound:
    """The original bytes, unchanged, with why they failed in headers."""
    return Outbound(
        topic=topics.DLQ.name,
        key=origin.key,
        value=value or b"",
        headers=(
            (HEADER_REASON, reason.encode()),
            (HEADER_ERROR, error.encode("utf-8", "replace")[:2000]),
            (HEADER_TOPIC, origin.topic.encode()),
            (HEADER_PARTITION, str(origin.partition).encode()),
            (HEADER_OFFSET, str(origin.offset).encode()),
        ),
    )


def event_messages(extraction: Extraction) -> list[Outbound]:
    """One message per event on its type's topic, plus each strike report for the merge."""
    out: list[Outbound] = []
    for event in extraction.events():
        event_id = event.event_id.encode()
        out.append(Outbound(topics.EVENT_TOPICS[event.type].name, event_id, event.model_dump_json().encode(),
                            ((topics.HEADER_EVENT_ID, event_id),)))
    for incident in extraction.incidents:
        out.append(Outbound(topics.STRIKE_REPORTS.name, cell_key(incident).encode(), incident.model_dump_json().encode(),
                            ((topics.HEADER_EVENT_ID, incident.event_id.encode()),)))
    return out


def route_article(value: bytes | None, origin: Origin, max_bytes: int,
                  extractor: Callable[[Article], Extraction]) -> ArticleOutcome:
    """Decode, extract and route one article message; never raises on any input."""
    decoded = decode_article(value, max_bytes)
    if isinstance(decoded, Rejected):
        return ArticleOutcome([dead_letter(value, origin, decoded.reason, decoded.error)], rejected=decoded)
    try:
        extraction = extractor(decoded)
        messages = event_messages(extraction)
    except Exception as exc:  # noqa: BLE001 - any extractor bug is a dead letter, not a crash
        rejected = Rejected("extraction_error", f"{type(exc).__name__}: {exc}"[:500])
        return ArticleOutcome([dead_letter(value, origin, rejected.reason, rejected.error)], decoded, rejected)
    return ArticleOutcome(messages, decoded, extraction=extraction)


def incident_message(incident: Incident) -> Outbound:
    return Outbound(topics.INCIDENTS.name, incident.incident_id.encode(), incident.model_dump_json().encode(),
                    ((topics.HEADER_INCIDENT_VERSION, str(incident.version).encode()),))


def alert_message(alert: Alert) -> Outbound:
    return Outbound(topics.ALERTS.name, alert.alert_id.encode(), alert.model_dump_json().encode())


@dataclass(frozen=True, slots=True)
class MergeOutcome:
    state: bytes | None  # the cell's new state; None when nothing changed
    changes: list[Change]
    messages: list[Outbound]
    before: dict[str, Any] | None = None  # the cell's state decoded, before and after (for counters)
    after: dict[str, Any] | None = None


def route_report(state: bytes | None, event: StrikeEvent, now: datetime,
                 alerts_for: Callable[[Incident | None, Incident], list[Alert]]) -> MergeOutcome:
    """Fold one strike report into its cell; publish new incident versions, tombstones for
    incidents merged into another, and the alerts the new versions raise. An incident goes
    to the surge rule's repartition topic once, at the version from which it counts there."""
    cell: dict[str, Any] | None = orjson.loads(state) if state else None
    new_cell, changes = apply_report(cell, event, now)
    if not changes:
        return MergeOutcome(None, [], [], cell, cell)
    messages: list[Outbound] = []
    for old, new in changes:
        if new is None:
            messages.append(Outbound(topics.INCIDENTS.name, old.incident_id.encode(), None))
            continue
        message = incident_message(new)
        messages.append(message)
        messages.extend(alert_message(a) for a in alerts_for(old, new))
        if counts_toward_surge(old, new):
            messages.append(Outbound(topics.INCIDENTS_BY_OBLAST.name, new.oblast.encode(), message.value))
    return MergeOutcome(orjson.dumps(new_cell), changes, messages, cell, new_cell)


def latest_versions(messages: list[Outbound]) -> list[Outbound]:
    """A merge batch's messages with only the last version of each incident.

    ``incidents`` is compacted: a reader keeps the newest version of each id, so versions
    superseded within one batch would be read and dropped. A live stream's batches hold
    one report and lose nothing; a backfill, where one incident's reports arrive together,
    sends a fraction of its versions. Version numbers still count every change. Other
    topics pass unchanged, in order.
    """
    last = {m.key: k for k, m in enumerate(messages) if m.topic == topics.INCIDENTS.name}
    return [m for k, m in enumerate(messages) if m.topic != topics.INCIDENTS.name or last[m.key] == k]
