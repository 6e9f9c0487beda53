"""Alert rules: pure functions from incident versions to alerts, no I/O, no clock.

Every rule is *edge-triggered*: it fires when an incident version enters the rule's
condition and the previous version (``old``) was not in it. Every alert id is a hash of the
rule and the facts that fired it (incident id, and for a revised toll the new figure), so
even when a transition is replayed — a worker restarted before committing — receivers see
the same id again, never a new alert. A repeated mention (same figures, one more report)
changes nothing a rule looks at, so it yields nothing.

Only confirmed, new incidents alert, and only on confirmed figures: a belligerent's claim
(``claimed_killed``) never makes a casualty alert, and a reference back to an earlier
strike (``new=False``) never counts as a strike.

The surge detector needs memory (strikes per oblast over a window); it is kept as a small
explicit state object, :class:`SurgeWindow`, that serialises to a plain dict so the worker
can keep it in a Faust table.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from datetime import datetime, time, timezone
from typing import Any, Callable, Literal

from schemas.alert import Alert
from schemas.incident import Incident
from streams.settings import Settings

SERVICE = "conflict-streams"

MASS_CASUALTY = "mass_casualty"
TOLL_REVISED_UPWARD = "toll_revised_upward"
WATCHED_PLACE = "watched_place"
ENERGY_STRIKE = "energy_strike"
STRIKE_SURGE = "strike_surge"

#: Every rule name, in the order :func:`incident_alerts` evaluates them (surge last).
RULES: tuple[str, ...] = (MASS_CASUALTY, TOLL_REVISED_UPWARD, WATCHED_PLACE, ENERGY_STRIKE, STRIKE_SURGE)

Severity = Literal["info", "warning", "critical"]


@dataclass(frozen=True)
class AlertRules:
    """The thresholds every rule reads; built from settings (``STREAMS_ALERT_*``)."""

    mass_casualty_killed: int
    watched_places: frozenset[str]
    surge_strikes: int
    surge_window_hours: int = 24

    @classmethod
    def from_settings(cls, s: Settings) -> "AlertRules":
        return cls(
            mass_casualty_killed=s.alert_mass_casualty_killed,
            watched_places=frozenset(s.watched_places),
            surge_strikes=s.alert_surge_strikes,
        )

    def watches(self, location: str | None) -> bool:
        """Is ``location`` a watched place? Canonical names compared case-insensitively."""
        return location is not None and _fold(location) in {_fold(p) for p in self.watched_places}


# --- helpers -------------------------------------------------------------------------------


def alert_id(rule: str, *parts: object) -> str:
    """Deterministic id: sha256 of the rule and the key parts, 16 hex digits."""
    text = "\x1f".join([rule, *("" if p is None else str(p) for p in parts)])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def alertname(rule: str) -> str:
    """Alertmanager's ``alertname``: the rule in CamelCase (mass_casualty -> MassCasualty)."""
    return "".join(word.capitalize() for word in rule.split("_"))


def _fold(name: str) -> str:
    return unicodedata.normalize("NFKC", name).strip().casefold()


def _utc(now: datetime) -> datetime:
    return now.replace(tzinfo=timezone.utc) if now.tzinfo is None else now.astimezone(timezone.utc)


def _eligible(incident: Incident) -> bool:
    return incident.status == "confirmed" and incident.new


def counts_toward_surge(old: Incident | None, new: Incident) -> bool:
    """Is ``new`` the version at which an incident starts to count for the surge rule?

    :meth:`SurgeWindow.add` counts an incident once, from its first eligible version
    (confirmed, new, with an oblast and a date; place and date never change for an incident
    id), and ignores every later version. Only that version needs to reach the surge
    windows: sending the others would cost a message, a decode and a table write each for
    no change.
    """
    return _eligible(new) and new.oblast is not None and new.date is not None and (old is None or not _eligible(old))


def _killed(incident: Incident) -> int | None:
    """Best confirmed killed; ``claimed_killed`` is deliberately never read here."""
    return incident.killed.best


def _place(incident: Incident) -> str:
    if incident.location and incident.oblast and incident.location != incident.oblast:
        return f"{incident.location} ({incident.oblast} oblast)"
    if incident.location:
        return incident.location
    return f"{incident.oblast} oblast" if incident.oblast else "an unknown place"


def _figure(name: str, low: int | None, best: int | None, high: int | None) -> str:
    if best is None:
        return f"{name} unknown"
    if low is not None and high is not None and low != high:
        return f"{name} {best} (reports range {low}-{high})"
    return f"{name} {best}"


def _description(incident: Incident) -> str:
    """Figures and sourcing, for the human reading the alert."""
    kind = incident.weapon_class if incident.weapon_class != "unknown" else "unknown-weapon"
    weapon = f" ({incident.weapon})" if incident.weapon else ""
    target = f", target {incident.target}" if incident.target != "unknown" else ""
    when = incident.date.isoformat() if incident.date else "date unknown"
    k, i = incident.killed, incident.injured
    sources = len({r.source for r in incident.reports})
    text = (
        f"{kind.capitalize()} strike{weapon} on {_place(incident)}, {when}{target}. "
        f"Confirmed: {_figure('killed', k.low, k.best, k.high)}, {_figure('injured', i.low, i.best, i.high)}. "
        f"{len(incident.reports)} report(s) from {sources} source(s)."
    )
    if incident.claimed_killed is not None:
        by = incident.claimed_by or "an unverified source"
        text += f" Claim by {by}: {incident.claimed_killed} killed (unverified, not counted)."
    return text


def _alert(
    rule: str,
    severity: Severity,
    key: tuple[object, ...],
    summary: str,
    description: str,
    now: datetime,
    *,
    incident_id: str | None = None,
    oblast: str | None = None,
    location: str | None = None,
) -> Alert:
    aid = alert_id(rule, *key)
    labels = {
        "alertname": alertname(rule),
        "alert_id": aid,
        "severity": severity,
        "service": SERVICE,
        "oblast": oblast,
        "location": location,
        "incident_id": incident_id,
    }
    return Alert(
        alert_id=aid,
        rule=rule,
        severity=severity,
        incident_id=incident_id,
        oblast=oblast,
        location=location,
        summary=summary,
        labels={k: v for k, v in labels.items() if v},
        annotations={"summary": summary, "description": description},
        starts_at=_utc(now),
    )


def _incident_alert(rule: str, severity: Severity, key: tuple[object, ...], summary: str,
                    incident: Incident, now: datetime) -> Alert:
    return _alert(rule, severity, (incident.incident_id, *key), summary, _description(incident), now,
                  incident_id=incident.incident_id, oblast=incident.oblast, location=incident.location)


# --- incident rules ---------------------------------------------------------------------------

Condition = Callable[[Incident], bool]


def _entered(old: Incident | None, new: Incident, condition: Condition) -> bool:
    """Edge trigger: ``new`` meets the condition and ``old`` (if any) did not."""
    return condition(new) and (old is None or not condition(old))


def incident_alerts(old: Incident | None, new: Incident, rules: AlertRules, now: datetime) -> list[Alert]:
    """Alerts raised by the change from ``old`` (``None``: first version) to ``new``.

    Same ``(old, new)`` in, same alerts (same ids) out; ``old == new`` gives none.
    """
    alerts: list[Alert] = []
    place = _place(new)

    def mass(i: Incident) -> bool:
        killed = _killed(i)
        return _eligible(i) and killed is not None and killed >= rules.mass_casualty_killed

    if _entered(old, new, mass):
        alerts.append(_incident_alert(
            MASS_CASUALTY, "critical", (), f"Mass-casualty strike on {place}: {_killed(new)} killed (confirmed)", new, now))

    before, after = (_killed(old) if old is not None else None), _killed(new)
    if _eligible(new) and before is not None and after is not None and after > before:
        alerts.append(_incident_alert(
            TOLL_REVISED_UPWARD, "warning", (after,),
            f"Death toll revised upward on {place}: {before} -> {after} killed (confirmed)", new, now))

    if _entered(old, new, lambda i: _eligible(i) and rules.watches(i.location)):
        alerts.append(_incident_alert(WATCHED_PLACE, "warning", (), f"Strike on watched place {place}", new, now))

    if _entered(old, new, lambda i: _eligible(i) and i.target == "energy"):
        alerts.append(_incident_alert(ENERGY_STRIKE, "warning", (), f"Strike on energy infrastructure in {place}", new, now))

    return alerts


# --- surge ---------------------------------------------------------------------------------------


class SurgeWindow:
    """Strikes per oblast in a sliding window, by event time.

    A strike's time is its incident's date (UTC midnight): counting by event time keeps a
    replay of old articles from piling months of strikes into one "surge". Incidents with
    no date or no oblast cannot be placed in a window and are not counted.

    A window starts at a strike and spans ``surge_window_hours``; when one that holds the
    new strike counts ``surge_strikes`` or more, the rule fires once per
    ``(oblast, window-start bucket)`` (bucket: start // window length), so further strikes in
    the same surge add nothing. Memory is bounded: strikes older than ``retention_hours``
    behind the newest strike seen are dropped, and later reports of them ignored.
    """

    def __init__(self, rules: AlertRules, retention_hours: int = 7 * 24) -> None:
        self.threshold = rules.surge_strikes
        self.window_hours = rules.surge_window_hours
        self.retention_hours = max(retention_hours, rules.surge_window_hours)
        self.watermark: int | None = None  # newest strike time seen (epoch seconds)
        self.strikes: dict[str, dict[str, tuple[int, str | None]]] = {}  # oblast -> id -> (time, location)
        self.fired: dict[str, set[int]] = {}  # oblast -> window-start buckets that alerted

    @property
    def _window(self) -> int:
        return self.window_hours * 3600

    def add(self, incident: Incident, now: datetime) -> list[Alert]:
        """Count ``incident`` once; return the surge alerts it completes (usually none)."""
        oblast = incident.oblast
        if not _eligible(incident) or oblast is None or incident.date is None:
            return []
        seen = self.strikes.setdefault(oblast, {})
        if incident.incident_id in seen:
            return []
        t = int(datetime.combine(incident.date, time(0), timezone.utc).timestamp())
        if self.watermark is not None and t < self.watermark - self.retention_hours * 3600:
            return []  # too late to count against strikes already forgotten
        seen[incident.incident_id] = (t, incident.location)
        self.watermark = t if self.watermark is None else max(self.watermark, t)
        alerts = self._fire(oblast, t, now)
        self._evict()
        return alerts

    def _fire(self, oblast: str, t: int, now: datetime) -> list[Alert]:
        w = self._window
        times = sorted(x for x, _ in self.strikes[oblast].values())
        fired = self.fired.setdefault(oblast, set())
        alerts = []
        for start in sorted({a for a in times if a <= t < a + w}):
            inside = [(x, loc) for x, loc in self.strikes[oblast].values() if start <= x < start + w]
            bucket = start // w
            if len(inside) >= self.threshold and bucket not in fired:
                fired.add(bucket)
                alerts.append(self._alert(oblast, start, bucket, inside, now))
        return alerts

    def _alert(self, oblast: str, start: int, bucket: int, inside: list[tuple[int, str | None]], now: datetime) -> Alert:
        day = datetime.fromtimestamp(start, timezone.utc).date().isoformat()
        places = sorted({loc for _, loc in inside if loc})
        where = ", ".join(places) if places else "places not given"
        summary = f"Surge: {len(inside)} strikes in {oblast} oblast within {self.window_hours} h (from {day})"
        description = (
            f"{len(inside)} confirmed new strikes in {oblast} oblast in the {self.window_hours} h window starting "
            f"{day} (threshold {self.threshold}): {where}."
        )
        return _alert(STRIKE_SURGE, "warning", (oblast, self.window_hours, bucket), summary, description, now, oblast=oblast)

    def _evict(self) -> None:
        assert self.watermark is not None
        cutoff = self.watermark - self.retention_hours * 3600
        for oblast in list(self.strikes):
            kept = {i: v for i, v in self.strikes[oblast].items() if v[0] >= cutoff}
            if kept:
                self.strikes[oblast] = kept
            else:
                del self.strikes[oblast]
        for oblast in list(self.fired):
            kept_buckets = {b for b in self.fired[oblast] if (b + 1) * self._window > cutoff}
            if kept_buckets:
                self.fired[oblast] = kept_buckets
            else:
                del self.fired[oblast]

    # --- state as a plain, JSON-safe dict -------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        return {
            "threshold": self.threshold,
            "window_hours": self.window_hours,
            "retention_hours": self.retention_hours,
            "watermark": self.watermark,
            "strikes": {o: {i: [t, loc] for i, (t, loc) in s.items()} for o, s in self.strikes.items()},
            "fired": {o: sorted(b) for o, b in self.fired.items()},
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any], rules: AlertRules | None = None) -> "SurgeWindow":
        """Restore state; ``rules``, when given, override the stored thresholds (settings changed)."""
        rules = rules or AlertRules(
            mass_casualty_killed=1, watched_places=frozenset(),
            surge_strikes=int(d["threshold"]), surge_window_hours=int(d["window_hours"]),
        )
        window = cls(rules, retention_hours=int(d.get("retention_hours", 7 * 24)))
        window.watermark = d.get("watermark")
        window.strikes = {o: {i: (int(t), loc) for i, (t, loc) in s.items()} for o, s in d.get("strikes", {}).items()}
        window.fired = {o: set(map(int, b)) for o, b in d.get("fired", {}).items()}
        return window

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SurgeWindow) and self.to_dict() == other.to_dict()
