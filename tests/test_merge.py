"""Cross-article merging: one incident per place, day and kind of attack, idempotent."""

from datetime import date

from hypothesis import given, settings, strategies as st

from streams.counters import compute
from streams.merge import IncidentBook, cell_key
from tests.factories import strike


def test_rising_toll_counts_latest_not_sum():
    book = IncidentBook()
    book.add(strike("a1", killed=3, published=date(2024, 3, 2)))
    book.add(strike("a2", killed=6, published=date(2024, 3, 3)))
    [incident] = book.incidents()
    assert (incident.killed.low, incident.killed.best, incident.killed.high) == (3, 6, 6)
    assert incident.version == 2
    assert compute(book.incidents())["totals"]["killed"] == 6


def test_latest_publication_wins_even_when_lower():
    book = IncidentBook()
    book.add(strike("a1", killed=17, published=date(2024, 3, 2)))
    book.add(strike("a2", killed=16, published=date(2024, 3, 4)))
    [incident] = book.incidents()
    assert incident.killed.best == 16 and incident.killed.high == 17


def test_same_date_takes_largest():
    book = IncidentBook()
    book.add(strike("a1", injured=20))
    book.add(strike("a2", injured=8))
    [incident] = book.incidents()
    assert incident.injured.best == 20 and incident.injured.low == 8
    assert len(incident.reports) == 2


def test_repeated_article_changes_nothing():
    book = IncidentBook()
    first = book.add(strike("a1", killed=3))
    assert first and first[0].version == 1
    assert book.add(strike("a1", killed=3)) == []
    [incident] = book.incidents()
    assert incident.version == 1 and len(incident.reports) == 1


def test_reprocessed_article_replaces_its_report():
    """Same article, same event id: the new extraction replaces the old report."""
    book = IncidentBook()
    book.add(strike("a1", killed=3))
    book.add(strike("a1", killed=4))
    [incident] = book.incidents()
    assert incident.killed.best == 4 and len(incident.reports) == 1


def test_different_weapon_class_or_day_or_place_are_different_incidents():
    book = IncidentBook()
    book.add(strike("a1", weapon_class="drone"))
    book.add(strike("a1", weapon_class="artillery"))
    book.add(strike("a1", day=date(2024, 3, 3)))
    book.add(strike("a1", location="Izmail"))
    assert len(book.incidents()) == 4


def test_unknown_weapon_joins_the_only_incident_of_its_cell():
    book = IncidentBook()
    book.add(strike("a1", weapon_class="missile", killed=2))
    book.add(strike("a2", weapon_class="unknown", killed=2))
    [incident] = book.incidents()
    assert incident.weapon_class == "missile" and len(incident.reports) == 2


def test_dateless_reports_merge_only_within_their_article():
    assert cell_key(strike("a1", day=None)) != cell_key(strike("a2", day=None))
    book = IncidentBook()
    book.add(strike("a1", day=None, killed=1, published=None))
    book.add(strike("a2", day=None, killed=1, published=None))
    assert len(book.incidents()) == 2


def test_claims_stay_apart_from_confirmed_figures():
    book = IncidentBook()
    book.add(strike("a1", killed=0, status="disputed", claimed_killed=600, claimed_by="Russian Defense Ministry"))
    [incident] = book.incidents()
    assert incident.killed.best == 0 and incident.claimed_killed == 600
    assert incident.claimed_by == "Russian Defense Ministry" and incident.status == "disputed"
    totals = compute(book.incidents())["totals"]
    assert totals["killed"] == 0 and totals["claimed_killed"] == 600


def test_claim_only_incident_counts_as_claimed():
    book = IncidentBook()
    book.add(strike("a1", injured=13, status="claimed", country="Russia", location=None, oblast=None))
    [incident] = book.incidents()
    assert incident.injured.best is None and incident.claimed_injured == 13
    totals = compute(book.incidents())["totals"]
    assert totals["strikes"] == 0 and totals["claimed_strikes"] == 1 and totals["claimed_injured"] == 13


def test_reference_only_incident_is_not_counted_but_reference_merges_into_original():
    book = IncidentBook()
    book.add(strike("old", killed=5, new=False))
    assert compute(book.incidents())["totals"]["strikes"] == 0
    book.add(strike("orig", killed=5, new=True))
    [incident] = book.incidents()
    assert incident.new and compute(book.incidents())["totals"] == {
        "strikes": 1, "killed": 5, "injured": 0, "claimed_strikes": 0, "claimed_killed": 0, "claimed_injured": 0}


_report_keys = st.tuples(st.integers(0, 5), st.sampled_from(["Sumy", "Dnipro"]), st.integers(1, 3),
                         st.sampled_from(["drone", "missile", "unknown"]))


@st.composite
def reports(draw):
    """Reports as a deterministic extractor makes them: one content per event id, in any order."""
    keys = draw(st.lists(_report_keys, max_size=25))
    killed = {key: draw(st.one_of(st.none(), st.integers(0, 50))) for key in keys}
    return [strike(f"a{art}", location=loc, day=date(2024, 3, day), weapon_class=cls, killed=killed[(art, loc, day, cls)],
                   published=date(2024, 3, day)) for art, loc, day, cls in keys]


@settings(max_examples=150, deadline=None)
@given(reports())
def test_replaying_everything_again_changes_nothing(events):
    book = IncidentBook()
    book.extend(events)
    before = sorted((i.model_dump(exclude={"updated_at"}) for i in book.incidents()), key=lambda d: d["incident_id"])
    counts = compute(book.incidents())
    for event in events:  # a full replay: every article re-delivered
        book.add(event)
    after = sorted((i.model_dump(exclude={"updated_at"}) for i in book.incidents()), key=lambda d: d["incident_id"])
    assert after == before
    assert compute(book.incidents()) == counts


@settings(max_examples=150, deadline=None)
@given(reports())
def test_confirmed_killed_never_exceeds_sum_of_per_incident_maxima(events):
    book = IncidentBook()
    book.extend(events)
    total = compute(book.incidents())["totals"]["killed"]
    assert total == sum(i.killed.best or 0 for i in book.incidents() if i.new)
    assert all((i.killed.low or 0) <= (i.killed.best or 0) <= (i.killed.high or 0) for i in book.incidents())


def test_unknown_weapon_report_first_then_two_classes_retires_the_unknown_incident():
    from streams.merge import apply_report

    state, changes = apply_report(None, strike("a1", weapon_class="unknown", killed=1))
    [(before, unknown)] = changes
    assert before is None and unknown.weapon_class == "unknown"
    state, changes = apply_report(state, strike("a2", weapon_class="drone", killed=1))
    # the unknown report now belongs to the drone incident: the unknown id is retired
    assert {(b.incident_id if b else None, a.incident_id if a else None) for b, a in changes} == {
        (None, changes[0][1].incident_id), (unknown.incident_id, None)}
    state, changes = apply_report(state, strike("a3", weapon_class="missile", killed=2))
    # two classes now: the unknown report cannot be placed, so it stands alone again
    kinds = sorted(i["weapon_class"] for i in state["incidents"].values())
    assert kinds == ["drone", "missile", "unknown"]
    assert state["versions"][unknown.incident_id] == 3  # created, retired, recreated: versions only rise


@settings(max_examples=150, deadline=None)
@given(reports(), st.randoms(use_true_random=False))
def test_the_merge_does_not_depend_on_arrival_order(events, rnd):
    forward, shuffled = IncidentBook(), IncidentBook()
    forward.extend(events)
    mixed = list(events)
    rnd.shuffle(mixed)
    shuffled.extend(mixed)

    def content(book):
        return sorted((i.model_dump(exclude={"updated_at", "version"}) for i in book.incidents()),
                      key=lambda d: d["incident_id"])

    assert content(forward) == content(shuffled)
    assert compute(forward.incidents()) == compute(shuffled.incidents())
