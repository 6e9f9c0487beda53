"""Counters kept as running sums equal counters computed from the incidents."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import orjson
from hypothesis import given, settings, strategies as st

from schemas import Incident
from streams import counters
from streams.merge import cell_key
from streams.routing import route_report
from tests.factories import strike

NOW = datetime(2024, 3, 3, tzinfo=timezone.utc)

reports = st.lists(st.tuples(
    st.integers(0, 5),                                  # article
    st.sampled_from(["Odesa", "Izmail", "Kharkiv"]),    # place
    st.integers(0, 2),                                  # day
    st.sampled_from(["drone", "missile", "unknown"]),
    st.sampled_from(["confirmed", "claimed", "disputed"]),
    st.booleans(),                                      # new
    st.none() | st.integers(0, 9),                      # killed
    st.none() | st.integers(0, 30),                     # claimed killed
), max_size=30)


def _events(drawn):
    oblast = {"Odesa": "Odesa", "Izmail": "Odesa", "Kharkiv": "Kharkiv"}
    return [strike(f"a{a}", location=place, oblast=oblast[place], day=date(2024, 3, 1) + timedelta(days=d),
                   weapon_class=w, status=status, new=new, killed=killed, claimed_killed=claimed,
                   claimed_by="Russian MoD" if claimed is not None else None)
            for a, place, d, w, status, new, killed, claimed in drawn]


@settings(max_examples=100, deadline=None)
@given(reports, st.integers(1, 3))
def test_sums_kept_cell_by_cell_equal_the_counters_of_the_incidents(drawn, partitions):
    """Each write takes the cell's old incidents away and adds its new ones, into the tally
    of the cell's partition; their sum is what ``compute`` makes of the final incidents."""
    cells: dict[str, bytes] = {}
    tallies = [counters.Tally() for _ in range(partitions)]
    for event in _events(drawn) * 2:  # and every report delivered again
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
    for event in _events([(0, "Odesa", 0, "drone", "confirmed", True, 3, None),
                          (1, "Kharkiv", 1, "missile", "claimed", True, None, 40),
                          (2, "Kharkiv", 2, "missile", "confirmed", False, 2, None)]):
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
