"""The scorer on small hand-made gold / prediction pairs, with exact expected numbers."""

from __future__ import annotations

import itertools
import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from schemas import Article, DiplomacyEvent, Extraction, HumanitarianEvent, InterceptionEvent, StrikeEvent
from streams import evaluate as ev

_ids = itertools.count()
MON = date(2025, 1, 13)


def strike(article: str = "a1", published: date | None = MON, **fields) -> StrikeEvent:
    base = {"location": "Odesa", "oblast": "Odesa", "country": "Ukraine", "date": MON,
            "weapon_class": "missile", "killed": 8, "injured": 27}
    return StrikeEvent(event_id=f"e{next(_ids)}", article_id=article, published=published, **{**base, **fields})


def case(gold: list, article: str = "a1", published: date | None = MON, others: list | None = None,
         file: str = "g.jsonl") -> ev.Case:
    return ev.Case(
        article=Article(id=article, body="text", published=published),
        gold=Extraction(article_id=article, incidents=gold, other_events=others or []),
        file=file,
    )


def run(*pairs: tuple[ev.Case, list, list | None]) -> dict:
    """Score (case, predicted incidents, predicted other events) triples."""
    scored = [ev.pair_up(c, Extraction(article_id=c.article.id, incidents=inc, other_events=oth or []))
              for c, inc, oth in pairs]
    return ev.score(scored)


def test_perfect_prediction_scores_one_everywhere():
    gold = [strike(), strike(location="Kharkiv", oblast="Kharkiv", weapon_class="drone", killed=None, injured=3)]
    predicted = [strike(), strike(location="Kharkiv", oblast="Kharkiv", weapon_class="drone", killed=None, injured=3)]
    r = run((case(gold), predicted, None))
    assert (r["incident_precision"], r["incident_recall"], r["incident_f1"]) == (1.0, 1.0, 1.0)
    assert (r["figure_exact"], r["killed_mae"], r["injured_mae"]) == (1.0, 0.0, 0.0)
    assert (r["killed_mae_n"], r["injured_mae_n"]) == (1, 2)
    assert (r["status_agreement"], r["new_agreement"], r["weapon_class_agreement"]) == (1.0, 1.0, 1.0)
    assert (r["confirmed_killed"], r["gold_confirmed_killed"]) == (8, 8)
    assert (r["confirmed_injured"], r["gold_confirmed_injured"]) == (30, 30)
    assert r["articles"] == 1


def test_one_missed_incident_halves_recall():
    gold = [strike(), strike(location="Sumy", oblast="Sumy", weapon_class="drone", killed=2, injured=7)]
    r = run((case(gold), [strike()], None))
    assert r["incident_precision"] == 1.0
    assert r["incident_recall"] == 0.5
    assert r["incident_f1"] == 0.6667
    assert (r["incident_gold"], r["incident_predicted"], r["incident_matched"]) == (2, 1, 1)
    assert r["by_weapon_class"]["drone"] == {"recall": 0.0, "gold": 1, "precision": 1.0, "predicted": 0}


def test_one_spurious_incident_halves_precision():
    predicted = [strike(), strike(location="Lviv", oblast="Lviv", killed=0, injured=0)]
    r = run((case([strike()]), predicted, None))
    assert (r["incident_precision"], r["incident_recall"], r["incident_f1"]) == (0.5, 1.0, 0.6667)
    assert r["confirmed_killed"] == 8 and r["gold_confirmed_killed"] == 8


def test_date_two_days_off_is_no_match():
    r = run((case([strike()]), [strike(date=date(2025, 1, 15))], None))
    assert (r["incident_precision"], r["incident_recall"], r["incident_f1"]) == (0.0, 0.0, 0.0)
    assert r["figure_exact"] is None and r["killed_mae"] is None


@pytest.mark.parametrize("day", [date(2025, 1, 12), date(2025, 1, 14)])
def test_date_one_day_off_still_matches(day):
    r = run((case([strike()]), [strike(date=day)], None))
    assert r["incident_f1"] == 1.0


def test_unknown_date_on_either_side_matches_on_place():
    r = run((case([strike(date=None)]), [strike()], None), (case([strike()], article="a2"), [strike(article="a2", date=None)], None))
    assert r["incident_f1"] == 1.0


def test_figure_mismatch_counts_inexact_and_feeds_mae():
    gold = [strike(killed=3, injured=20), strike(location="Sumy", oblast="Sumy", killed=2, injured=None)]
    predicted = [strike(killed=5, injured=20), strike(location="Sumy", oblast="Sumy", killed=2, injured=4)]
    r = run((case(gold), predicted, None))
    assert r["incident_f1"] == 1.0
    assert r["figure_exact"] == 0.0          # killed off by 2; injured null vs 4
    assert (r["killed_mae"], r["killed_mae_n"]) == (1.0, 2)   # |3-5| and |2-2|
    assert (r["injured_mae"], r["injured_mae_n"]) == (0.0, 1)  # the null pair is left out


def test_null_equals_null_is_exact():
    r = run((case([strike(killed=None, injured=None)]), [strike(killed=None, injured=None)], None))
    assert r["figure_exact"] == 1.0
    assert r["killed_mae"] is None and r["killed_mae_n"] == 0


def test_claims_never_count_in_confirmed_totals():
    gold = [strike(location="Kharkiv", oblast="Kharkiv", weapon_class="air", killed=16, injured=43,
                   claimed_by="Russian Defence Ministry", claimed_killed=60),
            strike(location="Desna", oblast="Chernihiv", killed=0, injured=0, status="disputed", claimed_killed=150)]
    predicted = [strike(location="Kharkiv", oblast="Kharkiv", weapon_class="air", killed=16, injured=43,
                        claimed_killed=60),
                 strike(location="Desna", oblast="Chernihiv", killed=150, injured=None, status="claimed")]
    r = run((case(gold), predicted, None))
    assert (r["confirmed_killed"], r["gold_confirmed_killed"]) == (16, 16)
    assert (r["confirmed_injured"], r["gold_confirmed_injured"]) == (43, 43)
    assert r["status_agreement"] == 1.0      # claimed and disputed are one group
    assert r["figure_exact"] == 0.5


def test_references_to_earlier_strikes_are_not_counted():
    r = run((case([strike(new=False)]), [strike(new=True)], None))
    assert (r["confirmed_killed"], r["gold_confirmed_killed"]) == (8, 0)
    assert r["new_agreement"] == 0.0


def test_duplicates_across_articles_are_merged_not_added():
    tue = date(2025, 1, 14)
    first = case([strike()], article="a1")
    follow = case([strike(article="a2", published=tue, killed=10, injured=31)], article="a2", published=tue)
    r = run((first, [strike()], None),
            (follow, [strike(article="a2", published=tue, killed=10, injured=31)], None))
    assert (r["confirmed_killed"], r["gold_confirmed_killed"]) == (10, 10)
    assert (r["confirmed_injured"], r["gold_confirmed_injured"]) == (31, 31)


def test_double_counting_shows_when_the_prediction_splits_one_strike():
    tue = date(2025, 1, 14)
    first = case([strike()], article="a1")
    follow = case([strike(article="a2", published=tue, killed=10, injured=31)], article="a2", published=tue)
    split = strike(article="a2", published=tue, location="Odesa port", killed=10, injured=31)
    r = run((first, [strike()], None), (follow, [split], None))
    assert (r["confirmed_killed"], r["gold_confirmed_killed"]) == (18, 10)
    assert (r["incident_matched"], r["incident_gold"]) == (1, 2)


def test_gold_merge_latest_publication_wins_even_when_lower_and_largest_on_ties():
    fri = date(2025, 1, 24)
    reports = [strike(killed=19), strike(article="a2", published=fri, killed=18), strike(article="a3", killed=20)]
    assert ev.merged_figure(reports, "killed") == 18
    tie = [strike(killed=1, injured=1), strike(article="a2", killed=1, injured=2)]
    assert (ev.merged_figure(tie, "killed"), ev.merged_figure(tie, "injured")) == (1, 2)


def test_dateless_gold_incidents_merge_only_within_their_article():
    a = case([strike(date=None, published=None)], article="a1", published=None)
    b = case([strike(article="a2", date=None, published=None, killed=5)], article="a2", published=None)
    assert ev.gold_totals([a.gold, b.gold]) == (13, 54)


def test_one_to_one_matching_two_mentions_of_one_strike():
    r = run((case([strike()]), [strike(), strike(killed=9)], None))
    assert (r["incident_matched"], r["incident_precision"], r["incident_recall"]) == (1, 0.5, 1.0)
    assert r["figure_exact"] == 1.0  # the agreeing mention is the one paired


def test_matching_maximises_pairs_before_agreement():
    # Gold A (14th) fits both predictions and agrees best with X (13th); gold B (12th) fits
    # only X. Greedy on agreement pairs A-X and leaves B alone; the optimum pairs A-Y, B-X.
    a, b = strike(date=date(2025, 1, 14)), strike(date=date(2025, 1, 12))
    x, y = strike(date=MON), strike(date=date(2025, 1, 15))

    def prefers_a_x(g: StrikeEvent, p: StrikeEvent) -> float:
        return 10.0 if (g is a and p is x) else 0.0

    assert sorted(ev.assign([a, b], [x, y], ev.strike_matches, prefers_a_x)) == [(0, 1), (1, 0)]
    # with a free choice, agreement decides
    assert ev.assign([a], [x, y], ev.strike_matches, prefers_a_x) == [(0, 0)]


def test_place_town_when_gold_names_one_else_oblast_else_anything():
    town = strike(location="Kupiansk", oblast="Kharkiv")
    assert ev.strike_matches(town, strike(location="Kupyansk", oblast="Kharkiv"))
    assert not ev.strike_matches(town, strike(location=None, oblast="Kharkiv"))
    region = strike(location=None, oblast="Kherson")
    assert ev.strike_matches(region, strike(location="Bilozerka", oblast="Kherson Oblast"))
    assert not ev.strike_matches(region, strike(location=None, oblast="Mykolaiv"))
    nowhere = strike(location=None, oblast=None, country="Russia")
    assert ev.strike_matches(nowhere, strike(location="Belgorod", oblast="Belgorod"))


@pytest.mark.parametrize("gold, predicted, same", [
    ("Zaporizhzhia", "Zaporizhzhya", True),
    ("Kamianske", "Kam'yanske", True),
    ("Kryvyi Rih", "KRYVYY RIH", True),
    ("Kryvyi Rih", "Kryvyi-Rih", True),
    ("Bilhorod-Dnistrovskyi", "Bilhorod-Dnistrovs\u2019kyi", True),
    ("Odesa", "Odessa", True),
    ("Kharkiv", "Kharkov", False),
    ("Pokrovsk", "Pokrovske", False),
    ("Mykolaiv", "Nikolaev", False),
])
def test_place_names_compare_loosely_but_not_across_names(gold, predicted, same):
    assert (ev.place_key(gold) == ev.place_key(predicted)) is same


def test_other_events_match_on_type_and_named_location():
    others = [DiplomacyEvent(event_id="d", article_id="a1", location="Riyadh"),
              InterceptionEvent(event_id="i", article_id="a1"),
              HumanitarianEvent(event_id="h", article_id="a1", location="Kupiansk")]
    predicted = [DiplomacyEvent(event_id="p1", article_id="a1", location="Jeddah"),
                 InterceptionEvent(event_id="p2", article_id="a1", location="Kyiv"),
                 HumanitarianEvent(event_id="p3", article_id="a1", location="Kupyansk"),
                 HumanitarianEvent(event_id="p4", article_id="a1", location="Kupiansk")]
    r = run((case([], others=others), [], predicted))
    assert (r["other_precision"], r["other_recall"], r["other_f1"]) == (0.5, 0.6667, 0.5714)
    assert r["by_type"]["diplomacy"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "gold": 1, "predicted": 1, "matched": 0}
    assert r["by_type"]["interception"]["f1"] == 1.0
    assert r["by_type"]["humanitarian"] == {"precision": 0.5, "recall": 1.0, "f1": 0.6667, "gold": 1, "predicted": 2, "matched": 1}
    # an empty article with an empty prediction is perfect, not a division by zero
    assert r["by_type"]["strike"]["f1"] == 1.0


def test_an_extractor_failure_scores_as_empty_and_is_named():
    def extract(article: Article) -> Extraction:
        if article.id == "bad":
            raise KeyError("february's")
        return Extraction(article_id=article.id, incidents=[strike(article=article.id)])

    scored = ev.evaluate([case([strike()]), case([strike(article="bad")], article="bad")], extract)
    r = ev.score(scored)
    assert r["extraction_errors"] == {"bad": 'KeyError: "february\'s"'}
    assert (r["incident_precision"], r["incident_recall"]) == (1.0, 0.5)
    assert "extractor FAILED on bad" in ev.render(r)


def test_scores_are_broken_down_by_file():
    r = run((case([strike()], file="one.jsonl"), [strike()], None),
            (case([strike(article="a2")], article="a2", file="two.jsonl"), [], None))
    assert r["files"]["one.jsonl"]["incident_f1"] == 1.0
    assert r["files"]["two.jsonl"]["incident_recall"] == 0.0
    assert r["incident_recall"] == 0.5


def test_errors_list_what_was_missed_spurious_and_wrong():
    gold = [strike(), strike(location="Sumy", oblast="Sumy")]
    predicted = [strike(killed=7), strike(location="Lviv", oblast="Lviv")]
    scored = [ev.pair_up(case(gold), Extraction(article_id="a1", incidents=predicted))]
    (entry,) = ev.errors(scored)
    assert [e["location"] for e in entry["missed"]] == ["Sumy"]
    assert [e["location"] for e in entry["spurious"]] == ["Lviv"]
    assert entry["figures"][0]["predicted"]["killed"] == 7


def test_gold_file_loads_inline_text_and_seed_files(tmp_path: Path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "s1.txt").write_text(" date 2023-02-02 Title here\n\nBody of the seed.\n", encoding="utf-8")
    gold = tmp_path / "gold" / "set.jsonl"
    gold.parent.mkdir()
    incident = {"type": "strike", "weapon_class": "missile", "weapon": None, "location": "Kramatorsk",
                "oblast": "Donetsk", "country": "Ukraine", "date": "2023-02-01", "killed": 3, "injured": 20,
                "missing": None, "target": "residential", "status": "confirmed", "claimed_by": None, "new": True}
    rows = [
        {"id": "s1", "file": "s1.txt", "published": "2023-02-02",
         "gold": {"incidents": [incident], "other_events": [{"type": "ground_fighting", "location": "Lyman",
                                                              "summary": "fighting near Lyman"}]}},
        {"id": "t1", "text": "Headline\n\nA drone hit.", "published": None, "gold": {"incidents": [], "other_events": []}},
    ]
    gold.write_text("\n".join(json.dumps(r) for r in rows) + "\n\n", encoding="utf-8")
    # found next to the gold file (../seeds) and through --seeds alike
    for cases in (ev.load_gold(gold, None), ev.load_gold(gold, seeds)):
        seed, text = cases
        assert (seed.article.id, seed.article.published, seed.article.title) == ("s1", date(2023, 2, 2), "Title here")
        assert seed.gold.incidents[0].date == date(2023, 2, 1) and seed.gold.incidents[0].killed == 3
        assert seed.gold.other_events[0].type == "ground_fighting"
        assert (text.article.id, text.article.published) == ("t1", None)
        assert "A drone hit." in text.article.text
    with pytest.raises(FileNotFoundError):
        ev.load_gold(gold, tmp_path / "nowhere")


def test_extract_view_uses_gold_field_names():
    view = ev.extraction_view(Extraction(article_id="a1", incidents=[strike(claimed_killed=60)],
                                         other_events=[DiplomacyEvent(event_id="d", article_id="a1", summary="talks")]))
    assert view["id"] == "a1"
    assert list(view["incidents"][0]) == list(ev.STRIKE_FIELDS)
    assert view["incidents"][0]["date"] == "2025-01-13" and view["incidents"][0]["claimed_killed"] == 60
    assert view["other_events"] == [{"type": "diplomacy", "location": None, "summary": "talks"}]


def test_render_prints_aligned_tables():
    text = ev.render(run((case([strike()]), [strike()], None)))
    lines = text.splitlines()
    header = next(line for line in lines if line.strip().startswith("type") and "precision" in line)
    strike_row = next(line for line in lines if line.strip().startswith("strike"))
    assert len(header) == len(strike_row)
    assert "confirmed totals after merging" in text


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 5).flatmap(lambda rows: st.integers(1, 5).flatmap(
    lambda cols: st.lists(st.lists(st.one_of(st.none(), st.integers(0, 9)), min_size=cols, max_size=cols),
                          min_size=rows, max_size=rows))))
def test_assignment_is_optimal_against_brute_force(grid):
    """Most pairs first, then the largest total agreement; None marks an incompatible pair."""
    rows, cols = len(grid), len(grid[0])
    pairs = ev.assign(range(rows), range(cols), lambda i, j: grid[i][j] is not None, lambda i, j: float(grid[i][j]))
    assert len({i for i, _ in pairs}) == len(pairs) == len({j for _, j in pairs})
    assert all(grid[i][j] is not None for i, j in pairs)

    def best(i: int, free: frozenset) -> tuple[int, int]:
        if i == rows:
            return (0, 0)
        options = [best(i + 1, free)]
        for j in free:
            if grid[i][j] is not None:
                n, w = best(i + 1, free - {j})
                options.append((n + 1, w + grid[i][j]))
        return max(options)

    assert (len(pairs), sum(grid[i][j] for i, j in pairs)) == best(0, frozenset(range(cols)))
