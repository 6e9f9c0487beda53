"""Text plumbing: same-length normalisation, sentences, sections, tokens."""

from streams.extract.text import MAX_SENTENCE_CHARS, lower, normalize, segment, tokenize


def _sentences(text: str) -> list[str]:
    text = normalize(text)
    return [text[s.start:s.end] for s in segment(text)]


def test_normalize_keeps_length_and_straightens_quotes():
    raw = "\u201cIt\u2019s over,\u201d he said \u2013 twice.\u00a0\ud800"
    out = normalize(raw)
    assert len(out) == len(raw)
    assert out.startswith("\"It's over,\"")
    assert " - " in out
    assert "\ud800" not in out


def test_lower_keeps_length_for_characters_that_grow():
    text = "\u0130stanbul KYIV"
    assert len(lower(text)) == len(text)
    assert lower(text).endswith("kyiv")


def test_sentences_split_on_full_stops_but_not_abbreviations_or_times():
    got = _sentences("The blast came at 9:45 p.m. local time. Hostel No. 47 was hit. Mr. Ivanov saw it.")
    assert got == ["The blast came at 9:45 p.m. local time.", "Hostel No. 47 was hit.", "Mr. Ivanov saw it."]


def test_lines_are_paragraphs_and_blank_lines_do_not_count():
    text = normalize("First line here.\n\n\nSecond line here.\nThird line.")
    paras = [s.para for s in segment(text)]
    assert paras == [0, 1, 2]


def test_short_unpunctuated_lines_and_timestamps_open_sections():
    text = normalize("Strike on Poltava\nA missile hit the city.\n2 hr 5 min ago\nAid for Ukraine\nTanks arrived.")
    sections = {text[s.start:s.end]: s.section for s in segment(text)}
    assert sections["A missile hit the city."] == sections["Strike on Poltava"]
    assert sections["Tanks arrived."] > sections["A missile hit the city."]


def test_long_runs_are_cut_into_bounded_pieces():
    text = normalize("word " * 10_000)
    pieces = segment(text)
    assert len(pieces) > 10
    assert all(s.end - s.start <= MAX_SENTENCE_CHARS for s in pieces)


def test_quoted_paragraph_is_flagged():
    text = normalize('"We were hit twice," the mayor said.\nNothing else.')
    flags = [s.quoted for s in segment(text)]
    assert flags == [True, False]


def test_tokens_keep_weapon_names_numbers_and_possessives_whole():
    text = normalize("A Kh-101 hit Kharkiv's centre at 9:45, wounding 2,000 and a 25-year-old.")
    toks = [t.low for t in tokenize(text, lower(text), 0, len(text))]
    for expected in ("kh-101", "kharkiv's", "9:45", "2,000", "25-year-old"):
        assert expected in toks


# --------------------------------------------------------------------------------------
# The fast tokenizer and segmenter must agree with the plain definitions they replace.
# --------------------------------------------------------------------------------------

import re

from hypothesis import given, settings, strategies as st

from streams.extract.text import _TOKEN, TokenList

#: the definition of a sentence end, scanned left to right
_REFERENCE_END = re.compile(r"\n|[.!?]+[\"')\]]*(?= +[\"'(\[A-Z0-9\u0400-\u042F\u0490\u0404\u0406\u0407])")

_PIECES = st.sampled_from([
    "word", "Kyiv", "Kharkiv's", "Kh-101", "2,000", "9:45", "25-year-old", "U.S.", "No.", "Mr.", ".", "..", "?!",
    ",", ";", '"', "'", "(", ")", "-", "\u2014", "_", "\u00e9t\u00e9", "\u041a\u0438\u0457\u0432", "\u0130", "\u00bd",
    "\u0663", " ", "  ", "\n", "\t", "\u00a0", "A", "a",
])


def _reference_tokens(text: str, start: int, end: int) -> list[tuple[int, int, str, str]]:
    low = lower(text)
    return [(m.start(), m.end(), low[m.start():m.end()], m.group()) for m in _TOKEN.finditer(text, start, end)]


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=60), st.data())
def test_tokenize_gives_the_tokens_of_the_pattern(pieces, data):
    text = normalize("".join(pieces))
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    toks = tokenize(text, lower(text), start, end)
    assert [(t.start, t.end, t.low, t.text) for t in toks] == _reference_tokens(text, start, end)
    assert toks.lows == [t.low for t in toks] and toks.starts == [t.start for t in toks]
    assert toks.lowset == {t.low for t in toks}
    assert toks.has_digit == any(t.low[0].isdecimal() for t in toks)
    assert toks.has_hyphen == any("-" in t.low for t in toks)
    assert toks.has_possessive == any("'" in t.low for t in toks)


def test_token_objects_are_made_only_when_asked_for():
    text = normalize("Russian missiles hit Kharkiv's centre, wounding 2,000.")
    toks = tokenize(text, lower(text), 0, len(text))
    assert isinstance(toks, TokenList)
    assert toks.lows[:4] == ["russian", "missiles", "hit", "kharkiv's"]
    assert toks._tokens is None     # the rules read the lists, not Token objects
    assert [t.text for t in toks[3:5]] == ["Kharkiv's", "centre"]
    assert toks[-1].text == "." and len(toks) == len(toks.lows)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["A", "a", "Mr", "No", " ", "  ", ".", "...", "?!", "!", "\n", "\n\n", '"', ")", "9",
                                 "x" * 40, "\u041a", "[", "." * 20]), max_size=80), st.booleans())
def test_sentence_ends_are_those_of_the_pattern(pieces, many_marks):
    from streams.extract import text as text_module
    text = "".join(pieces)
    few = text_module._FEW_MARKS
    try:
        # both ways of finding them: mark by mark, and by one pattern for texts full of marks
        text_module._FEW_MARKS = 0 if many_marks else few
        assert text_module._ends(text) == [m.span() for m in _REFERENCE_END.finditer(text)]
    finally:
        text_module._FEW_MARKS = few


def test_a_long_run_of_full_stops_is_one_candidate_not_a_quadratic_scan():
    # each start inside the run used to be tried against the whole run
    text = "." * 200_000 + " Next sentence."
    assert [text[s.start:s.end] for s in segment(text)][-1] == "Next sentence."
