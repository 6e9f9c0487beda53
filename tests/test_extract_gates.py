"""The cheap gates only skip work: reading every sentence in full gives the same events.

``core`` reads a sentence's numbers, dates, triggers, figures, sources and other events
only when its words allow a strike, a casualty figure or another event (``may_trigger``,
``may_have_figures``, ``may_classify``). These are necessary conditions: with the gates
forced open the extraction must be the same, byte for byte.
"""

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from schemas import Article
from streams.extract import core, get_extractor

WORDS = (
    "Russian missile drone strike strikes attack attacked shelling shelled hit struck killed killing wounded injured "
    "dead died missing toll rose to at least three 12 two dozen people civilians soldiers children police said "
    "according the ministry reportedly claimed Kharkiv Kyiv Odesa Sumy region village of city town on Monday "
    "yesterday last week in March 2023 2013 1941 World War no casualties no one was hurt intercepted shot down "
    "destroyed over air defence talks met visited sanctions aid package tanks howitzers sent pledged evacuation "
    "without power rescue operation fighting clashes captured liberated not could would anniversary terrorist "
    "shooting concert hall since the invasion in total , . ; : - \" ( )"
).split()


def _article(words: list[str], published: date | None) -> Article:
    body = " ".join(words).replace(" . ", ". ").replace(" , ", ", ")
    return Article(id="g", published=published, title="", body=body)


def _both(article: Article, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    gated = get_extractor().extract(article).model_dump_json()
    with monkeypatch.context() as m:
        for gate in ("may_trigger", "may_have_figures", "may_classify"):
            m.setattr(core, gate, lambda tokens: True)
        ungated = get_extractor().extract(article).model_dump_json()
    return gated, ungated


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=150),
       st.sampled_from([None, date(2024, 3, 6), date(2013, 5, 5)]))
def test_gates_change_nothing_on_word_salad(monkeypatch, words, published):
    gated, ungated = _both(_article(words, published), monkeypatch)
    assert gated == ungated


def test_gates_change_nothing_on_prose(monkeypatch):
    body = (
        "Russian missiles struck Kharkiv on Monday, killing three people and wounding 12, the governor said.\n"
        "Talks between the foreign ministers were held in Warsaw. Denmark pledged a new aid package of 20 tanks.\n"
        "Air defence shot down 14 of 20 drones over the Sumy region overnight, the air force said.\n"
        "\"We were hit twice,\" the mayor said. Rescue operations continued in the village of Novoselivka.\n"
        "Fierce fighting continued near Bakhmut. Ukrainian forces liberated the village of Klishchiivka.\n"
        "The markets rose and the weather was fine. A terrorist shooting at a concert hall killed 40."
    )
    article = Article(id="p", published=date(2024, 3, 6), title="Strikes on Kharkiv", body=body)
    gated, ungated = _both(article, monkeypatch)
    assert gated == ungated
    assert '"type":"strike"' in gated   # the prose does hold events: the comparison is not empty
