"""One incident from many reports: the cross-article merge, as pure functions.

ACLED codes one event per place, day and kind of attack. Reports of a strike are routed by
*cell* — where and when it happened — so that every report of one strike meets in one
place (one Kafka partition, one table key). Inside a cell, the incidents are derived from
the *set* of reports — one per weapon class, a report with an unknown weapon joining the
cell's only weapon class — so the result does not depend on the order reports arrive in.

The state is idempotent by construction: an incident keeps its reports keyed by their
deterministic event id (article id + what and where), and every figure is recomputed from
the reports, whatever their order. Re-reading an article replaces its report with an
identical one, so a replay, a re-delivery or a recovery after a crash
changes nothing, and a toll that rises from 3 to 6 counts 6, never 9.

Figures follow UCDP: ``low``/``high`` span the independent reports, ``best`` is the most
recent by publication date (the largest when dates are equal or unknown). Claims — a
belligerent's figure about the other side — stay in ``claimed_killed``/``claimed_injured``.
"""

from __future__ import annotations

import hashlib
import unicodedata
from functools import lru_cache
from datetime import date, datetime, timezone
from typing import Any, Iterable

from schemas import Figure, Incident, Report, StrikeEvent

_TARGET_RANK = {"unknown": 0, "infrastructure": 1, "commercial": 2, "military": 3, "residential": 4, "energy": 5}


@lru_cache(maxsize=8192)
def _norm(name: str | None) -> str:
    """Folded name for keys (cached: a stream names the same few thousand places again and again)."""
    if not name:
        return ""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def place_key(event: StrikeEvent | Incident) -> str:
    return f"{_norm(event.country)}/{_norm(event.oblast)}/{_norm(event.location)}"


def cell_key(event: StrikeEvent) -> str:
    """Where and when: the routing key of a strike report.

    A report without a date merges only with mentions in its own article, so its cell is
    scoped to the article.
    """
    when = event.date.isoformat() if event.date else f"article:{event.article_id}"
    return f"{when}|{place_key(event)}"


def incident_id(cell: str, weapon_class: str) -> str:
    return hashlib.sha256(f"{cell}|{weapon_class}".encode()).hexdigest()[:16]


def report_of(event: StrikeEvent) -> Report:
    return Report(
        article_id=event.article_id, event_id=event.event_id, source=event.source, published=event.published,
        killed=event.killed, injured=event.injured, missing=event.missing, status=event.status,
        claimed_by=event.claimed_by, claimed_killed=event.claimed_killed, claimed_injured=event.claimed_injured,
        weapon=event.weapon, new=event.new,
    )


def _figure(reports: list[Report], field: str) -> Figure:
    """Low/best/high of one figure over the independent (non-claim) reports."""
    values = [(r.published or date.min, getattr(r, field)) for r in reports
              if r.status != "claimed" and getattr(r, field) is not None]
    if not values:
        return Figure()
    latest = max(when for when, _ in values)
    best = max(value for when, value in values if when == latest)
    numbers = [value for _, value in values]
    return Figure(low=min(numbers), best=best, high=max(numbers))


def _claim(reports: list[Report], field: str) -> tuple[int | None, str | None]:
    """The largest claim, from an explicit claim or from a report that is itself a claim."""
    best: tuple[int | None, str | None] = (None, None)
    for r in reports:
        value = getattr(r, f"claimed_{field}")
        if value is None and r.status == "claimed":
            value = getattr(r, field)
        if value is not None and (best[0] is None or value > best[0]):
            best = (value, r.claimed_by)
    return best


def summarise(base: Incident, reports: list[Report]) -> Incident:
    """Recompute every derived field of an incident from its reports."""
    reports = sorted(reports, key=lambda r: (r.published or date.min, r.article_id, r.event_id))
    statuses = {r.status for r in reports}
    status = "confirmed" if "confirmed" in statuses else "disputed" if "disputed" in statuses else "claimed"
    claimed_killed, by_k = _claim(reports, "killed")
    claimed_injured, by_i = _claim(reports, "injured")
    claimed_by = by_k or by_i or next((r.claimed_by for r in reports if r.claimed_by), None)
    weapons = [r.weapon for r in reports if r.weapon]
    return base.model_copy(update={
        "status": status,
        "killed": _figure(reports, "killed"),
        "injured": _figure(reports, "injured"),
        "missing": _figure(reports, "missing"),
        "claimed_killed": claimed_killed,
        "claimed_injured": claimed_injured,
        "claimed_by": claimed_by,
        "weapon": max(set(weapons), key=lambda w: (weapons.count(w), w)) if weapons else None,
        "new": any(r.new for r in reports),
        "reports": reports,
    })


def _content(incident: Incident) -> dict[str, Any]:
    return incident.model_dump(exclude={"version", "updated_at"})


def _order(event: StrikeEvent) -> tuple:
    return (event.published or date.min, event.article_id, event.event_id)


def derive(cell: str, events: Iterable[StrikeEvent]) -> dict[str, Incident]:
    """A cell's incidents as a function of the *set* of its reports, whatever their order.

    One incident per weapon class. Reports with an unknown weapon join the cell's only
    weapon class when there is exactly one; otherwise (none, or several and no way to
    tell which) they form the cell's ``unknown`` incident.
    """
    groups: dict[str, list[StrikeEvent]] = {}
    for event in sorted(events, key=_order):
        groups.setdefault(event.weapon_class, []).append(event)
    unknown = groups.pop("unknown", [])
    if len(groups) == 1 and unknown:
        only = next(iter(groups))
        groups[only] = sorted(groups[only] + unknown, key=_order)
    elif unknown:
        groups["unknown"] = unknown
    incidents: dict[str, Incident] = {}
    for weapon_class, members in sorted(groups.items()):
        first = members[0]
        target = max((e.target for e in members), key=lambda t: _TARGET_RANK.get(t, 0))
        base = Incident(
            incident_id=incident_id(cell, weapon_class), location=first.location, oblast=first.oblast,
            country=first.country, lat=first.lat, lon=first.lon, place_precision=first.place_precision,
            date=first.date, weapon_class=weapon_class, target=target,
        )
        incidents[base.incident_id] = summarise(base, [report_of(e) for e in members])
    return incidents


Change = tuple[Incident | None, Incident | None]


def apply_report(cell: dict[str, Any] | None, event: StrikeEvent, now: datetime | None = None
                 ) -> tuple[dict[str, Any], list[Change]]:
    """Fold one strike report into a cell's state.

    ``cell`` is the JSON-able state kept in the Faust table under :func:`cell_key`: the
    cell's reports (by event id), the incidents derived from them, and the last version
    number of every incident id. Returns the new state and the changes as ``(before,
    after)`` pairs: ``before`` None for a new incident, ``after`` None for an incident that
    merged into another (its id is retired with a tombstone). An empty list means nothing
    changed: a repeated mention.
    """
    key = cell_key(event)
    cell = cell or {}
    stored_events: dict[str, Any] = cell.get("events", {})
    stored_incidents: dict[str, Any] = cell.get("incidents", {})
    events = {eid: StrikeEvent.model_validate(data) for eid, data in stored_events.items()}
    if events.get(event.event_id) == event:
        return cell, []
    events[event.event_id] = event
    before = {iid: Incident.model_validate(data) for iid, data in stored_incidents.items()}
    versions: dict[str, int] = dict(cell.get("versions", {}))
    after = derive(key, events.values())
    changes: list[Change] = []
    stamp = now or datetime.now(timezone.utc)
    for iid, incident in after.items():
        old = before.get(iid)
        if old is not None and _content(old) == _content(incident):
            after[iid] = old
            continue
        versions[iid] = versions.get(iid, 0) + 1
        after[iid] = incident.model_copy(update={"version": versions[iid], "updated_at": stamp})
        changes.append((old, after[iid]))
    for iid, old in before.items():
        if iid not in after:
            versions[iid] = versions.get(iid, 0) + 1
            changes.append((old, None))
    # what did not change keeps its stored form: only the new report and changed incidents are dumped
    state = {
        "events": {**stored_events, event.event_id: event.model_dump(mode="json")},
        "incidents": {iid: stored_incidents[iid] if inc is before.get(iid) else inc.model_dump(mode="json")
                      for iid, inc in after.items()},
        "versions": versions,
    }
    return state, changes


class IncidentBook:
    """The same merge the stream runs, held in memory: for evaluation, tests and benchmarks."""

    def __init__(self) -> None:
        self._cells: dict[str, dict[str, Any]] = {}

    def add(self, event: StrikeEvent) -> list[Incident]:
        """Fold a report in; returns the new versions of changed incidents (empty: nothing changed)."""
        key = cell_key(event)
        state, changes = apply_report(self._cells.get(key), event)
        self._cells[key] = state
        return [after for _, after in changes if after is not None]

    def extend(self, events: Iterable[StrikeEvent]) -> None:
        for event in events:
            self.add(event)

    def incidents(self) -> list[Incident]:
        return [Incident.model_validate(data) for cell in self._cells.values() for data in cell["incidents"].values()]
