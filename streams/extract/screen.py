"""Which sentences are worth a closer look: one Aho-Corasick pass over the whole article.

Every phrase of every lexicon needs all its words, so one distinctive word per phrase (its
longest) is enough to say "this sentence could hold an event". Sentences without any such
word are never tokenised: most of a long article is quotes, background and bylines.
"""

from __future__ import annotations

import bisect
from typing import Iterable, Sequence

import ahocorasick

from . import classify as cl
from .attribution import UNVERIFIED_WORDS
from .casualties import CASUALTY_WORDS, ZERO_PHRASES
from .lexicon import Lexicon
from .text import Sentence
from .weapons import EVENTS, WEAPONS


#: words too common to say anything on their own; a phrase is found by a rarer word of it
_COMMON = frozenset(
    "the and was were been one with from that this for said people there their under minister defense "
    "defence military european security general ministry according operation without have has had who "
    "may might could still lives life was out two into over about after before them they those".split())


def _distinctive(lexicons: Iterable[Lexicon]) -> set[str]:
    words: set[str] = set()
    for lex in lexicons:
        for cands in lex._first.values():  # noqa: SLF001 - read-only view of the phrase table
            for phrase, _ in cands:
                rare = [w for w in phrase if w not in _COMMON] or list(phrase)
                word = max(rare, key=len)
                if len(word) >= 3:
                    words.add(word)
    return words


class Screen:
    def __init__(self) -> None:
        words = _distinctive((EVENTS, WEAPONS, CASUALTY_WORDS, ZERO_PHRASES, cl.GROUND, cl.TERRITORY, cl.AID_NOUNS,
                              cl.DIPLOMACY, cl.INTERCEPT, cl.HUMANITARIAN, UNVERIFIED_WORDS, cl.ITEMS))
        words |= {"send", "sends", "supply", "supplies", "deliver", "delivers", "delivered", "pledged", "pledges",
                  "donate", "donated", "transfer", "met", "meets", "hosted", "talks"}
        words -= _COMMON
        automaton = ahocorasick.Automaton()
        for w in sorted(words):
            automaton.add_word(w, len(w))
        automaton.make_automaton()
        self._automaton = automaton

    def sentences(self, low: str, sentences: Sequence[Sentence]) -> set[int]:
        """Indices of the sentences that contain a keyword starting at a word boundary."""
        if not sentences or not low:
            return set()
        starts = [s.start for s in sentences]
        out: set[int] = set()
        last_sentence_end = -1
        for end, length in self._automaton.iter(low):
            start = end - length + 1
            if start <= last_sentence_end:
                continue   # this sentence is already in
            if (start > 0 and low[start - 1].isalnum()) or (end + 1 < len(low) and low[end + 1].isalnum()):
                continue
            k = bisect.bisect_right(starts, start) - 1
            if k >= 0 and start < sentences[k].end:
                out.add(k)
                last_sentence_end = sentences[k].end - 1
        return out
