"""Date words resolved against the publication date (Kyiv time).

"Wednesday" is the most recent Wednesday on or before the publication day; "overnight",
"last night", "this morning" and "today" are the publication day; "yesterday" the day
before; "last week" a week before (precision week); "March 22" the most recent March 22
not after publication. Without a publication date every relative expression is unknown
(only a date that carries its own year is kept).

Each expression also says whether it points *back* to an earlier event ("last week's
attack", "earlier this week", anything more than a week old), whether it is ancient
history (a year before 2014: "the Winter War of 1939-1940"), and whether it is only the
day somebody *said* something ("the ministry said on Sunday"), which is not the event date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from itertools import compress
from typing import Iterable, Sequence

from .numbers import MONTHS, UNITS
from .text import Token, TokenList, low_list

WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
SPEECH_VERBS = frozenset(
    "said says say told tells announced stated reported wrote posted added noted declared confirmed "
    "commented tweeted explained warned urged insisted claimed acknowledged admitted".split()
)
#: the war began in 2014: a year before it is history, not news
ANCIENT_BEFORE = 2014
HISTORICAL_DAYS = 3

_SAME_DAY = {
    ("today",): 0, ("tonight",): 0, ("overnight",): 0, ("this", "morning"): 0, ("this", "afternoon"): 0,
    ("this", "evening"): 0, ("earlier", "today"): 0, ("last", "night"): 0, ("early", "this", "morning"): 0,
    ("yesterday",): 1, ("the", "day", "before", "yesterday"): 2, ("last", "evening"): 1,
}
_WEEKS = {("last", "week"): (7, True), ("earlier", "this", "week"): (2, True), ("this", "week"): (0, False),
          ("a", "week", "ago"): (7, True), ("past", "week"): (3, False),
          ("last", "weekend"): (7, True), ("two", "weeks", "ago"): (14, True)}
_MONTHS_REL = {("last", "month"): True, ("earlier", "this", "month"): True, ("a", "month", "ago"): True,
               ("last", "year"): True, ("a", "year", "ago"): True, ("this", "month"): False}
_ONGOING = (("in", "recent", "days"), ("in", "recent", "weeks"), ("in", "recent", "months"),
            ("for", "weeks"), ("for", "months"), ("for", "days"), ("over", "recent", "weeks"),
            ("over", "the", "past", "weeks"), ("over", "the", "past", "months"), ("in", "the", "past", "weeks"),
            ("for", "several", "days"), ("for", "several", "weeks"), ("days", "of"), ("weeks", "of"),
            ("months", "of"), ("since", "the", "start", "of"), ("since", "the", "beginning", "of"))


# relative phrases indexed by their first word: (words, table, value)
_BY_FIRST: dict[str, list[tuple[tuple[str, ...], str, object]]] = {}
for _table, _entries in (("day", _SAME_DAY), ("week", _WEEKS), ("month", _MONTHS_REL), ("ongoing", dict.fromkeys(_ONGOING))):
    for _words, _value in _entries.items():
        _BY_FIRST.setdefault(_words[0], []).append((_words, _table, _value))
for _list in _BY_FIRST.values():
    _list.sort(key=lambda e: -len(e[0]))
#: a token can only start a date expression if it is one of these (or a number)
_FIRST_WORDS = frozenset(_BY_FIRST) | frozenset(WEEKDAYS) | frozenset(MONTHS) | frozenset(UNITS) | {
    "a", "previous", "earlier"}
assert not any(w.endswith("'s") for w in _FIRST_WORDS)
#: the same with a possessive ("last week's"): the tokens that may start an expression
_STARTS = _FIRST_WORDS | {w + "'s" for w in _FIRST_WORDS}
#: first words with a one-word phrase ("today"); for the others, the words that can come second
_SINGLE = frozenset(words[0] for entries in _BY_FIRST.values() for words, _, _ in entries if len(words) == 1)
_SECOND = {first: frozenset(words[1] for words, _, _ in entries if len(words) > 1) for first, entries in _BY_FIRST.items()}
_UNIT_NEXT = frozenset(("year", "years", "month", "months", "day", "days", "week", "weeks"))
#: for every word that can start a relative expression, the tokens that can follow it in one
#: ("last" + "week", "two" + "days", "previous" + "day"); the rest is not looked at further
_NEXT: dict[str, frozenset[str]] = {}
for _first, _seconds in _SECOND.items():
    _NEXT[_first] = _seconds | {w + "'s" for w in _seconds}
for _first in (*UNITS, "a"):
    _NEXT[_first] = _NEXT.get(_first, frozenset()) | _UNIT_NEXT
for _first in ("previous", "earlier"):
    _NEXT[_first] = _NEXT.get(_first, frozenset()) | {"day", "night"}
#: words that can start only a relative expression of two words or more
_RELATIVE_ONLY = frozenset(_NEXT) - _SINGLE - frozenset(WEEKDAYS) - frozenset(MONTHS)


# made by the dozen per article: a plain slotted dataclass, hashable like a frozen one and
# never changed after it is made (a frozen dataclass costs several times more to build)
@dataclass(slots=True, unsafe_hash=True)
class DateExpr:
    i: int
    j: int
    date: date | None
    precision: str               # day | week | month | unknown
    historical: bool = False     # points back to an earlier event
    ancient: bool = False        # a year before the war: history, not an event
    reporting: bool = False      # only when something was said
    after_days: int | None = None  # "one day after (a strike)": the strike is N days before
    ongoing: bool = False        # "in recent days", "for weeks": a campaign, not one strike
    since: bool = False          # "the deadliest since March 2024": a bound, not an event date


def _match(lows: Sequence[str], i: int, words: tuple[str, ...]) -> bool:
    """Do the tokens at ``i`` read ``words`` (a final possessive allowed: "last week's")?"""
    if i < 0 or i + len(words) > len(lows):
        return False
    for m, w in enumerate(words):
        low = lows[i + m]
        if low != w and not (low.endswith("'s") and low[:-2] == w):
            return False
    return True


#: what may stand between a speech verb and the day it was said: "said in a statement on Sunday",
#: "told reporters late on Monday" (anything else means the date belongs to what was said)
_SAID_GAP = frozenset(
    "on in a an the its his her their statement statements interview briefing post posts video address "
    "comments remarks reporters journalists told late early earlier later telegram tv television channel "
    "news conference separately also".split())


def _is_reporting(lows: Sequence[str], i: int, j: int) -> bool:
    """Is the date expression at tokens i:j the day somebody said something?"""
    for k in range(i - 1, max(-1, i - 7), -1):
        low = lows[k]
        if low in SPEECH_VERBS:
            return True
        if low not in _SAID_GAP:
            break
    for k in range(j, min(len(lows), j + 2)):
        if lows[k] in SPEECH_VERBS:
            return True
    return False


def _weekday(published: date | None, wd: int, last: bool) -> date | None:
    if published is None:
        return None
    delta = (published.weekday() - wd) % 7
    if last and delta == 0:
        delta = 7
    return published - timedelta(days=delta)


def _month_day(published: date | None, month: int, day: int, year: int | None) -> date | None:
    try:
        if year is not None:
            return date(year, month, day)
        if published is None:
            return None
        d = date(published.year, month, day)
        if d > published:
            d = date(published.year - 1, month, day)
        return d
    except ValueError:
        return None


def _int(token: str) -> int | None:
    return int(token) if token.isdecimal() and len(token) <= 4 else None


def find_dates(tokens: Sequence[Token], published: date | None) -> list[DateExpr]:
    """Every date expression in a sentence, in order."""
    out: list[DateExpr] = []
    lows = low_list(tokens)
    if isinstance(tokens, TokenList) and tokens.lowset.isdisjoint(_STARTS) and not tokens.has_digit:
        return out
    n = len(lows)
    # only the tokens that can start an expression are looked at: words of the tables (at C
    # speed) and numbers
    if isinstance(tokens, TokenList):
        candidates: Iterable[int] = compress(range(n), map(_STARTS.__contains__, lows))
        if tokens.has_digit:
            # numbers are among the tokens that are not plain words
            candidates = sorted({*candidates, *(k for k in tokens.odd if lows[k][0].isdecimal())})
    else:
        candidates = [k for k, w in enumerate(lows) if w in _STARTS or w[0].isdecimal()]
    i = 0
    for k in candidates:
        if k < i:
            continue    # inside the expression just read
        low = lows[k]
        base = low[:-2] if low.endswith("'s") else low
        if base in _RELATIVE_ONLY and (k + 1 >= n or lows[k + 1] not in _NEXT[base]):
            continue    # "the", "a", "in" not followed by what would make them a date
        i = k
        expr = None
        if base in WEEKDAYS:
            last = i > 0 and lows[i - 1] == "last"
            nxt = i > 0 and lows[i - 1] == "next"
            j = i + 1
            if j < n and lows[j] in ("night", "morning", "evening", "afternoon"):
                j += 1
            start = i - 1 if last else i
            d = None if nxt else _weekday(published, WEEKDAYS[base], last)
            expr = DateExpr(start, j, d, "day" if d else "unknown")
        elif base in MONTHS and (base not in ("may", "march", "mar") or _date_follows(lows, i) or
                                 (i > 0 and lows[i - 1] in ("in", "since", "early", "late", "mid", "until", "of"))):
            expr = _absolute(lows, i, published)
        elif low[:1].isdecimal():
            expr = _day_month(lows, i, published)
        elif base in _SINGLE or (i + 1 < n and lows[i + 1] in _NEXT.get(base, ())):
            expr = _relative(lows, i, published)
        if expr is None:
            i += 1
            continue
        d = expr.date
        historical = expr.historical
        ancient = expr.ancient
        if d is not None:
            if published is not None and (published - d).days > HISTORICAL_DAYS:
                historical = True
            if d.year < ANCIENT_BEFORE:
                ancient = True
        if published is not None and d is not None and d > published:
            d, prec = None, "unknown"   # a future date: a plan, not an event
        else:
            prec = expr.precision if d is not None else "unknown"
        # "since March 2024", "by Wednesday evening": a bound; but "killed by Monday's strike" is a date
        since = expr.i > 0 and lows[expr.i - 1] in ("since", "until", "till", "before", "by") \
            and not lows[expr.j - 1].endswith("'s")
        # "KYIV, Jan 18 - Russia fired...": the dateline is the day of the report
        dateline = expr.i <= 3 and expr.j < n and lows[expr.j] in ("-", ":", "(")
        expr = DateExpr(expr.i, expr.j, d, prec, historical, ancient,
                        dateline or _is_reporting(lows, expr.i, expr.j), expr.after_days, expr.ongoing, since)
        out.append(expr)
        i = max(expr.j, i + 1)
    return out


def _date_follows(lows: Sequence[str], i: int) -> bool:
    return i + 1 < len(lows) and lows[i + 1][:1].isdecimal()


def _absolute(lows: Sequence[str], i: int, published: date | None) -> DateExpr | None:
    """"March 22", "March 22, 2024", "March 2022", "in March", "February's"."""
    n = len(lows)
    low = lows[i]
    month = MONTHS[low[:-2] if low.endswith("'s") else low]
    j = i + 1
    if j < n and lows[j] == ".":
        j += 1
    day = _int(lows[j]) if j < n else None
    if day is not None and 1 <= day <= 31:
        j += 1
        year = None
        k = j + 1 if j < n and lows[j] == "," else j
        if k < n:
            y = _int(lows[k])
            if y is not None and 1800 <= y <= 2100:
                year, j = y, k + 1
        d = _month_day(published, month, day, year)
        return DateExpr(i, j, d, "day", ancient=year is not None and year < ANCIENT_BEFORE)
    if day is not None and 1800 <= day <= 2100:
        d = date(day, month, 1)
        return DateExpr(i, j + 1, d, "month", ancient=day < ANCIENT_BEFORE)
    if published is None:
        return DateExpr(i, i + 1, None, "unknown")
    d = date(published.year, month, 1)
    if d > published:
        d = date(published.year - 1, month, 1)
    return DateExpr(i, i + 1, d, "month")


def _day_month(lows: Sequence[str], i: int, published: date | None) -> DateExpr | None:
    """"22 March (2024)", ISO "2024-03-22", a bare year "in 1940", a year range "1939-1940"."""
    low = lows[i]
    n = len(lows)
    if len(low) == 10 and low[4] == "-" and low[7] == "-" and low[:4].isdecimal():
        try:
            return DateExpr(i, i + 1, date(int(low[:4]), int(low[5:7]), int(low[8:10])), "day")
        except ValueError:
            return None
    if len(low) == 9 and low[4] == "-" and low[:4].isdecimal() and low[5:].isdecimal():
        return DateExpr(i, i + 1, None, "unknown", historical=True, ancient=int(low[:4]) < ANCIENT_BEFORE)
    value = _int(low)
    if value is None:
        return None
    if 1 <= value <= 31 and i + 1 < n and lows[i + 1] in MONTHS:
        month = MONTHS[lows[i + 1]]
        j = i + 2
        year = _int(lows[j]) if j < n else None
        if year is not None and 1800 <= year <= 2100:
            j += 1
        else:
            year = None
        return DateExpr(i, j, _month_day(published, month, value, year), "day",
                        ancient=year is not None and year < ANCIENT_BEFORE)
    if 1800 <= value <= 2100 and i > 0 and lows[i - 1] in ("in", "since", "of", "from", "until", "by", "during"):
        ancient = value < ANCIENT_BEFORE
        historical = ancient or (published is not None and value < published.year)
        return DateExpr(i, i + 1, None, "unknown", historical=historical, ancient=ancient)
    # "one day after", "two days after": the referenced strike is that many days before
    return None


def _relative(lows: Sequence[str], i: int, published: date | None) -> DateExpr | None:
    low = lows[i]
    if low.endswith("'s"):
        low = low[:-2]
    entries = _BY_FIRST.get(low, ())
    if entries and low not in _SINGLE:
        # every phrase has a second word: look further only when the next token is one
        nxt = lows[i + 1] if i + 1 < len(lows) else ""
        if nxt.endswith("'s"):
            nxt = nxt[:-2]
        if nxt not in _SECOND[low]:
            entries = ()
    for words, table, value in entries:
        if not _match(lows, i, words):
            continue
        j = i + len(words)
        if table == "day":
            d = None if published is None else published - timedelta(days=value)
            return DateExpr(i, j, d, "day")
        if table == "week":
            days, hist = value
            d = None if published is None else published - timedelta(days=days)
            return DateExpr(i, j, d, "week", historical=hist)
        if table == "month":
            hist = value
            if published is None or words[-1] == "year":
                d = None
            else:
                d = (published.replace(day=1) - timedelta(days=1)).replace(day=1) if hist else published.replace(day=1)
            return DateExpr(i, j, d, "month", historical=hist)
        return DateExpr(i, j, None, "unknown", ongoing=True)
    # "one day after", "a day after", "two days after", "N days ago"
    if (low in UNITS or low in ("a",) or low.isdecimal()) and i + 2 < len(lows):
        unit = lows[i + 1]
        count = 1 if low in ("a", "one") else UNITS.get(low) or (int(low) if low.isdecimal() and len(low) < 4 else None)
        if count and unit in ("year", "years", "month", "months") and lows[i + 2] in ("since", "after", "ago"):
            return DateExpr(i, i + 3, None, "unknown", historical=True)
        if count and unit in ("day", "days", "week", "weeks"):
            days = count * (7 if unit.startswith("week") else 1)
            rel = lows[i + 2]
            if rel in ("after", "since"):
                return DateExpr(i, i + 3, None, "unknown", historical=True, after_days=days)
            if rel == "ago":
                d = None if published is None else published - timedelta(days=days)
                return DateExpr(i, i + 3, d, "day" if days < 7 else "week", historical=days >= HISTORICAL_DAYS)
            if rel in ("earlier", "before"):
                return DateExpr(i, i + 3, None, "unknown", after_days=days)
    if low in ("previous", "earlier") and i > 0 and lows[i - 1] in ("the", "a") and i + 1 < len(lows) \
            and lows[i + 1] in ("day", "night"):
        return DateExpr(i - 1, i + 2, None, "unknown", after_days=1)
    return None
