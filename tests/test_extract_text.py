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
