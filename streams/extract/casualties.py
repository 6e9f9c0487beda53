"""Casualty figures in a sentence: killed, injured, missing, each tied to its keyword.

A figure is a count next to a casualty word: to its right after an active verb ("killed at
least 3 people", "wounding five", "the death toll rose to 16"), or to its left before a
passive or adjective ("3 dead", "eight people wounded", "Five victims ... injured"). "A
25-year-old man was killed" is 1. Counts joined by "and" add up ("11 children and nine
adults were injured" is 20); counts introduced by "including" or followed by "of whom" are
subsets and never add. Ages, dates, times, money and things ("13 buildings") are skipped.
"No casualties" / "no one was hurt" is 0 killed and 0 injured. "Missing" includes people
who "may still be" under the rubble, never somebody "recovered from under the rubble".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from .lexicon import Lexicon, any_match
from .numbers import Num
from .text import Token, low_list, low_set

KILLED, INJURED, MISSING = "killed", "injured", "missing"
#: more casualty words than this in one sentence is not prose: the rest are ignored
MAX_FIGURES = 12


@dataclass(frozen=True, slots=True)
class CasWord:
    kind: str     # killed | injured | missing
    mode: str     # verb (number right or left) | left | toll (number right) | mil (soldiers only) | cond


# made by the dozen per article: a plain slotted dataclass, hashable like a frozen one and
# never changed after it is made (a frozen dataclass costs several times more to build)
@dataclass(slots=True, unsafe_hash=True)
class Fig:
    kind: str            # killed | injured | missing
    value: int
    anchor: int          # token index of the casualty word
    at: int              # token index of the number (the anchor for a zero or "a man")
    nationality: str | None = None   # "ua" / "ru" when the victims are named as such
    military: bool = False           # soldiers, servicemen, troops...
    zero: bool = False
    toll: bool = False               # "the death toll rose to 16": an update by nature
    single: bool = False             # "a man was killed": one person's story, not a toll
    pejorative: bool = False         # "nationalists", "mercenaries", "eliminated": a belligerent's words
    total: bool = False              # broken down by place after a colon: the total of those places


_WORDS: dict[str, CasWord] = {}
for _w in ("killed", "killing", "kills", "claimed the lives of", "took the lives of", "claiming the lives of",
           "taking the lives of", "slain", "shot dead"):
    _WORDS[_w] = CasWord(KILLED, "verb")
for _w in ("dead", "died", "perished", "deaths", "fatalities", "lost their lives", "lost his life", "lost her life",
           "bodies", "were killed", "was killed", "have been killed", "has been killed", "had been killed",
           "been killed", "dying"):
    _WORDS[_w] = CasWord(KILLED, "left")
for _w in ("death toll", "the toll", "toll", "number of dead", "number of deaths", "number of people killed",
           "number of fatalities", "number of victims", "fatality toll", "death count", "number of those killed"):
    _WORDS[_w] = CasWord(KILLED, "toll")
for _w in ("destroyed", "eliminated", "liquidated", "neutralised", "neutralized", "were destroyed",
           "were eliminated"):
    _WORDS[_w] = CasWord(KILLED, "mil")
for _w in ("injured", "injuring", "injures", "wounded", "wounding", "hurt", "hospitalised", "hospitalized",
           "sustained injuries", "suffered injuries", "received injuries", "sustained wounds", "suffered wounds",
           "were injured", "was injured", "were wounded", "was wounded", "were hurt", "was hurt",
           "been injured", "been wounded", "been hurt", "injuries", "were hospitalized", "were hospitalised"):
    _WORDS[_w] = CasWord(INJURED, "verb" if _w in ("injured", "injuring", "injures", "wounded", "wounding",
                                                    "hurt", "hospitalised", "hospitalized") else "left")
for _w in ("number of injured", "number of wounded", "number of people injured", "number of those injured",
           "number of injured people"):
    _WORDS[_w] = CasWord(INJURED, "toll")
for _w in ("missing", "unaccounted for", "remain missing", "are missing", "were missing", "went missing"):
    _WORDS[_w] = CasWord(MISSING, "left")
for _w in ("under the rubble", "under rubble", "under the debris", "under debris", "trapped", "buried",
           "may still be there", "may be there", "may still be under", "remain under", "still under",
           "may remain under", "might still be there", "could still be there", "believed trapped"):
    _WORDS[_w] = CasWord(MISSING, "cond")

CASUALTY_WORDS: Lexicon[CasWord] = Lexicon(_WORDS)

_BOTH, _K, _I = (KILLED, INJURED), (KILLED,), (INJURED,)
_ZERO: dict[str, tuple[str, ...]] = {}
for _w in ("no casualties", "no victims", "no one was hurt", "nobody was hurt", "no one was harmed",
           "nobody was harmed", "no one hurt", "without casualties", "no injuries or deaths",
           "no deaths or injuries", "no one was killed or injured", "no one was injured or killed",
           "nobody was killed or injured", "no people were hurt", "no one was killed or wounded",
           "no casualties or injuries", "no civilian casualties", "no human casualties", "no one was hurt or killed",
           "not cause casualties", "no killed or injured", "none were hurt", "no one was affected"):
    _ZERO[_w] = _BOTH
for _w in ("no one was killed", "nobody was killed", "no deaths", "no fatalities", "no one died", "nobody died",
           "no dead", "no one had been killed", "no one has been killed", "none were killed"):
    _ZERO[_w] = _K
for _w in ("no one was injured", "nobody was injured", "no injuries", "no one was wounded", "nobody was wounded",
           "no injured", "no wounded", "no one had been injured", "no one has been injured", "none were injured"):
    _ZERO[_w] = _I
ZERO_PHRASES: Lexicon[tuple[str, ...]] = Lexicon(_ZERO)
#: "no reports of casualties" is unknown, not zero
_UNKNOWN_BEFORE = frozenset("reports report information word signs sign indication indications evidence data "
                            "immediate details".split())

PERSON_SINGULAR = frozenset(
    "man woman boy girl child person civilian resident teenager teen pensioner driver guard worker soldier "
    "serviceman servicewoman officer rescuer volunteer farmer policeman policewoman medic doctor nurse journalist "
    "employee infant baby toddler student local passenger firefighter paramedic mother father son daughter "
    "wife husband grandmother grandfather citizen fisherman miner electrician resident teacher "
    "photographer reporter cameraman priest engineer lineman paramedic victim shopper worker".split()
)
PERSON_PLURAL = frozenset(
    "people persons civilians residents men women children kids boys girls teenagers soldiers servicemen "
    "servicemembers troops workers rescuers volunteers policemen officers medics doctors journalists employees "
    "passengers firefighters paramedics citizens locals adults pensioners minors infants babies students "
    "fighters militants mercenaries personnel marines paratroopers victims others conscripts reservists "
    "nationalists members individuals servicepeople staff ukrainians russians".split()
)
MILITARY = frozenset(
    "soldiers soldier servicemen serviceman servicemembers troops fighters militants mercenaries personnel "
    "marines paratroopers conscripts reservists nationalists military servicepeople officers".split()
)
THINGS = frozenset(
    "buildings building houses house homes apartments apartment missiles missile drones drone rockets shells "
    "strikes times floors cars vehicles schools hospitals facilities targets settlements villages towns cities "
    "objects windows garages hostels dormitories storeys stories explosions blasts impacts shahed shaheds "
    "kilometers kilometres km miles meters metres hours minutes days weeks months years tanks howitzers "
    "packages jets aircraft helicopters tonnes tons hectares points percent structures blocks homes".split()
)
_SKIP_RIGHT = frozenset(
    "at least more than over about around nearly almost some approximately roughly up to an estimated another "
    "further a total of the rose risen has have had climbed reached stands stood is was increased jumped grew "
    "now are were include included number numbered totalled".split()
)
_PASSIVE = frozenset("was were been being are is be".split())
#: "the injured", "the dead": the people, not a verb with an object
_NOMINAL = frozenset(("the", "of"))
_STOP_PUNCT = frozenset(';:()[]"')
_CLAUSE_WORDS = frozenset("but while whereas after before because when although though that which who where "
                          "since until if".split())
_DETERMINERS = frozenset(("a", "an", "one"))
#: "the driver", "his wife": one known person
_DEFINITE = frozenset(("the", "his", "her", "its", "their"))
#: "a third person has died": the running count is the total; "another man": unknown total
_ORDINALS = {"second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
             "tenth": 10, "eleventh": 11, "twelfth": 12}
_UNKNOWN_TOTAL = frozenset(("another", "further", "more"))
_PRONOUNS = frozenset(("him", "her"))
_RESCUE = frozenset("rescued recovered pulled saved freed evacuated retrieved extracted alive found".split())
_RUBBLE = frozenset("rubble debris ruins collapsed collapse".split())


PEJORATIVE = frozenset("nationalists nationalist mercenaries mercenary militants militant neo-nazis nazis "
                       "terrorists fighters".split())


def _pejorative(lows: Sequence[str], fig: Fig) -> bool:
    lo, hi = min(fig.at, fig.anchor), max(fig.at, fig.anchor) + 5
    if lows[fig.anchor] in ("eliminated", "liquidated", "neutralised", "neutralized", "destroyed"):
        return True
    return any(lows[k] in PEJORATIVE for k in range(lo, min(len(lows), hi)))


def _victims(lows: Sequence[str], lo: int, hi: int) -> tuple[str | None, bool]:
    nat = None
    mil = False
    for k in range(max(0, lo), min(len(lows), hi)):
        low = lows[k]
        if not low[:1].isalnum():
            break   # the noun phrase of the victims ends at punctuation
        if low.startswith("ukrainian"):
            nat = "ua"
        elif low.startswith("russian"):
            nat = "ru"
        if low in MILITARY:
            mil = True
    return nat, mil


_FIGURE_LEXICONS = frozenset((id(CASUALTY_WORDS), id(ZERO_PHRASES)))


def may_have_figures(tokens: Sequence[Token]) -> bool:
    """Could ``find_figures`` find anything? Only next to a casualty word or a zero phrase."""
    found = any_match(tokens, _FIGURE_LEXICONS)
    if found is not None:
        return found
    return bool(CASUALTY_WORDS.scan(tokens)) or bool(ZERO_PHRASES.scan(tokens))


def find_figures(tokens: Sequence[Token], nums: Sequence[Num]) -> list[Fig]:
    """Every casualty figure of a sentence, in token order."""
    figs: list[Fig] = []
    lows = low_list(tokens)
    # zero statements first: "no casualties", "no one was hurt"
    zero_spans: list[tuple[int, int]] = []
    for hit in ZERO_PHRASES.scan(tokens):
        if any(lows[k] in _UNKNOWN_BEFORE for k in range(max(0, hit.i - 3), hit.i)):
            continue
        zero_spans.append((hit.i, hit.j))
        for kind in hit.payload:
            figs.append(Fig(kind, 0, hit.i, hit.i, zero=True))
    hits = [h for h in CASUALTY_WORDS.scan(tokens)
            if not any(a <= h.i < b for a, b in zero_spans)][:MAX_FIGURES]
    if not hits:
        return figs
    num_end = {num.j - 1: num for num in nums}
    num_start = {num.i: num for num in nums}
    hit_at = {}
    for h in hits:
        for k in range(h.i, h.j):
            hit_at[k] = h
    used: set[int] = set()
    rubble = not _RUBBLE.isdisjoint(low_set(tokens))
    pending = []
    for h in hits:
        word: CasWord = h.payload
        if word.mode == "cond" and not rubble:
            continue
        fig = None
        if word.mode == "toll":
            fig = _toll(lows, h, num_start, used)
        elif word.mode == "verb" and h.i > 0 and lows[h.i - 1] == "the" and h.j < len(lows) \
                and lows[h.j] in ("are", "were", "include", "included", "number", "numbered", "totalled") \
                and not (h.i > 1 and lows[h.i - 2] == "among"):
            fig = _right(lows, h, num_start, used)   # "the injured are 11 children and nine adults"
        elif word.mode == "verb" and not (h.i > 0 and lows[h.i - 1] in _PASSIVE | _NOMINAL):
            fig = _right(lows, h, num_start, used)
        if fig is None and word.mode != "toll":
            pending.append(h)
        elif fig is not None:
            figs.append(fig)
    for h in pending:
        fig = _left(lows, h, num_end, hit_at, used)
        if fig is not None:
            figs.append(fig)
    figs.extend(_breakdown(lows, figs, num_start, used))
    figs.sort(key=lambda f: f.anchor)
    return [Fig(f.kind, f.value, f.anchor, f.at, f.nationality, f.military, f.zero, f.toll, f.single,
                _pejorative(lows, f), f.total) if f.military or not f.zero else f for f in figs]


def _right(lows: Sequence[str], h, num_start: dict[int, Num], used: set[int]) -> Fig | None:
    word: CasWord = h.payload
    k = h.j
    n = len(lows)
    steps = 0
    while k < n and steps < 6:
        low_k = lows[k]
        if low_k in _PRONOUNS and word.mode == "verb" and steps == 0:
            return Fig(word.kind, 1, h.i, k, single=True)          # "killing him"
        if (low_k in _DETERMINERS or low_k in _DEFINITE) and k not in num_start:
            # "killed a 70-year-old woman", "wounding an elderly man", "killing the driver"
            for m in range(k + 1, min(n, k + 5)):
                low = lows[m]
                if low in _UNKNOWN_TOTAL:
                    return None
                if low in PERSON_SINGULAR:
                    if word.mode == "mil" and low not in MILITARY:
                        return None
                    return Fig(word.kind, 1, h.i, k, None, low in MILITARY, single=True)
                if low in _STOP_PUNCT or low in (",", "and") or low in PERSON_PLURAL or low in THINGS \
                        or low in _ORDINALS:
                    break
        if k in num_start:
            num = num_start[k]
            if num.kind == "vague":
                return None
            count = num.count
            if count is None or num.subset or num.i in used or _thing_after(lows, num.j):
                return None
            used.add(num.i)
            value = count + _sum_right(lows, num, num_start, used)
            nat, mil = _victims(lows, num.j, num.j + 4)
            if word.mode == "mil" and not mil:
                return None
            return Fig(word.kind, value, h.i, num.i, nat, mil)
        if lows[k] in _SKIP_RIGHT:
            k += 1
            steps += 1
            continue
        return None
    return None


def _breakdown(lows: Sequence[str], figs: list[Fig], num_start: dict[int, Num], used: set[int]) -> list[Fig]:
    """"killed 4 residents of the region: 2 in Toretsk, 1 in Niu-York and 1 in Kostiantynivka":
    the counts after the colon are the same kind of figure, one for each place."""
    out: list[Fig] = []
    n = len(lows)
    totals: set[int] = set()
    for f in figs:
        k = max(f.anchor, f.at) + 1
        while k < n and lows[k] not in (":", ";", ".") and k - f.anchor < 12:
            k += 1
        if k >= n or lows[k] != ":":
            continue
        k += 1
        before = len(out)
        while k < n:
            num = num_start.get(k)
            if num is None or num.count is None or num.i in used or num.j >= n or lows[num.j] != "in":
                break
            used.add(num.i)
            out.append(Fig(f.kind, num.count, num.j, num.i, f.nationality, f.military, toll=f.toll))
            k = num.j + 1
            while k < n and lows[k] not in (",", "and", ";", ".") and not (k in num_start):
                k += 1
            while k < n and lows[k] in (",", "and"):
                k += 1
        if len(out) > before:
            totals.add(id(f))
    figs[:] = [Fig(f.kind, f.value, f.anchor, f.at, f.nationality, f.military, f.zero, f.toll, f.single,
                   f.pejorative, True) if id(f) in totals else f for f in figs]
    return out


def _toll(lows: Sequence[str], h, num_start: dict[int, Num], used: set[int]) -> Fig | None:
    """"the death toll rose to 16", "death toll from the strike on Dnipro rises to 40"."""
    word: CasWord = h.payload
    for k in range(h.j, min(len(lows), h.j + 30)):
        low = lows[k]
        if low in _STOP_PUNCT or low in (";", "."):
            return None
        num = num_start.get(k)
        if num is None or num.kind not in ("count", "vague"):
            continue    # "... on January 22 has risen to 19": dates and times on the way
        prev = lows[(num.qi if num.qi >= 0 else num.i) - 1]
        if prev == "from":
            continue    # "lowered the toll from 12 to 11": the old figure
        if prev in ("to", "at", "of", "reached", "is", "was", "hit", "stands", "stood", "now", "climbed", "rose"):
            if num.count is None or num.subset or num.i in used:
                return None
            used.add(num.i)
            return Fig(word.kind, num.count, h.i, num.i, toll=True)
        return None
    return None


def _sum_right(lows: Sequence[str], num: Num, num_start: dict[int, Num], used: set[int]) -> int:
    """"killed 11 children and nine adults": the count after "and", when both are people."""
    k = num.j
    n = len(lows)
    if not (k < n and lows[k] in PERSON_PLURAL | PERSON_SINGULAR):
        return 0
    k += 1
    if not (k < n and lows[k] == "and"):
        return 0
    k += 1
    other = num_start.get(k)
    if other is None or other.count is None or other.subset or other.i in used:
        return 0
    if not (other.j < n and lows[other.j] in PERSON_PLURAL | PERSON_SINGULAR):
        return 0
    used.add(other.i)
    return other.count


def _thing_after(lows: Sequence[str], j: int) -> bool:
    for k in range(j, min(len(lows), j + 3)):
        low = lows[k]
        if low in THINGS:
            return True
        if low in PERSON_PLURAL or low in PERSON_SINGULAR:
            return False
    return False


def _value(num: Num, kind: str) -> int | None:
    """The count a number gives this kind of figure: "four more people may still be there"
    are four missing, "two more died" is no total of the dead."""
    if num.kind == "increment" and kind == MISSING and num.value is not None and num.value == int(num.value):
        return int(num.value)
    return num.count


def _left(lows: Sequence[str], h, num_end: dict[int, Num], hit_at: dict, used: set[int]) -> Fig | None:
    word: CasWord = h.payload
    k = h.i - 1
    lo = max(0, h.i - 10)
    while k >= lo:
        low = lows[k]
        if k in num_end:
            num = num_end[k]
            if num.kind == "vague":
                return None
            if _value(num, word.kind) is None or num.subset or num.i in used or _thing_after(lows, num.j):
                k = (num.qi if num.qi >= 0 else num.i) - 1
                continue
            if word.mode == "cond" and any(lows[m] in _RESCUE for m in range(max(0, num.i - 3), h.i)):
                return None
            used.add(num.i)
            nat, mil = _victims(lows, num.j, h.i)
            if word.mode == "mil" and not mil:
                return None
            value = _value(num, word.kind) + _sum_left(lows, num, num_end, hit_at, used)
            return Fig(word.kind, value, h.i, num.i, nat, mil)
        if k in hit_at and hit_at[k] is not h:
            return None
        if low in _STOP_PUNCT or low in _CLAUSE_WORDS:
            return None
        if low == ",":
            if k + 1 < len(lows) and lows[k + 1] in ("including", "among", "mostly", "all", "both"):
                k -= 1
                continue
            # "Five people, including two children, were killed": skip back over the aside
            j = k - 1
            while j >= lo and lows[j] not in (",",) and lows[j] not in _STOP_PUNCT:
                j -= 1
            if j >= lo and lows[j] == "," and j + 1 < len(lows) and lows[j + 1] in ("including", "among"):
                k = j - 1
                continue
            return None
        if word.mode == "cond" and low in _RESCUE:
            return None
        if low in PERSON_SINGULAR:
            det = _determiner(lows, k)
            if det is not None:
                if word.mode == "mil" and low not in MILITARY:
                    return None
                ordinal = _ORDINALS.get(lows[det + 1]) if det + 1 < k else None
                if ordinal:
                    # "a third person has died": the toll is three
                    return Fig(word.kind, ordinal, h.i, det, None, low in MILITARY, toll=True)
                if lows[det] == "a" and det + 1 < k and lows[det + 1] in _UNKNOWN_TOTAL:
                    return None
                return Fig(word.kind, 1, h.i, det, None, low in MILITARY, single=True)
            return None
        k -= 1
    return None


def _determiner(lows: Sequence[str], k: int) -> int | None:
    """"a 25-year-old man", "an elderly woman", "one person": the determiner's index."""
    for m in range(k - 1, max(-1, k - 5), -1):
        low = lows[m]
        if low in _UNKNOWN_TOTAL:
            return None
        if low in _DETERMINERS or low in _DEFINITE:
            if low in _DEFINITE and m + 1 < k and lows[m + 1] in _ORDINALS:
                return m   # "the third victim"
            return m
        if low in _STOP_PUNCT or low in (",", "and", "of") or low in PERSON_PLURAL:
            return None
    return None


def _sum_left(lows: Sequence[str], num: Num, num_end: dict[int, Num], hit_at: dict, used: set[int]) -> int:
    """"11 children and nine adults were injured": the count before "and", when both are people."""
    if not (num.j < len(lows) and lows[num.j] in PERSON_PLURAL | PERSON_SINGULAR):
        return 0
    k = (num.qi if num.qi >= 0 else num.i) - 1
    if not (k >= 0 and lows[k] == "and"):
        return 0
    k -= 1
    # the people noun of the other count
    steps = 0
    while k >= 0 and steps < 3 and k not in num_end:
        if k in hit_at or lows[k] in _STOP_PUNCT or lows[k] == ",":
            return 0
        k -= 1
        steps += 1
    other = num_end.get(k)
    if other is None or other.count is None or other.subset or other.i in used:
        return 0
    if not (other.j < len(lows) and lows[other.j] in PERSON_PLURAL | PERSON_SINGULAR):
        return 0
    used.add(other.i)
    return other.count
