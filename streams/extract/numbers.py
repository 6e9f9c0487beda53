"""Quantities in a sentence: digits and number words, and what kind of number each is.

A casualty figure is a *count*; an age ("a 25-year-old"), a time ("9:45 p.m."), a date
("March 22"), a year, money ("390 million euros"), a measure ("30 kilometres") or a label
("hostel No. 47") never is. Counts follow the conservative reading of the labelling rules:
"at least 3" is 3, "more than 43" is 43, "a dozen" is 12, "a couple" is 2; unquantified
words ("dozens", "many", "hundreds") are *vague*: they block a figure instead of giving one.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import compress
from typing import Iterable, Sequence

from .text import Token, TokenList, low_list

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
        "ninety": 90}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
          "trillion": 1_000_000_000_000}
#: "dozens of people": a quantity word that gives no figure
VAGUE = frozenset("dozens hundreds thousands millions scores tens several many numerous multiple "
                  "countless few".split())
MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
CURRENCY_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "₴": "UAH", "₽": "RUB"}
CURRENCY_WORDS = {
    "euro": "EUR", "euros": "EUR", "eur": "EUR", "dollar": "USD", "dollars": "USD", "usd": "USD",
    "pound": "GBP", "pounds": "GBP", "sterling": "GBP", "gbp": "GBP", "hryvnia": "UAH", "hryvnias": "UAH",
    "hryvnias'": "UAH", "uah": "UAH", "rouble": "RUB", "roubles": "RUB", "ruble": "RUB", "rubles": "RUB",
    "francs": "CHF", "kroner": "DKK", "kronor": "SEK", "zloty": "PLN", "yen": "JPY",
}
UNIT_WORDS = frozenset(
    "km kms kilometers kilometres kilometre kilometer miles mile meters metres meter metre m ft feet "
    "percent per % kg kilograms tons tonnes tonne hectares hectare mm calibre caliber square sq "
    "storey story stories storeys floors floor km/h mph degrees minutes minute seconds second hours hour "
    "days day weeks week months month years year times points point".split()
)
TIME_WORDS = frozenset("a.m p.m am pm a.m. p.m. hrs gmt utc cet".split())
QUALIFIERS = (
    ("at", "least"), ("more", "than"), ("no", "fewer", "than"), ("no", "less", "than"), ("as", "many", "as"),
    ("up", "to"), ("an", "estimated"), ("fewer", "than"), ("less", "than"), ("at", "most"),
    ("over",), ("about",), ("around",), ("nearly",), ("almost",), ("approximately",), ("roughly",),
    ("some",), ("approx",), ("estimated",), ("another",), ("a", "further"), ("further",), ("over", "a"),
)
SUBSET_BEFORE = (("including",), ("among", "them"), ("among", "whom"), ("incl",), ("of", "which"),
                 ("among", "the", "dead"), ("among", "the", "injured"), ("among", "the", "victims"),
                 ("among", "those"))
SUBSET_AFTER = (("of", "whom"), ("of", "them"), ("of", "those"), ("of", "the"))
#: "two more people died", "three other residents": an increment, not a total
INCREMENT_AFTER = frozenset(("more", "additional", "other", "further", "new"))


# made by the dozen per article: a plain slotted dataclass, hashable like a frozen one and
# never changed after it is made (a frozen dataclass costs several times more to build)
@dataclass(slots=True, unsafe_hash=True)
class Num:
    i: int                 # first token of the number
    j: int                 # one past its last token
    value: float | None    # None for vague quantities
    kind: str              # count | vague | age | time | year | date | money | unit | ordinal | label
    approx: bool = False   # qualified: "at least", "more than", "about"
    subset: bool = False   # "including 2 children", "two of whom"
    qi: int = -1           # first token of the qualifier, when there is one
    currency: str | None = None

    @property
    def count(self) -> int | None:
        """The value as a count of people, when this is one."""
        if self.kind != "count" or self.value is None or self.value != int(self.value):
            return None
        return int(self.value)


def _word_value(word: str) -> int | None:
    if word in UNITS:
        return UNITS[word]
    if word in TENS:
        return TENS[word]
    if "-" in word:
        a, _, b = word.partition("-")
        if a in TENS and b in UNITS and 0 < UNITS[b] < 10:
            return TENS[a] + UNITS[b]
    return None


def _digits_value(token: str) -> tuple[float | None, str]:
    """Value of a digit token and a kind guess from its own shape."""
    if "-year" in token or token.endswith("-yr-old"):
        return None, "age"
    if ":" in token:
        return None, "time"
    core = token
    suffix = ""
    k = 0
    while k < len(core) and (core[k].isdecimal() or core[k] in ".,"):
        k += 1
    core, suffix = token[:k], token[k:]
    if suffix:
        if suffix in ("st", "nd", "rd", "th"):
            return None, "ordinal"
        if suffix.startswith("-"):
            rest = suffix[1:]
            if rest.isdecimal() and len(rest) == 4 and len(core) == 4:
                return None, "year"
            return None, "unit"
        return None, "unit"
    if len(core) > 12:
        return None, "other"
    if "," in core:
        parts = core.split(",")
        if all(len(p) == 3 for p in parts[1:]) and 1 <= len(parts[0]) <= 3 and "." not in core:
            return float(int(core.replace(",", ""))), "count"
        return None, "other"
    try:
        value = float(core) if "." in core else float(int(core))
    except ValueError:
        return None, "other"
    return value, "count"


def _match(lows: Sequence[str], i: int, words: tuple[str, ...]) -> bool:
    if i < 0 or i + len(words) > len(lows):
        return False
    return all(lows[i + m] == w for m, w in enumerate(words))


_QUALIFIER_LAST = frozenset(w[-1] for w in QUALIFIERS)
_SUBSET_LAST = frozenset(w[-1] for w in SUBSET_BEFORE)
#: words that can start a number written in words
_WORD_STARTS = frozenset(UNITS) | frozenset(TENS) | {"a", "an", "half"}
#: a sentence without one of these words (or a digit) has no number at all
_GATE = frozenset(UNITS) | frozenset(TENS) | VAGUE | {"dozen", "couple", "hundred", "thousand", "few"}
#: the words that can start a number (or a vague quantity)
_STARTS = _WORD_STARTS | VAGUE


def _qualifier(lows: Sequence[str], i: int) -> int:
    """Index of the qualifier right before token ``i`` ("at least"), or -1."""
    if i == 0 or lows[i - 1] not in _QUALIFIER_LAST:
        return -1
    for words in QUALIFIERS:
        q = i - len(words)
        if _match(lows, q, words):
            return q
    return -1


def _odd_start(low: str) -> bool:
    """Can this token start a number though it is not a word of the tables ("5", "twenty-one")?"""
    return low[0].isdecimal() or ("-" in low and low.partition("-")[0] in TENS)


def parse_numbers(tokens: Sequence[Token]) -> list[Num]:
    """Every quantity in the token list, in order."""
    out: list[Num] = []
    if isinstance(tokens, TokenList) and not tokens.has_digit and not (tokens.lowset & _GATE) \
            and not tokens.has_hyphen:
        return out
    lows = low_list(tokens)
    n = len(lows)
    # only the tokens that can start a number are looked at: words of the tables (at C
    # speed), digits and hyphenated tens ("twenty-one")
    if isinstance(tokens, TokenList):
        candidates: Iterable[int] = compress(range(n), map(_STARTS.__contains__, lows))
        if tokens.has_digit or tokens.has_hyphen:
            # digits and "twenty-one" are among the tokens that are not plain words
            candidates = sorted({*candidates, *(k for k in tokens.odd if _odd_start(lows[k]))})
    else:
        candidates = [k for k, w in enumerate(lows) if w in _STARTS or _odd_start(w)]
    i = 0
    for k in candidates:
        if k < i:
            continue    # inside the number just read
        i = k
        low = lows[i]
        c = low[0]
        value: float | None = None
        kind = "count"
        j = i + 1
        if c.isdecimal():
            value, kind = _digits_value(low)
        elif low in VAGUE or (low == "a" and i + 1 < n and lows[i + 1] == "few"):
            if low == "a":
                j = i + 2
            elif low == "tens" and _match(lows, i + 1, ("of", "thousands")):
                j = i + 3
            out.append(Num(i, j, None, "vague"))
            i = j
            continue
        elif low in _WORD_STARTS or ("-" in low and low.partition("-")[0] in TENS):
            parsed = _parse_words(lows, i)
            if parsed is None:
                i += 1
                continue
            value, j = parsed
        else:
            i += 1
            continue
        # a scale word after digits: "1.5 million", "25 million"
        if value is not None and j < n and lows[j] in SCALES and c.isdecimal():
            value *= SCALES[lows[j]]
            j += 1
        if value is None and kind == "count":
            i = j
            continue
        currency = None
        if kind == "count":
            kind, currency = _context_kind(lows, i, j, value)
        q = _qualifier(lows, i)
        first = q if q >= 0 else i
        subset = (first > 0 and lows[first - 1] in _SUBSET_LAST
                  and any(_match(lows, first - len(w), w) for w in SUBSET_BEFORE)) \
            or (j < n and lows[j] == "of" and any(_match(lows, j, w) for w in SUBSET_AFTER))
        if kind == "count" and j < n and lows[j] in INCREMENT_AFTER:
            kind = "increment"
        out.append(Num(i, j, value, kind, q >= 0, subset, q, currency))
        i = j
    return out


def _parse_words(lows: Sequence[str], i: int) -> tuple[float, int] | None:
    """A number written in words starting at token ``i``: "Fifty-one", "a dozen",
    "one hundred and five", "two thousand"."""
    n = len(lows)
    low = lows[i]
    if low == "half" and _match(lows, i + 1, ("a", "dozen")):
        return 6.0, i + 3
    if low in ("a", "an"):
        if i + 1 >= n:
            return None
        nxt = lows[i + 1]
        if nxt == "dozen":
            return 12.0, i + 2
        if nxt == "couple":
            return 2.0, i + 2 + (1 if _match(lows, i + 2, ("of",)) else 0)
        if nxt in ("hundred", "thousand"):
            return float(SCALES[nxt]), i + 2
        return None
    total = 0
    current = 0
    j = i
    last = ""   # what the previous word was: unit | tens | hundred | scale | and
    while j < n:
        w = lows[j]
        v = _word_value(w)
        if v is not None:
            if last in ("", "and", "hundred", "scale"):
                current += v
            elif last == "tens" and v < 10 and current % 10 == 0:
                current += v
            else:
                break
            last = "tens" if w in TENS else "unit"
            j += 1
            continue
        if w == "hundred" and last in ("unit", "tens"):
            current *= 100
            last = "hundred"
        elif w in ("thousand", "million", "billion") and last in ("unit", "tens", "hundred"):
            total += current * SCALES[w]
            current = 0
            last = "scale"
        elif w == "dozen" and last in ("unit", "tens"):
            current *= 12
            last = "hundred"
        elif w == "and" and last in ("hundred", "scale") and j + 1 < n and _word_value(lows[j + 1]) is not None:
            last = "and"
        else:
            break
        j += 1
    if not last:
        return None
    return float(total + current), j


def _context_kind(lows: Sequence[str], i: int, j: int, value: float | None) -> tuple[str, str | None]:
    """What a number is from its neighbours: age, time, date, year, money, measure, label."""
    n = len(lows)
    prev = lows[i - 1] if i > 0 else ""
    prev2 = lows[i - 2] if i > 1 else ""
    nxt = lows[j] if j < n else ""
    nxt2 = lows[j + 1] if j + 1 < n else ""
    if prev in CURRENCY_SYMBOLS:
        return "money", CURRENCY_SYMBOLS[prev]
    if prev in ("usd", "eur", "uah", "gbp"):
        return "money", prev.upper()
    if nxt in CURRENCY_WORDS:
        return "money", CURRENCY_WORDS[nxt]
    if nxt in ("million", "billion") and nxt2 in CURRENCY_WORDS:
        return "money", CURRENCY_WORDS[nxt2]
    if prev == "aged" or nxt in ("year-old", "-year-old") or (nxt in ("years", "year") and nxt2 == "old") \
            or nxt.startswith("year-old") or (nxt == "-" and nxt2.startswith("year")):
        return "age", None
    if nxt in TIME_WORDS or (nxt == "o'clock"):
        return "time", None
    if nxt in MONTHS and value is not None and 1 <= value <= 31 and nxt not in ("may", "march"):
        return "date", None
    if nxt in ("may", "march") and value is not None and 1 <= value <= 31 and nxt2[:1].isdecimal():
        return "date", None
    if prev in MONTHS and prev not in ("may", "march", "mar", "jan", "dec") and value is not None and value <= 31:
        return "date", None
    if prev in ("may", "march") and value is not None and value <= 31 and prev2 in ("on", "of", "since", "until", "by", "from", ""):
        return "date", None
    if prev in MONTHS and value is not None and 1800 <= value <= 2100:
        return "year", None
    if prev in ("no", "number", "nos", "#", "no.") or (prev == "." and prev2 == "no"):
        return "label", None
    if nxt in UNIT_WORDS or nxt == "%":
        return "unit", None
    if value is not None and value == int(value) and 1800 <= value <= 2100 and "," not in lows[i]:
        if nxt not in ("people", "civilians", "soldiers", "troops", "residents", "children", "persons"):
            return "year", None
    if prev == "," and prev2 in MONTHS:
        return "year", None
    return "count", None
