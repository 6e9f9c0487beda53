"""Within one article: many mentions of one strike become one incident.

Mentions join when they share place, day and kind of attack (ACLED's unit). An unknown
weapon joins a known one ("attacks in X today" + "missiles ripped through X Thursday"); a
mention without a date word joins a dated one; a mention with no place joins the nearest
incident it is compatible with (the same post first: "The strike killed at least 3 people,
police confirmed."), and is dropped if it has none and brings no figure. A region-level
mention is absorbed by the towns of that region the article names: "shelling killed two in
the Kherson region; in Kherson a man was killed, in Komyshany a woman" is two incidents of
one each, never a third with two.

Figures: the latest wins within the article, even when lower (a corrected toll), but an
attributed figure ("..., police said", a quote) outranks an unattributed aside ("medics
treated one wounded civilian"). Claims stay claims; an independent figure that contradicts
a claim (0 against 600) makes the incident *disputed*.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import date

from .strikes import FigureReport, Mention
from .weapons import ARTILLERY, UNKNOWN


class Incident:
    """The mentions of one strike, with the summary fields kept up to date as they join
    (so that merging stays linear however many times an article repeats itself)."""

    __slots__ = ("mentions", "last_order", "loc", "explicit_date", "historical", "sections", "figures",
                 "_classes", "orders", "_soft", "section_orders", "residual")

    def __init__(self) -> None:
        self.mentions: list[Mention] = []
        self.last_order = 0
        self.loc = None
        self.explicit_date: date | None = None
        self.historical = False
        self.sections: dict[int, list[int]] = {}   # section -> paragraphs of its mentions
        self.figures = False
        self._classes: dict[str, int] = {}
        self._soft = False
        self.orders: list[int] = []   # sorted positions of the mentions
        self.section_orders: dict[int, list[int]] = {}
        self.residual: dict[str, int | None] | None = None   # a regional total less its towns

    @property
    def first(self) -> Mention:
        return self.mentions[0]

    @property
    def weapon_class(self) -> str:
        if not self._classes:
            return ARTILLERY if self._soft else UNKNOWN
        return max(self._classes, key=self._classes.__getitem__)   # most mentioned, first on ties

    @property
    def hard_class(self) -> str:
        """The class a report named for sure ("shelling" alone does not count)."""
        if not self._classes:
            return UNKNOWN
        return max(self._classes, key=self._classes.__getitem__)

    def has_figures(self) -> bool:
        return self.figures

    def add(self, m: Mention) -> None:
        self.mentions.append(m)
        self.last_order = max(self.last_order, m.order)
        bisect.insort(self.orders, m.order)
        if self.loc is None and m.loc is not None:
            self.loc = m.loc
        if self.explicit_date is None and m.date_explicit and m.date is not None:
            self.explicit_date = m.date
        self.historical = self.historical or m.historical
        paras = self.sections.setdefault(m.section, [])
        if len(paras) < 64:
            paras.append(m.para)
        bisect.insort(self.section_orders.setdefault(m.section, []), m.order)
        self.figures = self.figures or bool(m.figures)
        if m.soft:
            self._soft = True
        elif m.weapon_class != UNKNOWN:
            self._classes[m.weapon_class] = self._classes.get(m.weapon_class, 0) + 1


def _same_place(a, b) -> bool:
    if a is None or b is None:
        return False
    if a.location or b.location:
        return a.location == b.location and (a.oblast == b.oblast or not a.oblast or not b.oblast)
    if a.oblast or b.oblast:
        return a.oblast == b.oblast
    return a.country == b.country


def _weapon_ok(inc: Incident, m: Mention, strict: bool = False) -> bool:
    """Same kind of attack. "Shelling" with no weapon named joins a rocket strike on the
    same place, but a report with no place never joins on so little (``strict``)."""
    cls = inc.weapon_class if strict else inc.hard_class
    mine = m.weapon_class if strict else (UNKNOWN if m.soft else m.weapon_class)
    return cls == UNKNOWN or mine == UNKNOWN or cls == mine


def _date_ok(inc: Incident, m: Mention) -> bool:
    d = inc.explicit_date
    if d is None or not m.date_explicit or m.date is None:
        return True
    return d == m.date


def _history_ok(inc: Incident, m: Mention) -> bool:
    """An undated look back ("a previous strike") never joins a fresh incident."""
    if m.historical and not m.date_explicit and not inc.historical:
        return False
    return True


def merge_mentions(mentions: list[Mention]) -> list[Incident]:
    incidents: list[Incident] = []
    by_place: dict[tuple, list[Incident]] = {}
    placed = [m for m in mentions if m.loc is not None]
    placeless = [m for m in mentions if m.loc is None]
    for m in placed:
        same = by_place.setdefault(_place_key(m.loc), [])
        ok = [inc for inc in same if _same_place(inc.loc, m.loc) and _weapon_ok(inc, m) and _date_ok(inc, m)]
        # a fresh mention joins a fresh incident, a look back an earlier one, unless the day says so
        pool = [inc for inc in ok if inc.historical == m.historical
                or (m.date_explicit and inc.explicit_date == m.date)]
        if not pool and ok and not m.date_explicit and not m.figures:
            pool = ok   # "after the attack on X" with no day and no figure: the strike on X already told
        if pool:
            best = max(pool, key=lambda inc: inc.last_order)
        else:
            best = Incident()
            incidents.append(best)
            same.append(best)
        best.add(m)
    incidents = _fold_vague(incidents, by_place)
    incidents.sort(key=lambda inc: inc.first.order)
    firsts = [inc.first.order for inc in incidents]
    for m in placeless:
        target = _nearest(incidents, firsts, m)
        if target is not None and not m.figures and not _close(target, m):
            target = None   # a bare "the attack" far from any incident says nothing about it
        if target is not None:
            target.add(m)
        elif m.figures:
            inc = Incident()
            # "Mykolaiv was shelled in 2022. A missile strike on the administration killed 37.":
            # a report with figures and no place is about the place its paragraph just named
            here = [x for x in placed if x.section == m.section and x.para == m.para and x.order < m.order]
            if here:
                m.loc = here[-1].loc
            inc.add(m)
            k = bisect.bisect_left(firsts, m.order)
            firsts.insert(k, m.order)
            incidents.insert(k, inc)
    incidents.sort(key=lambda inc: inc.first.order)
    incidents = _absorb_regions(incidents)
    incidents.sort(key=lambda inc: inc.first.order)
    return incidents


def _vague(inc: Incident) -> bool:
    return inc.explicit_date is None and not inc.figures


def _fold_vague(incidents: list[Incident], by_place: dict[tuple, list[Incident]]) -> list[Incident]:
    """An incident told only as "the attack on X" (no day, no figure) is the strike on X that
    the article tells better elsewhere, when there is one."""
    drop: set[int] = set()
    for same in by_place.values():
        if len(same) < 2:
            continue
        for inc in same:
            if not _vague(inc):
                continue
            others = [o for o in same if o is not inc and id(o) not in drop and not _vague(o)
                      and all(_weapon_ok(o, m) for m in inc.mentions)]
            if others:
                target = min(others, key=lambda o: abs(o.first.order - inc.first.order))
                for m in inc.mentions:
                    target.add(m)
                drop.add(id(inc))
    return [inc for inc in incidents if id(inc) not in drop]


def _place_key(loc) -> tuple:
    """Where a mention can merge: the town, else the region, else the country."""
    if loc.location:
        return ("town", loc.location)
    if loc.oblast:
        return ("oblast", loc.oblast)
    return ("country", loc.country)


#: a mention without a place looks at this many incidents on each side at most
NEAREST_LIMIT = 40


def _nearest(incidents: list[Incident], firsts: list[int], m: Mention) -> Incident | None:
    """The incident a place-less mention belongs to: compatible, in the same section if
    possible, reported before it if possible, the closest in the text."""
    best = None
    best_rank = None
    # incidents are in order of first mention: look at the ones around this mention only
    k = bisect.bisect_left(firsts, m.order)
    window = incidents[max(0, k - NEAREST_LIMIT):k + NEAREST_LIMIT]
    for inc in window:
        if not (_weapon_ok(inc, m, strict=True) and _date_ok(inc, m) and _history_ok(inc, m)):
            continue
        orders = inc.section_orders.get(m.section) or inc.orders
        pos = bisect.bisect_left(orders, m.order)
        before = m.order - orders[pos - 1] if pos > 0 else None
        after = orders[pos] - m.order if pos < len(orders) else None
        # the closest mention, one before counting double; the same section first
        dist = min(x for x in (before, None if after is None else 2 * after) if x is not None)
        rank = (0 if m.section in inc.sections else 1, dist)
        if best_rank is None or rank < best_rank:
            best, best_rank = inc, rank
    return best


def _close(inc: Incident, m: Mention, paras: int = 3) -> bool:
    return any(abs(p - m.para) <= paras for p in inc.sections.get(m.section, ()))


def _absorb_regions(incidents: list[Incident]) -> list[Incident]:
    """Drop a region-level incident when the article names towns of that region for it.

    A regional total whose towns are given with their own figures keeps only what the towns
    do not account for ("7 injured in the region; 1 in Kherson, 1 in Bilozerka" leaves 5 to
    the region); when the towns account for all of it, the region is no incident of its own.
    """
    keep = []
    towns_of: dict[str, list[Incident]] = {}
    parts_of: dict[str, list[Incident]] = {}
    for inc in incidents:
        if inc.loc is not None and inc.loc.location and inc.loc.oblast:
            towns_of.setdefault(inc.loc.oblast, []).append(inc)
        if inc.loc is not None and (inc.loc.location or inc.loc.oblast) and inc.loc.country:
            parts_of.setdefault(inc.loc.country, []).append(inc)
    for inc in incidents:
        loc = inc.loc
        towns: list[Incident] = []
        if loc is not None and loc.location is None and loc.oblast:
            towns = [o for o in towns_of.get(loc.oblast, ())[:NEAREST_LIMIT]
                     if _compatible(o, inc, loose=inc.has_figures())
                     and any(_close(o, m) for m in inc.mentions[:NEAREST_LIMIT])]
            if towns and not inc.has_figures():
                continue
        elif loc is not None and loc.location is None and loc.oblast is None and loc.country and inc.has_figures():
            # "attacks across Ukraine killed four; in Kupiansk one, in Kostiantynivka two": a national
            # total broken down by place keeps only the remainder
            towns = [o for o in parts_of.get(loc.country, ())[:NEAREST_LIMIT] if _compatible(o, inc, loose=True)
                     and any(_close(o, m, paras=10) for m in inc.mentions[:NEAREST_LIMIT])]
        if towns:
            counted = [t for t in towns if t.has_figures()]
            if counted and loc.oblast is None:
                # regions and their towns both break a national total down: count each place once
                regions = {t.loc.oblast for t in counted if t.loc.location is None}
                counted = [t for t in counted if t.loc.location is None or t.loc.oblast not in regions]
            if counted:
                region = figures_of(inc, residual=False)
                residual = {}
                for kind in ("killed", "injured", "missing"):
                    total = getattr(region, kind)
                    if total is not None:
                        parts = sum(getattr(figures_of(t, residual=False), kind) or 0 for t in counted)
                        residual[kind] = total - parts
                if not any(v > 0 for v in residual.values()):
                    continue
                inc.residual = {k: (v if v > 0 else None) for k, v in residual.items()}
        keep.append(inc)
    return keep


def _compatible(town: Incident, region: Incident, loose: bool = False) -> bool:
    """Can the town's strike be part of what the region-level report tells? ``loose``: a
    regional toll said of "shelling" covers any weapon of its towns."""
    ca, cb = town.weapon_class, (region.hard_class if loose else region.weapon_class)
    if not (cb == UNKNOWN or ca == UNKNOWN or ca == cb):
        return False
    da, db = town.explicit_date, region.explicit_date
    return da is None or db is None or da == db


@dataclass(slots=True)
class Figures:
    killed: int | None = None
    injured: int | None = None
    missing: int | None = None
    claimed_killed: int | None = None
    claimed_injured: int | None = None
    claimant: str | None = None
    status: str = "confirmed"
    said_by: list[str] = field(default_factory=list)


def _latest(reports: list[tuple[int, FigureReport]], kind: str) -> FigureReport | None:
    of_kind = [(o, r) for o, r in reports if r.kind == kind]
    if not of_kind:
        return None
    strong = [(o, r) for o, r in of_kind if r.strong]
    pool = strong or of_kind
    return max(pool, key=lambda x: x[0])[1]


def figures_of(inc: Incident, reverse: bool = False, residual: bool = True) -> Figures:
    """The incident's figures: the latest of each (``reverse``: on a live page with the newest
    post on top, a post further down is older)."""
    independent, claims, unverified = [], [], []
    for m in inc.mentions:
        for k, r in enumerate(m.figures):
            item = ((-m.section if reverse else 0, m.order * 100 + k), r)
            if r.status == "claim":
                claims.append(item)
            elif r.status == "unverified":
                unverified.append(item)
            else:
                independent.append(item)
    out = Figures()
    for kind in ("killed", "injured", "missing"):
        r = _latest(independent, kind)
        if r is not None:
            value = r.value
            if residual and inc.residual is not None and kind in inc.residual:
                value = inc.residual[kind]
            setattr(out, kind, value)
            if r.said_by and r.said_by not in out.said_by:
                out.said_by.append(r.said_by)
    for kind in ("killed", "injured"):
        r = _latest(claims, kind)
        if r is not None:
            setattr(out, f"claimed_{kind}", r.value)
            out.claimant = r.claimant or out.claimant
    has_indep = bool(independent)
    has_claim = bool(claims)
    if has_claim and has_indep:
        contradicted = any(getattr(out, k) == 0 and getattr(out, f"claimed_{k}") for k in ("killed", "injured")) \
            or (out.claimed_killed and out.killed == 0) \
            or any(m.contradiction for m in inc.mentions)
        out.status = "disputed" if contradicted else "confirmed"
    elif has_indep:
        out.status = "confirmed"
    elif has_claim or unverified:
        out.status = "claimed"
        if not has_claim:
            for kind in ("killed", "injured", "missing"):
                r = _latest(unverified, kind)
                if r is not None:
                    setattr(out, kind, r.value)
    else:
        statuses = [m.status for m in inc.mentions]
        if statuses and all(s != "confirmed" for s in statuses):
            out.status = "claimed"
            out.claimant = next((m.claimant for m in inc.mentions if m.claimant), None)
    return out
