"""Phrase lexicons matched over tokens: longest match first, one dictionary look-up a token.

Every keyword list of the extractor (weapons, casualty words, sources, date words, event
triggers) is a :class:`Lexicon`. A phrase is written the way it reads ("glide bomb",
"according to") and is split with the same tokenizer as the text, so "Kh-101" or
"Ukraine's" match as they are tokenised. Matching is a single left-to-right pass: at each
token the candidates are the phrases starting with that word, longest first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, Iterable, Mapping, Sequence, TypeVar

from .text import Token, lower, tokenize

P = TypeVar("P")


@dataclass(frozen=True, slots=True)
class Hit(Generic[P]):
    i: int          # first token
    j: int          # one past the last token
    payload: P


def phrase_words(phrase: str) -> tuple[str, ...]:
    low = lower(phrase)
    return tuple(t.low for t in tokenize(phrase, low, 0, len(phrase)))


class Lexicon(Generic[P]):
    """Phrases (lower case) with a payload each."""

    __slots__ = ("_first", "words")

    def __init__(self, entries: Mapping[str, P] | Iterable[tuple[str, P]]):
        items = entries.items() if isinstance(entries, Mapping) else entries
        first: dict[str, list[tuple[tuple[str, ...], P]]] = {}
        for phrase, payload in items:
            words = phrase_words(phrase)
            if words:
                first.setdefault(words[0], []).append((words, payload))
        for cands in first.values():
            cands.sort(key=lambda c: -len(c[0]))
        self._first = first
        #: every word that starts a phrase: a cheap "could anything match here" test
        self.words = frozenset(first)

    def match_at(self, tokens: Sequence[Token], i: int) -> Hit[P] | None:
        cands = self._first.get(tokens[i].low)
        if not cands:
            return None
        n = len(tokens)
        for words, payload in cands:
            k = len(words)
            if i + k > n:
                continue
            if k == 1 or all(tokens[i + m].low == words[m] for m in range(1, k)):
                return Hit(i, i + k, payload)
        return None

    def scan(self, tokens: Sequence[Token], start: int = 0, end: int | None = None) -> list[Hit[P]]:
        """Non-overlapping matches, longest first, left to right."""
        out: list[Hit[P]] = []
        first = self._first
        end = len(tokens) if end is None else end
        i = start
        while i < end:
            if tokens[i].low in first:
                hit = self.match_at(tokens, i)
                if hit is not None and hit.j <= end:
                    out.append(hit)
                    i = hit.j
                    continue
            i += 1
        return out

    def __contains__(self, word: str) -> bool:
        return word in self._first


def words_set(text: str) -> frozenset[str]:
    """A set of single words from a space-separated string."""
    return frozenset(text.split())
