"""The topic catalogue: every topic the service reads or writes, and what it carries.

Names live here and nowhere else; the Faust app, the CLI, the AsyncAPI document and the
tests all read this table.
"""

from __future__ import annotations

from dataclasses import dataclass

from schemas import EVENT_TYPES


@dataclass(frozen=True)
class TopicSpec:
    name: str
    key: str
    value: str  # the schemas/ model the value follows
    compacted: bool = False
    internal: bool = False
    doc: str = ""


ARTICLES = TopicSpec("articles", "article id", "Article", doc="Input: one article document per message (JSON).")
DLQ = TopicSpec("articles.dlq", "original key", "DeadLetterHeaders",
                doc="Messages that could not be read or processed: original bytes, reason in headers.")
INCIDENTS = TopicSpec("incidents", "incident id", "Incident", compacted=True,
                      doc="Merged strike incidents; every change is a new version (a batch sends its last), "
                          "compaction keeps the latest.")
ALERTS = TopicSpec("alerts", "alert id", "Alert", doc="Alerts raised by the rules; idempotent ids.")
STRIKE_REPORTS = TopicSpec("strike-reports", "incident cell (place|date)", "StrikeEvent", internal=True,
                           doc="Internal repartition: per-article strike reports keyed by where and when they happened.")

_EVENT_MODEL = {
    "strike": "StrikeEvent", "ground_fighting": "GroundFightingEvent",
    "territorial_change": "TerritorialChangeEvent", "military_aid": "MilitaryAidEvent",
    "diplomacy": "DiplomacyEvent", "interception": "InterceptionEvent", "humanitarian": "HumanitarianEvent",
}

#: One topic per event type: ``events.<type>``.
EVENT_TOPICS: dict[str, TopicSpec] = {
    t: TopicSpec(f"events.{t}", "event id", _EVENT_MODEL[t], doc=f"Every {t.replace('_', ' ')} event, as extracted.")
    for t in EVENT_TYPES
}

INCIDENTS_BY_OBLAST = TopicSpec("incidents-by-oblast", "oblast", "Incident", internal=True,
                                doc="Internal repartition for the surge rule: each incident once, at the version from "
                                    "which it counts (confirmed, new, dated), keyed by oblast.")

ALL: tuple[TopicSpec, ...] = (
    ARTICLES, DLQ, *EVENT_TOPICS.values(), INCIDENTS, ALERTS, STRIKE_REPORTS, INCIDENTS_BY_OBLAST,
)
BY_NAME: dict[str, TopicSpec] = {spec.name: spec for spec in ALL}

#: Header carrying the deterministic event id on every event message.
HEADER_EVENT_ID = "event_id"
#: Header carrying the incident version on every incidents message.
HEADER_INCIDENT_VERSION = "incident_version"
