"""A real Alertmanager receives the rules' alerts; read back through its API v2.

Idempotence must be visible where people look: pushing the same alerts again leaves one
Alertmanager alert per ``alert_id``.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timezone

import aiohttp
import pytest

from amtools import start_alertmanager, stop_alertmanager
from schemas.incident import Figure, Incident, Report
from streams.alerting.receivers import AlertmanagerReceiver
from streams.alerting.rules import AlertRules, SurgeWindow, incident_alerts

pytestmark = pytest.mark.integration

RULES = AlertRules(mass_casualty_killed=10, watched_places=frozenset({"Kharkiv"}), surge_strikes=3)


@pytest.fixture
def alertmanager(tmp_path):
    proc, url = start_alertmanager(tmp_path)
    yield url
    stop_alertmanager(proc)


def strike(iid: str, location: str, killed: int | None, target: str = "residential", sources: int = 1) -> Incident:
    return Incident(
        incident_id=iid, location=location, oblast="Kharkiv", country="Ukraine", date=date(2024, 5, 25),
        weapon_class="air", weapon="KAB glide bomb", target=target,
        killed=Figure(low=killed, best=killed, high=killed), injured=Figure(low=40, best=43, high=43),
        reports=[Report(article_id=f"{iid}-a{n}", event_id=f"{iid}-e{n}", source=f"outlet{n}") for n in range(sources)],
    )


def rule_alerts(now: datetime) -> list:
    """Alerts the rules raise over a small, made-up stream of incident versions."""
    first = strike("inc-store", "Kharkiv", killed=6, sources=2)
    revised = first.model_copy(update={"version": 2, "killed": Figure(low=6, best=12, high=12)})
    others = [strike("inc-2", "Chuhuiv", 1, target="energy"), strike("inc-3", "Kupiansk", None)]
    alerts = incident_alerts(None, first, RULES, now) + incident_alerts(first, revised, RULES, now)
    for inc in others:
        alerts += incident_alerts(None, inc, RULES, now)
    window = SurgeWindow(RULES)
    for inc in [first, revised, *others]:
        alerts += window.add(inc, now)
    return alerts


async def alertmanager_alerts(session: aiohttp.ClientSession, url: str) -> list[dict]:
    async with session.get(f"{url}/api/v2/alerts") as resp:
        assert resp.status == 200
        return [a for a in await resp.json() if a["labels"].get("service") == "conflict-streams"]


async def test_alertmanager_receives_rule_alerts_once_per_id(alertmanager):
    now = datetime.now(timezone.utc).replace(microsecond=0)
    alerts = rule_alerts(now)
    assert {a.rule for a in alerts} == {
        "mass_casualty", "toll_revised_upward", "watched_place", "energy_strike", "strike_surge"}

    receiver = AlertmanagerReceiver(alertmanager, retries=3, backoff=0.05)
    async with aiohttp.ClientSession() as session:
        assert await receiver.push(alerts)
        received = await alertmanager_alerts(session, alertmanager)
        by_id = {a["labels"]["alert_id"]: a for a in received}
        assert sorted(by_id) == sorted(a.alert_id for a in alerts)
        for alert in alerts:
            got = by_id[alert.alert_id]
            assert got["labels"] == alert.labels
            assert got["annotations"] == alert.annotations
            assert datetime.fromisoformat(got["startsAt"].replace("Z", "+00:00")) == now
            assert got["status"]["state"] in {"active", "unprocessed"}
        mass = by_id[next(a.alert_id for a in alerts if a.rule == "mass_casualty")]
        assert mass["labels"]["alertname"] == "MassCasualty" and mass["labels"]["severity"] == "critical"
        assert "killed 12" in mass["annotations"]["description"]

        # The same alerts again (a re-delivered incident, a restarted worker): nothing new.
        assert await receiver.push(rule_alerts(now))
        again = await alertmanager_alerts(session, alertmanager)
        assert Counter(a["labels"]["alert_id"] for a in again) == Counter(a.alert_id for a in alerts)
        assert len(again) == len(alerts)
    await receiver.close()
