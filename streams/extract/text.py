"""Text plumbing: one normalisation, sentences with offsets, sections, tokens.

Everything downstream works on character offsets into one normalised string, so the
normalisation keeps the length of the text: curly quotes, dashes and odd spaces become
their ASCII twins one character for one character. Every pattern here is linear (no nested
quantifiers), and long runs of text without a full stop are cut into bounded chunks, so the
work per sentence stays small whatever the input.

The tokens of a sentence are kept as parallel lists (lower-cased words, offsets), which
is what the rules read; ``Token`` objects are made only on demand. Per token, Python does
as little as it can: ``str.split`` cuts at blanks, and the token pattern runs only inside
the pieces that are not a plain word.
"""

from __future__ import annotations

import re
from itertools import accumulate
from operator import add
from typing import Iterable, Iterator, Sequence

#: Longest sentence examined in one piece; longer runs are cut at a space.
MAX_SENTENCE_CHARS = 600

_TRANSLATE = str.maketrans({
    **{c: "'" for c in "\u2018\u2019\u201a\u201b\u2032\u02bc\u0060\u00b4"},
    **{c: '"' for c in "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"},
    **{c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"},
    **{c: " " for c in "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
                       "\u200b\u200c\u200d\u202f\u205f\u3000\ufeff\t\x0b\x0c"},
    "\r": "\n", "\u2028": "\n", "\u2029": "\n", "\u2026": ".",
})
_SURROGATE = re.compile("[\ud800-\udfff]")
#: what ``_TRANSLATE`` changes, as (character, replacement) pairs: a ``str.translate`` with
#: a dict looks every character up, a ``str.replace`` per character present (no replacement
#: is itself replaced) is several times faster on real text
_CHANGES = tuple((chr(c), r) for c, r in sorted(_TRANSLATE.items()))
_ASCII_CHANGES = tuple((c, r) for c, r in _CHANGES if c.isascii())


def normalize(text: str) -> str:
    """Same-length normalisation: ASCII quotes, dashes and spaces; no lone surrogates."""
    ascii_ = text.isascii()
    for c, r in _ASCII_CHANGES if ascii_ else _CHANGES:
        if c in text:
            text = text.replace(c, r)
    if not ascii_ and _SURROGATE.search(text):
        text = _SURROGATE.sub("?", text)
    return text


def lower(text: str) -> str:
    """Lower case with the same length (a few characters lower-case to two)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


class Sentence:
    """One sentence: offsets into the normalised text, its paragraph and section (a plain
    slotted class: one is built for every sentence of every article)."""

    __slots__ = ("start", "end", "para", "section", "quoted")

    def __init__(self, start: int, end: int, para: int, section: int, quoted: bool):
        self.start = start
        self.end = end
        self.para = para        # paragraph (line) number
        self.section = section  # live-blog post / sub-headed section number
        self.quoted = quoted    # inside a paragraph that opens with a quotation mark

    def __repr__(self) -> str:
        return f"Sentence({self.start}, {self.end}, para={self.para}, section={self.section}, quoted={self.quoted})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sentence):
            return NotImplemented
        return (self.start, self.end, self.para, self.section, self.quoted) == \
            (other.start, other.end, other.para, other.section, other.quoted)

    __hash__ = None  # type: ignore[assignment]


# Sentence ends: a line break, or terminal punctuation (and closing quotes) followed by
# spaces and a capital, a digit or an opening quote: ``\n|[.!?]+["')\]]*(?= +[capital...])``
# scanned left to right. A run of marks can end a sentence only from its first character
# (a later start has the same end, which failed), and giving characters back never helps
# (what follows a shorter run is a mark or a quote, never the required space): the runs
# are possessive, and a run that fails is skipped. Each part is a simple run and the
# look-ahead scans one run of spaces: linear on any input.
_END_CLASS = "[\"'(\\[A-Z0-9\u0400-\u042F\u0490\u0404\u0406\u0407]"
#: what must follow the first mark of an end
_END_REST = re.compile(r"[.!?]*+[\"')\]]*+(?= +" + _END_CLASS + ")")
_MARK_RUN = re.compile(r"[.!?]+")
#: the same as one pattern, for a text with very many marks (a one-class search for the
#: first mark; a text with a long run of them needs the pattern that refuses to start
#: inside one, slower on ordinary text)
_END_MARKS = re.compile(r"[.!?]" + _END_REST.pattern)
_END_MARKS_IN_RUNS = re.compile(r"(?<![.!?])[.!?]" + _END_REST.pattern)
_LONG_RUN = re.compile(r"[.!?][.!?]{15}")
#: up to this many marks, each is looked at from Python (``str.find`` finds them at C speed)
_FEW_MARKS = 2_000


def _ends(text: str) -> list[tuple[int, int]]:
    """Every place a sentence may end, as (start, end) of the break or the marks, in order."""
    out: list[tuple[int, int]] = []
    find = text.find
    if text.count(".") + text.count("!") + text.count("?") <= _FEW_MARKS:
        starts: list[int] = []
        for mark in ".!?":
            at = find(mark)
            while at >= 0:
                starts.append(at)
                at = find(mark, at + 1)
        starts.sort()
        scanned = 0
        match_rest = _END_REST.match
        for at in starts:
            if at < scanned:
                continue   # inside a run already read
            rest = match_rest(text, at + 1)
            if rest is None:
                scanned = _MARK_RUN.match(text, at).end()
            else:
                scanned = rest.end()
                out.append((at, scanned))
    else:
        marks = _END_MARKS_IN_RUNS if _LONG_RUN.search(text) else _END_MARKS
        out = [m.span() for m in marks.finditer(text)]
    at = find("\n")
    if at >= 0:
        while at >= 0:
            out.append((at, at + 1))
            at = find("\n", at + 1)
        out.sort()
    return out


_ABBREVIATIONS = frozenset(
    "mr mrs ms dr st no nos gen lt col sgt maj capt cpl gov sen rep jr sr vs etc approx "
    "jan feb mar apr jun jul aug sep sept oct nov dec p.m a.m u.s u.k u.n e.g i.e inc ltd co "
    "corp dept est fig prof rev adm cmdr pvt".split()
)
_HEADING_TIME = re.compile(r"(?:\d+\s*(?:hr|hrs|hour|hours|min|mins|minutes?)\b.*\bago\b|updated\b|posted\b)",
                           re.IGNORECASE)


def _is_heading(line: str) -> bool:
    """A line that starts a new section: a live-blog timestamp, a byline or a sub-headline."""
    stripped = line.strip()
    if not stripped:
        return False
    if len(stripped) < 120 and _HEADING_TIME.match(stripped):
        return True
    if stripped[-1] in ".!?\"':;,)":
        return False
    return len(stripped) <= 90 and stripped.count(" ") <= 13


def segment(text: str) -> list[Sentence]:
    """Sentences of a normalised text, with paragraph and section numbers."""
    sentences: list[Sentence] = []
    para = section = 0
    pos = 0
    n = len(text)
    quoted = False
    new_line = True
    line_has_text = False
    for at, end in _ends(text):
        is_break = text[at] == "\n"
        if not is_break and text[at] == ".":
            # "No. 47", "Mr. Smith", "J. Smith": an abbreviation before the full stop
            word_start = text.rfind(" ", max(pos, at - 12), at) + 1
            word = text[word_start:at].lower().lstrip("(\"'")
            if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
                continue
        if new_line:
            line_end = text.find("\n", pos)
            line = text[pos: n if line_end < 0 else line_end]
            if _is_heading(line):
                section += 1
            quoted = line.lstrip()[:1] == '"'
            new_line = False
        before = len(sentences)
        _emit(sentences, text, pos, end, para, section, quoted)
        line_has_text = line_has_text or len(sentences) > before
        pos = end
        if is_break:
            # blank lines do not count: a paragraph is a line with text
            if line_has_text:
                para += 1
            line_has_text = False
            new_line = True
    if pos < n:
        if new_line:
            line = text[pos:]
            if _is_heading(line):
                section += 1
            quoted = line.lstrip()[:1] == '"'
        _emit(sentences, text, pos, n, para, section, quoted)
    return sentences


def _emit(out: list[Sentence], text: str, start: int, end: int, para: int, section: int, quoted: bool) -> None:
    # trim spaces and line breaks; cut long runs into bounded chunks at a space
    while start < end and text[start] in " \n":
        start += 1
    while end > start and text[end - 1] in " \n":
        end -= 1
    while end - start > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", start + MAX_SENTENCE_CHARS // 2, start + MAX_SENTENCE_CHARS)
        if cut <= start:
            cut = start + MAX_SENTENCE_CHARS
        out.append(Sentence(start, cut, para, section, quoted))
        start = cut
        while start < end and text[start] == " ":
            start += 1
    if end > start:
        out.append(Sentence(start, end, para, section, quoted))


_STAMP = re.compile(r"^(?:posted at |updated |last updated )?(?:[a-z]{3}\w* )?(?:(\d{1,2}) [a-z]{3}\w* (?:\d{4} )?)?"
                    r"(\d{1,2})[:.](\d{2})\b", re.IGNORECASE)
_AGO = re.compile(r"^(?:(\d+)\s*(?:hr|hrs|hours?)\b)?\s*(?:(\d+)\s*(?:min|mins|minutes?)\b)?\s*ago\b", re.IGNORECASE)


def reverse_chronological(text: str, sentences: list[Sentence]) -> bool:
    """Is this a live page with the newest post on top? Read from the posts' timestamps
    ("14:05", "Posted at 10.15", "2 hr 38 min ago"): mostly going back in time down the page."""
    stamps: list[int] = []
    last_para = -1
    for s in sentences:
        if s.para == last_para:
            continue
        last_para = s.para
        head = text[s.start:s.start + 40].strip()
        m = _STAMP.match(head)
        if m:
            day = int(m.group(1)) if m.group(1) else 0
            hours, minutes = int(m.group(2)), int(m.group(3))
            if hours < 24 and minutes < 60:
                stamps.append(day * 1440 + hours * 60 + minutes)
            continue
        m = _AGO.match(head)
        if m and (m.group(1) or m.group(2)):
            stamps.append(-(int(m.group(1) or 0) * 60 + int(m.group(2) or 0)))
        if len(stamps) >= 40:
            break
    if len(stamps) < 3:
        return False
    down = sum(1 for a, b in zip(stamps, stamps[1:]) if b < a)
    up = sum(1 for a, b in zip(stamps, stamps[1:]) if b > a)
    return down > up


class Token:
    """One word, number or punctuation mark (a plain slotted class: tokens are made by the
    thousand, and a frozen dataclass costs several times more to build)."""

    __slots__ = ("start", "end", "low", "text")

    def __init__(self, start: int, end: int, low: str, text: str):
        self.start = start
        self.end = end
        self.low = low     # lower-cased text
        self.text = text   # original text

    def __repr__(self) -> str:
        return f"Token({self.text!r})"

    @property
    def is_num(self) -> bool:
        return self.low[:1].isdecimal()

    @property
    def is_word(self) -> bool:
        return self.low[:1].isalpha()


# A number (with thousands separators, decimals, a time's colon, a range or an age's
# "-year-old"), a word (with inner hyphens, apostrophes or dots: Kh-101, U.S, Kharkiv's),
# or one punctuation mark. Each repetition starts on a character the previous part cannot
# match, so matching is linear.
_TOKEN = re.compile(r"\d+(?:[.,:]\d+)*[^\W\d_]*(?:[-'][^\W_]+)*|[^\W_]+(?:[-'.][^\W_]+)*|[^\w\s]")


class TokenList(Sequence[Token]):
    """The tokens of one sentence, kept as parallel lists: the lower-cased words (what almost
    every rule reads), where each starts, and which are not plain words. ``Token`` objects
    are made only when one is asked for (indexing, iterating): most sentences never need
    them, and making them was a fifth of the extractor's time. Also holds a slot for what
    the lexicons found in the sentence, so that all lexicons are matched in a single pass
    (see ``lexicon.Lexicon.scan``). Read-only once made."""

    __slots__ = ("text", "lows", "starts", "lowset", "cache", "_tokens", "_shape", "_odd")

    def __init__(self, text: str = "", lows: list[str] | None = None, starts: list[int] | None = None,
                 odd: list[int] | None = None, shape: tuple[bool, bool, bool] | None = None):
        self.text = text
        self.lows: list[str] = [] if lows is None else lows      # lower-cased tokens, in order
        self.starts: list[int] = [] if starts is None else starts  # where each starts in ``text``
        #: the set of lower-cased tokens: "does this sentence contain any of ..." in one step
        self.lowset: frozenset[str] = frozenset(self.lows)
        self.cache = None
        self._tokens: list[Token] | None = None
        self._shape = shape
        self._odd = odd

    @classmethod
    def of(cls, tokens: Sequence[Token]) -> TokenList:
        """A token list from ``Token`` objects (their text is their own)."""
        out = cls()
        out._tokens = list(tokens)
        out.lows = [t.low for t in out._tokens]
        out.starts = [t.start for t in out._tokens]
        out.lowset = frozenset(out.lows)
        return out

    # ------------------------------------------------------------------ sequence
    def _made(self) -> list[Token]:
        tokens = self._tokens
        if tokens is None:
            text = self.text
            tokens = self._tokens = [Token(s, s + len(w), w, text[s:s + len(w)])
                                     for s, w in zip(self.starts, self.lows)]
        return tokens

    def __len__(self) -> int:
        return len(self.lows)

    def __getitem__(self, k):
        return self._made()[k]

    def __iter__(self) -> Iterator[Token]:
        return iter(self._made())

    def __repr__(self) -> str:
        return f"TokenList({self.lows!r})"

    def head(self, n: int) -> TokenList:
        """The first ``n`` tokens."""
        out = TokenList(self.text, self.lows[:n], self.starts[:n])
        if self._tokens is not None:
            out._tokens = self._tokens[:n]
        return out

    def surface(self, i: int, j: int) -> list[str]:
        """The original text of tokens ``i:j``."""
        if self._tokens is not None:
            return [t.text for t in self._tokens[i:j]]
        text = self.text
        return [text[s:s + len(w)] for s, w in zip(self.starts[i:j], self.lows[i:j])]

    # ------------------------------------------------------------------ summaries
    @property
    def odd(self) -> list[int]:
        """Positions of the tokens that are not plain words or marks: every number and every
        hyphenated or possessive word is among them (do not modify)."""
        if self._odd is None:
            self._odd = list(range(len(self.lows)))
        return self._odd

    def _shapes(self) -> tuple[bool, bool, bool]:
        if self._shape is None:
            lows = self.lows
            # the first characters, as a set: a digit starts a number
            digit = any(c.isdecimal() for c in {w[0] for w in lows})
            joined = "".join(lows)
            self._shape = (digit, "'" in joined, "-" in joined)
        return self._shape

    @property
    def has_digit(self) -> bool:
        return self._shapes()[0]

    @property
    def has_possessive(self) -> bool:
        return self._shapes()[1]

    @property
    def has_hyphen(self) -> bool:
        return self._shapes()[2]



def low_set(tokens: Sequence[Token]) -> frozenset[str] | set[str]:
    """The lower-cased words of a token sequence (a ``TokenList`` keeps its own)."""
    return tokens.lowset if isinstance(tokens, TokenList) else {t.low for t in tokens}


def low_list(tokens: Sequence[Token]) -> list[str]:
    """The lower-cased tokens, in order (a ``TokenList`` keeps its own: do not modify)."""
    return tokens.lows if isinstance(tokens, TokenList) else [t.low for t in tokens]


def original(tokens: Sequence[Token], k: int) -> str:
    """The text of token ``k`` as written (without making ``Token`` objects)."""
    return tokens.surface(k, k + 1)[0] if isinstance(tokens, TokenList) else tokens[k].text


def originals(tokens: Sequence[Token], i: int, j: int) -> list[str]:
    """The text of tokens ``i:j`` as written."""
    return tokens.surface(i, j) if isinstance(tokens, TokenList) else [t.text for t in tokens[i:j]]


def positions(lows: list[str], word: str) -> list[int]:
    """Where ``word`` is among the lower-cased tokens (C-level search: cheaper than a look
    at every token when the word is rare)."""
    out = []
    k = -1
    for _ in range(lows.count(word)):
        k = lows.index(word, k + 1)
        out.append(k)
    return out


def token_list(tokens: Sequence[Token]) -> TokenList:
    """``tokens`` as a ``TokenList`` (made from ``Token`` objects when it is not one)."""
    return tokens if isinstance(tokens, TokenList) else TokenList.of(tokens)


_find_tokens = _TOKEN.finditer


def _offsets(part: str, pieces: list[str], start: int) -> Iterable[int]:
    """Where the blank-separated ``pieces`` of ``part`` (which starts at ``start``) begin.
    Where single spaces separate them (most sentences) the offsets are sums of lengths, at
    C speed."""
    lead = len(part) - len(part.lstrip())
    joined = " ".join(pieces)
    if part.startswith(joined, lead) and lead + len(joined) == len(part.rstrip()):
        return map(add, accumulate(map(len, pieces), initial=start + lead), range(len(pieces)))
    offsets = []
    pos = 0
    find = part.find
    for piece in pieces:
        pos = find(piece, pos)
        offsets.append(start + pos)
        pos += len(piece)
    return offsets


#: a word with one of these right after it ("Kyiv," "attack.") is two tokens: the word
#: and the mark (none of them can continue a word)
_TRAILING = frozenset(",.;:!?)\"'")


def tokenize(text: str, low: str, start: int, end: int) -> TokenList:
    """Tokens of ``text[start:end]`` (``low`` is the lower-cased text).

    No token holds a blank, so the text is cut at blanks first (``str.split``, at C speed)
    and the regular expression runs only inside the pieces that are not a plain word, or a
    plain word and a mark: the same tokens as ``_TOKEN.finditer`` over the whole range, at
    a fraction of the cost. ``low`` has its blanks where ``text`` has them, so its pieces
    are the lower-cased tokens. The tokens of the other pieces are noted
    (``TokenList.odd``): numbers, hyphenated and possessive words are only there. Every
    character but blanks and "_" is in some token, so the text says whether one holds "'"
    or "-"."""
    part = text[start:end]
    pieces = part.split()
    lows: list[str] = []
    starts: list[int] = []
    odd: list[int] = []
    if not pieces:
        return TokenList(text, lows, starts, odd, (False, False, False))
    add_low = lows.append
    add_start = starts.append
    digit = False
    for piece, w, s in zip(pieces, low[start:end].split(), _offsets(part, pieces, start)):
        if piece.isalpha():
            add_low(w)
            add_start(s)
        elif piece[-1] in _TRAILING and piece[:-1].isalpha():
            add_low(w[:-1])
            add_low(w[-1])
            add_start(s)
            add_start(s + len(w) - 1)
        else:
            for m in _find_tokens(text, s, s + len(piece)):
                a, b = m.span()
                odd.append(len(lows))
                token = low[a:b]
                add_low(token)
                add_start(a)
                if not digit and token[0].isdecimal():
                    digit = True
    return TokenList(text, lows, starts, odd, (digit, "'" in part, "-" in part))
