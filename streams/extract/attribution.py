"""Who says so: confirmed figures, belligerents' claims, and unverified reports.

ACLED's rule, as the labelling rules state it: officials of the affected side, police,
rescue services, witnesses and the UN *confirm*; a belligerent speaking about the other
side's losses, or about its own strikes, *claims*; "reportedly" and "without giving
evidence" mark an *unverified* report. A side admitting its own losses ("as recognised by
the Russian army, 89 soldiers died") confirms. A source counts only when it is the speaker:
next to a speech verb ("the ministry said", "according to Kyiv"), so that "Russian
shelling" or "Ukraine's Kherson region" are not taken for sources.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from .lexicon import Lexicon
from .text import Token, TokenList, low_list, low_set, originals, token_list

RU, UA = "ru", "ua"
CONFIRMED, CLAIM, UNVERIFIED = "confirmed", "claim", "unverified"
OWN_COUNTRY = {RU: "Russia", UA: "Ukraine"}


@dataclass(frozen=True, slots=True)
class SourceWord:
    name: str | None     # canonical name, or None: use the words as written
    side: str | None     # ru | ua for a belligerent's central voice; None for local or independent


# made by the dozen per article: a plain slotted dataclass, hashable like a frozen one and
# never changed after it is made (a frozen dataclass costs several times more to build)
@dataclass(slots=True, unsafe_hash=True)
class Source:
    i: int
    j: int
    name: str
    side: str | None
    admission: bool      # "as recognised by", "acknowledged"


_RU_MOD = "Russian Defense Ministry"
_UA_MOD = "Ukrainian Defense Ministry"
_SOURCES: dict[str, SourceWord] = {}
for _w in ("russian defense ministry", "russian defence ministry", "russian ministry of defense",
           "russian ministry of defence", "russia's defense ministry", "russia's defence ministry",
           "ministry of defense of russia", "ministry of defence of russia", "russian mod", "russia's mod",
           "russian military ministry", "the russian defense ministry", "the russian defence ministry",
           "russia's ministry of defense", "russia's ministry of defence", "moscow's defence ministry",
           "moscow's defense ministry", "konashenkov"):
    _SOURCES[_w] = SourceWord(_RU_MOD, RU)
for _w in ("russian military", "russian army", "russian forces", "russian troops", "russian officials",
           "officials in moscow", "russian authorities", "separatists", "separatist forces", "russian-backed separatists",
           "russian state media", "russian media", "tass", "ria novosti",
           "peskov", "shoigu", "putin", "lavrov", "zakharova", "russian officials in moscow",
           "russia's foreign ministry", "russian foreign ministry"):
    _SOURCES[_w] = SourceWord(None, RU)
# the occupation's local officials speak for the place they run, as any local official does
for _w in ("russian-installed officials", "russian-installed authorities", "moscow-installed officials",
           "moscow-installed authorities", "occupation authorities", "separatist authorities",
           "russian-appointed officials", "russian-installed governor", "russian-installed mayor",
           "russian-installed head", "moscow-installed governor", "moscow-installed head"):
    _SOURCES[_w] = SourceWord(None, None)
for _w, _name in (("russia", "Russia"), ("moscow", "Moscow"), ("kremlin", "Kremlin"), ("the kremlin", "Kremlin")):
    _SOURCES[_w] = SourceWord(_name, RU)
for _w in ("ukrainian defense ministry", "ukrainian defence ministry", "ukraine's defense ministry",
           "ukraine's defence ministry", "ministry of defense of ukraine", "ministry of defence of ukraine",
           "ukrainian ministry of defense", "ukrainian ministry of defence"):
    _SOURCES[_w] = SourceWord(_UA_MOD, UA)
for _w in ("general staff", "ukraine's general staff", "ukrainian general staff", "general staff of ukraine",
           "general staff of the armed forces of ukraine"):
    _SOURCES[_w] = SourceWord("Ukrainian General Staff", UA)
for _w in ("air force", "ukrainian air force", "ukraine's air force", "air force of ukraine"):
    _SOURCES[_w] = SourceWord("Ukrainian Air Force", UA)
for _w in ("ukrainian military", "ukrainian army", "ukrainian armed forces", "armed forces of ukraine",
           "ukrainian officials", "ukrainian authorities", "ukrainian intelligence", "ukrainian military intelligence",
           "sbu", "hur", "gur", "ukrainian forces", "ukraine's military", "ukraine's armed forces", "ukrainian troops",
           "ukraine's southern command", "southern command", "ukrainian navy", "ukraine's navy", "zelensky",
           "zelenskyy", "zelenskiy", "ukrainian president", "ukraine's president", "ukrainian government",
           "ukraine's military intelligence", "ukraine's security service", "ukrainian security service"):
    _SOURCES[_w] = SourceWord(None, UA)
for _w, _name in (("kyiv", "Kyiv"), ("kiev", "Kyiv"), ("ukraine", "Ukraine")):
    _SOURCES[_w] = SourceWord(_name, UA)
# local officials of the affected side, rescue services, witnesses, the UN, reporters on the spot
for _w in ("police", "national police", "regional police", "mayor", "governor", "regional governor",
           "administration", "regional administration", "military administration", "regional military administration",
           "city military administration", "civil-military administration", "regional civil-military administration",
           "local officials", "local authorities", "regional authorities", "officials", "authorities",
           "emergency service", "emergency services", "state emergency service", "rescue service", "rescue services",
           "rescuers", "firefighters", "prosecutor", "prosecutors", "prosecutor's office", "prosecutor general",
           "city council", "health ministry", "ministry of health", "hospital", "doctors", "medics", "witnesses",
           "witness", "residents", "a resident", "the un", "united nations", "un", "ohchr", "un human rights",
           "human rights monitoring mission", "red cross", "icrc", "amnesty", "human rights watch", "reporters",
           "journalists", "correspondent", "correspondents", "news team", "team", "the head", "head", "official",
           "spokesperson", "spokesman", "spokeswoman", "general", "commander", "chief", "ombudsman", "council"):
    _SOURCES.setdefault(_w, SourceWord(None, None))

SOURCES: Lexicon[SourceWord] = Lexicon(_SOURCES)

SPEECH = frozenset(
    "said says say told tells claimed claims claim confirmed confirms reported reports stated states announced "
    "announces wrote writes posted posts added adds noted notes declared declares recognized recognised "
    "acknowledged acknowledges admitted admits insisted alleged alleges commented tweeted explained warned "
    "estimated estimates counted updated".split()
)
_SPEECH_OR_ACCORDING = SPEECH | {"according"}
ADMISSION = frozenset("recognized recognised acknowledged acknowledges admitted admits conceded concedes".split())
#: a source speaks only next to one of these: a speech verb, "according to", "as admitted by"
_SPEAKING = SPEECH | ADMISSION | {"according"}
_BEFORE_SOURCE = frozenset(("by", "said", "says", "told", "to"))

_UNVERIFIED: dict[str, str] = {w: "before" for w in (
    "reportedly", "allegedly", "alleged", "purportedly", "unconfirmed", "unverified", "claimed to have",
    "claims to have", "claim to have", "rumours", "rumors", "said to have", "supposedly", "according to unconfirmed",
)}
_UNVERIFIED.update({w: "anywhere" for w in (
    "without giving evidence", "without providing evidence", "without evidence", "without offering evidence",
    "without providing any evidence", "without giving any evidence", "could not be independently verified",
    "could not independently verify", "not independently verified", "could not be verified",
    "cannot be independently verified", "could not immediately verify", "could not be immediately verified",
    "has not been verified", "have not been verified", "without presenting evidence",
)})
UNVERIFIED_WORDS: Lexicon[str] = Lexicon(_UNVERIFIED)
CONTRADICTION = frozenset("denied denies refuted refutes contradicted contradicts false fake debunked".split())


def find_sources(tokens: Sequence[Token]) -> list[Source]:
    """Speakers of a sentence: source words next to a speech verb or after "according to"."""
    out: list[Source] = []
    if isinstance(tokens, TokenList) and tokens.lowset.isdisjoint(_SPEAKING):
        return out   # no word that makes anybody a speaker
    lows = low_list(tokens)
    n = len(lows)
    for hit in SOURCES.scan(tokens):
        speaker = False
        admission = False
        for k in range(hit.j, min(n, hit.j + 5)):
            low = lows[k]
            if low in SPEECH:
                speaker = True
                admission = low in ADMISSION
                break
            if low in (",", ".", ";", "that") and k > hit.j:
                break
        if not speaker:
            for k in range(hit.i - 1, max(-1, hit.i - 5), -1):
                low = lows[k]
                if low == "to" and k > 0 and lows[k - 1] == "according":
                    speaker = True
                    break
                if low in ("by",) and k > 0 and lows[k - 1] in ADMISSION | {"claimed", "reported", "confirmed", "stated"}:
                    speaker = True
                    admission = lows[k - 1] in ADMISSION
                    break
                if low in ("said", "says", "told", "confirmed", "reported", "claimed", "added", "wrote"):
                    speaker = True
                    break
                if low in (",", ".", ";", '"'):
                    break
        if not speaker:
            continue
        word: SourceWord = hit.payload
        surface = " ".join(originals(tokens, hit.i, hit.j))
        if surface.lower().startswith("the "):
            surface = surface[4:]
        name = word.name or surface
        out.append(Source(hit.i, hit.j, name, word.side, admission))
    return out


def author(tokens: Sequence[Token]) -> Source | None:
    """The institution a statement comes from, when its title says so:
    "Russian Defence Ministry: summary of ...", "General Staff of the Armed Forces of Ukraine: ..."."""
    tokens = token_list(tokens)
    lows = tokens.lows
    hits = SOURCES.scan(tokens.head(12))
    if not hits or hits[0].i > 1 or hits[0].payload.side is None and hits[0].payload.name is None:
        return None
    hit = hits[0]
    colon = next((k for k in range(hit.j, min(len(lows), hit.j + 8)) if lows[k] == ":"), None)
    if colon is None:
        return None
    word: SourceWord = hit.payload
    surface = " ".join(originals(tokens, hit.i, hit.j))
    return Source(10 ** 6, 10 ** 6, word.name or surface, word.side, False)


def unverified_marks(tokens: Sequence[Token]) -> list[tuple[int, str]]:
    """Positions of "reportedly"-type words, with their scope (before | anywhere)."""
    return [(hit.i, hit.payload) for hit in UNVERIFIED_WORDS.scan(tokens)]


def nearest(sources: Sequence[Source], at: int) -> Source | None:
    best = None
    best_d = 10 ** 9
    for s in sources:
        d = s.i - at if s.i >= at else at - s.j
        if d < best_d:
            best, best_d = s, d
    return best


def judge(sources: Sequence[Source], marks: Sequence[tuple[int, str]], at: int, *,
          nationality: str | None = None, military: bool = False, attacker: str | None = None,
          country: str | None = None, pejorative: bool = False) -> tuple[str, str | None]:
    """Status of a figure or a mention at token ``at``: (confirmed | claim | unverified, claimant).

    ``nationality``/``military`` describe the victims, ``attacker`` the side named as
    striking ("Russian missiles"), ``country`` where it happened.
    """
    src = nearest([s for s in sources if s.side is not None], at)
    if src is not None:
        indep = nearest([s for s in sources if s.side is None], at)
        # a local official or witness nearer than the belligerent is the one who speaks
        closer_indep = indep is not None and abs(indep.i - at) < abs(src.i - at)
        if not closer_indep:
            if src.admission:
                return CONFIRMED, None
            other = RU if src.side == UA else UA
            if attacker == "self":
                attacker = src.side   # "its forces struck": the speaker's own strike
            if nationality == other or (military and nationality != src.side) or attacker == src.side:
                return CLAIM, src.name
            if nationality is None and country is not None and country != OWN_COUNTRY[src.side]:
                return CLAIM, src.name
    for pos, scope in marks:
        if scope == "anywhere" or pos <= at:
            return UNVERIFIED, None
    if pejorative:
        # "60 nationalists and mercenaries were eliminated": a belligerent's own words
        return CLAIM, src.name if src is not None else None
    if military and nationality is not None and not any(s.side is None for s in sources):
        # "killed up to 200 Ukrainian servicemen, the ministry said": only the sides count each
        # other's soldiers; without a named independent source it stays a claim
        return CLAIM, src.name if src is not None else None
    return CONFIRMED, None


def has_speech(tokens: Sequence[Token]) -> bool:
    """Does somebody say it: a speech verb or "according to" anywhere in the sentence?"""
    return not _SPEECH_OR_ACCORDING.isdisjoint(low_set(tokens))
