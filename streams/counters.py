"""Aggregate counters, derived from merged incidents and nothing else.

Counters are a function of the incident state: a re-delivered article, a replay or a
recovered worker can never count anything twice, because what is counted is the set of
merged incidents, not the reports that arrived. Only new incidents count (``new: false``
marks a reference to an earlier strike). Confirmed figures are each incident's ``best``
independent figure; claims are summed apart and never reach the confirmed totals.

:class:`Tally` holds the sums so that an incident's contribution can be taken away again:
the worker keeps one per partition and, for every cell it writes, takes away the cell's
old incidents and adds its new ones (:func:`cell_delta`). A scrape then costs the number
of oblasts, places and days, not a decode of every incident in the store. The function
of the state is unchanged: ``compute`` over the incidents gives the same counters
(``tests/test_counters.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from schemas import Incident

DIMENSIONS = ("oblast", "place", "day", "weapon_class")
_UNKNOWN = "unknown"
_FIGURES = ("strikes", "killed", "injured", "claimed_strikes", "claimed_killed", "claimed_injured")
#: the fields of an incident (in its JSON form) that counters read
FIELDS = {"oblast", "location", "country", "date", "weapon_class", "new", "status", "killed", "injured",
          "claimed_killed", "claimed_injured"}


def _zero() -> dict[str, int]:
    return dict.fromkeys(_FIGURES, 0)


def _dimension_values(data: Mapping[str, Any]) -> dict[str, str]:
    return {
        "oblast": data["oblast"] or _UNKNOWN,
        "place": data["location"] or data["oblast"] or data["country"] or _UNKNOWN,
        "day": data["date"] or _UNKNOWN,
        "weapon_class": data["weapon_class"],
    }


def contribution(data: Mapping[str, Any]) -> dict[str, int]:
    """What one incident (its JSON form) adds to every counter it falls under."""
    out = _zero()
    if not data["new"]:
        return out
    if data["status"] == "claimed":
        out["claimed_strikes"] = 1
    else:
        out["strikes"] = 1
    out["killed"] = data["killed"]["best"] or 0
    out["injured"] = data["injured"]["best"] or 0
    out["claimed_killed"] = data["claimed_killed"] or 0
    out["claimed_injured"] = data["claimed_injured"] or 0
    return out


class Tally:
    """Counter sums that incidents can be added to and taken away from."""

    __slots__ = ("incidents", "totals", "by")

    def __init__(self) -> None:
        self.incidents = 0
        self.totals = _zero()
        self.by: dict[str, dict[str, dict[str, int]]] = {d: {} for d in DIMENSIONS}

    def add(self, data: Mapping[str, Any], sign: int = 1) -> None:
        """Add (``sign`` 1) or take away (-1) one incident, in its JSON form."""
        self.incidents += sign
        amounts = contribution(data)
        if not any(amounts.values()):
            return
        values = _dimension_values(data)
        for name, amount in amounts.items():
            self.totals[name] += sign * amount
        for dim in DIMENSIONS:
            self._add_row(self.by[dim], values[dim], amounts, sign)

    def merge(self, other: Tally) -> None:
        """Add another tally (which may hold negative amounts: a delta)."""
        self.incidents += other.incidents
        for name, amount in other.totals.items():
            self.totals[name] += amount
        for dim, rows in other.by.items():
            for value, amounts in rows.items():
                self._add_row(self.by[dim], value, amounts, 1)

    @staticmethod
    def _add_row(rows: dict[str, dict[str, int]], value: str, amounts: Mapping[str, int], sign: int) -> None:
        row = rows.get(value)
        if row is None:
            row = rows[value] = _zero()
        for name, amount in amounts.items():
            row[name] += sign * amount
        if not any(row.values()):
            del rows[value]  # every new incident counts a strike: a zero row has none left

    def as_dict(self) -> dict[str, Any]:
        return {
            "incidents": self.incidents,
            "totals": dict(self.totals),
            **{f"by_{dim}": {v: dict(row) for v, row in sorted(rows.items())} for dim, rows in self.by.items()},
        }

    @classmethod
    def combined(cls, tallies: Iterable[Tally]) -> Tally:
        out = cls()
        for tally in tallies:
            out.merge(tally)
        return out


def cell_incidents(cell: Mapping[str, Any] | None) -> Iterable[Mapping[str, Any]]:
    """The incidents of a merge cell's state (see :func:`streams.merge.apply_report`)."""
    return cell.get("incidents", {}).values() if cell else ()


def cell_delta(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> Tally:
    """What replacing a cell's state changes in the counters."""
    delta = Tally()
    for data in cell_incidents(before):
        delta.add(data, -1)
    for data in cell_incidents(after):
        delta.add(data)
    return delta


def compute(incidents: Iterable[Incident]) -> dict[str, Any]:
    """Totals and breakdowns by oblast, place, day and weapon class."""
    tally = Tally()
    for incident in incidents:
        tally.add(incident.model_dump(mode="json", include=FIELDS))
    return tally.as_dict()


def gauge_rows(counters: Mapping[str, Any]) -> Iterator[tuple[str, str, str, float]]:
    """Rows for the Prometheus gauges from computed counters: (metric, oblast, status, value)."""
    for oblast, row in counters["by_oblast"].items():
        for metric in ("strikes", "killed", "injured"):
            yield metric, oblast, "confirmed", float(row[metric])
            yield metric, oblast, "claimed", float(row[f"claimed_{metric}"])
