"""Assembly: one pass over the sentences of an article, then the within-article merge.

The article is normalised once, the gazetteer runs once over the whole text, and each
sentence is tokenised only if a cheap keyword scan says it could hold an event. Per
sentence: numbers, dates, places, strike triggers and figures, sources, other events. The
strike mentions are merged into incidents (``merge_article``) and turned into the wire
models with deterministic ids.

Speed without changing a result: all lexicons are matched in one pass per sentence, and
what they find decides how far the sentence is read. A sentence with no word of any event
lexicon is read for its places only (the article context needs them); triggers are looked
for only next to a strike word, figures only next to a casualty word, other events only
next to a word of their lexicons (``may_trigger``, ``may_have_figures``, ``may_classify``:
necessary conditions, checked in ``tests/test_extract_gates.py``).

Decisions worth knowing:

* Date of a strike told without a date word, in a dated article: the publication date, with
  precision ``day`` — news reports the last day and night unless it says otherwise, and the
  evaluation and the stream both allow for the night straddling midnight. A look back
  ("a previous strike") with no date word gets no date (``None``/``unknown``).
* A report more than three days older than its article is a reference (``new: false``):
  the strike was news before; an article this late tells it again.
* Figures: within an article the latest wins, even when lower; a toll ("rose to 16", "a
  third person has died") always can, a single person's story ("a man was killed") or a
  lone "one wounded civilian" never overrides a count. On a live page with the newest post
  on top (read from its timestamps) "latest" means higher on the page.
* "Victims" alone gives no figure (it may mean dead, injured or both); it counts only
  with a verb ("five victims were injured").
* Unverified reports ("reportedly") keep their figure in killed/injured with status
  ``claimed`` and no claimant; a belligerent's claim goes to ``claimed_killed`` /
  ``claimed_injured`` with ``claimed_by`` and never into killed/injured.
"""

from __future__ import annotations

import bisect
import hashlib
from collections import Counter
from dataclasses import dataclass
from datetime import date
from operator import attrgetter
from typing import NamedTuple, Sequence

from schemas import (
    Article, DiplomacyEvent, Extraction, GroundFightingEvent, HumanitarianEvent, InterceptionEvent,
    MilitaryAidEvent, StrikeEvent, TerritorialChangeEvent,
)

from . import attribution as attr
from .casualties import find_figures, may_have_figures
from .classify import OtherMention, classify, may_classify, merge_others
from .dates import find_dates
from .gazetteer import Gazetteer, PlaceMention
from .merge_article import Incident, figures_of, merge_mentions
from .numbers import parse_numbers
from .places import ATTRIB, Cand, Loc, PlaceContext, PlaceResolver
from .screen import Screen
from .strikes import (
    FigureReport, Mention, StrikeContext, Trigger, _cost, best_place, clause_ids, cumulative, find_triggers,
    may_trigger, resolve_dates, semicolon_ids, sentence_flags, target_near,
)
from .text import Sentence, TokenList, low_set, lower, normalize, reverse_chronological, segment, tokenize

SUMMARY_CHARS = 300
#: at most this many sentences are read closely per article (about 300 KB of dense war
#: reporting, far beyond any real article): the bound that keeps a hostile 1 MB message
#: within its time budget. Sentences repeated word for word are read once.
MAX_SENTENCES = 2_000
#: a sentence with figures and no trigger continues a strike at most this many paragraphs back
CONTEXT_PARAS = 3


@dataclass(slots=True)
class _Para:
    sources: list[attr.Source]


class _Could(NamedTuple):
    """What a sentence's words allow: a strike (a strike, weapon or harm word), casualty
    figures (a casualty word) or another event (a word of its lexicons)."""
    strike: bool
    figures: bool
    other: bool


class _SentenceTokens:
    """The tokens of an article's sentences, each made once: a quoted paragraph's speaker is
    looked for in sentences that are read on their own too."""

    __slots__ = ("text", "low", "sentences", "_made")

    def __init__(self, text: str, low: str, sentences: Sequence[Sentence]):
        self.text = text
        self.low = low
        self.sentences = sentences
        self._made: dict[int, TokenList] = {}

    def __getitem__(self, idx: int) -> TokenList:
        tokens = self._made.get(idx)
        if tokens is None:
            s = self.sentences[idx]
            tokens = self._made[idx] = tokenize(self.text, self.low, s.start, s.end)
        return tokens


class Extractor:
    """Pure: holds only read-only tables (gazetteer, lexicons); ``extract`` keeps no state."""

    def __init__(self, gaz: Gazetteer):
        self.gaz = gaz
        self.places = PlaceResolver(gaz)
        self.screen = Screen()

    # ------------------------------------------------------------------ public
    def extract(self, article: Article) -> Extraction:
        text = normalize(article.text)
        low = lower(text)
        sentences = segment(text)
        wanted = self.screen.sentences(low, sentences)
        mentions_by_sentence = _bucket(self.gaz.find(text) if wanted else [], sentences)
        pctx = PlaceContext()
        countries: Counter = Counter()
        ambiguous: dict[str, bool] = {}
        for ms in mentions_by_sentence.values():
            for m in ms:
                if m.place.country in ("Ukraine", "Russia"):
                    countries[m.place.country] += 1
                    if m.place.oblast and not self._ambiguous(m, ambiguous):
                        pctx.oblast_counts[m.place.oblast] += 1
        pctx.main_country = countries.most_common(1)[0][0] if countries else None
        sctx = StrikeContext()
        if sentences:
            first = sentences[0]
            sctx.author = attr.author(tokenize(text, low, first.start, min(first.end, first.start + 200)))
        strikes: list[Mention] = []
        others: list[OtherMention] = []
        paras: dict[int, _Para] = {}
        tokens_of = _SentenceTokens(text, low, sentences)
        seen: set[str] = set()
        budget = MAX_SENTENCES
        for idx in sorted(wanted | set(mentions_by_sentence)):
            s = sentences[idx]
            if idx in wanted:
                body = text[s.start:s.end]
                if body in seen or budget <= 0:
                    wanted.discard(idx)
                else:
                    seen.add(body)
                    budget -= 1
            if idx not in wanted:
                # nothing to extract here, but "the city" in a later sentence may mean this one
                self.places.remember_mentions(mentions_by_sentence.get(idx, ()), pctx, low)
                continue
            tokens = tokens_of[idx]
            if not tokens:
                continue
            cands = self.places.sentence_places(text, tokens, mentions_by_sentence.get(idx, ()), pctx)
            strike, figures, other = may_trigger(tokens), may_have_figures(tokens), may_classify(tokens)
            if strike or figures or other:
                # the rest is read only where an event could be: a sentence without a hit in
                # any event lexicon yields nothing, whatever its numbers, dates or sources
                # (the ``_Could`` is made only for those: most sentences read stop here)
                self._sentence(article, text, sentences, idx, tokens, cands, sctx, strikes, others, paras,
                               tokens_of, _Could(strike, figures, other))
            self.places.remember(cands, pctx, text, tokens)
        incidents = merge_mentions(strikes)
        reverse = reverse_chronological(text, sentences)
        return Extraction(
            article_id=article.id,
            incidents=[self._strike_event(article, inc, k, reverse) for k, inc in enumerate(incidents)],
            other_events=[self._other_event(article, e, k) for k, e in enumerate(merge_others(others))],
        )

    # ------------------------------------------------------------------ one sentence
    def _sentence(self, article: Article, text: str, sentences: Sequence[Sentence], idx: int,
                  tokens: TokenList, cands: list[Cand], sctx: StrikeContext, strikes: list[Mention],
                  others: list[OtherMention], paras: dict[int, _Para], tokens_of: _SentenceTokens,
                  could: _Could) -> None:
        """Strike mentions and other events of one sentence. Each step runs only when what
        the sentence holds (``could``) says its result can matter: no triggers are looked for
        without a strike word, no figures without a casualty word, no other events without
        a word of their lexicons."""
        s = sentences[idx]
        published = article.published
        strike_words = could.strike or could.figures
        nums = parse_numbers(tokens) if could.figures or could.other else []
        dates = find_dates(tokens, published)
        terror, ancient = sentence_flags(tokens, dates)
        if ancient:
            return
        if strike_words:
            clauses = clause_ids(tokens)
            skip = terror or cumulative(tokens)
            figures = [] if skip or not could.figures else find_figures(tokens, nums)
            triggers = [] if skip or not could.strike else find_triggers(tokens, clauses, has_figures=bool(figures))
        else:
            clauses, figures, triggers = [], [], []
        if not (triggers or figures or could.other):
            return
        sources = attr.find_sources(tokens)
        if s.quoted and not sources:
            sources = self._para(sentences, s.para, paras, tokens_of).sources
        if not sources and sctx.author is not None:
            sources = [sctx.author]     # a statement speaks for its author throughout
        summary = text[s.start:s.end].strip()[:SUMMARY_CHARS]
        if triggers or figures:
            made = self._strike_mentions(published, s, idx, tokens, dates, cands, clauses, triggers, figures,
                                         sources, summary, sctx, _background(tokens_of.low, sentences, s))
            strikes.extend(made)
            if made:
                sctx.last = made[-1]
                sctx.recent = (sctx.recent + made)[-8:]
                placed = [m for m in made if m.loc is not None]
                if placed:
                    sctx.last_placed = placed[-1]
        if not could.other:
            return
        context = sctx.last_placed if sctx.last_placed is not None and sctx.last_placed.section == s.section else None
        historical = any(d.historical for d in dates)
        others.extend(classify(
            tokens, nums, cands, sources, dates,
            order=idx * 1000, section=s.section, para=s.para, summary=summary,
            default_date=published, context_loc=context.loc if context else None, is_strike=bool(triggers),
            historical=historical,
        ))

    def _ambiguous(self, m: PlaceMention, seen: dict[str, bool]) -> bool:
        """Does a settlement name have namesakes in other regions? (Those do not vote for a region.)"""
        if m.place.kind != "settlement":
            return False
        if m.surface not in seen:
            regions = {c.oblast for c in self.gaz.candidates(m.surface)[:8]
                       if c.kind == "settlement" and c.name == m.place.name}
            seen[m.surface] = len(regions) > 1
        return seen[m.surface]

    def _para(self, sentences: Sequence[Sentence], para: int, cache: dict[int, _Para],
              tokens_of: _SentenceTokens) -> _Para:
        """Speakers of a quoted paragraph: '"...," the police said.' covers the whole quote."""
        if para not in cache:
            sources: list[attr.Source] = []
            lo = _first_of_para(sentences, para)
            for k in range(lo, min(lo + 12, len(sentences))):
                if sentences[k].para != para:
                    break
                sources.extend(attr.find_sources(tokens_of[k]))
            # positions are meaningless across sentences: keep names only, placed far away
            cache[para] = _Para([attr.Source(10 ** 6, 10 ** 6, x.name, x.side, x.admission) for x in sources])
        return cache[para]

    def _strike_mentions(self, published: date | None, s: Sentence, idx: int, tokens: TokenList, dates,
                         cands: list[Cand], clauses: list[int], triggers: list[Trigger], figures, sources,
                         summary: str, sctx: StrikeContext, background: bool = False) -> list[Mention]:
        marks = attr.unverified_marks(tokens)
        contradiction = not attr.CONTRADICTION.isdisjoint(low_set(tokens))
        resolve_dates(triggers, dates, clauses, published, tokens)
        if background:
            for t in triggers:
                t.historical = True   # "Background: On 4 April a missile strike killed 20": told before
        made: list[Mention] = []
        by_trigger: dict[int, Mention] = {}
        groups: dict[int, list[Cand]] = {}
        for c in cands:
            if c.group >= 0:
                groups.setdefault(c.group, []).append(c)
        segments = semicolon_ids(tokens)
        for t in triggers:
            c = best_place(t.i, cands, clauses, segments)
            t.loc = c.loc if c else None
            # "missiles struck Kyiv, Kharkiv and Odesa": one strike report for each
            members = groups.get(c.group, [c]) if c is not None else [None]
            if c is not None and c.loc.level == "country" and not figures and not t.date_explicit \
                    and tokens.lows[t.i].endswith("s"):
                members = [None]   # "its strikes target energy facilities in Russia": a generality
            for member in members:
                loc = member.loc if member is not None else None
                status, claimant = attr.judge(sources, marks, t.i, attacker=t.attacker,
                                              country=loc.country if loc else None)
                m = _mention(idx * 1000 + t.i, idx, s, loc, t.weapon_class, t.weapon, t.date, t.date_precision,
                             t.date_explicit, t.historical, published, status, claimant, target_near(tokens, t.i),
                             summary, contradiction)
                m.soft = t.soft
                by_trigger.setdefault(t.i, m)
                made.append(m)
        if not figures:
            return made
        base_ctx = sctx.last if (sctx.last is not None and sctx.last.section == s.section
                                 and s.para - sctx.last.para <= CONTEXT_PARAS) else None
        own_dates = [d for d in dates if not d.reporting and d.date is not None and d.after_days is None]
        # "died in hospital overnight": a later death from the strike already reported
        hospital = not low_set(tokens).isdisjoint(("hospital", "wounds", "injuries", "succumbed"))
        if base_ctx is not None and own_dates:
            # "Three were wounded on Thursday": the strike of that day, not just the last one named
            same_day = [m for m in sctx.recent if m.date_explicit and m.date == own_dates[0].date
                        and m.section == s.section]
            if same_day:
                base_ctx = same_day[-1]
        derived: dict[tuple, Mention] = {}
        for f in figures:
            c = best_place(f.at, cands, clauses)
            total = _total_scope(tokens.lows, f.anchor, f.at)
            if c is not None and c.group >= 0 and len(groups.get(c.group, ())) > 1:
                total = total or "list"
            weapon_known = True
            if triggers:
                # the nearest trigger, on this side of a semicolon if there is one
                pool = [t for t in triggers if segments[t.i] == segments[f.anchor]]
                weapon_known = bool(pool)   # "Poltava toll rises; drone attack on Lviv"
                t = min(pool or triggers, key=lambda t: _cost(f.anchor, t.i, clauses))
                base = by_trigger[t.i]
                attacker = t.attacker
            else:
                if base_ctx is None:
                    continue
                base = base_ctx
                attacker = None
            if not triggers and c is not None and c.cue == ATTRIB:
                c = None   # "the head of the X regional administration said 20 are missing": a speaker
            if triggers:
                loc = c.loc if c is not None else base.loc
            elif c is None:
                # no place: the strike just reported, or the total of the places it listed
                loc = _total_of_recent(sctx.recent, base)
            else:
                loc = c.loc
                same = [m for m in sctx.recent if m.loc is not None and _key(m.loc) == _key(loc)]
                if same:
                    base = same[-1]       # a strike on that place was reported just before
                elif not _contains(base.loc, loc):
                    weapon_known = False  # another place: the last strike's weapon says nothing
            if f.total and loc is not None and loc.oblast:
                total = "list"   # "killed 4 in the region: 2 in Toretsk, 1 in ..." is the region's total
            if total:
                # a total over several places is not any one town's figure
                loc = _scope_loc(total, [g.loc for g in groups.get(c.group, ())] if c is not None else [],
                                 loc, base.loc)
            status, claimant = attr.judge(sources, marks, f.at, nationality=f.nationality, military=f.military,
                                          attacker=attacker, country=loc.country if loc else None,
                                          pejorative=f.pejorative)
            said_by = None
            if status == attr.CONFIRMED:
                indep = attr.nearest([x for x in sources if x.side is None], f.at)
                said_by = indep.name if indep is not None else None
            # one person's story ("a man was killed", "medics treated one wounded civilian") never
            # overrides a count; a toll ("rose to", "a third person has died") always can
            strong = f.toll or (not f.single and f.value != 1)
            report = FigureReport(f.kind, f.value, status, claimant, strong, said_by)
            if triggers and _key(loc) == _key(base.loc):
                base.figures.append(report)
                continue
            key = (_key(loc), id(base))
            m = derived.get(key)
            if m is None:
                date_, prec, explicit = base.date, base.date_precision, base.date_explicit
                historical = base.historical
                if not triggers and own_dates and not hospital:
                    d = own_dates[0]
                    date_, prec, explicit = d.date, d.precision, True
                    historical = d.historical or (base.historical and base.date == d.date)
                m = _mention(idx * 1000 + f.at, idx, s, loc, base.weapon_class if weapon_known else "unknown",
                             base.weapon if weapon_known else None, date_, prec, explicit,
                             historical, published, status, claimant,
                             target_near(tokens, f.anchor), summary, contradiction)
                m.has_trigger = False
                m.soft = base.soft
                derived[key] = m
                made.append(m)
            m.figures.append(report)
        made.sort(key=lambda m: m.order)
        return made

    # ------------------------------------------------------------------ output
    def _strike_event(self, article: Article, inc: Incident, ordinal: int, reverse: bool = False) -> StrikeEvent:
        figs = figures_of(inc, reverse)
        loc = inc.loc or Loc(None, None, None)
        explicit = next((m for m in inc.mentions if m.date_explicit and m.date is not None), None)
        if explicit is not None:
            when, precision = explicit.date, explicit.date_precision
        elif inc.historical or article.published is None:
            when, precision = None, "unknown"
        else:
            when, precision = article.published, "day"
        cls = inc.weapon_class
        weapon = next((m.weapon for m in inc.mentions if m.weapon and m.weapon_class in (cls, "unknown")), None)
        target = next((m.target for m in inc.mentions if m.target != "unknown" and m.loc is not None),
                      next((m.target for m in inc.mentions if m.target != "unknown"), "unknown"))
        lead = next((m for m in inc.mentions if m.figures), inc.first)
        return StrikeEvent(
            event_id=_event_id(article.id, "strike", loc, when, cls, ordinal),
            article_id=article.id, source=article.source, published=article.published,
            location=loc.location, oblast=loc.oblast, country=loc.country, lat=loc.lat, lon=loc.lon,
            place_precision=loc.precision if loc.level != "none" else "unknown",
            date=when, date_precision=precision, summary=lead.summary,
            new=not inc.historical,
            weapon_class=cls, weapon=weapon, target=target,
            killed=figs.killed, injured=figs.injured, missing=figs.missing,
            status=figs.status, claimed_by=figs.claimant,
            claimed_killed=figs.claimed_killed, claimed_injured=figs.claimed_injured,
            said_by=figs.said_by,
        )

    def _other_event(self, article: Article, e: OtherMention, ordinal: int):
        loc = e.loc or Loc(None, None, None)
        common = dict(
            event_id=_event_id(article.id, e.type, loc, e.date, e.kind, ordinal),
            article_id=article.id, source=article.source, published=article.published,
            location=loc.location, oblast=loc.oblast, country=loc.country, lat=loc.lat, lon=loc.lon,
            place_precision=loc.precision if loc.level != "none" else "unknown",
            date=e.date, date_precision=e.date_precision if e.date else "unknown", summary=e.summary, new=e.new,
        )
        if e.type == "ground_fighting":
            return GroundFightingEvent(**common)
        if e.type == "territorial_change":
            return TerritorialChangeEvent(**common, claimed_by=e.claimed_by,
                                          status="claimed" if e.claimed_by else "confirmed")
        if e.type == "military_aid":
            return MilitaryAidEvent(**common, donor=e.donor, items=e.items, quantity=e.quantity, value=e.value,
                                    currency=e.currency)
        if e.type == "diplomacy":
            return DiplomacyEvent(**common, actors=e.actors)
        if e.type == "interception":
            return InterceptionEvent(**common, weapon_class=e.weapon_class, weapon=e.weapon, launched=e.launched,
                                     intercepted=e.intercepted, claimed_by=e.claimed_by)
        return HumanitarianEvent(**common, kind=e.kind if e.kind in ("evacuation", "rescue", "outage", "aid") else "other")


def _mention(order: int, idx: int, s: Sentence, loc: Loc | None, cls: str, weapon: str | None, when: date | None,
             precision: str, explicit: bool, historical: bool, published: date | None, status: str,
             claimant: str | None, target: str, summary: str, contradiction: bool) -> Mention:
    if not explicit:
        when, precision = (published, "day") if published is not None and not historical else (None, "unknown")
    return Mention(order, idx, s.section, s.para, loc, cls, weapon, when, precision, explicit, historical,
                   status, claimant, target, summary, contradiction=contradiction)


def _contains(outer: Loc | None, inner: Loc | None) -> bool:
    """Is ``inner`` at or inside ``outer`` (a town in its region, a region in its country)?"""
    if outer is None or inner is None:
        return True
    if outer.location:
        return inner.location == outer.location
    if outer.oblast:
        return inner.oblast == outer.oblast
    return inner.country == outer.country


def _total_of_recent(recent: Sequence[Mention], base: Mention) -> Loc | None:
    """Where a figure with no place of its own belongs: the place of the strike just reported,
    or, when that sentence named several places, the region (or country) around them all."""
    same_sentence = [m for m in recent if m.sentence == base.sentence and m.loc is not None]
    keys = {_key(m.loc) for m in same_sentence}
    if len(keys) <= 1:
        return base.loc
    regions = [m.loc for m in same_sentence if m.loc.location is None and m.loc.oblast]
    if regions and all(_contains(regions[0], m.loc) for m in same_sentence):
        return regions[0]
    return _scope_loc("list", [m.loc for m in same_sentence], None, None)


_TOTAL_WORDS = frozenset(("nationwide", "overall", "altogether", "across"))


def _total_scope(lows: Sequence[str], anchor: int, at: int) -> str | None:
    """"killing 10 people across the country", "in total": the figure sums several places."""
    hi = max(anchor, at)
    for k in range(hi + 1, min(len(lows), hi + 6)):
        low = lows[k]
        if low in _TOTAL_WORDS or (low == "in" and k + 1 < len(lows) and lows[k + 1] in ("total", "all")):
            return "total"
        if low in (",", ";", "."):
            break
    return None


def _scope_loc(kind: str, members: list[Loc], loc: Loc | None, base: Loc | None) -> Loc | None:
    """The region (or country) that a total over several places belongs to."""
    ref = members or [x for x in (loc, base) if x is not None]
    if not ref:
        return loc
    oblasts = {x.oblast for x in ref}
    countries = {x.country for x in ref}
    if kind == "list" and len(oblasts) == 1 and None not in oblasts:
        return Loc(None, ref[0].oblast, ref[0].country, None, None, "oblast")
    if len(countries) == 1 and None not in countries:
        return Loc(None, None, ref[0].country, None, None, "country")
    return None


_BACKGROUND = ("background", "context:", "reminder", "recall", "for reference", "as a reminder",
               "it will be recalled", "previously,", "history:")


def _background(low: str, sentences: Sequence[Sentence], s: Sentence) -> bool:
    """Is the sentence in a paragraph that recounts earlier events ("Background: ...")?"""
    first = sentences[_first_of_para(sentences, s.para)]
    return low.startswith(_BACKGROUND, first.start, first.start + 24)


def _first_of_para(sentences: Sequence[Sentence], para: int) -> int:
    """Index of the first sentence of a paragraph (sentences are in paragraph order)."""
    return bisect.bisect_left(sentences, para, key=_PARA)


_PARA = attrgetter("para")


def _key(loc: Loc | None):
    return None if loc is None else loc.key()


def _bucket(mentions: Sequence[PlaceMention], sentences: Sequence[Sentence]) -> dict[int, list[PlaceMention]]:
    out: dict[int, list[PlaceMention]] = {}
    if not mentions or not sentences:
        return out
    starts = [s.start for s in sentences]
    for m in mentions:
        k = bisect.bisect_right(starts, m.start) - 1
        if k >= 0 and m.start < sentences[k].end:
            out.setdefault(k, []).append(m)
    return out


def _event_id(article_id: str, kind: str, loc: Loc, when: date | None, extra: str, ordinal: int) -> str:
    parts = (article_id, kind, loc.location or "", loc.oblast or "", loc.country or "",
             when.isoformat() if when else "", extra, str(ordinal))
    return hashlib.sha256("|".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:16]
