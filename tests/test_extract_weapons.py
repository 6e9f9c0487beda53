"""Strike triggers: weapon classes, named weapons, and mentions that are no strike."""

import pytest

from streams.extract.strikes import clause_ids, find_triggers, sentence_flags
from streams.extract.dates import find_dates
from streams.extract.text import lower, normalize, tokenize


def _triggers(text: str, has_figures: bool = False):
    text = normalize(text)
    toks = tokenize(text, lower(text), 0, len(text))
    return find_triggers(toks, clause_ids(toks), has_figures=has_figures)


@pytest.mark.parametrize("text,cls,weapon", [
    ("Two Iskander-M missiles hit the airfield.", "missile", "Iskander-M"),
    ("A Kh-22 struck a shopping centre.", "missile", "Kh-22"),
    ("Kinzhal hypersonic missiles were fired at the capital.", "missile", "Kinzhal"),
    ("Russia launched 40 Shahed drones at the port.", "drone", "Shahed"),
    ("Geran-2 drones slammed into a substation.", "drone", "Shahed"),
    ("A Lancet drone hit a howitzer.", "drone", "Lancet"),
    ("Guided aerial bombs were dropped on the town and hit a school.", "air", None),
    ("A KAB glide bomb destroyed the building.", "air", "KAB"),
    ("Russian airstrikes pounded the village.", "air", None),
    ("Artillery shelling damaged homes.", "artillery", None),
    ("Mortar fire wounded two.", "artillery", None),
    ("Grad rockets rained down on the town.", "rocket", "Grad"),
    ("A HIMARS strike hit the ammunition depot.", "rocket", "HIMARS"),
    ("An ATACMS missile struck the airfield.", "missile", "ATACMS"),
    ("Storm Shadow missiles hit the headquarters.", "missile", "Storm Shadow"),
    ("The bombardment lasted all night.", "unknown", None),
])
def test_weapon_class_and_named_weapon(text, cls, weapon):
    trig = _triggers(text)
    assert trig, text
    assert (trig[0].weapon_class, trig[0].weapon) == (cls, weapon)


@pytest.mark.parametrize("text", [
    "Ukraine needs more air defence to protect against missile attacks.",          # generic, defensive
    "Officials warned Russia could strike the capital again.",                      # hypothetical
    "The Kremlin denied that its forces had attacked the market.",                  # denial
    "No missiles hit the city overnight.",                                          # negation
    "The troops said they were outgunned by Russian artillery.",                    # weapon, no strike
    "Britain will provide AMRAAM missiles for the NASAMS systems.",                 # aid, not a strike
    "Spotter drones hovered over the positions.",                                   # drones that watch
    "Air raid alerts sounded across the country.",                                  # an alert, not a raid
    "The defenders repelled Russian attacks near the village.",                     # ground combat
    "The two sides struck a deal on grain exports.",                                # a deal
    "Reporters heard exchanges of artillery fire to the south.",                    # artillery duel
])
def test_not_a_strike(text):
    assert _triggers(text) == []


def test_destroyed_is_a_strike_only_with_casualties_and_in_the_active_voice():
    assert _triggers("Forces destroyed a command post.") == []
    assert _triggers("Forces destroyed a command post, killing 12.", has_figures=True)
    assert _triggers("Twelve soldiers were destroyed.", has_figures=True) == []


def test_terror_and_ancient_history_flags():
    def flags(text):
        text = normalize(text)
        toks = tokenize(text, lower(text), 0, len(text))
        return sentence_flags(toks, find_dates(toks, None))
    assert flags("Gunmen opened fire at a concert hall, killing 40.") == (True, False)
    assert flags("Luftwaffe bombers hit the city during World War II.")[1]
    assert flags("The Winter War of 1939-1940 cost Finland territory.")[1]
    assert flags("A missile strike killed 4 in Sumy.") == (False, False)


def test_the_attacker_is_read_from_the_adjective():
    assert _triggers("Ukrainian drones struck an airfield.")[0].attacker == "ua"
    assert _triggers("Russian missiles hit the port.")[0].attacker == "ru"
