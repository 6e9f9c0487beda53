"""Casualty figures next to their keywords."""

import pytest

from streams.extract.casualties import find_figures
from streams.extract.numbers import parse_numbers
from streams.extract.text import lower, normalize, tokenize


def _figs(text: str):
    text = normalize(text)
    toks = tokenize(text, lower(text), 0, len(text))
    return [(f.kind, f.value) for f in find_figures(toks, parse_numbers(toks))]


@pytest.mark.parametrize("text,expected", [
    ("The attack killed at least 4 people.", [("killed", 4)]),
    ("Seven people were killed and 23 wounded.", [("killed", 7), ("injured", 23)]),
    ("The strike left nine people dead.", [("killed", 9)]),
    ("Thirty-two residents were hurt.", [("injured", 32)]),
    ("Eight people were hospitalised.", [("injured", 8)]),
    ("Two people lost their lives.", [("killed", 2)]),
    ("Rescuers recovered five bodies.", [("killed", 5)]),
    ("More than 43 people died.", [("killed", 43)]),
    ("a couple of residents were injured", [("injured", 2)]),
    ("A dozen soldiers were wounded.", [("injured", 12)]),
    ("killing 3 and wounding 14", [("killed", 3), ("injured", 14)]),
    ("The death toll rose to 21.", [("killed", 21)]),
    ("The death toll from the strike on the market has risen to 19.", [("killed", 19)]),
    ("Officials lowered the toll from 12 to 11.", [("killed", 11)]),
    ("Six people remain missing.", [("missing", 6)]),
])
def test_figures(text, expected):
    assert _figs(text) == expected


def test_singular_people_count_one():
    assert _figs("A 63-year-old woman was killed in her home.") == [("killed", 1)]
    assert _figs("The shelling killed an elderly man.") == [("killed", 1)]
    assert _figs("A police officer was wounded.") == [("injured", 1)]


def test_counts_joined_by_and_add_up_but_subsets_never_do():
    assert _figs("Six children and 14 adults were injured.") == [("injured", 20)]
    assert _figs("Eleven people, including three children, were killed.") == [("killed", 11)]
    assert _figs("Nine were injured, four of whom are in a serious condition.") == [("injured", 9)]


def test_no_casualties_is_zero_for_both_but_no_reports_is_unknown():
    assert sorted(_figs("There were no casualties.")) == [("injured", 0), ("killed", 0)]
    assert sorted(_figs("Nobody was hurt, the mayor said.")) == [("injured", 0), ("killed", 0)]
    assert _figs("No one was killed.") == [("killed", 0)]
    assert _figs("There were no immediate reports of casualties.") == []


@pytest.mark.parametrize("text", [
    "Dozens of people were injured.",
    "Many were killed.",
    "People may remain under the rubble.",
    "A 13-year-old girl was rescued alive from the rubble.",
    "The blast at 9:45 p.m. damaged 12 buildings.",
    "The EU pledged 50 million euros for 2,000 generators.",
    "Casualties were reported.",
])
def test_no_figure(text):
    assert _figs(text) == []


def test_rescued_alive_is_not_missing_but_those_still_under_the_rubble_are():
    got = _figs("A boy was pulled from under the rubble and four more people may still be there.")
    assert got == [("missing", 4)]


def test_a_running_count_is_the_total_but_an_increment_is_not():
    assert _figs("Later a fourth person was hospitalised.") == [("injured", 4)]
    assert _figs("A third victim has died in hospital.") == [("killed", 3)]
    assert _figs("Two more people died in hospital.") == []
    assert _figs("Another man was wounded.") == []


def test_known_single_people():
    assert _figs("The drone hit a car, killing the driver and wounding his wife.") == [("killed", 1), ("injured", 1)]
    assert _figs("An FPV drone attacked a man, seriously wounding him.") == [("injured", 1)]


def test_victims_of_the_other_side_and_soldiers_are_marked():
    text = normalize("The ministry said it had killed 70 Ukrainian servicemen.")
    toks = tokenize(text, lower(text), 0, len(text))
    fig = find_figures(toks, parse_numbers(toks))[0]
    assert (fig.value, fig.nationality, fig.military) == (70, "ua", True)


def test_destroyed_counts_soldiers_only():
    assert _figs("Up to 200 enemy fighters were destroyed.") == [("killed", 200)]
    assert _figs("Three tanks were destroyed.") == []


def test_repeated_keywords_stay_bounded():
    assert len(_figs("killed " * 500 + "5")) <= 12
