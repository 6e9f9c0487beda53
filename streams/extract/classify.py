"""The other event types: ground fighting, territorial change, military aid, diplomacy,
interception, humanitarian. One look per sentence, keyword-led, with the fields each type
carries (donor, items, quantity and value of aid; launched and intercepted per wave;
actors of diplomacy; kind of humanitarian event).

Guards, all general: fighting and territory need a place on the ground ("Ukraine keeps
fighting back" is no battle); "the recently liberated town of X" describes a town, it does
not liberate it; "the capability of shooting down missiles" intercepts nothing; a rescue
operation named only as the site of a strike ("near an ongoing rescue operation") is not
a new one. Sentences of the same type in one section are one event.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Sequence

from .attribution import Source
from .dates import DateExpr
from .lexicon import Hit, Lexicon, any_match
from .numbers import Num
from .places import ACTOR, ATTRIB, OBSERVER, ORIGIN, QUALIFIER, STRONG, Cand, Loc
from .strikes import MODALS, NEGATIONS
from .text import Token, low_list, low_set, original
from .weapons import WEAPONS

GROUND = Lexicon({w: True for w in (
    "fighting", "heavy fighting", "fierce fighting", "clashes", "clash", "battles", "battle", "battling", "assault",
    "assaults", "offensive", "counteroffensive", "counter-offensive", "gain ground", "gaining ground", "advance",
    "advancing", "advances", "repelled", "repulsed", "repel", "exchanges of artillery fire", "exchange of fire",
    "exchanges of fire", "firefight", "firefights", "combat", "storming", "stormed", "inched closer",
    "inched towards", "inches towards", "inching towards", "pressing ahead", "encircle", "encirclement",
    "counterattack", "counterattacks", "counter-attack", "skirmishes", "incursion", "ground attack",
    "ground attacks", "attacks near", "attack near", "pushing towards", "pushed back", "combat units",
    "fought",
)} | {"fighting back": False, "offensive weapons": False, "combat aircraft": False, "combat training": False})
TERRITORY = Lexicon({w: True for w in (
    "captured", "capture", "took control", "taken control", "seized", "recaptured", "retook", "retaken",
    "liberated", "liberation", "withdrew from", "withdrawn from", "withdrawal from", "pulled out of", "fell to",
    "regained control", "raised the flag", "took over", "gained control", "full control", "control of",
)} | {"the recently liberated": False, "recently liberated": False, "newly liberated": False,
      "liberated territories": False, "liberated areas": False, "occupied territories": False,
      "the occupied": False, "russian-occupied": False, "occupied city": False, "occupied part": False,
      "occupied parts": False, "occupied since": False, "occupied areas": False})
AID_NOUNS = Lexicon({w: True for w in (
    "military aid", "aid package", "military assistance", "security assistance", "military support", "package",
    "packages", "weapons package", "arms package", "weapons deliveries", "arms deliveries", "military support packages",
    "defence aid", "defense aid", "lethal aid", "military assistance mission", "european peace facility",
    "security package", "aid packages",
)})
AID_VERBS = frozenset(
    "send sending sent sends supply supplying supplied supplies deliver delivered delivering delivers provide "
    "provided providing provides pledge pledged pledges pledging commit committed commitment commits donate "
    "donated donating transfer transferred transferring give giving gives approved approve approves announced "
    "allocate allocated allocating contribute contributes contributed train trained training trains fund funded "
    "funding arm arming".split()
)
ITEMS = Lexicon({
    **{w: "howitzers" for w in ("howitzer", "howitzers", "caesar howitzers", "caesar howitzer", "m777", "m777s",
                                "pzh 2000", "archer")},
    **{w: "tanks" for w in ("tank", "tanks", "challenger 2", "challenger 2 tanks", "leopard", "leopard 2",
                            "leopard 2 tanks", "abrams", "abrams tanks", "leopards", "main battle tanks")},
    **{w: "fighter jets" for w in ("fighter jets", "fighter jet", "f-16", "f-16s", "jets", "fighter aircraft",
                                   "gripen", "mirage")},
    **{w: "air defence" for w in ("air defence", "air defense", "air defence systems", "air defense systems",
                                  "nasams", "patriot", "patriots", "iris-t", "amraam", "amraam rockets",
                                  "air defence missiles", "air defense missiles", "samp/t", "hawk", "gepard")},
    **{w: "ammunition" for w in ("ammunition", "ammo", "shells", "artillery ammunition", "munitions", "rounds",
                                 "large-caliber artillery ammunition")},
    **{w: "armoured vehicles" for w in ("armored vehicles", "armoured vehicles", "bradley", "bradleys", "marder",
                                        "marders", "stryker", "strykers", "apcs", "infantry fighting vehicles")},
    **{w: "missiles" for w in ("himars", "atacms", "storm shadow", "storm shadows", "scalp", "missiles",
                               "long-range missiles", "taurus")},
    **{w: "drones" for w in ("drones", "uavs")},
    **{w: "weapons" for w in ("weapons", "arms", "weaponry", "equipment", "lethal and nonlethal equipment")},
    **{w: "training" for w in ("training", "train", "trained")},
    **{w: "funds" for w in ("fund", "funds", "funding", "financial help", "financial aid", "loan")},
})
DIPLOMACY = Lexicon({w: True for w in (
    "talks", "negotiations", "negotiate", "negotiated", "negotiating table", "peace talks", "summit", "meeting",
    "met with", "meets with", "met", "meets", "hosted", "phone call", "spoken by phone", "spoke by telephone",
    "telephone call", "phone conversation", "talked by phone", "urged partners", "called on partners", "call with", "spoke with", "spoke by phone", "held talks", "visit",
    "visited", "visiting", "arrived in", "mediate", "mediation", "mediator", "agreement", "treaty", "accord",
    "signed", "diplomat", "diplomats", "diplomatic", "diplomacy", "ambassador", "envoy", "foreign minister",
    "foreign ministry", "sanctions", "condemned", "condemnation", "peace plan", "peace deal", "peace solution",
    "negotiated peace", "ceasefire", "security guarantees", "bilateral", "counterpart", "readout", "interlocutors",
    "un security council", "security council", "general assembly", "summit of", "joint news conference",
    "press conference", "briefed", "sabbaths", "anniversary events", "contact group", "in a rare phone call",
)})
INTERCEPT = Lexicon({w: True for w in (
    "intercepted", "shot down", "downed", "neutralised", "neutralized", "were destroyed by air defence",
    "destroyed by air defence", "destroyed by air defense", "air defence destroyed", "air defense destroyed",
    "air defences destroyed", "air defenses destroyed", "were intercepted", "was intercepted",
)})
HUMANITARIAN = Lexicon({
    **{w: "evacuation" for w in ("evacuation", "evacuations", "evacuate", "evacuated", "evacuating", "evacuees",
                                 "evacuate people")},
    **{w: "rescue" for w in ("rescue operation", "search and rescue", "search-and-rescue", "rescue efforts",
                             "rescue work", "rescue people", "rescue teams", "rescue effort", "to rescue",
                             "rescuers are working", "rescue operations")},
    **{w: "outage" for w in ("without power", "without electricity", "without water", "without heating",
                             "without heat", "power outage", "power outages", "blackout", "blackouts",
                             "rolling blackouts", "outages", "power cuts", "cut off power", "without power or water",
                             "without power and water", "water supply was cut", "no electricity")},
    **{w: "aid" for w in ("humanitarian aid", "humanitarian assistance", "humanitarian corridor", "aid convoy",
                          "food aid", "humanitarian convoy", "relief supplies", "temporary accommodation",
                          "temporary housing", "compensation", "blood donations", "blood donation", "volunteer hub",
                          "drinking water", "heaters", "construction materials", "invincibility points",
                          "aid point", "resettled", "relocated", "accommodation centres", "accommodation centers",
                          "shelters for")},
    **{w: "outage" for w in ("without gas", "without gas supply", "gas supply", "water supply", "without heat",
                             "left without")},
})
_ACTOR_NAMES = {
    "United Kingdom": "uk, u.k, britain, british, united kingdom, london, downing street, wallace, sunak",
    "United States": "us, u.s, united states, american, washington, pentagon, white house, biden, blinken, "
                     "austin, us-made",
    "France": "france, french, paris, macron, lecornu",
    "Germany": "germany, german, berlin, scholz, pistorius",
    "Italy": "italy, italy's, italian, rome, crosetto, meloni",
    "Denmark": "denmark, danish, copenhagen",
    "European Union": "eu, european union, brussels, borrell, von der leyen, european commission, eumam",
    "NATO": "nato, stoltenberg",
    "Finland": "finland, finnish, helsinki, stubb",
    "Poland": "poland, polish, warsaw",
    "Canada": "canada, canadian, ottawa",
    "Netherlands": "netherlands, dutch",
    "Norway": "norway, norwegian",
    "Sweden": "sweden, swedish",
    "Japan": "japan, japanese",
    "Australia": "australia, australian",
    "Spain": "spain, spanish",
    "Belgium": "belgium, belgian",
    "Czech Republic": "czech, czech republic",
    "Estonia": "estonia, estonian",
    "Latvia": "latvia, latvian",
    "Lithuania": "lithuania, lithuanian",
    "Turkey": "turkey, turkish, ankara, erdogan, turks",
    "G7": "g7",
    "IMF": "imf, international monetary fund",
    "Russia": "russia, russian, moscow, kremlin, lavrov, putin, shoigu, peskov",
    "Ukraine": "ukraine, ukrainian, kyiv, zelensky, zelenskyy, kuleba, reznikov, shmyhal, yermak, zaluzhny",
    "Iran": "iran, iranian, tehran",
    "North Korea": "north korea, north korean, pyongyang",
    "China": "china, chinese, beijing",
}
ACTORS: Lexicon[str] = Lexicon([(phrase.strip(), name) for name, phrases in _ACTOR_NAMES.items()
                                for phrase in phrases.split(",")])

@dataclass(slots=True)
class OtherMention:
    type: str
    order: int
    section: int
    para: int
    loc: Loc | None
    date: date | None
    date_precision: str
    summary: str
    new: bool = True
    donor: str | None = None
    items: list[str] = field(default_factory=list)
    quantity: int | None = None
    value: float | None = None
    currency: str | None = None
    actors: list[str] = field(default_factory=list)
    kind: str = "other"
    launched: int | None = None
    intercepted: int | None = None
    weapon_class: str = "unknown"
    weapon: str | None = None
    claimed_by: str | None = None


def _hits(lex: Lexicon, tokens: Sequence[Token]) -> list:
    return [h for h in lex.scan(tokens) if h.payload]


def _negated_or_modal(lows: Sequence[str], i: int, modal_words=MODALS) -> bool:
    before = [lows[k] for k in range(max(0, i - 3), i)]
    return any(b in NEGATIONS or b.endswith("n't") or b in modal_words for b in before)


def _ground_place(cands: Sequence[Cand]) -> Loc | None:
    """The place of a battle: a town (the biggest of a list), else a region."""
    usable = [c for c in cands if c.cue not in (ATTRIB, OBSERVER, ORIGIN, QUALIFIER, ACTOR)
              and c.loc.country in ("Ukraine", "Russia")]
    towns = [c for c in usable if c.loc.level == "town"]
    if towns:
        first = towns[0]
        group = [c for c in towns if c.is_list] if first.is_list else [first]
        return max(group, key=lambda c: c.loc.population).loc
    oblasts = [c for c in usable if c.loc.level == "oblast"]
    return oblasts[0].loc if oblasts else None


def _any_place(cands: Sequence[Cand]) -> Loc | None:
    usable = [c for c in cands if c.cue not in (ATTRIB, OBSERVER, QUALIFIER) and c.loc.level != "country"]
    strong = [c for c in usable if c.cue == STRONG]
    pick = (strong or usable)
    return pick[0].loc if pick else None


#: lexicons of which ``classify`` needs a hit (with a true payload) to report anything
_TYPE_LEXICONS = (GROUND, TERRITORY, DIPLOMACY, INTERCEPT, HUMANITARIAN, AID_NOUNS, ITEMS)


_TYPE_IDS = frozenset(id(lex) for lex in _TYPE_LEXICONS)
#: the lexicons whose every phrase counts (the others also list look-alikes, with a false payload)
_PLAIN_IDS = frozenset(id(lex) for lex in _TYPE_LEXICONS
                       if all(payload for cands in lex._first.values() for _, payload in cands))  # noqa: SLF001


def may_classify(tokens: Sequence[Token]) -> bool:
    """Could ``classify`` report anything? A necessary condition, cheap once the sentence's
    lexicons are scanned: a hit of one of the event types' lexicons, or "destroyed" (an
    interception said as "9 drones destroyed over ...")."""
    found = any_match(tokens, _TYPE_IDS)
    if found is not False:
        if found and any_match(tokens, _PLAIN_IDS):
            return True
        for lex in _TYPE_LEXICONS:
            for h in lex.scan(tokens):
                if h.payload:
                    return True
    return "destroyed" in low_set(tokens)


def classify(tokens: Sequence[Token], nums: Sequence[Num], cands: Sequence[Cand], sources: Sequence[Source],
             dates: Sequence[DateExpr], *, order: int, section: int, para: int, summary: str,
             default_date: date | None, context_loc: Loc | None, is_strike: bool,
             historical: bool) -> list[OtherMention]:
    """Other events of one sentence (at most one of each type)."""
    out: list[OtherMention] = []
    usable_dates = [d for d in dates if d.date is not None and not d.ongoing]
    d0 = usable_dates[0] if usable_dates else None
    when, prec = (d0.date, d0.precision) if d0 else (default_date, "day" if default_date else "unknown")

    def make(type_: str, loc: Loc | None, **extra) -> OtherMention:
        return OtherMention(type_, order, section, para, loc, when, prec, summary, not historical, **extra)

    # battles and captures of another time ("the small town captured last August", an
    # anniversary) are history; a strike sentence is not talks, aid or a battle report
    lows = low_list(tokens)
    past = historical or not low_set(tokens).isdisjoint(("anniversary", "anniversaries"))
    ground = [h for h in _hits(GROUND, tokens) if not _negated_or_modal(lows, h.i)] if not past else []
    if ground:
        loc = _ground_place(cands)
        if loc is not None:
            out.append(make("ground_fighting", loc))
    territory = [h for h in _hits(TERRITORY, tokens)
                 if not _negated_or_modal(lows, h.i, MODALS | {"to", "beginning", "begin", "begins", "trying"})] \
        if not past else []
    if territory:
        loc = _ground_place(cands)
        if loc is not None:
            claimed_by = next((s.name for s in sources if s.side is not None), None)
            out.append(make("territorial_change", loc))
            out[-1].claimed_by = claimed_by
    aid = _aid(tokens, nums) if not is_strike else None
    diplomacy = _hits(DIPLOMACY, tokens) if not is_strike else []
    if diplomacy and not _actors(tokens) and not any(s.side for s in sources):
        diplomacy = []   # "reporters were not allowed to visit the site": no government in it
    if aid is not None and diplomacy and not (aid["quantity"] or aid["value"] or aid["committed"]):
        aid = None   # talks about weapons ("urged partners to provide more air defence") are diplomacy
    if aid is not None:
        aid.pop("committed")
        out.append(make("military_aid", None, **aid))
    if diplomacy and not aid:
        actors = _actors(tokens)
        loc = _any_place(cands)
        out.append(make("diplomacy", loc, actors=actors))
    interception = [h for h in _hits(INTERCEPT, tokens) if not _negated_or_modal(lows, h.i)]
    if not interception:
        interception = _destroyed_over(tokens)
    if interception:
        out.append(_interception(tokens, nums, interception, make, cands, context_loc, sources))
    humanitarian = [h for h in _hits(HUMANITARIAN, tokens)
                    if not _window(lows, h.i - 4, h.i, ("near", "site", "during", "for")) and
                    not _window(lows, h.i - 7, h.i, ("could", "would", "might", "may", "if")) and
                    not _negated_or_modal(lows, h.i, MODALS - {"will"})]
    if humanitarian:
        loc = _any_place(cands) or context_loc
        if loc is not None and loc.level == "country" and context_loc is not None:
            loc = context_loc
        out.append(make("humanitarian", loc, kind=humanitarian[0].payload))
    return out


def _destroyed_over(tokens: Sequence[Token]) -> list:
    """"9 drones destroyed over the Khmelnytskyi region", "air defence destroyed 24 drones":
    "destroyed" is an interception when said of drones or missiles over a place or by air defence."""
    if "destroyed" not in low_set(tokens):
        return []
    lows = low_list(tokens)
    for k, low in enumerate(lows):
        if low != "destroyed":
            continue
        near = lows[max(0, k - 6):k + 6]
        aerial = any(w in near for w in ("drones", "uavs", "missiles", "drone", "missile", "shaheds", "rockets"))
        if aerial and ("over" in near or "defence" in near or "defense" in near or "defences" in near):
            return [Hit(k, k + 1, True)]
    return []


def _window(lows: Sequence[str], lo: int, hi: int, words: tuple[str, ...]) -> bool:
    return any(lows[k] in words for k in range(max(0, lo), min(len(lows), hi)))


def _actors(tokens: Sequence[Token]) -> list[str]:
    out: list[str] = []
    lows = low_list(tokens)
    for h in ACTORS.scan(tokens):
        if h.j - h.i == 1 and lows[h.i] in ("us", "uk") and not original(tokens, h.i).isupper():
            continue   # "against us"
        if h.payload not in out:
            out.append(h.payload)
    return out


#: a donor's act, not a request: "will send", "pledged", "delivered", "approved"
_COMMITTED = frozenset("send sending sent sends deliver delivered delivering delivers pledge pledged pledges commit "
                       "committed commits donate donated transfer transferred approved allocated announced "
                       "supplied supply supplies trained train fund funds funding".split())


def _aid(tokens: Sequence[Token], nums: Sequence[Num]) -> dict | None:
    nouns = AID_NOUNS.scan(tokens)
    items_hits = ITEMS.scan(tokens)
    words = low_set(tokens)
    has_verb = not AID_VERBS.isdisjoint(words)
    training = any(h.payload == "training" for h in items_hits) and not words.isdisjoint(
        ("troops", "soldiers", "personnel", "pilots", "servicemen", "ukrainians"))
    if not (nouns or (has_verb and [h for h in items_hits if h.payload not in ("training", "funds")]) or training):
        return None
    if not has_verb and not nouns:
        return None
    actors = [a for a in _actors(tokens) if a not in ("Ukraine", "Russia")]
    lows = low_list(tokens)
    items: list[str] = []
    for h in items_hits:
        if h.payload not in items:
            items.append(h.payload)
    quantity = None
    num_end = {n.j: n for n in nums}
    for h in items_hits:
        for gap in (0, 1, 2):
            n = num_end.get(h.i - gap)
            if n is not None and n.count is not None and not n.subset:
                quantity = n.count
                break
        if quantity is not None:
            break
    if quantity is None and training:
        for n in nums:
            if n.count is not None and n.j < len(lows) and lows[n.j] in ("ukrainian", "troops", "soldiers",
                                                                                   "personnel", "pilots"):
                quantity = n.count
                break
    money = next((n for n in nums if n.kind == "money" and n.value is not None), None)
    committed = not _COMMITTED.isdisjoint(words)
    return {
        "committed": committed,
        "donor": actors[0] if actors else None,
        "items": items,
        "quantity": quantity,
        "value": money.value if money else None,
        "currency": money.currency if money else None,
    }


def _interception(tokens, nums, hits, make, cands, context_loc, sources) -> OtherMention:
    lows = low_list(tokens)
    weapons = [h for h in WEAPONS.scan(tokens) if h.payload.role == "weapon"]
    cls = weapons[0].payload.weapon_class if weapons else "unknown"
    weapon = next((h.payload.weapon for h in weapons if h.payload.weapon), None)
    intercepted = launched = None
    num_start = {n.i: n for n in nums}
    num_end = {n.j: n for n in nums}
    h = hits[0]
    # "intercepted two missiles", "shot down 20 of 25 drones"
    for k in range(h.j, min(len(lows), h.j + 4)):
        n = num_start.get(k)
        if n is not None and n.count is not None:
            intercepted = n.count
            if n.j + 1 < len(lows) and lows[n.j] == "of":
                m = num_start.get(n.j + 1)
                if m is not None and m.count is not None:
                    launched = m.count
            break
    if intercepted is None:
        # "20 of 25 drones were shot down"
        for k in range(h.i, max(-1, h.i - 8), -1):
            n = num_end.get(k)
            if n is not None and n.count is not None:
                intercepted = n.count
                if n.i >= 2 and lows[n.i - 1] == "of":
                    pass
                break
        for n in nums:
            if n.count is not None and n.j + 1 < len(lows) and lows[n.j] == "of":
                m = num_start.get(n.j + 1)
                if m is not None and m.count is not None:
                    intercepted, launched = n.count, m.count
                    break
    for k, low in enumerate(lows):
        if low in ("launched", "fired") and launched is None:
            for m in range(k + 1, min(len(lows), k + 4)):
                n = num_start.get(m)
                if n is not None and n.count is not None:
                    launched = n.count
                    break
    loc = _any_place(cands) or context_loc
    claimed_by = next((s.name for s in sources if s.side is not None), None)
    return make("interception", loc, launched=launched, intercepted=intercepted, weapon_class=cls, weapon=weapon,
                claimed_by=claimed_by)


MERGE_WINDOW = 30


def merge_others(mentions: list[OtherMention]) -> list[OtherMention]:
    """Sentences of one event become one: same type and section (aid: same donor; battles
    and humanitarian events: same place anywhere in the article)."""
    out: list[OtherMention] = []
    by_type: dict[str, list[OtherMention]] = {}
    for m in mentions:
        target = None
        # the most recent events of the type only: linear however long the article
        for e in reversed(by_type.get(m.type, [])[-MERGE_WINDOW:]):
            if _same(e, m):
                target = e
                break
        if target is None:
            out.append(m)
            by_type.setdefault(m.type, []).append(m)
            continue
        _fold(target, m)
    return out


def _loc_key(loc: Loc | None):
    return None if loc is None else (loc.location, loc.oblast, loc.country)


def _same(e: OtherMention, m: OtherMention) -> bool:
    if m.type == "military_aid":
        if e.donor and m.donor and e.donor != m.donor:
            return False
        if e.section == m.section:
            return True
        return bool(e.donor and e.donor == m.donor and (
            (e.quantity is not None and e.quantity == m.quantity) or (e.value is not None and e.value == m.value)))
    if m.type in ("ground_fighting", "humanitarian"):
        if _loc_key(e.loc) == _loc_key(m.loc) and e.loc is not None:
            return True
        return e.section == m.section and m.order - e.order < 300 and (e.loc is None or m.loc is None)
    if m.type == "territorial_change":
        return e.section == m.section
    if m.type == "diplomacy":
        if e.section == m.section:
            return True
        return e.loc is not None and _loc_key(e.loc) == _loc_key(m.loc) and bool(set(e.actors) & set(m.actors))
    if m.type == "interception":
        return e.section == m.section
    return False


def _fold(e: OtherMention, m: OtherMention) -> None:
    if e.loc is None or (m.loc is not None and e.loc.precision != "exact" and m.loc.precision == "exact"
                         and m.type == "territorial_change"):
        e.loc = m.loc
    for name in ("donor", "quantity", "value", "currency", "launched", "intercepted", "weapon", "claimed_by"):
        if getattr(e, name) is None and getattr(m, name) is not None:
            setattr(e, name, getattr(m, name))
    for item in m.items:
        if item not in e.items and len(e.items) < 20:
            e.items.append(item)
    for actor in m.actors:
        if actor not in e.actors and len(e.actors) < 20:
            e.actors.append(actor)
    if e.weapon_class == "unknown":
        e.weapon_class = m.weapon_class
