"""Counters kept as running sums equal counters computed from the incidents."""

from __future__ import annotations

from datetime import date, datetime, timezone

import orjson
from hypothesis import given, settings, strategies as st

from schemas import Incident
from streams import counters
from streams.merge import cell_key
from streams.routing import route_report
from tests.factories import strike, strike_reports

NOW = datetime(2024, 3, 3, tzinfo=timezone.utc)


@settings(max_examples=100, deadline=None)
@given(strike_reports, st.integers(1, 3))
def test_sums_kept_cell_by_cell_equal_the_counters_of_the_incidents(events, partitions):
    """Each write takes the cell's old incidents away and adds its new ones, into the tally
    of the cell's partition; their sum is what ``compute`` makes of the final incidents."""
    cells: dict[str, bytes] = {}
    tallies = [counters.Tally() for _ in range(partitions)]
    for event in events * 2:  # and every report delivered again
        key = cell_key(event)
        outcome = route_report(cells.get(key), event, NOW, lambda old, new: [])
        if outcome.state is None:
            assert outcome.before == outcome.after  # nothing changed: nothing to count
            continue
        cells[key] = outcome.state
        tallies[hash(key) % partitions].merge(counters.cell_delta(outcome.before, outcome.after))
    incidents = [Incident.model_validate(data) for state in cells.values()
                 for data in orjson.loads(state)["incidents"].values()]
    assert counters.Tally.combined(tallies).as_dict() == counters.compute(incidents)


def test_taking_every_incident_away_leaves_nothing():
    states: dict[str, bytes] = {}
    cells: dict[str, dict] = {}
    for event in [strike("a0", location="Odesa", oblast="Odesa", day=date(2024, 3, 1), killed=3),
                  strike("a1", location="Kharkiv", oblast="Kharkiv", day=date(2024, 3, 2), weapon_class="missile",
                         status="claimed", claimed_killed=40, claimed_by="Russian MoD"),
                  strike("a2", location="Kharkiv", oblast="Kharkiv", day=date(2024, 3, 3), weapon_class="missile",
                         new=False, killed=2)]:
        outcome = route_report(states.get(cell_key(event)), event, NOW, lambda old, new: [])
        states[cell_key(event)], cells[cell_key(event)] = outcome.state, outcome.after
    tally = counters.Tally()
    for cell in cells.values():
        tally.merge(counters.cell_delta(None, cell))
    counted = tally.as_dict()
    assert counted["totals"]["killed"] == 3 and counted["totals"]["claimed_killed"] == 40
    assert counted["by_oblast"]["Kharkiv"]["claimed_strikes"] == 1 and counted["incidents"] == 3
    for cell in cells.values():
        tally.merge(counters.cell_delta(cell, None))
    assert tally.as_dict() == counters.Tally().as_dict()
    assert all(rows == {} for dim, rows in tally.as_dict().items() if dim.startswith("by_"))
