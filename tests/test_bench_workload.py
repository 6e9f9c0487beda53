"""The benchmark workload: repeatable, seed-sized, varied, and nothing copied from the seeds."""

from __future__ import annotations

import re
import statistics
from collections import Counter
from pathlib import Path

import pytest

from streams.articles import read_article_file
from streams.bench import vocab
from streams.bench.workload import MAX_BYTES, MIN_BYTES, generate, make_article, number_words
from streams.codec import decode_article, encode_article

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
_SENTENCE_END = re.compile(r"(?<=[.!?\u201d\"])\s+|\n+")
_WORD = re.compile(r"[A-Za-z0-9]+(?:['\u2019-][A-Za-z0-9]+)*")


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if len(s.strip()) >= 30]


def word_grams(text: str, n: int) -> set[tuple[str, ...]]:
    words = [w.lower() for w in _WORD.findall(text)]
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


@pytest.fixture(scope="module")
def sample() -> list:
    return list(generate(400, seed=11))


def test_same_seed_same_articles_and_prefix_stable() -> None:
    first = [a.model_dump() for a in generate(25, seed=5)]
    again = [a.model_dump() for a in generate(25, seed=5)]
    assert first == again
    assert [a.model_dump() for a in generate(10, seed=5)] == first[:10]
    assert make_article(5, 17).model_dump() == first[17]
    assert [a.model_dump() for a in generate(5, seed=5, start=20)] == first[20:25]


def test_different_seeds_differ() -> None:
    a = [x.text for x in generate(20, seed=1)]
    b = [x.text for x in generate(20, seed=2)]
    assert not set(a) & set(b)


def test_ids_are_distinct_within_and_across_seeds() -> None:
    ids = [a.id for seed in (0, 1) for a in generate(1500, seed=seed)]
    assert len(ids) == len(set(ids)) == 3000


def test_sizes_are_seed_like(sample: list) -> None:
    sizes = [len(a.text.encode()) for a in sample]
    assert all(MIN_BYTES <= s <= MAX_BYTES for s in sizes), (min(sizes), max(sizes))
    assert 4_500 <= statistics.median(sizes) <= 9_000
    assert sum(s < 4_000 for s in sizes) >= len(sizes) * 0.05  # short items exist ...
    assert sum(s > 10_000 for s in sizes) >= len(sizes) * 0.05  # ... and long ones


def test_sentences_rarely_repeat(sample: list) -> None:
    all_sentences = [s for a in sample for s in sentences(a.text)]
    assert len(all_sentences) > 10_000
    assert len(set(all_sentences)) / len(all_sentences) >= 0.75
    most_common, count = Counter(all_sentences).most_common(1)[0]
    assert count <= len(sample) * 0.5, most_common
    assert len({a.title for a in sample}) >= len(sample) * 0.6


def test_varied_places_styles_and_figures(sample: list) -> None:
    text = "\n".join(a.text for a in sample)
    named = {t.name for t in vocab.UKRAINE_TOWNS if re.search(rf"\b{re.escape(t.name)}\b", text)}
    assert len(named) >= 120
    for marker in (r"\(\w[\w ]+\) - ", r"\d+ min ago", r" reports:\n", r" \| \w+ region \| "):  # four styles
        assert re.search(marker, text), marker
    for weapon in ("Shahed", "Iskander", "Kh-101", "glide bomb", "Grad", "artillery"):
        assert weapon in text
    assert re.search(r"killing (at least )?(two|three|four|five) ", text)  # figures in words ...
    assert re.search(r"killing (at least )?\d+ ", text)  # ... and in digits
    assert re.search(r"\b(claimed|said) (its forces|it|Russian troops) (had )?(killed|eliminated)", text)
    assert re.search(r"since (on )?\d{1,2} [A-Z][a-z]+ 20\d\d|in [A-Z][a-z]+ 20\d\d", text)  # history
    assert re.search(r"shot down \d+ of \d+", text)  # interception waves
    dates = [a.published for a in sample]
    assert dates == sorted(dates) and len(set(dates)) >= 4  # publication dates advance, a day's news overlaps


def test_no_seed_text_is_reused(sample: list) -> None:
    seed_texts = [read_article_file(p).text for p in sorted(SEEDS.glob("*.txt"))]
    assert seed_texts
    seed_sentences = {s for t in seed_texts for s in sentences(t)}
    seed_grams = set().union(*(word_grams(t, 9) for t in seed_texts))
    for article in sample:
        assert not seed_sentences & set(sentences(article.text)), article.id
        shared = seed_grams & word_grams(article.text, 9)
        assert not shared, (article.id, sorted(" ".join(g) for g in shared)[:3])


def test_articles_survive_the_wire(sample: list) -> None:
    for article in sample[:50]:
        decoded = decode_article(encode_article(article), 1_000_000)
        assert decoded == article


def test_number_words() -> None:
    assert [number_words(n) for n in (0, 7, 19, 20, 23, 90, 100, 1500)] == [
        "zero", "seven", "nineteen", "twenty", "twenty-three", "ninety", "100", "1,500"]


def test_every_place_is_in_the_gazetteer() -> None:
    """A workload naming places the extractor cannot resolve would under-load it."""
    gazetteer = pytest.importorskip("streams.extract.gazetteer").get_gazetteer()
    unknown = [t.name for t in (*vocab.UKRAINE_TOWNS, *vocab.RUSSIA_TOWNS) if gazetteer.lookup(t.name) is None]
    assert not unknown
