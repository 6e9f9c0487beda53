"""Aggregate counters, derived from merged incidents and nothing else.

Counters are a pure function of the incident state: they are recomputed from it rather
than incremented, so a re-delivered article, a replay or a recovered worker can never
count anything twice. Only new incidents count (``new: false`` marks a reference to an
earlier strike). Confirmed figures are each incident's ``best`` independent figure;
claims are summed apart and never reach the confirmed totals.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Iterable, Iterator

from schemas import Incident

DIMENSIONS = ("oblast", "place", "day", "weapon_class")
_UNKNOWN = "unknown"


def _dimension_values(incident: Incident) -> dict[str, str]:
    return {
        "oblast": incident.oblast or _UNKNOWN,
        "place": incident.location or incident.oblast or incident.country or _UNKNOWN,
        "day": incident.date.isoformat() if incident.date else _UNKNOWN,
        "weapon_class": incident.weapon_class,
    }


def _zero() -> dict[str, int]:
    return {"strikes": 0, "killed": 0, "injured": 0, "claimed_strikes": 0, "claimed_killed": 0, "claimed_injured": 0}


def contribution(incident: Incident) -> dict[str, int]:
    """What one incident adds to every counter it falls under."""
    out = _zero()
    if not incident.new:
        return out
    if incident.status == "claimed":
        out["claimed_strikes"] = 1
    else:
        out["strikes"] = 1
    out["killed"] = incident.killed.best or 0
    out["injured"] = incident.injured.best or 0
    out["claimed_killed"] = incident.claimed_killed or 0
    out["claimed_injured"] = incident.claimed_injured or 0
    return out


def compute(incidents: Iterable[Incident]) -> dict[str, Any]:
    """Totals and breakdowns by oblast, place, day and weapon class."""
    totals = _zero()
    by: dict[str, dict[str, dict[str, int]]] = {d: defaultdict(_zero) for d in DIMENSIONS}
    count = 0
    for incident in incidents:
        count += 1
        add = contribution(incident)
        if not any(add.values()):
            continue
        values = _dimension_values(incident)
        for name, amount in add.items():
            totals[name] += amount
            for dim in DIMENSIONS:
                by[dim][values[dim]][name] += amount
    return {
        "incidents": count,
        "totals": totals,
        **{f"by_{dim}": dict(sorted(rows.items())) for dim, rows in by.items()},
    }


def gauge_rows(incidents: Iterable[Incident]) -> Iterator[tuple[str, str, str, float]]:
    """Rows for the Prometheus gauges: (metric, oblast, status, value)."""
    by_oblast = compute(incidents)["by_oblast"]
    for oblast, row in by_oblast.items():
        for metric in ("strikes", "killed", "injured"):
            yield metric, oblast, "confirmed", float(row[metric])
            yield metric, oblast, "claimed", float(row[f"claimed_{metric}"])
