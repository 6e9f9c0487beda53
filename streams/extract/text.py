"""Text plumbing: one normalisation, sentences with offsets, sections, tokens.

Everything downstream works on character offsets into one normalised string, so the
normalisation keeps the length of the text: curly quotes, dashes and odd spaces become
their ASCII twins one character for one character. Every pattern here is linear (no nested
quantifiers), and long runs of text without a full stop are cut into bounded chunks, so the
work per sentence stays small whatever the input.
"""

from __future__ import annotations

import re
from itertools import accumulate
from operator import add
from typing import Iterable, Sequence

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
# spaces and a capital, a digit or an opening quote. A run of [.!?] can end a sentence
# only from its first character, so the text is searched for the characters that can
# start an end (``str.find``, at C speed) and the rest is matched from there: the same ends
# as ``\n|[.!?]+["')\]]*(?= +[capital...])`` scanned left to right, several times faster.
# Each part is a simple run and the look-ahead scans one run of spaces: linear on any input.
_END_CHARS = "\n.!?"
_END_REST = re.compile(r"[.!?]*[\"')\]]*(?= +[\"'(\[A-Z0-9\u0400-\u042F\u0490\u0404\u0406\u0407])")


def _end_starts(text: str) -> list[int]:
    """Positions of the characters that can start a sentence end, in order."""
    out: list[int] = []
    add = out.append
    for ch in _END_CHARS:
        find = text.find
        at = find(ch)
        while at >= 0:
            add(at)
            at = find(ch, at + 1)
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
    scanned = 0   # ends are matched left to right: no end starts inside the previous one
    match_rest = _END_REST.match
    for at in _end_starts(text):
        if at < scanned:
            continue
        is_break = text[at] == "\n"
        if is_break:
            end = at + 1
        else:
            rest = match_rest(text, at + 1)
            if rest is None:
                continue
            end = rest.end()
        scanned = end
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


class TokenList(list):
    """The tokens of one sentence, with what is worth knowing about them as a whole: their
    lower-cased words (a list and a set), which of them are not plain words, and a slot for
    what the lexicons found in them, so that all lexicons are matched in a single pass (see
    ``lexicon.Lexicon.scan``)."""

    __slots__ = ("cache", "_lows", "_lowset", "_shape", "_odd")

    def __init__(self, tokens=()):
        super().__init__(tokens)
        self.cache = None
        self._lows: list[str] | None = None
        self._lowset: frozenset[str] | None = None
        self._shape: tuple[bool, bool, bool] | None = None
        self._odd: list[int] | None = None

    @property
    def lows(self) -> list[str]:
        """The lower-cased tokens, in order (do not modify)."""
        if self._lows is None or len(self._lows) != len(self):
            self._lows = [t.low for t in self]
        return self._lows

    @property
    def odd(self) -> list[int]:
        """Positions of the tokens that are not plain words or marks: every number and every
        hyphenated or possessive word is among them (do not modify)."""
        if self._odd is None or self._lows is None or len(self._lows) != len(self):
            self._odd = list(range(len(self)))
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

    @property
    def lowset(self) -> frozenset[str]:
        """The set of lower-cased tokens: "does this sentence contain any of ..." in one step."""
        if self._lowset is None:
            self._lowset = frozenset(self.lows)
        return self._lowset


def low_set(tokens: Sequence[Token]) -> frozenset[str] | set[str]:
    """The lower-cased words of a token sequence (a ``TokenList`` keeps its own)."""
    return tokens.lowset if isinstance(tokens, TokenList) else {t.low for t in tokens}


def low_list(tokens: Sequence[Token]) -> list[str]:
    """The lower-cased tokens, in order (a ``TokenList`` keeps its own: do not modify)."""
    return tokens.lows if isinstance(tokens, TokenList) else [t.low for t in tokens]


_find_tokens = _TOKEN.finditer


def _pieces(text: str, start: int, end: int) -> Iterable[tuple[str, int]]:
    """The blank-separated pieces of ``text[start:end]`` with their offsets. Where single
    spaces separate them (most sentences) the offsets are sums of lengths, at C speed."""
    part = text[start:end]
    pieces = part.split()
    if not pieces:
        return ()
    lead = len(part) - len(part.lstrip())
    joined = " ".join(pieces)
    if part.startswith(joined, lead) and lead + len(joined) == len(part.rstrip()):
        return zip(pieces, map(add, accumulate(map(len, pieces), initial=start + lead), range(len(pieces))))
    offsets = []
    pos = start
    find = text.find
    for piece in pieces:
        pos = find(piece, pos)
        offsets.append(pos)
        pos += len(piece)
    return zip(pieces, offsets)
#: a word with one of these right after it ("Kyiv," "attack.") is two tokens: the word
#: and the mark (none of them can continue a word)
_TRAILING = frozenset(",.;:!?)\"'")


def tokenize(text: str, low: str, start: int, end: int) -> TokenList:
    """Tokens of ``text[start:end]`` (``low`` is the lower-cased text).

    No token holds a blank, so the text is cut at blanks first (``str.split``, at C speed)
    and the regular expression runs only inside the pieces that are not a plain word, or a
    plain word and a mark: the same tokens as ``_TOKEN.finditer`` over the whole range, at
    a fraction of the cost. An ASCII word is lower-cased by itself (the same as its slice
    of ``low``, without slicing a wide string). The tokens of those other pieces are noted
    (``TokenList.odd``): numbers, hyphenated and possessive words are only there. Every character but
    blanks and "_" is in some token, so the text says whether one holds "'" or "-"."""
    tokens = TokenList()
    lows: list[str] = []
    odd: list[int] = []
    add = tokens.append
    add_low = lows.append
    digit = False
    for chunk, s in _pieces(text, start, end):
        e = s + len(chunk)
        if chunk.isalpha():
            w = chunk.lower() if chunk.isascii() else low[s:e]
            add(Token(s, e, w, chunk))
            add_low(w)
        elif chunk[-1] in _TRAILING and chunk[:-1].isalpha():
            word = chunk[:-1]
            w = word.lower() if word.isascii() else low[s:e - 1]
            mark = chunk[-1]
            add(Token(s, e - 1, w, word))
            add(Token(e - 1, e, mark, mark))
            add_low(w)
            add_low(mark)
        else:
            for m in _find_tokens(text, s, e):
                a, b = m.span()
                w = low[a:b]
                odd.append(len(lows))
                add(Token(a, b, w, text[a:b]))
                add_low(w)
                if not digit and w[0].isdecimal():
                    digit = True
    tokens._lows = lows
    tokens._odd = odd
    tokens._shape = (digit, "'" in text[start:end], "-" in text[start:end]) if lows else (False, False, False)
    return tokens
