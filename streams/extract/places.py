"""Where: the places a sentence names, each with how it is tied to the sentence.

The gazetteer finds names; this module decides what each name is doing there. "in X",
"on X", "the city of X", "the village of X" tie a place to an event; "near X", "outside X",
"30 km south of X", "the X district" put the event *near* it; "X region" is oblast-level;
"Kramatorsk in eastern Ukraine" or "Komyshany, a suburb of Kherson" only *qualify* the
first name (and resolve it when it is ambiguous); "the mayor of X", "X residents" and
"reporters in X" name a speaker or an observer, not where the strike fell; "from X" is
where it came from. Descriptions resolve against the article: "the city" is the last city
named, "the regional capital" the centre of the oblast in context, "the region" that
oblast. A capitalised name after "village of" / "town of" that the gazetteer does not know
(it lists places over 500 inhabitants) is kept with the oblast of its context.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Sequence

from . import places_data as pd
from .gazetteer import Gazetteer, GazPlace, PlaceMention
from .text import Token, TokenList, low_list, low_set, positions, token_list
from .weapons import EVENTS, WEAPONS

WEAPON_WORDS = EVENTS.words | WEAPONS.words

EXACT, NEAR, OBLAST, COUNTRY = "exact", "near", "oblast", "country"
#: how a place is tied to its sentence, best first
STRONG, BARE, NEARBY, ATTRIB, QUALIFIER, OBSERVER, ORIGIN, ACTOR = (
    "strong", "bare", "near", "attrib", "qualifier", "observer", "origin", "actor")
BIG_CITY = 50_000


# made by the dozen per article: a plain slotted dataclass, hashable like a frozen one and
# never changed after it is made (a frozen dataclass costs several times more to build)
@dataclass(slots=True, unsafe_hash=True)
class Loc:
    location: str | None
    oblast: str | None
    country: str | None
    lat: float | None = None
    lon: float | None = None
    precision: str = "unknown"
    geonameid: int | None = None
    population: int = 0

    @property
    def level(self) -> str:
        if self.location:
            return "town"
        if self.oblast:
            return "oblast"
        if self.country:
            return "country"
        return "none"

    def key(self) -> tuple[str | None, str | None, str | None]:
        return (self.location, self.oblast if self.location or self.oblast else None, self.country)


@dataclass(slots=True)
class Cand:
    i: int          # first token
    j: int          # one past the last token
    loc: Loc
    cue: str
    is_list: bool = False   # one of "the villages of A, B and C"
    group: int = -1         # the list it belongs to (its first member's token index)


@dataclass(slots=True)
class PlaceContext:
    """What the article has named so far: for "the city", "the region" and ambiguous names."""
    oblast_counts: Counter = field(default_factory=Counter)
    last_city: Loc | None = None
    last_town: Loc | None = None
    last_oblast: str | None = None
    last_oblast_country: str | None = None
    main_country: str | None = None   # Ukraine or Russia, whichever the article names more
    #: the settlements each name may denote, looked up once per article
    namesakes: dict[str, list[GazPlace]] = field(default_factory=dict)


_INTRO = frozenset("city town village settlement suburb hamlet township community villages towns cities "
                   "settlements port".split())
_SKIP_ADJ = frozenset(
    "the eastern western southern northern central southeastern southwestern northeastern northwestern "
    "ukrainian russian occupied frontline front-line industrial strategic embattled besieged nearby small "
    "neighbouring neighboring key major large southern-ukrainian russian-occupied russian-controlled "
    "ukrainian-controlled liberated recently border coastal port capital city's region's a an its "
    "urban-type hard-hit badly-damaged northeastern eastern-ukrainian regional administrative oblast".split()
)
_STRONG_PREV = frozenset(
    "in on at into over across throughout targeting targeted hit hits struck strike strikes attack attacks "
    "shelled shelling attacked bombed pounded hitting striking of inside upon onto within".split()
)
_NEAR_PREV = frozenset("near outside around towards toward nearby outskirts direction close".split())
_DIRECTIONS = frozenset("north south east west northeast northwest southeast southwest north-east north-west "
                        "south-east south-west northern southern eastern western".split())
_ATTRIB_NEXT = frozenset(
    "mayor governor residents resident police prosecutor prosecutor's administration officials authorities "
    "council military regional city's governor's mayor's people's head chief official spokesman "
    "spokesperson authority's team".split()
)
_ATTRIB_PREV = frozenset("mayor governor head chief residents resident administration authorities officials "
                         "council people native natives police".split())
_OBSERVER_PREV = frozenset("reporters journalists correspondent correspondents team crew reporter journalist "
                           "based stationed visit visited trip".split())
_RAION = frozenset("district raion rayon community hromada municipality districts".split())
_QUALIFIER_GAP = frozenset(
    ", in the of eastern western southern northern central ukraine's russia's - ( ) region oblast "
    "just a an southeastern northeastern southwestern northwestern part".split()
)
_NEAR_GAP = frozenset(
    ", a an the just western eastern northern southern suburb suburbs outskirts of west east north south "
    "southeast southwest northeast northwest km kilometers kilometres miles outside near - located about "
    "some around roughly approximately from which is lies on".split()
)
_URBAN_PART = frozenset("district districts neighbourhood neighborhood microdistrict quarter area".split())
_DESCRIPTION_WORDS = frozenset("city town capital centre center region oblast city's town's same".split())
_SAME_PLACE = frozenset("place city town village site building facility area centre center base airfield "
                        "plant training district port station".split())
_ACTOR_NEXT = frozenset(
    "forces troops army military army's government officials war invasion offensive defence defense ministry "
    "ally allies leadership regime president authorities air navy strikes attack attacks".split())
_PATIENT_NEXT = frozenset("was were is came has had had shook shakes rocked suffered".split())
_CAPITALS = frozenset("Moscow Kyiv Minsk Washington London Paris Berlin Brussels Warsaw Beijing Tehran Rome "
                      "Ankara Helsinki Stockholm Oslo Copenhagen Tallinn Riga Vilnius Budapest Bratislava Prague "
                      "Vienna Ottawa Tokyo Madrid Lisbon Athens Bucharest Sofia Chisinau".split())
_UNKNOWN_NAME = re.compile(
    r"\b(?:[Vv]illages?|[Tt]owns?|[Ss]ettlements?|[Hh]amlets?|[Ss]uburbs?|[Cc]ity|[Tt]ownship|[Cc]ommunity)"
    r" of ([A-Z][a-z'\-]{2,30}(?: [A-Z][a-z'\-]{2,30})?)")
_CITY = frozenset(("city", "city's"))
_SMALL = frozenset(("town", "village", "settlement"))
_NEAR_WORDS = frozenset(("suburb", "suburbs", "outskirts", "of", "outside", "near", "from"))
#: a sentence without a gazetteer name has a place only through one of these words
_PLACE_WORDS = _DESCRIPTION_WORDS | _INTRO
_OF_NAME = re.compile(" of [A-Z]")
_INTRO_CHARS = len("settlements")   # the longest word _UNKNOWN_NAME accepts before " of "
_BAD_UNKNOWN = frozenset(pd.GIVEN_NAME_STOPWORDS) | frozenset(
    "the a an his her their its this that these those kyiv's ukraine russia".split())


def capital_names() -> dict[str, str]:
    """Oblast -> its administrative centre, from the gazetteer's own tables."""
    out: dict[str, str] = {}
    for name, centre, _ in pd.UA_OBLASTS.values():
        if centre:
            out[name] = centre
    out.update({"Crimea": "Simferopol", "Volyn": "Lutsk", "Zakarpattia": "Uzhhorod"})
    for region in pd.RU_REGIONS.values():
        out.setdefault(region, pd.RU_REGION_CENTRES.get(region, region))
    return out


class PlaceResolver:
    """Turns gazetteer mentions of one sentence into candidates with their tie."""

    def __init__(self, gaz: Gazetteer):
        self.gaz = gaz
        self._capitals = capital_names()
        self._capital_cache: dict[str, Loc | None] = {}
        self._oblast_country: dict[str, str | None] = {}

    # ------------------------------------------------------------------ helpers
    def loc_of(self, p: GazPlace, precision: str | None = None) -> Loc:
        if p.kind == "country":
            return Loc(None, None, p.name, None, None, COUNTRY, p.geonameid, p.population)
        if p.kind == "oblast":
            return Loc(None, p.oblast, p.country, p.lat, p.lon, OBLAST, p.geonameid, p.population)
        return Loc(p.name, p.oblast, p.country, p.lat, p.lon, precision or EXACT, p.geonameid, p.population)

    def capital(self, oblast: str | None) -> Loc | None:
        if not oblast:
            return None
        if oblast not in self._capital_cache:
            loc = None
            name = self._capitals.get(oblast)
            if name:
                for p in self.gaz.candidates(name):
                    if p.kind == "settlement" and p.oblast == oblast:
                        loc = self.loc_of(p)
                        break
            self._capital_cache[oblast] = loc
        return self._capital_cache[oblast]

    def country_of_oblast(self, oblast: str) -> str | None:
        if oblast not in self._oblast_country:
            p = self.gaz.lookup(f"{oblast} region")
            self._oblast_country[oblast] = p.country if p is not None else None
        return self._oblast_country[oblast]

    def pick(self, m: PlaceMention, prefer: Sequence[str], ctx: PlaceContext, strict: int = 0) -> GazPlace:
        """The namesake in the oblast of the context, else the gazetteer's default.

        ``prefer`` lists oblasts, the sentence's own first; the first ``strict`` of them are
        explicit in the sentence and may override a big city, the rest (the article's
        context) only choose among small namesakes.
        """
        p = m.place
        if p.kind != "settlement":
            return p
        cands = ctx.namesakes.get(m.surface)
        if cands is None:
            cands = ctx.namesakes[m.surface] = [c for c in self.gaz.candidates(m.surface) if c.kind == "settlement"]
        if len(cands) <= 1:
            return p
        big = p.population >= BIG_CITY
        for rank, oblast in enumerate(prefer):
            if big and rank >= strict:
                break
            for c in cands:
                if c.oblast == oblast and (c.name == p.name or rank < strict):
                    return c
        if big:
            # a big namesake keeps the name, unless the article never names its region and does
            # name the region of a namesake
            if ctx.oblast_counts.get(p.oblast, 0) == 0:
                alt = [c for c in cands if c.name == p.name and ctx.oblast_counts.get(c.oblast, 0) > 0]
                if alt:
                    return max(alt, key=lambda c: ctx.oblast_counts.get(c.oblast, 0))
            return p
        best = max(cands, key=lambda c: (ctx.oblast_counts.get(c.oblast, 0), c is p, c.population))
        return best if ctx.oblast_counts.get(best.oblast, 0) else p

    # ------------------------------------------------------------------ main
    def sentence_places(self, text: str, tokens: Sequence[Token], mentions: Sequence[PlaceMention],
                        ctx: PlaceContext) -> list[Cand]:
        """Place candidates of one sentence, in order, each with its tie to the sentence."""
        if not tokens:
            return []
        tokens = token_list(tokens)
        if not mentions and tokens.lowset.isdisjoint(_PLACE_WORDS):
            return []   # no name, no "the city", no "the village of X": no place
        lows = tokens.lows
        starts = tokens.starts
        raw: list[tuple[int, int, PlaceMention]] = []
        for m in mentions:
            i = bisect.bisect_right(starts, m.start) - 1
            j = bisect.bisect_left(starts, m.end)
            if i < 0 or j <= i:
                continue
            raw.append((i, j, m))
        sentence_oblasts = [m.place.oblast for _, _, m in raw if m.place.kind == "oblast" and m.place.oblast]
        cands: list[Cand] = []
        for k, (i, j, m) in enumerate(raw):
            qual = self._qualifier_oblast(lows, raw, k)
            explicit = [o for o in (qual, *sentence_oblasts) if o]
            prefer = [*explicit, *([ctx.last_oblast] if ctx.last_oblast else [])]
            p = self.pick(m, prefer, ctx, strict=len(explicit))
            nxt = lows[j] if j < len(lows) else ""
            if p.kind == "settlement" and nxt in ("region", "oblast", "province", "regions", "oblasts"):
                obl = self.gaz.oblast_of(f"{m.surface} region")
                if obl:
                    p2 = self.gaz.lookup(f"{m.surface} region")
                    if p2 is not None and p2.kind == "oblast":
                        p, j = p2, j + 1
            precision = NEAR if (p.kind == "settlement" and nxt in _RAION) else None
            loc = self.loc_of(p, precision)
            cue = self._cue(lows, i, j, p)
            part = nxt in _URBAN_PART or lows[j - 1] in _URBAN_PART or p.name.split(" ")[-1].lower() in _RAION
            if part:
                city = self._city_of_district(lows, i, p, cands, ctx)
                if city is not None:
                    # "the city's Prymorskyi district", "Kharkiv's Kyivskyi district": part of that city
                    loc = city
                    if cands and cands[-1].j == i and cands[-1].loc == city:
                        cands[-1].cue = QUALIFIER
            if cue == NEARBY and loc.level == "town":
                loc = Loc(loc.location, loc.oblast, loc.country, loc.lat, loc.lon, NEAR, loc.geonameid, loc.population)
            cands.append(Cand(i, j, loc, cue))
        self._mark_qualifiers(lows, cands)
        self._mark_lists(lows, cands)
        cands.extend(self._descriptions(tokens, cands, ctx))
        cands.extend(self._unknown_names(text, tokens, cands, ctx))
        cands.sort(key=lambda c: c.i)
        return cands

    def remember(self, cands: Sequence[Cand], ctx: PlaceContext, text: str, tokens: Sequence[Token]) -> None:
        """Update the article context after a sentence (last city, last oblast)."""
        lows = low_list(tokens) if cands else ()
        for c in cands:
            if c.cue in (OBSERVER, ORIGIN, ACTOR):
                continue
            loc = c.loc
            if loc.location and loc.country in ("Ukraine", "Russia"):
                ctx.last_town = loc
                called_city = not _CITY.isdisjoint(lows[max(0, c.i - 3):c.j + 1])
                called_small = not _SMALL.isdisjoint(lows[max(0, c.i - 3):c.i])
                if called_city or (loc.population >= BIG_CITY and not called_small):
                    ctx.last_city = loc
            if loc.oblast and loc.country in ("Ukraine", "Russia") and c.cue != ATTRIB:
                ctx.last_oblast = loc.oblast
                ctx.last_oblast_country = loc.country

    def remember_mentions(self, mentions: Sequence[PlaceMention], ctx: PlaceContext, low: str) -> None:
        """The cheap update for a sentence that is not otherwise read."""
        for m in mentions:
            p = m.place
            if p.country not in ("Ukraine", "Russia") or p.kind == "country":
                continue
            if p.kind == "settlement":
                loc = self.loc_of(p)
                ctx.last_town = loc
                around = low[max(0, m.start - 12):m.end + 6]
                if "city" in around or (p.population >= BIG_CITY and "town" not in around and "village" not in around):
                    ctx.last_city = loc
            if p.oblast:
                ctx.last_oblast = p.oblast
                ctx.last_oblast_country = p.country

    # ------------------------------------------------------------------ ties
    def _cue(self, lows: Sequence[str], i: int, j: int, p: GazPlace) -> str:
        low_tok = lows[j - 1]
        nxt = lows[j] if j < len(lows) else ""
        if low_tok.endswith("'s") and (nxt in _ACTOR_NEXT or nxt in WEAPON_WORDS):
            return ACTOR        # "Moscow's missiles", "Ukraine's drone strike": who, not where
        if p.kind == "country" and (low_tok.endswith("'s") or nxt == "'s"):
            return QUALIFIER
        if nxt in ("direction", "axis", "sector", "front") and p.kind != "country":
            return ATTRIB       # "in the Zaporizhzhia direction": a front, not where it happened
        if nxt in _ATTRIB_NEXT or nxt.endswith("'s") and nxt[:-2] in _ATTRIB_NEXT:
            if not (nxt == "city's" or nxt == "regional" and p.kind != "oblast"):
                return ATTRIB
        if p.kind == "oblast" and j < len(lows) and lows[j - 1] in ("regional",):
            return ATTRIB
        k = i - 1
        intro = False
        while k >= 0 and (lows[k] in _SKIP_ADJ or lows[k] in _INTRO or lows[k] == "of"
                          and k > 0 and lows[k - 1] in _INTRO or lows[k].endswith("'s")
                          or lows[k].endswith("-largest") or lows[k] in ("largest", "biggest")):
            if lows[k] in _INTRO:
                intro = True
            k -= 1
            if i - k > 6:
                break
        prev = lows[k] if k >= 0 else ""
        prev2 = lows[k - 1] if k >= 1 else ""
        if prev in ("in", "at", "from", "to") and not _OBSERVER_PREV.isdisjoint(lows[max(0, i - 4):i]):
            return OBSERVER
        if prev in _ATTRIB_PREV or (prev == "of" and prev2 in _ATTRIB_PREV):
            return ATTRIB
        if (prev == "from" and not intro) or (prev == "of" and prev2 in ("direction", "directions") and
                                               "from" in lows[max(0, k - 4):k]):
            return ORIGIN
        if prev in _NEAR_PREV or (prev == "of" and (prev2 in _DIRECTIONS or prev2 in _NEAR_PREV
                                                    or prev2 in ("outskirts", "suburb", "suburbs"))):
            return NEARBY
        if prev in ("to",) and prev2 == "close":
            return NEARBY
        if intro or prev in _STRONG_PREV:
            return STRONG
        if (p.kind == "country" or p.name in _CAPITALS) and nxt not in _PATIENT_NEXT:
            return ACTOR        # "Moscow used", "Kyiv said": the government, not the place
        return BARE

    def _qualifier_oblast(self, lows: Sequence[str], raw, k: int) -> str | None:
        """The oblast a name is qualified with: "Yampil in the Donetsk region", "Lyman, Donetsk oblast"."""
        _, j, _ = raw[k]
        if k + 1 < len(raw):
            i2, _, m2 = raw[k + 1]
            if m2.place.kind == "oblast" and i2 - j <= 4 and _QUALIFIER_GAP.issuperset(lows[j:i2]):
                return m2.place.oblast
        return None

    def _mark_qualifiers(self, lows: Sequence[str], cands: list[Cand]) -> None:
        for k in range(1, len(cands)):
            a, b = cands[k - 1], cands[k]
            # "Rylsk in Russia's Kursk region": look past a qualifier already found in between
            while a.cue == QUALIFIER and a.loc.level == "country" and k - 2 >= 0 and b.loc.level == "oblast":
                k -= 1
                a = cands[k - 1]
            gap = [w for w in lows[a.j:b.i] if not w.endswith("'s")]
            if a.loc.level == "town":
                if b.loc.level in ("oblast", "country") and len(gap) <= 4 and _QUALIFIER_GAP.issuperset(gap):
                    if (b.loc.oblast in (None, a.loc.oblast)) and b.loc.country == a.loc.country:
                        b.cue = QUALIFIER
                        continue
                if b.loc.level == "town" and 1 <= len(gap) <= 7 and gap[0] in (",", "just", "-", "(", "about", "some") \
                        and all(w in _NEAR_GAP or w[:1].isdecimal() for w in gap) \
                        and not _NEAR_WORDS.isdisjoint(gap):
                    b.cue = QUALIFIER
            if a.loc.level == "oblast" and b.loc.level == "country" and len(gap) <= 2 and \
                    _QUALIFIER_GAP.issuperset(gap):
                b.cue = QUALIFIER
        # "Ukraine's Kherson region": the country before is a qualifier (set in _cue)

    def _mark_lists(self, lows: Sequence[str], cands: list[Cand]) -> None:
        """"near the villages of A, B and C": each is one of a list."""
        for k in range(1, len(cands)):
            a, b = cands[k - 1], cands[k]
            gap = lows[a.j:b.i]
            if gap in ([","], ["and"], [",", "and"], ["or"]) and a.loc.level == b.loc.level \
                    and a.loc.level in ("town", "oblast") and a.cue not in (ATTRIB, QUALIFIER, OBSERVER, ACTOR):
                a.is_list = b.is_list = True
                if a.group < 0:
                    a.group = a.i
                b.group = a.group
                if a.cue == ORIGIN:
                    b.cue = ORIGIN
                if b.cue == BARE and a.cue in (STRONG, NEARBY):
                    b.cue = a.cue

    # ------------------------------------------------------------------ descriptions
    def _descriptions(self, tokens: Sequence[Token], cands: list[Cand], ctx: PlaceContext) -> list[Cand]:
        out: list[Cand] = []
        if isinstance(tokens, TokenList) and not (tokens.lowset & _DESCRIPTION_WORDS):
            return out
        taken = {k for c in cands for k in range(c.i, c.j)}
        sentence_oblast = next((c.loc.oblast for c in cands if c.loc.level == "oblast" and c.cue != ATTRIB), None)
        lows = low_list(tokens)
        n = len(lows)
        # every description starts at one of its words: only those tokens are looked at
        for k in sorted(k for w in _DESCRIPTION_WORDS.intersection(low_set(tokens)) for k in positions(lows, w)):
            low = lows[k]
            if k in taken:
                continue
            loc = None
            span = 1
            if low in ("city", "town") and k > 0 and lows[k - 1] in ("the", "this") \
                    and not (k + 1 < n and lows[k + 1] in ("of", "council", "hall", "centre", "center")):
                # the town named just before in this sentence, else the last one of the article
                loc = self._earlier_town(cands, k) or (
                    ctx.last_city if low == "city" else (ctx.last_town or ctx.last_city))
                if low == "city" and loc is None and sentence_oblast:
                    loc = self.capital(sentence_oblast)
            elif low == "same" and k > 0 and lows[k - 1] == "the" and k + 1 < n and lows[k + 1] in _SAME_PLACE:
                loc = ctx.last_town   # "a strike on the same training centre": the place just named
                if loc is None:
                    continue
                span = 2 if not (k + 2 < n and lows[k + 2] in _SAME_PLACE) else 3
            elif low in ("city's", "town's"):
                loc = self._earlier_town(cands, k) or (ctx.last_city if low == "city's" else ctx.last_town)
                if loc is not None:
                    out.append(Cand(k, k + 1, loc, ATTRIB))
                continue
            elif low in ("capital", "centre", "center") and k > 0:
                prev = lows[k - 1]
                if prev in ("regional", "region's", "oblast", "administrative") or (prev == "regional" or
                                                                                   prev.endswith("-largest")):
                    oblast = sentence_oblast or ctx.last_oblast
                    loc = self.capital(oblast)
                elif low == "capital" and prev in ("the", "ukrainian", "ukraine's", "russian", "russia's"):
                    name = "Moscow" if prev.startswith("russia") else "Kyiv"
                    p = self.gaz.lookup(name)
                    loc = self.loc_of(p) if p is not None else None
            elif low == "city" and k > 0 and (lows[k - 1].endswith("-largest") or lows[k - 1] in
                                               ("largest", "biggest")):
                loc = self.capital(sentence_oblast) or ctx.last_city
            elif low in ("region", "oblast") and k > 0 and lows[k - 1] in ("the", "this") \
                    and not (k + 1 < n and lows[k + 1] in ("of",)):
                oblast = sentence_oblast or ctx.last_oblast
                if oblast:
                    country = self.country_of_oblast(oblast) or ctx.last_oblast_country
                    loc = Loc(None, oblast, country, None, None, OBLAST)
            if loc is None:
                continue
            start = k - 1 if k > 0 and lows[k - 1] in ("the", "this") else k
            cue = self._cue(lows, start, k + span, GazPlace(loc.location or "", "settlement", loc.oblast,
                                                               loc.country, None, None, 0, None))
            out.append(Cand(start, k + span, loc, cue))
        return out

    def _city_of_district(self, lows: Sequence[str], i: int, p: GazPlace, cands: Sequence[Cand],
                          ctx: PlaceContext) -> Loc | None:
        """The city an urban district belongs to: the city just named ("Kharkiv's", "the
        city's") or, for a district the gazetteer lists as its own entry, the city of the
        context in the same region."""
        prev = lows[i - 1] if i > 0 else ""
        if prev in ("city's", "town's", "capital's"):
            return ctx.last_city
        if cands and cands[-1].j == i and cands[-1].loc.level == "town" and lows[i - 1].endswith("'s"):
            return cands[-1].loc
        first = p.name.split(" ")[0].lower()
        adjectival = first.endswith(("yi", "iy", "ij", "nyi", "ny", "ki", "kiy"))
        if p.name.split(" ")[-1].lower() in _RAION or p.population == 0 or adjectival:
            # "Shevchenkivskyi raion", "the Zarichnyi district": an urban district of the city in context;
            # "In Kherson, ... in the Dniprovskyi district": of the town this sentence named
            earlier = [c.loc for c in reversed(cands) if c.loc.level == "town" and c.cue not in (ACTOR, ORIGIN)]
            if earlier and adjectival:
                return earlier[0]
            for loc in (*earlier, ctx.last_city):
                if loc is not None and loc.oblast == p.oblast and loc.location != p.name:
                    return loc
        return None

    def _earlier_town(self, cands: Sequence[Cand], k: int) -> Loc | None:
        """The town (or the centre of the region) named last before token ``k`` in the sentence."""
        for c in reversed(cands):
            if c.j > k or c.cue in (OBSERVER, ORIGIN, ACTOR):
                continue
            if c.loc.level == "town" and c.loc.country in ("Ukraine", "Russia"):
                return c.loc
            if c.loc.level == "oblast":
                return self.capital(c.loc.oblast)
        return None

    def _unknown_names(self, text: str, tokens: Sequence[Token], cands: list[Cand], ctx: PlaceContext) -> list[Cand]:
        """"the village of Novoselivka" when the gazetteer does not list it."""
        if not tokens or (isinstance(tokens, TokenList) and not (tokens.lowset & _INTRO)):
            return []
        out: list[Cand] = []
        tokens = token_list(tokens)
        lows = tokens.lows
        starts = tokens.starts
        start, end = starts[0], starts[-1] + len(lows[-1])
        # every such name follows " of " and a capital, after an intro word of at most
        # _INTRO_CHARS letters: the (slow) pattern runs only from shortly before the first
        first = _OF_NAME.search(text, start, end)
        if first is None:
            return []
        known = {c.i for c in cands}
        for m in _UNKNOWN_NAME.finditer(text, max(start, first.start() - _INTRO_CHARS), end):
            name = m.group(1)
            if name.split()[0].lower() in _BAD_UNKNOWN:
                continue
            i = bisect.bisect_left(starts, m.start(1))
            if i in known or i >= len(lows):
                continue
            j = bisect.bisect_left(starts, m.end(1))
            oblast = None
            after = [c for c in cands if c.i >= j and c.i - j <= 5 and c.loc.level == "oblast"]
            if after:
                oblast = after[0].loc.oblast
            else:
                oblast = next((c.loc.oblast for c in cands if c.loc.level == "oblast"), None) or ctx.last_oblast
            country = (self.country_of_oblast(oblast) if oblast else None) or ctx.last_oblast_country \
                or ctx.main_country
            if oblast is None and country is None:
                continue
            loc = Loc(name, oblast, country, None, None, EXACT)
            out.append(Cand(i, j, loc, STRONG))
        return out
