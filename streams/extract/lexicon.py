"""Phrase lexicons matched over tokens: longest match first, one dictionary look-up a token.

Every keyword list of the extractor (weapons, casualty words, sources, date words, event
triggers) is a :class:`Lexicon`. A phrase is written the way it reads ("glide bomb",
"according to") and is split with the same tokenizer as the text, so "Kh-101" or
"Ukraine's" match as they are tokenised. Matching is a single left-to-right pass: at each
token the candidates are the phrases starting with that word, longest first.
"""

from __future__ import annotations

from itertools import compress
from typing import Generic, Iterable, Mapping, Sequence, TypeVar

from .text import Token, TokenList, low_list, lower, tokenize

P = TypeVar("P")
#: every lexicon built, in order: matched together in one pass per sentence
_ALL: list["Lexicon"] = []


class Hit(Generic[P]):
    """A phrase found at tokens ``i:j``."""

    __slots__ = ("i", "j", "payload")

    def __init__(self, i: int, j: int, payload: P):
        self.i = i            # first token
        self.j = j            # one past the last token
        self.payload = payload

    def __repr__(self) -> str:
        return f"Hit({self.i}, {self.j}, {self.payload!r})"


def phrase_words(phrase: str) -> tuple[str, ...]:
    low = lower(phrase)
    return tuple(t.low for t in tokenize(phrase, low, 0, len(phrase)))


class Lexicon(Generic[P]):
    """Phrases (lower case) with a payload each."""

    __slots__ = ("_first", "words", "__weakref__")

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
        _ALL.append(self)

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
        if isinstance(tokens, TokenList) and start == 0 and end is None:
            cache = tokens.cache
            if cache is None:
                cache = tokens.cache = _scan_all(tokens)
            hits = cache.get(id(self))
            if hits is not None:
                return hits
            if _combined is not None and id(self) in _combined.covered:
                return []
        return self._scan(tokens, start, end)

    def _scan(self, tokens: Sequence[Token], start: int = 0, end: int | None = None) -> list[Hit[P]]:
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


_END = ""   # never a token: marks the end of a phrase in the trie


class _Combined:
    """All lexicons' phrases in one word trie; each end holds {lexicon number: payload}."""

    def __init__(self, lexicons: list[Lexicon]):
        self.count = len(lexicons)
        self.ids = [id(lex) for lex in lexicons]
        self.covered = frozenset(self.ids)
        root: dict = {}
        for k, lex in enumerate(lexicons):
            for cands in lex._first.values():
                for words, payload in cands:
                    node = root
                    for w in words:
                        node = node.setdefault(w, {})
                    node.setdefault(_END, {}).setdefault(k, payload)
        self.root = root
        #: per word that is a phrase by itself: (lexicon number, lexicon id, payload) for every
        #: lexicon it is in, in trie order. The common case of ``_scan_all`` (a one-word phrase,
        #: no longer one going on) reads it in one look-up instead of three (node, its end,
        #: the lexicon's id); whether a longer phrase goes on is read from the trie node.
        self.single_ends: dict[str, tuple[tuple[int, int, object], ...]] = {
            w: tuple((k, self.ids[k], payload) for k, payload in node[_END].items())
            for w, node in root.items() if _END in node}


_combined: _Combined | None = None


def _scan_all(tokens: Sequence[Token]) -> dict[int, list[Hit]]:
    """Every lexicon's matches in one left-to-right pass over a word trie: per lexicon the
    same result as its own ``scan`` (longest first, non-overlapping). Only the tokens that
    start some phrase are visited (picked out at C speed); the work at each is the length
    of the phrases that actually start there. Lexicons without a match have no entry."""
    global _combined
    if _combined is None or _combined.count != len(_ALL):
        _combined = _Combined(list(_ALL))
    comb = _combined
    lows = low_list(tokens)
    n = len(lows)
    root = comb.root
    ids = comb.ids
    free = [0] * comb.count       # per lexicon: the first token a next match may use
    found: dict[int, list[Hit]] = {}
    single_ends = comb.single_ends
    last = n - 1
    for i in compress(range(n), map(root.__contains__, lows)):
        w = lows[i]
        node = root[w]
        # a longer phrase can start here only if the next word follows ``w`` in the trie
        # (the same test as the former set of word pairs, without building a pair per token)
        if i == last or lows[i + 1] not in node:
            ends = single_ends.get(w)
            if ends is None:
                continue   # "the", "in", "to": the first word of phrases, none of which goes on here
            # only one-word phrases start here (the common case): no walk
            for k, lex_id, payload in ends:
                if free[k] <= i:
                    hits = found.get(lex_id)
                    if hits is None:
                        hits = found[lex_id] = []
                    hits.append(Hit(i, i + 1, payload))
                    free[k] = i + 1
            continue
        longest: dict[int, tuple[int, object]] = {}
        j = i + 1
        while True:
            ends = node.get(_END)
            if ends:
                for k, payload in ends.items():
                    longest[k] = (j, payload)
            if j >= n:
                break
            node = node.get(lows[j])
            if node is None:
                break
            j += 1
        for k, (end, payload) in longest.items():
            if free[k] <= i:
                hits = found.get(ids[k])
                if hits is None:
                    hits = found[ids[k]] = []
                hits.append(Hit(i, end, payload))
                free[k] = end
    return found


def any_match(tokens: Sequence[Token], lexicons: frozenset[int]) -> bool | None:
    """Does any of these lexicons (given by ``id``) match somewhere in a sentence? Answered
    in one step from the sentence's single scan; None when that is not at hand (the caller
    then scans the lexicons one by one)."""
    if not isinstance(tokens, TokenList):
        return None
    cache = tokens.cache
    if cache is None:
        cache = tokens.cache = _scan_all(tokens)
    if _combined is None or not lexicons <= _combined.covered:
        return None
    return not cache.keys().isdisjoint(lexicons)


def words_set(text: str) -> frozenset[str]:
    """A set of single words from a space-separated string."""
    return frozenset(text.split())
