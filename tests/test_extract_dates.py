"""Date words against the publication date (a Thursday, 2024-03-14, unless stated)."""

from datetime import date

import pytest

from streams.extract.dates import find_dates
from streams.extract.text import lower, normalize, tokenize

THURSDAY = date(2024, 3, 14)


def _dates(text: str, published: date | None = THURSDAY):
    text = normalize(text)
    return find_dates(tokenize(text, lower(text), 0, len(text)), published)


@pytest.mark.parametrize("text,expected,precision", [
    ("The drones came on Tuesday.", date(2024, 3, 12), "day"),
    ("It happened Thursday morning.", date(2024, 3, 14), "day"),
    ("in the early hours of Wednesday", date(2024, 3, 13), "day"),
    ("Friday's strike", date(2024, 3, 8), "day"),
    ("overnight", THURSDAY, "day"),
    ("last night", THURSDAY, "day"),
    ("this morning", THURSDAY, "day"),
    ("yesterday", date(2024, 3, 13), "day"),
    ("last week", date(2024, 3, 7), "week"),
    ("on March 9", date(2024, 3, 9), "day"),
    ("on 9 March", date(2024, 3, 9), "day"),
    ("on December 30", date(2023, 12, 30), "day"),
    ("on Feb. 24, 2022", date(2022, 2, 24), "day"),
    ("two days ago", date(2024, 3, 12), "day"),
])
def test_resolution_against_publication(text, expected, precision):
    d = _dates(text)[0]
    assert (d.date, d.precision) == (expected, precision)


def test_last_weekday_is_the_previous_week_on_the_same_weekday():
    assert _dates("last Thursday")[0].date == date(2024, 3, 7)


def test_without_publication_date_relative_words_are_unknown_but_full_dates_stay():
    assert _dates("on Tuesday", None)[0].date is None
    assert _dates("on Tuesday", None)[0].precision == "unknown"
    assert _dates("on 5 May 2023", None)[0].date == date(2023, 5, 5)


def test_old_references_are_historical():
    assert _dates("last week's attack")[0].historical
    assert _dates("earlier this week")[0].historical
    assert _dates("on January 2")[0].historical
    assert not _dates("on Monday")[0].historical


def test_years_before_the_war_are_ancient():
    assert _dates("the famine of 1932-1933")[0].ancient
    assert _dates("in 1941")[0].ancient
    assert not _dates("in 2022")[0].ancient


def test_a_date_after_a_speech_verb_is_the_day_it_was_said():
    said = _dates("the ministry said on Sunday that its forces struck")
    assert said[0].reporting
    assert not _dates("the strike on Sunday killed two")[0].reporting


def test_one_day_after_points_back():
    d = _dates("one day after a strike killed two")[0]
    assert d.after_days == 1 and d.historical


def test_month_day_is_the_most_recent_one_not_after_publication():
    assert _dates("on March 30")[0].date == date(2023, 3, 30)


def test_next_weekday_is_a_plan_not_an_event_date():
    assert _dates("next Friday")[0].date is None


def test_ongoing_campaign_words():
    assert _dates("shelling in recent days")[0].ongoing
