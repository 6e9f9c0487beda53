"""Alert rules: what fires, what never fires, and that repeats never re-alert."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, datetime, timedelta, timezone

import orjson
from hypothesis import given, settings, strategies as st

from schemas.incident import Figure, Incident, Report
from streams.alerting.rules import (
    ENERGY_STRIKE,
    MASS_CASUALTY,
    STRIKE_SURGE,
    TOLL_REVISED_UPWARD,
    WATCHED_PLACE,
    AlertRules,
    SurgeWindow,
    incident_alerts,
)
from streams.settings import Settings

NOW = datetime(2024, 3, 2, 8, 30, tzinfo=timezone.utc)
RULES = AlertRules(mass_casualty_killed=10, watched_places=frozenset({"Kyiv", "Odesa"}), surge_strikes=3)


def incident(
    iid: str = "inc-1",
    *,
    killed: int | None = None,
    location: str | None = "Kramatorsk",
    oblast: str | None = "Donetsk",
    day: date | None = date(2024, 3, 1),
    target: str = "residential",
    status: str = "confirmed",
    new: bool = True,
    reports: int = 1,
    version: int = 1,
    **extra,
) -> Incident:
    return Incident(
        incident_id=iid, version=version, location=location, oblast=oblast, date=day, target=target,
        status=status, new=new, weapon_class="missile",
        killed=Figure(low=killed, best=killed, high=killed), injured=Figure(low=2, best=4, high=4),
        reports=[Report(article_id=f"a{n}", event_id=f"e{n}", source=f"outlet{n % 2}") for n in range(reports)],
        **extra,
    )


def rules_fired(alerts) -> list[str]:
    return [a.rule for a in alerts]


# --- mass casualty ------------------------------------------------------------------------------


def test_mass_casualty_fires_at_threshold_with_alertmanager_labels():
    [alert] = incident_alerts(None, incident(killed=10, reports=3), RULES, NOW)
    assert alert.rule == MASS_CASUALTY and alert.severity == "critical"
    assert alert.labels == {
        "alertname": "MassCasualty", "alert_id": alert.alert_id, "severity": "critical",
        "service": "conflict-streams", "oblast": "Donetsk", "location": "Kramatorsk", "incident_id": "inc-1",
    }
    assert len(alert.alert_id) == 16 and int(alert.alert_id, 16) >= 0
    assert alert.annotations["summary"] == alert.summary
    description = alert.annotations["description"]
    assert "killed 10" in description and "injured 4 (reports range 2-4)" in description
    assert "3 report(s) from 2 source(s)" in description
    assert alert.starts_at == NOW


def test_below_threshold_is_silent():
    assert incident_alerts(None, incident(killed=9), RULES, NOW) == []


def test_mass_casualty_fires_once_per_incident():
    v1 = incident(killed=4)
    v2 = incident(killed=12, version=2)
    v3 = incident(killed=15, version=3)
    first = incident_alerts(v1, v2, RULES, NOW)
    assert rules_fired(first) == [MASS_CASUALTY, TOLL_REVISED_UPWARD]
    later = incident_alerts(v2, v3, RULES, NOW)
    assert rules_fired(later) == [TOLL_REVISED_UPWARD]  # already a mass casualty: only the revision
    # Replayed from scratch (old state lost): the same id, which receivers merge.
    assert incident_alerts(None, v3, RULES, NOW)[0].alert_id == first[0].alert_id


def test_claims_never_alert_as_confirmed_casualties():
    claim_only = incident(killed=None, claimed_killed=600, claimed_by="Russian Defense Ministry")
    assert incident_alerts(None, claim_only, RULES, NOW) == []
    claimed_status = incident(killed=50, status="claimed", location="Kyiv", target="energy")
    assert incident_alerts(None, claimed_status, RULES, NOW) == []
    disputed = incident(killed=50, status="disputed")
    assert incident_alerts(None, disputed, RULES, NOW) == []


def test_claim_is_shown_apart_in_the_description():
    alert = incident_alerts(None, incident(killed=11, claimed_killed=600, claimed_by="MoD"), RULES, NOW)[0]
    assert "killed 11" in alert.annotations["description"]
    assert "Claim by MoD: 600 killed (unverified, not counted)" in alert.annotations["description"]


def test_reference_to_an_earlier_strike_never_alerts():
    assert incident_alerts(None, incident(killed=30, new=False, location="Kyiv", target="energy"), RULES, NOW) == []


# --- toll revised upward ------------------------------------------------------------------------


def test_toll_revised_upward_counts_the_new_figure_not_the_sum():
    [alert] = incident_alerts(incident(killed=3), incident(killed=6, version=2), RULES, NOW)
    assert alert.rule == TOLL_REVISED_UPWARD and alert.labels["alertname"] == "TollRevisedUpward"
    assert "3 -> 6 killed" in alert.summary and "killed 6" in alert.annotations["description"]


def test_repeated_mention_yields_nothing():
    old = incident(killed=6, reports=1)
    mention = incident(killed=6, reports=2, version=2)  # one more article, same figures
    assert incident_alerts(old, mention, RULES, NOW) == []


def test_same_figure_never_realerts_and_downward_is_silent():
    up = incident_alerts(incident(killed=3), incident(killed=6), RULES, NOW)[0]
    assert incident_alerts(incident(killed=6), incident(killed=5), RULES, NOW) == []
    again = incident_alerts(incident(killed=5), incident(killed=6), RULES, NOW)[0]
    assert again.alert_id == up.alert_id
    higher = incident_alerts(incident(killed=6), incident(killed=7), RULES, NOW)[0]
    assert higher.alert_id != up.alert_id


def test_first_figure_is_not_a_revision():
    assert incident_alerts(incident(killed=None), incident(killed=4), RULES, NOW) == []


# --- watched place and energy ------------------------------------------------------------------


def test_watched_place_case_insensitive_once_per_incident():
    first = incident(location="KYIV", oblast="Kyiv", killed=1)
    [alert] = incident_alerts(None, first, RULES, NOW)
    assert alert.rule == WATCHED_PLACE and alert.labels["alertname"] == "WatchedPlace"
    later = incident_alerts(first, incident(location="KYIV", oblast="Kyiv", killed=2, version=2), RULES, NOW)
    assert rules_fired(later) == [TOLL_REVISED_UPWARD]  # the place alerted already
    assert incident_alerts(None, incident(location="kyiv", oblast="Kyiv"), RULES, NOW)[0].alert_id == alert.alert_id


def test_watched_place_matches_the_place_not_the_oblast():
    assert incident_alerts(None, incident(location="Bucha", oblast="Kyiv"), RULES, NOW) == []
    assert incident_alerts(None, incident(location=None, oblast="Kyiv"), RULES, NOW) == []


def test_energy_strike_fires_when_target_becomes_energy():
    unknown = incident(target="unknown")
    energy = incident(target="energy", version=2)
    [alert] = incident_alerts(unknown, energy, RULES, NOW)
    assert alert.rule == ENERGY_STRIKE and alert.labels["alertname"] == "EnergyStrike"
    assert "target energy" in alert.annotations["description"]
    assert incident_alerts(energy, energy, RULES, NOW) == []
    assert incident_alerts(None, energy, RULES, NOW)[0].alert_id == alert.alert_id


def test_naive_now_is_taken_as_utc():
    alert = incident_alerts(None, incident(killed=20), RULES, datetime(2024, 3, 2, 8, 30))[0]
    assert alert.starts_at == NOW


def test_rules_from_settings():
    s = Settings(alert_mass_casualty_killed=7, alert_watched_places=" Kyiv, Lviv ,", alert_surge_strikes=4)
    rules = AlertRules.from_settings(s)
    assert rules == AlertRules(7, frozenset({"Kyiv", "Lviv"}), 4, 24)
    assert rules.watches("lviv") and not rules.watches("Lvivka") and not rules.watches(None)


# --- surge ---------------------------------------------------------------------------------------


def strike(n: int, oblast: str = "Kharkiv", day: date = date(2024, 3, 1), **kw) -> Incident:
    return incident(f"{oblast}-{day}-{n}", location=f"Village{n}", oblast=oblast, day=day, **kw)


def test_surge_fires_once_when_the_count_is_reached():
    window = SurgeWindow(RULES)
    assert window.add(strike(1), NOW) == [] and window.add(strike(2), NOW) == []
    [alert] = window.add(strike(3), NOW)
    assert alert.rule == STRIKE_SURGE and alert.labels["alertname"] == "StrikeSurge"
    assert alert.oblast == "Kharkiv" and alert.incident_id is None and "incident_id" not in alert.labels
    assert "3 strikes in Kharkiv oblast" in alert.summary
    assert "Village1, Village2, Village3" in alert.annotations["description"]
    assert window.add(strike(4), NOW) == []  # same surge: no second alert
    assert window.add(strike(3), NOW) == []  # same incident again: counted once


def test_surge_counts_per_oblast_and_only_confirmed_new_dated_strikes():
    window = SurgeWindow(RULES)
    window.add(strike(1, "Kharkiv"), NOW)
    window.add(strike(2, "Sumy"), NOW)
    window.add(strike(3, status="claimed"), NOW)
    window.add(strike(4, new=False), NOW)
    window.add(strike(5, day=None), NOW)
    window.add(strike(6, oblast=None), NOW)
    assert window.add(strike(7, "Kharkiv"), NOW) == []
    assert len(window.add(strike(8, "Kharkiv"), NOW)) == 1


def test_surge_uses_event_dates_not_arrival():
    window = SurgeWindow(RULES)
    for n, day in enumerate([date(2024, 3, 1), date(2024, 3, 2), date(2024, 3, 4)]):
        assert window.add(strike(n, day=day), NOW) == []
    wide = SurgeWindow(AlertRules(10, frozenset(), surge_strikes=3, surge_window_hours=72))
    alerts = [a for n, d in enumerate([date(2024, 3, 1), date(2024, 3, 2), date(2024, 3, 3)])
              for a in wide.add(strike(n, day=d), NOW)]
    assert len(alerts) == 1 and "from 2024-03-01" in alerts[0].summary


def test_surge_late_strike_completes_an_earlier_day():
    window = SurgeWindow(RULES)
    window.add(strike(1, day=date(2024, 3, 1)), NOW)
    window.add(strike(2, day=date(2024, 3, 1)), NOW)
    window.add(strike(3, day=date(2024, 3, 5)), NOW)
    [alert] = window.add(strike(4, day=date(2024, 3, 1)), NOW)
    assert "from 2024-03-01" in alert.summary


def test_surge_state_is_bounded_and_ignores_strikes_older_than_retention():
    window = SurgeWindow(RULES, retention_hours=48)
    start = date(2024, 1, 1)
    for d in range(60):
        for n in range(3):
            window.add(strike(n, day=start + timedelta(days=d)), NOW)
    kept = window.to_dict()
    assert len(kept["strikes"]["Kharkiv"]) == 9  # three days of three strikes
    assert len(kept["fired"]["Kharkiv"]) == 3
    assert window.add(strike(9, day=start), NOW) == []  # far too late
    assert len(window.to_dict()["strikes"]["Kharkiv"]) == 9


def test_surge_state_round_trips_through_json():
    window = SurgeWindow(RULES)
    window.add(strike(1), NOW)
    window.add(strike(2), NOW)
    restored = SurgeWindow.from_dict(orjson.loads(orjson.dumps(window.to_dict())))
    assert restored == window
    assert restored.add(strike(2), NOW) == []
    assert len(restored.add(strike(3), NOW)) == 1
    assert len(window.add(strike(3), NOW)) == 1  # the original would have done the same
    again = SurgeWindow.from_dict(orjson.loads(orjson.dumps(restored.to_dict())))
    assert again.add(strike(4), NOW) == []  # the fired bucket survived the round trip


def test_surge_from_dict_takes_new_thresholds():
    window = SurgeWindow(RULES)
    window.add(strike(1), NOW)
    stricter = SurgeWindow.from_dict(window.to_dict(), AlertRules(10, frozenset(), surge_strikes=2))
    assert stricter.threshold == 2 and len(stricter.add(strike(2), NOW)) == 1


# --- properties: idempotence ---------------------------------------------------------------------

incidents = st.builds(
    incident,
    iid=st.sampled_from(["a", "b"]),
    killed=st.none() | st.integers(0, 40),
    location=st.sampled_from([None, "Kyiv", "kyiv", "Odesa", "Dnipro"]),
    oblast=st.sampled_from([None, "Kyiv", "Odesa", "Dnipropetrovsk"]),
    target=st.sampled_from(["energy", "residential", "unknown"]),
    status=st.sampled_from(["confirmed", "claimed", "disputed"]),
    new=st.booleans(),
    reports=st.integers(1, 4),
    claimed_killed=st.none() | st.integers(0, 1000),
)


@given(incidents)
def test_same_version_twice_never_realerts(x):
    assert incident_alerts(x, x, RULES, NOW) == []
    assert incident_alerts(None, x, RULES, NOW) == incident_alerts(None, x.model_copy(deep=True), RULES, NOW)


@given(incidents, st.integers(1, 3))
def test_repeated_mention_never_alerts(x, extra_reports):
    mention = x.model_copy(update={
        "version": x.version + 1,
        "reports": x.reports + [Report(article_id=f"z{n}", event_id=f"z{n}") for n in range(extra_reports)],
    })
    assert incident_alerts(x, mention, RULES, NOW) == []


@given(incidents, st.none() | st.integers(0, 1000), st.sampled_from([None, "MoD", "Wagner"]))
def test_claims_do_not_change_alerts(x, claimed_killed, claimed_by):
    claimed = x.model_copy(update={"claimed_killed": claimed_killed, "claimed_by": claimed_by})
    ids = lambda alerts: [(a.rule, a.alert_id) for a in alerts]  # noqa: E731
    assert ids(incident_alerts(None, claimed, RULES, NOW)) == ids(incident_alerts(None, x, RULES, NOW))


@given(st.lists(st.integers(0, 30), min_size=1, max_size=8), st.lists(st.integers(1, 3), min_size=8, max_size=8))
def test_duplicated_deliveries_give_the_same_alert_ids(tolls, repeats):
    """A version stream with every version re-delivered gives exactly the alerts of the stream."""
    versions = [incident("a", killed=k, location="Kyiv", target="energy", version=n + 1) for n, k in enumerate(tolls)]
    redelivered = [v for v, r in zip(versions, repeats) for _ in range(r)]

    def run(stream):
        old, out = None, []
        for v in stream:
            out += incident_alerts(old, v, RULES, NOW)
            old = v
        return out

    once, twice = run(versions), run(redelivered)
    assert [a.alert_id for a in once] == [a.alert_id for a in twice]
    distinct = Counter(rule for rule, _ in {(a.rule, a.alert_id) for a in twice})
    assert distinct[MASS_CASUALTY] == (max(tolls) >= RULES.mass_casualty_killed)  # one id per incident
    assert distinct[WATCHED_PLACE] == 1 and distinct[ENERGY_STRIKE] == 1
    toll_ids = [a.alert_id for a in twice if a.rule == TOLL_REVISED_UPWARD]
    rises = {b for a, b in zip(tolls, tolls[1:]) if b > a}
    assert len(set(toll_ids)) == len(rises)  # one id per new figure, never per mention


@settings(max_examples=60)
@given(
    st.lists(st.tuples(st.sampled_from(["Kharkiv", "Sumy"]), st.integers(0, 3), st.integers(0, 5)), max_size=30),
    st.randoms(use_true_random=False),
)
def test_surge_alerts_do_not_depend_on_order_or_duplicates(strikes, rnd: random.Random):
    stream = [strike(n, oblast, date(2024, 3, 1) + timedelta(days=d)) for oblast, d, n in strikes]

    def run(items):
        window = SurgeWindow(RULES)
        return sorted(a.alert_id for x in items for a in window.add(x, NOW))

    shuffled = stream + stream[: len(stream) // 2]
    rnd.shuffle(shuffled)
    per_day = Counter((x.oblast, x.date) for x in {x.incident_id: x for x in stream}.values())
    expected = sum(1 for c in per_day.values() if c >= RULES.surge_strikes)
    assert run(stream) == run(shuffled)
    assert len(run(stream)) == expected
