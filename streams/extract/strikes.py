"""Strike mentions of one sentence: triggers, their place, date, weapon, figures and source.

A sentence can report several strikes ("killing three in the city, and injuring five in
a separate strike in the town of Zmiiv") and several at one place on different days
("renewed attack Thursday, one day after a strike left three dead"). Each trigger takes
the place, date and weapon nearest to it in its clause; each figure takes the place named
nearest to it (a regional total stays on the region, a town's figure on the town) and the
weapon, date and freshness of its nearest trigger. A sentence with figures and no trigger
("In the village of X a woman was killed") continues the strike reported just before it
in the same section.

Dropped here, per PLOVER: negated ("did not strike"), hypothetical ("could strike",
"would attack", "defend against missile attacks"), terror ("the shooting at a concert
hall") and ancient-history mentions. Historical references ("last week's attack", "one
day after a strike", "revenge for the attack") are kept, flagged ``historical``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import accumulate, islice
from datetime import date, timedelta
from typing import Sequence

from . import attribution as attr
from .dates import DateExpr
from .lexicon import Lexicon, any_match
from .places import ACTOR, ATTRIB, BARE, NEARBY, OBSERVER, ORIGIN, QUALIFIER, STRONG, Cand, Loc
from .text import Token, low_list, low_set, positions
from .numbers import UNITS
from .weapons import ARTILLERY, EVENTS, IMPACT_VERBS, NOT_STRIKE_BEFORE, UNKNOWN, WEAPONS, WeaponWord

TOLL_CHANGE = frozenset("rose risen rises climbed increased reached revised lowered updated stood".split())
POST_MODALS = frozenset("could would might may will".split())
FOILED = frozenset("repelled repulsed intercepted thwarted foiled prevented".split())
HABITUAL = frozenset("frequently regularly often repeatedly constantly routinely usually sometimes "
                     "rarely increasing growing intensifying intensified mounting constant continuous persistent "
                     "relentless daily nightly almost-daily".split())
#: "one of the deadliest strikes of the war": a ranking of past strikes, not a report of one
SUPERLATIVES = frozenset("deadliest worst largest biggest heaviest bloodiest most".split())
DENIALS = frozenset("denied deny denies denying rejected rejects refuted refutes dismissed".split())
#: more than this many strike words in one sentence is not prose: the rest are ignored
MAX_TRIGGERS = 12

NEGATIONS = frozenset("not no never n't didn't don't doesn't wasn't weren't without denied deny denies nor "
                      "neither none".split())
MODALS = frozenset(
    "could would might may will shall should if threatened threatens threaten threatening plans planned planning "
    "plan intend intends intended possible potential potentially future prevent preventing prevented deter "
    "against any all risk risks fear fears feared warned warns expect expected expects likely ready prepared "
    "capability capable able wants want wanted unless whether prepare preparing avoid protect "
    "defend defending repel repelling counter countering vulnerable vulnerability "
    "hypothetical imagine imagined".split()
)
HISTORY_BEFORE = frozenset(
    "previous revenge retaliation anniversary prior former preceding retaliatory "
    "commemorate commemorating commemorated memory remembered".split()
)
#: "strong" marks a shooting or a bombing by people; "weak" ones ("terrorist attack",
#: "explosive device") are also what officials call a missile or a drone's payload, so
#: they only count in a sentence that names no such weapon
TERROR = Lexicon({**{w: "strong" for w in (
    "shooting", "shootings", "gunman", "gunmen", "shooter", "shooters", "hostage", "hostages", "stabbing",
    "islamic state", "isis", "concert hall", "suicide bomber", "car bomb", "mass shooting", "bomb plot", "gunfire",
    "opened fire", "assassination",
)}, **{w: "weak" for w in (
    "terrorist attack", "terror attack", "terror attacks", "terrorist attacks", "terrorism", "massacre",
    "explosive device", "ied", "grenade attack", "planted",
)}, "shooting down": False, "shooting at drones": False})
#: a count over the war, a year or a week is not one strike's toll
CUMULATIVE = Lexicon({w: True for w in (
    "since the beginning of", "since the start of", "since the full-scale invasion", "since the invasion",
    "since russia's invasion", "since russia invaded", "since the war began", "since the war started",
    "since february 2022", "since 2022", "since 2014", "so far this year", "this year alone", "to date",
    "throughout the war", "during the war", "over the past year", "over the past month", "over the past week",
    "in the past week", "in the past month", "over the past weeks", "over the past months", "in total",
    "a day on average", "every day", "each day", "per day", "since the start of the year",
    "since the beginning of the year", "since january", "this month alone", "last month alone",
    "so far this week", "so far this month", "since the weekend",
)})
ANCIENT_WORDS = Lexicon({w: True for w in (
    "world war", "world war ii", "world war two", "second world war", "first world war", "great patriotic war",
    "winter war", "soviet-afghan war", "cold war", "nazi", "nazis", "wehrmacht",
)})
INTERCEPT_WORDS = frozenset("intercepted intercept intercepting downed shot neutralised neutralized "
                            "repelled repulsed".split())
ATTACKER_WORDS = {"russian": attr.RU, "russia's": attr.RU, "moscow's": attr.RU, "enemy": attr.RU,
                  "russians": attr.RU, "kremlin's": attr.RU,
                  "ukrainian": attr.UA, "ukraine's": attr.UA, "kyiv's": attr.UA, "ukrainians": attr.UA}
TARGETS = Lexicon({
    **{w: "residential" for w in (
        "residential", "apartment", "apartments", "apartment block", "apartment building", "house", "houses",
        "home", "homes", "high-rise", "neighborhood", "neighbourhood", "private house", "residential building",
        "residential area", "dormitory", "dormitories", "hostel", "block of flats", "flats", "multi-storey",
        "multi-story", "residential buildings", "city center", "city centre", "village", "private houses",
        "residential quarter", "residential district")},
    **{w: "energy" for w in (
        "energy", "power plant", "power plants", "power station", "thermal power plant", "thermal power plants",
        "substation", "substations", "power grid", "power lines", "electricity", "energy infrastructure",
        "oil refinery", "refinery", "oil depot", "fuel depot", "gas", "hydroelectric", "power facility",
        "energy facility", "energy facilities", "thermal")},
    **{w: "infrastructure" for w in (
        "infrastructure", "bridge", "railway", "railway station", "port", "airport", "road", "dam", "rail",
        "civilian infrastructure", "critical infrastructure", "train station", "water supply")},
    **{w: "military" for w in (
        "military", "positions", "headquarters", "barracks", "base", "airfield", "air base", "troops", "soldiers",
        "command post", "ammunition depot", "arms depot", "military facility", "military target", "factory",
        "plant", "drone factory", "servicemen", "military unit", "deployment points", "warehouse of")},
    **{w: "unknown" for w in (
        "military administration", "military-civil administration", "civil-military administration",
        "regional military administration", "military intelligence", "military aid", "military assistance",
        "military support", "military operation", "special military operation", "military command",
        "military officials", "military analysts", "military spokesman", "military spokesperson")},
    **{w: "commercial" for w in (
        "shop", "shops", "store", "supermarket", "market", "mall", "shopping centre", "shopping center",
        "restaurant", "cafe", "hotel", "business", "warehouse", "office", "offices", "pizzeria")},
})


@dataclass(slots=True)
class FigureReport:
    kind: str               # killed | injured | missing
    value: int
    status: str             # confirmed | claim | unverified
    claimant: str | None
    strong: bool            # attributed to a speaker (a toll), not an aside
    said_by: str | None = None


@dataclass(slots=True)
class Mention:
    order: int              # position in the article (for latest-wins and nearest-incident)
    sentence: int
    section: int
    para: int
    loc: Loc | None
    weapon_class: str
    weapon: str | None
    date: date | None
    date_precision: str
    date_explicit: bool
    historical: bool
    status: str             # confirmed | claim | unverified (of the report, without figures)
    claimant: str | None
    target: str
    summary: str
    figures: list[FigureReport] = field(default_factory=list)
    contradiction: bool = False
    has_trigger: bool = True
    soft: bool = False      # the weapon class is only the default of a vague word ("shelling")


@dataclass(slots=True)
class Trigger:
    i: int
    j: int
    weapon_class: str
    weapon: str | None
    weak: bool
    historical: bool = False
    date: date | None = None
    date_precision: str = "unknown"
    date_explicit: bool = False
    loc: Loc | None = None
    attacker: str | None = None
    soft: bool = False   # "shelling" with no weapon named: artillery, unless another report says better


@dataclass(slots=True)
class StrikeContext:
    """The strike reported last, for sentences that only add figures to it."""
    last: Mention | None = None
    last_placed: Mention | None = None
    recent: list[Mention] = field(default_factory=list)
    author: "attr.Source | None" = None   # the institution whose statement the article is


_CLAUSE_MARKS = frozenset((";", "-", "(", ")", "when", "whereas", "while", "but", "although"))
_AFTER_COMMA = frozenset(("and", "but", "while", "whereas", "one", "two", "a", "after", "as", "when", "which", "who",
                          "adding", "according", "with", "where", "including", "although", "though", "since", "before",
                          "then"))


def clause_ids(tokens: Sequence[Token]) -> list[int]:
    """A clause number per token: ';', a dash, ', and', ', but', 'when'... start a new clause."""
    lows = low_list(tokens)
    n = len(lows)
    words = low_set(tokens)
    # the few tokens that start a clause, found by C-level search (most tokens are not one)
    starts = [k for w in words & _CLAUSE_MARKS for k in positions(lows, w)]
    if "," in words:
        starts += [k for k in positions(lows, ",") if k + 1 < n and lows[k + 1] in _AFTER_COMMA]
    if not starts:
        return [0] * n
    starts.sort()
    ids: list[int] = []
    prev = 0
    for clause, k in enumerate(starts):
        ids += [clause] * (k - prev)
        prev = k
    ids += [len(starts)] * (n - prev)
    return ids


def _cost(a: int, b: int, clauses: Sequence[int]) -> int:
    return abs(a - b) + 8 * abs(clauses[a] - clauses[min(b, len(clauses) - 1)])


_CUE_PENALTY = {STRONG: 0, NEARBY: 2, BARE: 3, ATTRIB: 12}


def semicolon_ids(tokens: Sequence[Token]) -> list[int]:
    """A segment number per token: a semicolon separates two reports ("Kyiv toll rises; drone attack")."""
    lows = low_list(tokens)
    if ";" not in low_set(tokens):
        return [0] * len(lows)
    return list(islice(accumulate(map(";".__eq__, lows), initial=0), 1, None))


def best_place(at: int, cands: Sequence[Cand], clauses: Sequence[int],
               segments: Sequence[int] | None = None) -> Cand | None:
    usable = [c for c in cands if c.cue not in (OBSERVER, ORIGIN, QUALIFIER, ACTOR)
              and not (c.loc.level == "country" and c.cue != STRONG)
              and (segments is None or segments[min(c.i, len(segments) - 1)] == segments[at])]
    if not usable:
        return None
    has_sub = any(c.loc.level in ("town", "oblast") for c in usable)
    best = None
    best_cost = 10 ** 9
    for c in usable:
        pos = c.i if c.i >= at else c.j - 1
        cost = _cost(at, pos, clauses) + _CUE_PENALTY.get(c.cue, 3)
        if c.i < at:
            cost += 1
        if c.loc.level == "country" and has_sub:
            cost += 10
        if c.is_list:
            cost += 1
        if cost < best_cost:
            best, best_cost = c, cost
    return best


def _window_has(lows: Sequence[str], lo: int, hi: int, words: frozenset[str]) -> bool:
    return not words.isdisjoint(lows[max(0, lo):max(0, hi)])


def find_triggers(tokens: Sequence[Token], clauses: Sequence[int], has_figures: bool = False) -> list[Trigger]:
    """Strike triggers of a sentence, with their weapon; negated and hypothetical ones dropped."""
    lows = low_list(tokens)
    events = [h for h in EVENTS.scan(tokens) if h.payload.role == "event"
              and (not h.payload.needs_figure or (has_figures and _active(lows, h.i, h.j)))]
    weapons = [h for h in WEAPONS.scan(tokens)]
    # words inside a longer weapon phrase belong to it: "attack drones", "drone factory"
    blocked = {k for h in weapons if h.payload.role == "none" or h.j - h.i > 1 for k in range(h.i, h.j)}
    events = [h for h in events if h.i not in blocked]
    weapons = [h for h in weapons if h.payload.role == "weapon"]
    if not events and not weapons:
        return _harm_by_a_side(lows)
    intercept = not INTERCEPT_WORDS.isdisjoint(low_set(tokens))
    impact = sorted(k for w in IMPACT_VERBS.intersection(low_set(tokens)) for k in positions(lows, w))
    events = events[:MAX_TRIGGERS]
    weapons = weapons[:MAX_TRIGGERS * 2]
    out: list[Trigger] = []
    absorbed: set[int] = set()
    for h in events:
        word: WeaponWord = h.payload
        if not _keep(lows, h.i, h.j, word, has_figures=has_figures):
            continue
        cls, weapon = word.weapon_class, None
        # the nearest weapon word of the clause names the class and the weapon; "shelling"
        # is said of any indirect fire, so a named rocket launcher makes it a rocket strike
        soft = cls in (UNKNOWN, ARTILLERY) and word.soft
        near = [w for w in weapons if _cost(h.i, w.i, clauses) < 13]
        listed = {w.payload.weapon_class for w in near if w.payload.weapon_class != UNKNOWN}
        best = None
        best_cost = 13
        for w in near:
            cost = _cost(h.i, w.i, clauses)
            fits = cls == UNKNOWN or w.payload.weapon_class in (cls, UNKNOWN) or (soft and _instrument(lows, h, w))
            if cost < best_cost and fits:
                best, best_cost = w, cost
        for w in near:
            absorbed.add(w.i)
        if best is not None:
            if cls == UNKNOWN or (soft and best.payload.weapon_class != UNKNOWN):
                cls = best.payload.weapon_class
            weapon = best.payload.weapon
        if len(listed) >= 2 and word.weapon_class == UNKNOWN:
            cls, weapon = UNKNOWN, None   # "using artillery, mortars, drones and aviation": mixed
        out.append(Trigger(h.i, h.j, cls, weapon, word.weak, soft=word.soft and cls == ARTILLERY and best is None))
    for w in weapons:
        if w.i in absorbed:
            continue
        word = w.payload
        verbs = [k for k in impact if w.i - 15 <= k < w.j + 15 and clauses[k] == clauses[w.i]]
        if not verbs or intercept:
            continue
        verb = min(verbs, key=lambda k: abs(k - w.i))
        if any(abs(t.i - w.i) <= 12 and clauses[t.i] == clauses[w.i] for t in out):
            # another weapon word of a clause that already has its trigger
            t = min(out, key=lambda t: abs(t.i - w.i))
            if t.weapon is None and word.weapon:
                t.weapon = word.weapon
                if t.weapon_class == UNKNOWN:
                    t.weapon_class = word.weapon_class
            continue
        # the verb carries the mood: "could hit", "did not strike"; the noun its own guards
        if not _keep(lows, verb, verb + 1, word) or not _keep(lows, w.i, w.j, word, modal=False):
            continue
        out.append(Trigger(w.i, w.j, word.weapon_class, word.weapon, False))
    # a named weapon anywhere in the sentence names the weapon of a trigger of its class
    named = [w for w in weapons if w.payload.weapon]
    for t in out:
        if t.weapon is None:
            for w in named:
                if w.payload.weapon_class == t.weapon_class or t.weapon_class == UNKNOWN:
                    t.weapon = w.payload.weapon
                    t.weapon_class = w.payload.weapon_class
                    break
        t.attacker = _attacker(lows, t.i)
    out.sort(key=lambda t: t.i)
    return out


_HARM_VERBS = frozenset("killed killing kills wounded wounding wounds injured injuring injures".split())
_ATTACKER_SUBJECTS = frozenset("russians russia enemy occupiers aggressor invaders russian-forces".split())
_HARM = WeaponWord("event", UNKNOWN, weak=True)


_STRIKE_LEXICONS = frozenset((id(EVENTS), id(WEAPONS)))


def may_trigger(tokens: Sequence[Token]) -> bool:
    """Could ``find_triggers`` find anything? A necessary condition, cheap once the sentence's
    lexicons are scanned: an event word, a weapon word or a verb of harm."""
    if any_match(tokens, _STRIKE_LEXICONS) is not False:
        if any(h.payload.role == "event" for h in EVENTS.scan(tokens)) \
                or any(h.payload.role == "weapon" for h in WEAPONS.scan(tokens)):
            return True
    return not _HARM_VERBS.isdisjoint(low_set(tokens))


def _harm_by_a_side(lows: Sequence[str]) -> list[Trigger]:
    """"the Russians killed 4 residents", "the enemy wounded two": a side that kills strikes."""
    for k, low in enumerate(lows):
        if low in _HARM_VERBS and not _ATTACKER_SUBJECTS.isdisjoint(lows[max(0, k - 3):k]):
            if _keep(lows, k, k + 1, _HARM):
                return [Trigger(k, k + 1, UNKNOWN, None, True)]
            break
    return []


def _instrument(lows: Sequence[str], event, weapon) -> bool:
    """Is the weapon what the shelling was done with: "shelled X with Vampire rockets",
    "shelling by Grad launchers", "Grad shelling"?"""
    if weapon.j <= event.i:
        return event.i - weapon.j <= 1
    between = [lows[k] for k in range(event.j, weapon.i)]
    return len(between) <= 8 and any(b in ("with", "by", "using", "from") for b in between) \
        and not any(b in (",", ";", "and") for b in between)


def _active(lows: Sequence[str], i: int, j: int) -> bool:
    """"forces destroyed a command post" (a strike), not "soldiers were destroyed" (a toll)."""
    prev = lows[i - 1] if i > 0 else ""
    nxt = lows[j] if j < len(lows) else ""
    return prev not in ("was", "were", "been", "being", "be", "is", "are") and nxt not in ("by", ",", ".", "")


def _attacker(lows: Sequence[str], i: int) -> str | None:
    """The side named as striking: "Russian missiles", "Ukraine's drones"; "self" when the
    speaker names its own forces ("its forces had struck", "our air defence")."""
    for k in range(i - 1, max(-1, i - 5), -1):
        low = lows[k]
        side = ATTACKER_WORDS.get(low)
        if side:
            return side
        if low in ("its", "our", "we", "it") and k + 1 < len(lows):
            return "self"
    return None


def _keep(lows: Sequence[str], i: int, j: int, word: WeaponWord, modal: bool = True,
          has_figures: bool = True) -> bool:
    """Not negated, not hypothetical, not ground combat or a deal."""
    n = len(lows)
    before = lows[max(0, i - 4):i]
    last3 = before[-3:]
    if not NEGATIONS.isdisjoint(last3) or any(b.endswith("n't") for b in last3):
        return False
    # "denied that its forces had attacked X", "rejected claims it struck"
    if not DENIALS.isdisjoint(lows[max(0, i - 8):i]):
        return False
    if modal and not MODALS.isdisjoint(before):
        return False
    if not NOT_STRIKE_BEFORE.isdisjoint(last3):
        return False
    nxt = lows[j] if j < n else ""
    nxt2 = lows[j + 1] if j + 1 < n else ""
    low = lows[i]
    if nxt in ("campaign", "campaigns", "capability", "capabilities", "threat", "threats", "season"):
        return False    # "the strike campaign": a policy, not one strike
    after = lows[j:j + 6]
    if modal:
        for k, a in enumerate(after):
            if a in (",", ";", ".", "which", "that", "who", "when", "-"):
                break
            if a in POST_MODALS or (a in ("was", "were") and k + 1 < len(after) and after[k + 1] in FOILED):
                return False   # "a strike on the plants could leave...", "the attack was repelled"
    if not HABITUAL.isdisjoint(before) or not HABITUAL.isdisjoint(after[:3]):
        return False    # "is frequently attacked", "is hit almost daily": a pattern, not an event
    if low.endswith("s") and not SUPERLATIVES.isdisjoint(before):
        return False    # "the deadliest Russian strikes of the war"
    if word.weak or not has_figures:
        window = lows[j:j + 10]
        if "times" in window:
            counted = lows[j + window.index("times") - 1]
            if counted[:1].isdecimal() or counted in UNITS:
                return False    # "attacked the district 11 times": a tally, not one strike
    if low == "struck" and (nxt in ("a", "an", "the") and nxt2 in ("deal", "agreement", "chord", "tone", "balance")
                            or nxt in ("down", "off", "out")):
        return False
    if word.weak and nxt in ("near", "towards", "toward", "against") and low.startswith("attack"):
        return False
    if not _EXCHANGES.isdisjoint(before):
        return False
    return True


_EXCHANGES = frozenset(("exchange", "exchanges", "duel", "duels"))


def cumulative(tokens: Sequence[Token]) -> bool:
    """"Russian attacks have killed 600 children since the invasion": a running total."""
    return bool(CUMULATIVE.scan(tokens))


_FLAG_LEXICONS = frozenset((id(TERROR), id(ANCIENT_WORDS)))


def sentence_flags(tokens: Sequence[Token], dates: Sequence[DateExpr]) -> tuple[bool, bool]:
    """(terror, ancient) for a sentence."""
    if any_match(tokens, _FLAG_LEXICONS) is False:
        return False, any(d.ancient for d in dates)
    marks = {h.payload for h in TERROR.scan(tokens)}
    terror = "strong" in marks or ("weak" in marks and not any(
        h.payload.role == "weapon" and h.payload.weapon_class != UNKNOWN for h in WEAPONS.scan(tokens)))
    ancient = any(d.ancient for d in dates) or bool(ANCIENT_WORDS.scan(tokens))
    return terror, ancient


def resolve_dates(triggers: Sequence[Trigger], dates: Sequence[DateExpr], clauses: Sequence[int],
                  published: date | None, tokens: Sequence[Token]) -> None:
    """Give each trigger its date and freshness from the date words and markers near it."""
    lows = low_list(tokens)
    # "the toll rose to six on Tuesday": the day the toll changed, not the day of the strike
    usable = [d for d in dates if not d.reporting and not _window_has(lows, d.i - 5, d.i, TOLL_CHANGE)]
    anchor_dates = [d for d in usable if d.date is not None and d.after_days is None and not d.since]
    # each date word belongs to the trigger it is nearest to; one that opens the sentence
    # ("On Monday, ...") belongs to all of them
    owner: dict[int, int] = {}
    for d in usable:
        if d.i <= 2 and len(triggers) > 1:
            continue
        if d.since:
            # "the deadliest attack since March 2024, when a drone hit ...": the date is the
            # when-clause's; the strike before "since" is not dated by it
            when = [k for k, t in enumerate(triggers) if t.i > d.j and lows[d.j] == ","
                    and d.j + 1 < len(lows) and lows[d.j + 1] == "when"]
            owner[id(d)] = when[0] if when else -1
            continue
        if triggers:
            owner[id(d)] = min(range(len(triggers)), key=lambda k: _date_cost(triggers[k], d, clauses))
    for k_t, t in enumerate(triggers):
        hist = _window_has(lows, t.i - 6, t.i, HISTORY_BEFORE) and _same_clause_window(lows, clauses, t.i)
        if not hist and t.i > 0 and lows[t.i - 1] in ("last", "earlier", "past"):
            hist = True
        best = None
        best_cost = 10 ** 9
        for d in usable:
            if owner.get(id(d), k_t) != k_t:
                continue
            cost = _date_cost(t, d, clauses)
            if cost < best_cost:
                best, best_cost = d, cost
        if best is not None and best_cost > 40:
            best = None
        if best is not None:
            if best.after_days is not None:
                others = [d for d in anchor_dates if d is not best]
                base = others[0].date if others else published
                t.date = None if base is None else base - timedelta(days=best.after_days)
                t.date_precision = "day" if t.date else "unknown"
                t.date_explicit = t.date is not None
                hist = hist or best.historical
            elif best.ongoing:
                t.date = None
                t.date_precision = "unknown"
            else:
                t.date, t.date_precision = best.date, best.precision
                t.date_explicit = best.date is not None
                hist = hist or best.historical
        t.historical = hist


def _date_cost(t: Trigger, d: DateExpr, clauses: Sequence[int]) -> int:
    if d.after_days is not None and d.j <= t.i and t.i - d.j <= 4:
        return -1   # "one day after a strike": it governs the strike right after it
    pos = d.i if d.i >= t.j else d.j - 1
    return _cost(t.i, pos, clauses)


def _same_clause_window(lows: Sequence[str], clauses: Sequence[int], i: int) -> bool:
    for k in range(i - 1, max(-1, i - 7), -1):
        if lows[k] in HISTORY_BEFORE:
            return clauses[k] == clauses[i]
    return False


def target_near(tokens: Sequence[Token], at: int) -> str:
    hits = [h for h in TARGETS.scan(tokens) if h.payload != "unknown"]
    if not hits:
        return "unknown"
    return min(hits, key=lambda h: abs(h.i - at)).payload
