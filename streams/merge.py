"""One incident from many reports: the cross-article merge, as pure functions.

ACLED codes one event per place, day and kind of attack. Reports of a strike are routed by
*cell* — where and when it happened — so that every report of one strike meets in one
place (one Kafka partition, one table key). Inside a cell, reports join the incident of
the same weapon class; a report with an unknown weapon joins the cell's only incident.

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
from datetime import date, datetime, timezone
from typing import Any, Iterable

from schemas import Figure, Incident, Report, StrikeEvent

_TARGET_RANK = {"unknown": 0, "infrastructure": 1, "commercial": 2, "military": 3, "residential": 4, "energy": 5}


def _norm(name: str | None) -> str:
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


def incident_id(cell: str, weapon_class: str, taken: Iterable[str] = ()) -> str:
    """Hash of cell and weapon class; an ordinal is added if an upgraded incident holds it."""
    taken = set(taken)
    ordinal = 1
    while True:
        suffix = f"|{ordinal}" if ordinal > 1 else ""
        candidate = hashlib.sha256(f"{cell}|{weapon_class}{suffix}".encode()).hexdigest()[:16]
        if candidate not in taken:
            return candidate
        ordinal += 1


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


def _pick(incidents: dict[str, Incident], event: StrikeEvent) -> Incident | None:
    """The incident of this cell that the report belongs to, if any.

    A report already held by an incident stays there, so that a replay finds the same
    home for it whatever arrived in between.
    """
    for incident in incidents.values():
        if any(r.event_id == event.event_id for r in incident.reports):
            return incident
    same = [i for i in incidents.values() if i.weapon_class == event.weapon_class]
    if same:
        return same[0]
    if event.weapon_class == "unknown" and len(incidents) == 1:
        return next(iter(incidents.values()))
    unknown = [i for i in incidents.values() if i.weapon_class == "unknown"]
    if len(unknown) == 1 and len(incidents) == 1:
        return unknown[0]
    return None


def apply_report(cell: dict[str, Any] | None, event: StrikeEvent, now: datetime | None = None
                 ) -> tuple[dict[str, Any], Incident | None, Incident | None]:
    """Fold one strike report into a cell's state.

    ``cell`` is the JSON-able state kept in the Faust table under :func:`cell_key`.
    Returns the new cell state, the incident before (None when new) and the incident
    after — or None when nothing changed (a repeated mention).
    """
    key = cell_key(event)
    incidents = {iid: Incident.model_validate(data) for iid, data in (cell or {}).get("incidents", {}).items()}
    old = _pick(incidents, event)
    if old is None:
        base = Incident(
            incident_id=incident_id(key, event.weapon_class, incidents), location=event.location, oblast=event.oblast,
            country=event.country, lat=event.lat, lon=event.lon, place_precision=event.place_precision,
            date=event.date, weapon_class=event.weapon_class, target=event.target,
        )
        reports: list[Report] = []
    else:
        base = old
        reports = [r for r in old.reports if r.event_id != event.event_id]
    update: dict[str, Any] = {}
    if base.weapon_class == "unknown" and event.weapon_class != "unknown":
        update["weapon_class"] = event.weapon_class
    if _TARGET_RANK.get(event.target, 0) > _TARGET_RANK.get(base.target, 0):
        update["target"] = event.target
    new = summarise(base.model_copy(update=update), [*reports, report_of(event)])
    if old is not None and _content(new) == _content(old):
        return cell or {}, old, None
    new = new.model_copy(update={
        "version": (old.version + 1) if old else 1,
        "updated_at": now or datetime.now(timezone.utc),
    })
    incidents[new.incident_id] = new
    state = {"incidents": {iid: inc.model_dump(mode="json") for iid, inc in incidents.items()}}
    return state, old, new


class IncidentBook:
    """The same merge the stream runs, held in memory: for evaluation, tests and benchmarks."""

    def __init__(self) -> None:
        self._cells: dict[str, dict[str, Any]] = {}

    def add(self, event: StrikeEvent) -> list[Incident]:
        """Fold a report in; returns the changed incident (empty when nothing changed)."""
        key = cell_key(event)
        state, _, new = apply_report(self._cells.get(key), event)
        self._cells[key] = state
        return [new] if new is not None else []

    def extend(self, events: Iterable[StrikeEvent]) -> None:
        for event in events:
            self.add(event)

    def incidents(self) -> list[Incident]:
        return [Incident.model_validate(data) for cell in self._cells.values() for data in cell["incidents"].values()]
