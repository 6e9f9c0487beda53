"""Quantities: number words, conservative qualifiers, and numbers that are not counts."""

import pytest

from streams.extract.numbers import parse_numbers
from streams.extract.text import lower, normalize, tokenize


def _nums(text: str):
    text = normalize(text)
    toks = tokenize(text, lower(text), 0, len(text))
    return [(" ".join(t.text for t in toks[n.i:n.j]), n.count, n.kind) for n in parse_numbers(toks)]


@pytest.mark.parametrize("text,value", [
    ("three", 3), ("Fifty-one", 51), ("twenty one", 21), ("a dozen", 12), ("half a dozen", 6),
    ("a couple of", 2), ("one hundred and five", 105), ("two thousand", 2000), ("1,250", 1250), ("17", 17),
])
def test_number_words_and_digits(text, value):
    assert _nums(f"They counted {text} people.")[0][1] == value


def test_qualifiers_keep_the_stated_figure():
    got = _nums("at least 3 and more than 43 and nearly 50")
    assert [v for _, v, _ in got] == [3, 43, 50]


@pytest.mark.parametrize("word", ["dozens", "hundreds", "many", "several", "scores"])
def test_unquantified_words_are_vague(word):
    assert _nums(f"{word} of people")[0][2] == "vague"


@pytest.mark.parametrize("text,kind", [
    ("a 42-year-old driver", "age"),
    ("a man aged 70", "age"),
    ("at 6:30 a.m.", "time"),
    ("at 11 p.m.", "time"),
    ("on 14 July", "date"),
    ("on July 14", "date"),
    ("since 2014", "year"),
    ("worth 40 million euros", "money"),
    ("a $1.5 billion package", "money"),
    ("about 15 kilometres away", "unit"),
    ("house No. 12", "label"),
    ("the 3rd brigade", "ordinal"),
])
def test_numbers_that_are_not_counts(text, kind):
    got = [k for _, _, k in _nums(text)]
    assert kind in got
    assert "count" not in got


def test_subsets_are_flagged():
    text = normalize("six people, including two children, and four of whom were women")
    toks = tokenize(text, lower(text), 0, len(text))
    flags = [(n.count, n.subset) for n in parse_numbers(toks)]
    assert flags == [(6, False), (2, True), (4, True)]


def test_huge_digit_runs_do_not_become_figures():
    assert _nums("1" * 5000) == [("1" * 5000, None, "other")]
