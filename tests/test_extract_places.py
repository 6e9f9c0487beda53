"""Where: the tie of each place to its sentence, and descriptions resolved in context."""

from streams.extract import get_extractor
from streams.extract.places import (
    ACTOR, ATTRIB, NEARBY, OBSERVER, ORIGIN, QUALIFIER, STRONG, PlaceContext,
)
from streams.extract.text import lower, normalize, tokenize


def _cands(text: str, ctx: PlaceContext | None = None):
    ex = get_extractor()
    text = normalize(text)
    toks = tokenize(text, lower(text), 0, len(text))
    return ex.places.sentence_places(text, toks, ex.gaz.find(text), ctx or PlaceContext())


def _ties(text: str, ctx: PlaceContext | None = None):
    return [(c.loc.location or c.loc.oblast or c.loc.country, c.loc.precision, c.cue) for c in _cands(text, ctx)]


def test_locative_and_introduced_names_are_strong():
    assert ("Poltava", "exact", STRONG) in _ties("A missile hit Poltava's centre, striking in Poltava.")
    assert ("Orikhiv", "exact", STRONG) in _ties("Shells fell on the town of Orikhiv.")


def test_near_outside_and_districts_are_near():
    assert ("Bakhmut", "near", NEARBY) in _ties("Fighting raged near Bakhmut.")
    assert ("Chasiv Yar", "near", NEARBY) in _ties("Two were killed 5 km west of Chasiv Yar.")
    ties = _ties("A village in the Zmiiv district was hit.")
    assert ties[0][:2] == ("Zmiiv", "near")


def test_region_phrases_are_oblast_level():
    assert ("Sumy", "oblast", STRONG) in _ties("Shelling hit the Sumy region.")


def test_qualifiers_resolve_and_are_not_event_places():
    cands = _cands("A drone struck Lyman in the Donetsk region.")
    assert [(c.loc.location, c.loc.oblast) for c in cands if c.cue != QUALIFIER] == [("Lyman", "Donetsk")]
    assert any(c.cue == QUALIFIER for c in cands)


def test_speakers_observers_origins_and_actors_are_not_event_places():
    ties = {name: cue for name, _, cue in _ties(
        "Reporters in Sloviansk heard blasts; the mayor of Pokrovsk said drones launched from Kursk hit. "
        "Moscow said nothing.")}
    assert ties["Sloviansk"] == OBSERVER
    assert ties["Pokrovsk"] == ATTRIB
    assert ties["Kursk"] == ORIGIN
    assert ties["Moscow"] == ACTOR


def test_the_city_and_the_regional_capital_resolve_in_context():
    ctx = PlaceContext()
    text = "Drones attacked Zaporizhzhia overnight."
    first = _cands(text, ctx)
    get_extractor().places.remember(first, ctx, text, tokenize(text, lower(text), 0, len(text)))
    assert ("Zaporizhzhia", "exact", STRONG) in _ties("Debris fell in the city.", ctx)
    regional = _ties("Missiles hit the Chernihiv region, and a strike on the regional capital wounded two.")
    assert ("Chernihiv", "exact", STRONG) in regional


def test_ambiguous_names_follow_the_oblast_in_context():
    ties = _ties("Shelling hit Yampil in the Donetsk region.")
    cand = [c for c in _cands("Shelling hit Yampil in the Donetsk region.") if c.loc.location == "Yampil"][0]
    assert cand.loc.oblast == "Donetsk"
    assert ties


def test_unknown_village_keeps_the_oblast_of_its_context():
    cands = _cands("Shelling hit the village of Zoriane Pole in the Kharkiv region.")
    village = [c for c in cands if c.loc.location == "Zoriane Pole"]
    assert village and village[0].loc.oblast == "Kharkiv" and village[0].loc.country == "Ukraine"


def test_places_in_russia_are_in_russia():
    cands = _cands("A drone hit an oil depot in the Belgorod region.")
    assert cands[0].loc.oblast == "Belgorod" and cands[0].loc.country == "Russia"
