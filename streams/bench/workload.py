"""Synthetic news articles for the benchmarks: realistic in size and shape, never repeated.

A benchmark fed five texts over and over measures caches, not the extractor. This module
writes articles the way war coverage reads: wire copy with a dateline, live blogs of
timed posts, regional outlets, official statements; strikes with weapons, targets and
tolls in words or digits, dates relative to the publication date, the other side's
claims, references to earlier attacks, interception waves, aid and diplomacy, and a good
share of paragraphs about nothing the extractor should care for (markets, culture, the
weather, page furniture). Sentences are assembled from slots, so almost none repeats.

Article ``i`` of seed ``s`` depends only on ``(s, i)``: ``generate(10)`` starts with
``generate(5)``, two processes produce the same bytes, and ids never collide. Size is
2-15 KB of UTF-8 text (title and body), drawn around 6.5 KB like real articles.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Callable, Iterator, Sequence, TypeVar

from schemas import Article

from . import vocab as v

__all__ = ["generate", "make_article", "MIN_BYTES", "MAX_BYTES"]

MIN_BYTES = 2 * 1024
MAX_BYTES = 15 * 1024
#: Publication dates advance one day per this many articles: a day's coverage overlaps
#: (several reports of one place and day), as real feeds do, so the merge has work.
ARTICLES_PER_DAY = 80
#: Fixed ingestion clock, so articles (and their JSON) are the same in every run.
_INGESTED_AT = datetime(2024, 1, 1, tzinfo=timezone.utc)
_MEDIAN_BYTES = 6_500

T = TypeVar("T")

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_SMALL = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
          "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")


def number_words(n: int) -> str:
    """0-99 in words ("twenty-three"); larger numbers in digits with separators."""
    if n < 20:
        return _SMALL[n]
    if n < 100:
        tens, units = divmod(n, 10)
        return _TENS[tens] + (f"-{_SMALL[units]}" if units else "")
    return f"{n:,}"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


# --------------------------------------------------------------------------------------
# The pen: every random choice of one article goes through its own RNG.
# --------------------------------------------------------------------------------------


@dataclass(slots=True)
class Incident:
    """One attack an article reports, so that later paragraphs can come back to it."""

    town: v.Town
    weapon_class: str
    weapon: str | None
    noun: str
    target_kind: str
    target: str
    killed: int
    injured: int
    days_ago: int


class Pen:
    """Phrase helpers bound to one article's RNG and publication date."""

    __slots__ = ("rng", "random", "published", "british")

    def __init__(self, rng: random.Random, published: date) -> None:
        self.rng = rng
        self.random = rng.random  # bound once: the generator draws a few hundred times an article
        self.published = published
        self.british = rng.random() < 0.6  # "defence" or "defense", per outlet

    # -- draws ---------------------------------------------------------------------
    def pick(self, seq: Sequence[T]) -> T:
        return seq[int(self.random() * len(seq))]

    def index(self, n: int) -> int:
        """0 .. n-1: for choices whose alternatives are costly to build, only one is."""
        return int(self.random() * n)

    def chance(self, p: float) -> bool:
        return self.random() < p

    def between(self, low: int, high: int) -> int:
        return low + int(self.random() * (high - low + 1))

    def sample(self, seq: Sequence[T], k: int) -> list[T]:
        """``k`` distinct items (k much smaller than the sequence)."""
        out: list[T] = []
        while len(out) < k:
            item = seq[int(self.random() * len(seq))]
            if item not in out:
                out.append(item)
        return out

    @property
    def defence(self) -> str:
        return "defence" if self.british else "defense"

    # -- numbers -------------------------------------------------------------------
    def num(self, n: int) -> str:
        """A figure as a reporter writes it: small ones mostly in words."""
        if n <= 12 and self.rng.random() < 0.65:
            return _SMALL[n]
        return f"{n:,}"

    def num_start(self, n: int) -> str:
        """A figure opening a sentence: in words, capitalised."""
        return _cap(number_words(n)) if n < 100 else f"A total of {n:,}"

    def people(self, n: int, kind: str = "") -> str:
        if n == 1:
            age = self.between(6, 87)
            who = ("boy", "girl")[self.index(2)] if age < 16 else ("man", "woman")[self.index(2)]
            return self.pick(("one person", f"a {age}-year-old {who}", f"a {who}", "one civilian"))
        noun = kind or self.pick(("people", "people", "civilians", "residents", "people"))
        return f"{self.pick(('', '', 'at least ', 'at least '))}{self.num(n)} {noun}"

    # -- dates -----------------------------------------------------------------------
    def day(self, days_ago: int) -> str:
        """When, relative to publication: "on Tuesday", "overnight", "on 3 March"."""
        when = self.published - timedelta(days=days_ago)
        weekday = WEEKDAYS[when.weekday()]
        if days_ago == 0:
            return self.pick((f"on {weekday}", f"early on {weekday}", "this morning", f"on {weekday} morning",
                              "today", f"on {weekday} afternoon", f"late on {weekday}", "earlier today"))
        if days_ago == 1:
            return self.pick(("overnight", f"on {weekday} night", f"late on {weekday}", "yesterday",
                              f"on {weekday}", f"on {weekday} evening", "overnight into today"))
        return self.pick((f"on {weekday}", f"on {MONTHS[when.month - 1]} {when.day}",
                          f"on {when.day} {MONTHS[when.month - 1]}", f"last {weekday}"))

    def past(self, low: int = 40, high: int = 700) -> str:
        """A date well before publication, for references to earlier attacks."""
        when = self.published - timedelta(days=self.between(low, high))
        month = MONTHS[when.month - 1]
        return self.pick((f"on {when.day} {month} {when.year}", f"in {month} {when.year}",
                          f"on {month} {when.day}, {when.year}", f"in {month} last year"
                          if when.year == self.published.year - 1 else f"in {month} {when.year}",
                          f"in early {month} {when.year}", f"in late {month} {when.year}"))

    def clock(self) -> str:
        hour, minute = self.between(1, 12), self.pick((0, 5, 10, 15, 20, 30, 40, 45, 50, 55))
        half = self.pick(("a.m.", "p.m."))
        return self.pick((f"at {hour}:{minute:02d} {half} local time", f"shortly after {hour} {half}",
                          f"at around {self.between(0, 23):02d}:{minute:02d}", f"just before {hour} {half}",
                          f"at about {hour}:{minute:02d} {half}"))

    # -- places and people ----------------------------------------------------------
    def town(self) -> v.Town:
        return self.pick(v.WEIGHTED_UKRAINE)

    def other_town(self, town: v.Town) -> v.Town:
        same = v.TOWNS_BY_OBLAST[town.oblast]
        if len(same) > 1 and self.chance(0.7):
            other = self.pick(same)
            return other if other != town else same[same.index(town) - 1]
        return self.town()

    def region(self, oblast: str) -> str:
        if oblast == "Crimea":
            return self.pick(("Crimea", "the Crimean peninsula", "occupied Crimea"))
        return self.pick((f"the {oblast} region", f"{oblast} Oblast", f"{oblast} oblast", f"the {oblast} region",
                          f"{oblast} region", f"the {oblast} province"))

    def where(self, town: v.Town) -> str:
        """A town the way articles name it: bare, with its region, or as "the city of"."""
        r = self.rng.random()
        if r < 0.45 or town.name == "Kyiv":
            return town.name
        if r < 0.7:
            return f"{town.name} in {self.region(town.oblast)}"
        if r < 0.85:
            return f"the {self.pick(('city', 'town', 'town', 'city'))} of {town.name}"
        return f"{town.name}, {self.region(town.oblast)}"

    def person(self) -> str:
        return f"{self.pick(v.UA_FIRST)} {self.pick(v.UA_LAST)}"

    def foreigner(self) -> str:
        return f"{self.pick(v.INTL_FIRST)} {self.pick(v.INTL_LAST)}"

    def official(self, town: v.Town) -> str:
        """"Ihor Melnyk, head of the Sumy regional military administration"."""
        if self.chance(0.55):
            role = self.pick(v.REGIONAL_ROLES).format(o=town.oblast)
        else:
            role = self.pick(v.CITY_ROLES).format(t=town.name)
        i = self.index(4)
        if i == 0:
            return f"{self.person()}, the {role}"
        if i == 1:
            return f"{self.person()}, {role}"
        return f"the {role}" if i == 2 else f"{_cap(role)} {self.person()}"

    def attribution(self, town: v.Town) -> str:
        """Who says so, as a clause ending a sentence."""
        i = self.index(10)
        if i < 5:
            who = self.official(town)
            return (f"according to {who}", f"{who} said", f"{who} said on Telegram", f"{who} wrote on social media",
                    f"{who} told reporters")[i]
        if i < 7:
            return f"{self.pick(v.NATIONAL_SOURCES)} {('said', 'reported')[i - 5]}"
        return ("local authorities said", "police said", "regional officials reported")[i - 7]

    # -- attacks ---------------------------------------------------------------------
    def incident(self, town: v.Town | None = None, *, days_ago: int | None = None) -> Incident:
        town = town or self.town()
        r = self.rng.random()
        if r < 0.32:
            cls, (name, noun) = "missile", self.pick(v.MISSILES)
        elif r < 0.58:
            cls, (name, noun) = "drone", self.pick(v.DRONES)
        elif r < 0.72:
            cls, (name, noun) = "air", self.pick(v.BOMBS)
        elif r < 0.86:
            cls, (name, noun) = "artillery", (None, self.pick(v.ARTILLERY_NOUNS))
        else:
            cls, (name, noun) = "rocket", self.pick(v.ROCKETS)
        kind = self.pick(("residential", "residential", "residential", "energy", "infrastructure", "commercial",
                          "civic", "military"))
        k = self.rng.random()
        killed = 0 if k < 0.35 else self.between(1, 5) if k < 0.8 else self.between(6, 20) if k < 0.95 \
            else self.between(21, 60)
        injured = 0 if self.chance(0.15) else killed * self.between(1, 4) + self.between(0, 12)
        if days_ago is None:
            days_ago = self.pick((0, 0, 0, 1, 1, 1, 2, 3))
        return Incident(town, cls, name, noun, kind, self.pick(v.TARGETS[kind]), killed, injured, days_ago)

    def weapon(self, inc: Incident) -> str:
        """"an Iskander-M ballistic missile", "Shahed drones", "artillery fire"."""
        if inc.weapon is None:
            return inc.noun
        if self.chance(0.3):
            return f"{inc.weapon} {inc.noun}s" if self.chance(0.4) else f"{self.pick(('two', 'three', 'several'))} {inc.noun}s"
        article = "an" if inc.weapon[0] in "AEIOUKS" and inc.weapon[:2] not in ("Sh", "Sm", "Ge") else "a"
        return self.pick((f"{article} {inc.weapon} {inc.noun}", f"a Russian {inc.noun}", f"a {inc.noun}"))

    def toll(self, inc: Incident) -> str:
        """The casualty clause of a lead: "killing three people and injuring 12"."""
        k, i = inc.killed, inc.injured
        if k == 0 and i == 0:
            return self.pick(("with no immediate reports of casualties", "causing no casualties",
                              "damaging buildings but injuring no one", "without causing casualties"))
        if k == 0:
            return self.pick(("injuring {}", "wounding {}", "leaving {} injured", "and {} were hurt")).format(self.people(i))
        if i == 0:
            return self.pick(("killing {}", "leaving {} dead", "and {} died")).format(self.people(k))
        j = self.index(5)
        if j < 2:
            return f"killing {self.people(k)} and {('injuring {}', 'wounding {} others')[j].format(self.num(i))}"
        return ("leaving {} dead and {} injured", "killing {} and injuring {} more",
                "with {} people killed and {} wounded")[j - 2].format(self.num(k), self.num(i))


# --------------------------------------------------------------------------------------
# Blocks: a headline and one to several paragraphs about one thing.
# --------------------------------------------------------------------------------------


@dataclass(slots=True)
class Block:
    headline: str
    paragraphs: list[str] = field(default_factory=list)
    event: bool = True


def strike_block(pen: Pen, town: v.Town | None = None) -> Block:
    inc = pen.incident(town)
    paragraphs = [_strike_lead(pen, inc)]
    for p, make in ((0.6, _damage), (0.45, _quote), (0.35 if inc.killed else 0.0, _toll_update),
                    (0.3, _history), (0.2, _claim_paragraph), (0.3, _front_context), (0.25, _rescue)):
        if pen.chance(p):
            paragraphs.append(make(pen, inc))
    return Block(_strike_headline(pen, inc), paragraphs)


def _strike_lead(pen: Pen, inc: Incident) -> str:
    where, when, weapon, toll = pen.where(inc.town), pen.day(inc.days_ago), pen.weapon(inc), pen.toll(inc)
    verb = pen.pick(("struck", "hit", "slammed into", "tore through", "ripped through", "damaged", "hit"))
    r = pen.rng.random()
    if r < 0.2:
        return f"{_cap(weapon)} {verb} {inc.target} in {where} {when}, {toll}, {pen.attribution(inc.town)}."
    if r < 0.35:
        return (f"Russian forces {pen.pick(('attacked', 'shelled', 'struck', 'pounded', 'targeted'))} {where} "
                f"with {inc.noun}{'' if inc.noun.endswith(('fire', 'shelling', 'munitions', 'shells')) else 's'} "
                f"{when}, {toll}, {pen.attribution(inc.town)}.")
    if r < 0.5 and inc.killed:
        return (f"{pen.num_start(inc.killed)} {pen.pick(('people were', 'civilians were', 'residents were'))} killed"
                f"{f' and {pen.num(inc.injured)} injured' if inc.injured else ''} when {weapon} {verb} {inc.target} "
                f"in {where} {when}, {pen.attribution(inc.town)}.")
    if r < 0.62:
        return (f"A Russian {pen.pick(('attack', 'strike', 'assault'))} on {where} {when} {verb} {inc.target}, "
                f"{toll}. The {pen.pick(('blast', 'strike', 'first explosion'))} came {pen.clock()}.")
    if r < 0.75:
        who = pen.official(inc.town) if pen.chance(0.6) else pen.pick(v.NATIONAL_SOURCES)
        return (f"{_cap(who)} {pen.pick(('said', 'reported', 'confirmed'))} that {weapon} had {verb} {inc.target} "
                f"in {where} {when}, {toll}.")
    if r < 0.88:
        return (f"Russia {pen.pick(('launched', 'carried out', 'mounted'))} a {inc.weapon_class if inc.weapon_class != 'air' else 'bombing'} "
                f"attack on {where} {when}. {_cap(weapon)} {verb} {inc.target}, {toll}.")
    return (f"{_cap(pen.day(inc.days_ago))}, {inc.noun}{'' if inc.noun.endswith(('fire', 'shelling', 'munitions', 'shells')) else 's'} "
            f"{pen.pick(('rained down on', 'hit', 'struck'))} {where}, {toll}, {pen.attribution(inc.town)}.")


def _strike_headline(pen: Pen, inc: Incident) -> str:
    t, k = inc.town.name, inc.killed
    kind = {"missile": "Missile", "drone": "Drone", "air": "Bomb", "artillery": "Shelling", "rocket": "Rocket"}[inc.weapon_class]
    if k > 1:
        return pen.pick((f"{kind} strike on {t} kills {k}", f"{_cap(number_words(k))} killed as Russian {inc.noun}s hit {t}",
                         f"Russian attack on {t} leaves {k} dead", f"{t}: death toll from {kind.lower()} attack rises to {k}",
                         f"At least {k} dead after {kind.lower()} strike in {t}"))
    return pen.pick((f"{kind} attack damages {inc.target.removeprefix('a ').removeprefix('an ')} in {t}",
                     f"Russia strikes {t} again", f"Rescuers at work after {kind.lower()} strike on {t}",
                     f"{t} comes under {kind.lower()} attack", f"Explosions heard in {t}"))


def _damage(pen: Pen, inc: Incident) -> str:
    parts = []
    for noun in pen.sample(("apartment buildings", "private houses", "cars", "garages", "shops", "outbuildings",
                            "windows", "balconies", "schools", "administrative buildings"), pen.between(1, 3)):
        parts.append(f"{pen.num(pen.between(2, 40))} {noun}")
    listed = ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]
    return pen.pick((f"{_cap(listed)} were damaged, {pen.attribution(inc.town)}.",
                     f"The {pen.pick(('blast', 'explosion', 'strike', 'impact'))} damaged {listed}, and "
                     f"{pen.pick(('blew out windows across the block', 'started a fire that took hours to put out', 'cut power to nearby streets', 'left a crater several metres wide'))}.",
                     f"According to preliminary information, {listed} were damaged. {_aftermath(pen, inc)}"))


def _aftermath(pen: Pen, inc: Incident) -> str:
    n = pen.between(2, 300)
    i = pen.index(4)
    if i == 0:
        return f"Utility crews are inspecting {pen.pick(('gas pipes', 'water mains', 'power cables', 'heating pipes'))} on {pen.num(pen.between(2, 9))} streets."
    if i == 1:
        return f"About {n} residents spent the night in {pen.pick(('a school gym', 'a shelter', 'a metro station', 'a sports hall'))}."
    if i == 2:
        return f"{pen.pick(('Temporary shelters', 'Heating points', 'Aid tents'))} were set up {pen.pick(('nearby', 'in a school', 'by the city council', 'in the square'))} for {n} people."
    return f"Volunteers handed out {pen.pick(('plywood', 'plastic sheeting', 'window film'))} to {n} households with broken windows."


def _quote(pen: Pen, inc: Incident) -> str:
    said = pen.pick(("said", "told reporters", "wrote on Telegram", "said in a video address", "added"))
    quote = pen.pick((
        f"The enemy is deliberately targeting {pen.pick(('civilians', 'our homes', 'people who have nowhere to go', 'the energy system'))}",
        f"This was a {pen.pick(('cynical', 'deliberate', 'brutal', 'cowardly'))} attack on a {pen.pick(('peaceful', 'quiet', 'residential'))} area",
        "Rescuers are working at the site and the information is being clarified",
        "We ask residents to stay in shelters until the all-clear",
        f"There was no military facility anywhere near {pen.pick(('the building', 'the site', 'this street'))}",
        f"{pen.pick(('Every', 'Each'))} such attack only strengthens our resolve",
        f"We need more air {pen.defence} systems, and we need them {pen.pick(('now', 'before winter', 'urgently'))}",
    ))
    speaker = pen.official(inc.town)
    return pen.pick((f"\u201c{quote},\u201d {speaker} {said}.", f"\"{quote},\" {speaker} {said}.",
                     f"{_cap(speaker)} {said}: \u201c{quote}.\u201d"))


def _toll_update(pen: Pen, inc: Incident) -> str:
    higher = inc.killed + pen.between(1, 6)
    return pen.pick((f"The death toll rose to {pen.num(higher)} by {WEEKDAYS[(pen.published.weekday()) % 7]} evening as "
                     f"rescuers pulled more bodies from the rubble, {pen.attribution(inc.town)}.",
                     f"Earlier reports had put the number of dead at {pen.num(inc.killed)}; officials later said "
                     f"{pen.num(higher)} people had died, {pen.pick(('including two children', 'among them a rescuer', 'most of them elderly', 'including a teenager'))}.",
                     f"By {pen.pick(('the evening', 'nightfall', 'midday'))}, the number of people killed had risen to "
                     f"{pen.num(higher)}, and {pen.num(inc.injured + pen.between(0, 9))} were being treated in hospital."))


def _history(pen: Pen, inc: Incident) -> str:
    town = inc.town if pen.chance(0.6) else pen.other_town(inc.town)
    old = pen.incident(town, days_ago=0)
    n = pen.between(3, 60)
    return pen.pick((f"It was the deadliest attack on {town.name} since {pen.past()}, when {pen.weapon(old)} hit "
                     f"{old.target} and killed {pen.num(n)} people.",
                     f"{town.name} was last hit {pen.past(10, 120)}, when a strike on {old.target} killed "
                     f"{pen.num(n)} people and wounded dozens.",
                     f"{_cap(pen.past())}, a Russian {old.noun} destroyed {old.target} in {town.name}, killing "
                     f"{pen.num(n)} people, one of the deadliest attacks {pen.pick(('of the war', 'on the region', 'that year'))}.",
                     f"The {pen.pick(('city', 'town'))} has been shelled almost daily since {pen.past(200, 700)}; "
                     f"a strike on {old.target} there killed {pen.num(n)} people {pen.past(60, 400)}."))


def _claim_paragraph(pen: Pen, inc: Incident | None = None) -> str:
    town = inc.town if inc is not None else pen.town()
    n = pen.between(20, 600)
    claimant = pen.pick(v.RUSSIAN_CLAIMANTS)
    verb = pen.pick(("killed", "eliminated", "destroyed up to", "wiped out"))
    who = pen.pick(("Ukrainian servicemen", "Ukrainian soldiers", "fighters", "foreign mercenaries", "Ukrainian troops"))
    claim = pen.pick((f"{claimant} said {pen.pick(('it', 'its forces', 'Russian troops'))} had {verb} {n} {who} in a strike on "
                      f"{pen.where(town)}",
                      f"{claimant} claimed its forces {verb} {n} {who} {pen.day(pen.between(0, 2))} near {town.name}",
                      f"{claimant} said a {pen.pick(('precision', 'retaliatory', 'massive'))} strike on temporary "
                      f"bases in {town.name} had {verb} more than {n} {who}"))
    doubt = pen.pick(("a claim that could not be independently verified", "a figure Kyiv dismissed as propaganda",
                      "though journalists who visited the site found no sign of casualties",
                      f"but {pen.official(town)} said no servicemen had been hurt",
                      "without providing evidence", "a claim Ukrainian officials denied"))
    return f"{_cap(claim)}, {doubt}."


def _front_context(pen: Pen, inc: Incident) -> str:
    km = pen.between(5, 60)
    return pen.pick((f"{inc.town.name} lies about {km} kilometres from the front line and has come under "
                     f"{pen.pick(('repeated', 'near-daily', 'frequent', 'intensifying'))} attack in recent "
                     f"{pen.pick(('weeks', 'months', 'days'))}.",
                     f"Before the full-scale invasion the {pen.pick(('city', 'town'))} was home to about "
                     f"{pen.between(8, 900) * 1000:,} people; officials estimate fewer than half remain.",
                     f"Russian troops are positioned roughly {km} kilometres {pen.pick(('east', 'south', 'north', 'south-east'))} "
                     f"of {inc.town.name}, within range of {pen.pick(('artillery', 'guided bombs', 'multiple rocket launchers', 'drones'))}."))


def _rescue(pen: Pen, inc: Incident) -> str:
    n = pen.between(20, 180)
    return pen.pick((f"More than {n} emergency workers and {pen.num(pen.between(3, 25))} pieces of equipment were "
                     f"deployed to clear the debris, the State Emergency Service said.",
                     f"Rescuers worked through the night to reach people believed to be trapped under the collapsed "
                     f"{pen.pick(('section', 'stairwell', 'roof', 'entrance'))}.",
                     f"Dog handlers and {pen.num(pen.between(10, 60))} firefighters searched the site; "
                     f"{pen.num(pen.between(2, 15))} people were pulled out alive.",
                     f"Psychologists and volunteers from {pen.pick(('the Red Cross', 'a local charity', 'the city council'))} "
                     f"were helping residents at the scene."))


def interception_block(pen: Pen) -> Block:
    drones = pen.between(8, 160)
    downed = max(0, round(drones * (0.6 + 0.38 * pen.rng.random())))
    missiles = pen.pick((0, 0, pen.between(2, 12), pen.between(10, 45)))
    missiles_down = round(missiles * (0.4 + 0.6 * pen.rng.random()))
    drone = pen.pick(("Shahed drones", "Shahed-136 drones", "attack drones", "Iranian-designed drones", "Geran drones"))
    missile = pen.pick(("cruise missiles", "Kh-101 cruise missiles", "ballistic missiles", "Kalibr missiles"))
    when = pen.day(pen.pick((0, 1, 1)))
    oblasts = pen.sample(v.ALL_OBLASTS, pen.between(2, 5))
    listed = ", ".join(oblasts[:-1]) + " and " + oblasts[-1]
    first = pen.pick((
        f"Ukraine's air force said it shot down {downed} of {drones} {drone}"
        + (f" and {missiles_down} of {missiles} {missile}" if missiles else "") + f" launched by Russia {when}.",
        f"Russia launched {drones} {drone}" + (f" and {missiles} {missile}" if missiles else "")
        + f" at Ukraine {when}, the air force said, adding that air {pen.defence}s destroyed {downed} of the drones"
        + (f" and {missiles_down} missiles" if missiles else "") + ".",
        f"Air {pen.defence} units downed {downed} drones{f' and {missiles_down} missiles' if missiles else ''} over "
        f"{listed} regions {when}, according to the air force.",
    ))
    paragraphs = [first]
    if pen.chance(0.6):
        paragraphs.append(f"Debris from downed {pen.pick(('drones', 'missiles', 'targets'))} fell in {pen.where(pen.town())}, "
                          f"{pen.pick(('damaging a warehouse', 'starting a fire in a garage cooperative', 'breaking windows in a school', 'damaging power lines'))}, "
                          f"{pen.attribution(pen.town())}.")
    if pen.chance(0.35):
        paragraphs.append(f"{_cap(pen.pick(v.RUSSIAN_CLAIMANTS))} said its air {pen.defence}s had destroyed "
                          f"{pen.between(3, 90)} Ukrainian drones over the {pen.pick(('Belgorod', 'Kursk', 'Bryansk', 'Rostov', 'Voronezh'))} "
                          f"and {pen.pick(('Oryol', 'Tula', 'Moscow', 'Lipetsk', 'Kaluga'))} regions {pen.day(pen.between(0, 1))}.")
    if pen.chance(0.3):
        paragraphs.append(f"The air force said {pen.num(drones - downed)} drones were "
                          f"{pen.pick(('lost to electronic warfare', 'locationally lost', 'jammed', 'unaccounted for'))}, "
                          f"and warned that Russia was {pen.pick(('stockpiling missiles', 'changing the routes of its drones', 'using decoy drones', 'launching from new directions'))}.")
    return Block(pen.pick((f"Air {pen.defence} downs {downed} drones", f"Russia launches {drones} drones overnight",
                           "Massive combined attack on Ukraine", f"{downed} of {drones} drones shot down")), paragraphs)


def ground_block(pen: Pen) -> Block:
    a, b = pen.town(), pen.town()
    n = pen.between(12, 190)
    paragraphs = [pen.pick((
        f"Fierce fighting continued near {a.name} and {b.name}, the General Staff said, with Ukrainian troops "
        f"repelling {pen.num(pen.between(3, 40))} assaults {pen.day(pen.between(0, 1))}.",
        f"Russian troops are trying to advance towards {a.name} from the {pen.pick(('east', 'north', 'south', 'north-east'))}, "
        f"{pen.pick(('a military spokesman', 'a brigade commander', 'a Ukrainian officer'))} told {pen.pick(v.OUTLETS)}.",
        f"{_cap(number_words(n) if n < 100 else str(n))} combat clashes were recorded along the front line over the past day, "
        f"most of them in the {a.name} direction, the General Staff said.",
    ))]
    if pen.chance(0.5):
        paragraphs.append(f"\u201cThe enemy is attacking in small groups, {pen.pick(('supported by armour', 'on motorcycles', 'under cover of fog', 'day and night'))},\u201d "
                          f"said {pen.person()}, a {pen.pick(('commander', 'spokesman', 'sergeant'))} of a brigade fighting near {b.name}.")
    if pen.chance(0.4):
        paragraphs.append(f"Analysts at the Institute for the Study of War said Russian forces had made "
                          f"{pen.pick(('marginal', 'confirmed', 'limited', 'no confirmed'))} advances near {a.name} "
                          f"{pen.day(pen.between(1, 3))}.")
    return Block(pen.pick((f"Heavy fighting near {a.name}", f"Front line: pressure on {a.name}",
                           f"Ukraine repels assaults near {b.name}")), paragraphs)


def territory_block(pen: Pen) -> Block:
    town = pen.town()
    village = pen.other_town(town)
    russian = pen.chance(0.6)
    if russian:
        first = (f"{_cap(pen.pick(v.RUSSIAN_CLAIMANTS))} said its troops had "
                 f"{pen.pick(('captured', 'taken control of', 'liberated', 'occupied'))} {village.name} in "
                 f"{pen.region(village.oblast)}, a claim Kyiv did not confirm.")
    else:
        first = (f"Ukrainian forces {pen.pick(('recaptured', 'retook', 'liberated', 'pushed Russian troops out of'))} "
                 f"{village.name} near {town.name}, {pen.pick(('the General Staff said', 'a brigade said in a video', 'Deputy Defence Minister ' + pen.person() + ' said'))}.")
    paragraphs = [first]
    if pen.chance(0.5):
        paragraphs.append(f"The {pen.pick(('village', 'settlement', 'town'))} had a pre-war population of about "
                          f"{pen.between(2, 90) * 100:,} and sits on a road {pen.pick(('linking', 'between'))} {town.name} and "
                          f"{pen.town().name}.")
    return Block(f"{'Russia claims' if russian else 'Ukraine reports'} control of {village.name}", paragraphs)


def aid_block(pen: Pen) -> Block:
    donor = pen.pick(v.DONORS)
    symbol, word = pen.pick(v.CURRENCIES)
    amount = pen.pick((f"{symbol}{pen.between(50, 950)} million", f"{symbol}{pen.between(1, 9)}.{pen.between(1, 9)} billion",
                       f"{pen.between(100, 900)} million {word}"))
    items = pen.sample(v.AID_ITEMS, pen.between(1, 4))
    listed = ", ".join(items[:-1]) + (" and " if len(items) > 1 else "") + items[-1]
    first = pen.pick((f"{_cap(donor)} announced a new military aid package worth {amount}, including {listed}.",
                      f"{_cap(donor)} will send Ukraine {listed} as part of a {amount} package, its {pen.defence} ministry "
                      f"said {pen.day(pen.between(0, 2))}.",
                      f"The government of {donor.removeprefix('the ')} approved {amount} in military assistance for Ukraine, "
                      f"covering {listed}."))
    paragraphs = [first]
    if pen.chance(0.5):
        quote = pen.pick(("Ukraine's fight is our fight", "Our help will keep coming until Ukraine no longer needs it",
                          f"These {pen.pick(items)} will save lives", "Our support for Ukraine is unwavering",
                          f"This package answers Ukraine's most urgent {pen.pick(('needs', 'requests'))}"))
        paragraphs.append(f"\u201c{quote},\u201d {donor.removeprefix('the ')}'s {pen.defence} minister "
                          f"{pen.foreigner()} said, adding that the first deliveries would arrive "
                          f"{pen.pick(('within weeks', 'before winter', 'by the end of the year', 'in the spring'))}.")
    if pen.chance(0.3):
        paragraphs.append(f"{pen.num_start(pen.between(3, 30))} countries have now pledged {pen.pick(items)} to Ukraine, "
                          f"according to a tally kept by {pen.pick(('a German research institute', 'the Ukrainian defence ministry', 'NATO officials'))}.")
    return Block(pen.pick((f"{_cap(donor.removeprefix('the '))} pledges {amount} in military aid",
                           f"New aid package from {donor.removeprefix('the ')}", f"{_cap(items[0])} for Ukraine")), paragraphs)


def diplomacy_block(pen: Pen) -> Block:
    a, b = pen.sample(v.LEADER_ROLES, 2)
    city = pen.pick(v.CAPITALS)
    topic = pen.pick(v.DIPLOMATIC_TOPICS)
    paragraphs = [pen.pick((f"{_cap(a)} met {b} in {city} {pen.day(pen.between(0, 3))} to discuss {topic}.",
                            f"{_cap(a)} and {b} held talks in {city} on {topic}, {pen.pick(('officials said', 'according to a readout', 'their offices said'))}.",
                            f"Speaking in {city}, {a} called for {topic} to be {pen.pick(('on the agenda', 'settled', 'treated as a priority'))} "
                            f"at the next {pen.pick(('NATO summit', 'G7 meeting', 'EU summit', 'Ramstein meeting'))}."))]
    if pen.chance(0.5):
        paragraphs.append(f"\u201cWe {pen.pick(('discussed', 'agreed on', 'made progress on', 'did not agree on'))} "
                          f"{pen.pick(v.DIPLOMATIC_TOPICS)},\u201d {a} said after the {pen.pick(('meeting', 'call', 'talks'))}.")
    if pen.chance(0.3):
        paragraphs.append(f"{_cap(pen.pick(('the Kremlin', 'Moscow', 'Russia', 'the Russian foreign ministry')))} "
                          f"{pen.pick(('dismissed the talks', 'said it was not invited', 'called the plan unrealistic', 'said it saw no basis for negotiations'))}.")
    return Block(pen.pick((f"Talks in {city} on {topic.split(' for ')[0]}", f"{_cap(a)} meets {b}",
                           f"Diplomacy: {topic}")), paragraphs)


def humanitarian_block(pen: Pen) -> Block:
    town = pen.town()
    n = pen.between(30, 4000)
    paragraphs = [pen.pick((
        f"About {n:,} residents were evacuated from {pen.where(town)} {pen.day(pen.between(0, 3))}, {pen.attribution(town)}.",
        f"{n:,} households in {pen.region(town.oblast)} were left without electricity after the attack, the energy "
        f"ministry said, and repair crews were working to restore supply.",
        f"A convoy carrying {pen.between(10, 300)} tonnes of food and medicine reached {town.name} "
        f"{pen.day(pen.between(0, 3))}, {pen.pick(('the United Nations said', 'the Red Cross said', 'a charity said'))}.",
        f"Authorities ordered the mandatory evacuation of families with children from {pen.between(2, 40)} settlements "
        f"in {pen.region(town.oblast)}.",
    ))]
    if pen.chance(0.4):
        paragraphs.append(f"{pen.num_start(pen.between(2, 60))} buses and {pen.num(pen.between(1, 8))} trains were made available, "
                          f"and evacuees are being housed in {pen.pick(('Dnipro', 'Poltava', 'Kyiv', 'Lviv', 'Vinnytsia'))}.")
    return Block(pen.pick((f"Evacuation from {town.name}", f"Blackouts in {town.oblast} region",
                           f"Aid reaches {town.name}")), paragraphs)


# -- filler: paragraphs with nothing for the extractor ----------------------------------


def economy_block(pen: Pen) -> Block:
    paragraphs = []
    for _ in range(pen.between(1, 3)):
        pct = f"{pen.between(0, 19)}.{pen.between(0, 9)}%"
        paragraphs.append(
            f"{pen.pick(v.ECON_SUBJECTS)} {pen.pick(('said', 'reported', 'estimated', 'forecast'))} that "
            f"{pen.pick(v.ECON_INDICATORS)} {pen.pick(v.ECON_MOVES)} {pct} {pen.pick(v.ECON_PERIODS)}, "
            f"{pen.pick(v.ECON_REASONS)}."
            + (f" {pen.pick(v.ECON_SUBJECTS)} expects {pen.pick(v.ECON_INDICATORS)} to {pen.pick(('recover', 'keep rising', 'slow further', 'level off'))} "
               f"{pen.pick(v.ECON_PERIODS)}." if pen.chance(0.5) else ""))
    return Block(f"Economy: {pen.pick(v.ECON_INDICATORS)} {pen.pick(v.ECON_MOVES)}", paragraphs, event=False)


def culture_block(pen: Pen) -> Block:
    town = pen.town()
    paragraphs = [f"{_cap(pen.pick(v.CULTURE_EVENTS))} in {town.name} {pen.pick(v.CULTURE_VERBS)} "
                  f"{pen.pick(('this weekend', 'last week', 'on Saturday', 'this month'))}, with "
                  f"{pen.between(2, 90) * 10} {pen.pick(('visitors', 'guests', 'participants', 'spectators'))}."]
    if pen.chance(0.6):
        paragraphs.append(f"Organisers said {pen.pick(('part of the proceeds', 'all ticket sales', 'donations collected'))} "
                          f"would go to {pen.pick(('rebuilding a library', 'rehabilitation of veterans', 'a children’s hospital', 'buying generators for schools'))}, "
                          f"and that the programme {pen.pick(('would tour other cities', 'had been shortened', 'included works by young artists', 'ran late into the evening'))}.")
    if pen.chance(0.4):
        paragraphs.append(f"{pen.person()}, {pen.pick(('a curator', 'a director', 'a festival organiser', 'a musician'))}, "
                          f"said the audience had {pen.pick(('grown every year', 'surprised everyone', 'never been younger', 'come from across the country'))}.")
    return Block(f"Culture: {pen.pick(v.CULTURE_EVENTS)} in {town.name}", paragraphs, event=False)


def sport_block(pen: Pen) -> Block:
    a, b = pen.sample(v.SPORT_TEAMS, 2)
    won = pen.between(1, 4)
    paragraphs = [pen.pick((f"{a} beat {b} {won}-{pen.between(0, won - 1)} in the Ukrainian Premier League on "
                            f"{pen.pick(WEEKDAYS)}, {pen.pick(('moving top of the table', 'ending a run of defeats', 'in front of a small crowd', 'with a late goal'))}.",
                            f"{_cap(pen.pick(v.SPORT_EVENTS))} won {pen.pick(('gold', 'silver', 'bronze'))} at the "
                            f"{pen.pick(('European', 'World'))} {pen.pick(('championships', 'cup'))} in {pen.pick(v.CAPITALS)}."))]
    if pen.chance(0.5):
        paragraphs.append(f"The match was {pen.pick(('interrupted by an air raid alert for', 'delayed by', 'played after a break of'))} "
                          f"{pen.between(10, 90)} minutes, {pen.pick(('officials said', 'the league said', 'the club said'))}.")
    return Block(f"Sport: {a} v {b}", paragraphs, event=False)


def weather_block(pen: Pen) -> Block:
    paragraphs = []
    for _ in range(pen.between(1, 2)):
        a, b = pen.town(), pen.town()
        paragraphs.append(pen.pick(v.WEATHER).format(
            adj=pen.pick(v.WEATHER_ADJ), Adj=_cap(pen.pick(v.WEATHER_ADJ)), thing=pen.pick(v.WEATHER_THING),
            o=a.oblast, day=pen.pick(WEEKDAYS), move=pen.pick(("drop", "rise", "climb", "fall")),
            n=pen.between(-15, 36), t1=a.name, t2=b.name, colour=pen.pick(("yellow", "orange", "red"))))
    return Block("Weather", paragraphs, event=False)


def tech_block(pen: Pen) -> Block:
    town = pen.town()
    paragraphs = [pen.pick(v.TECH).format(
        o=town.oblast, t=town.name, product=pen.pick(v.TECH_PRODUCTS), purpose=pen.pick(v.TECH_PURPOSES),
        money=f"${pen.between(1, 40)} million", n=pen.between(5, 21), m=pen.between(2, 15), field=pen.pick(v.STUDY_FIELDS))]
    if pen.chance(0.5):
        paragraphs.append(f"{pen.person()}, {pen.pick(('the company’s chief executive', 'a co-founder', 'a project lead'))}, "
                          f"said the team had {pen.pick(('doubled in size', 'moved to a new office', 'hired engineers who had left the country', 'begun exporting'))} "
                          f"{pen.pick(('this year', 'since the spring', 'in recent months'))}.")
    return Block(f"Tech: {pen.pick(v.TECH_PRODUCTS)}", paragraphs, event=False)


def analysis_block(pen: Pen) -> Block:
    paragraphs = []
    for _ in range(pen.between(2, 4)):
        i = pen.index(3)
        if i == 0:
            paragraphs.append(
                f"{pen.foreigner() if pen.chance(0.5) else pen.person()}, {pen.pick(v.ANALYST_ROLES)} at {pen.pick(v.THINK_TANKS)}, "
                f"said {pen.pick(v.OPINIONS)}. {_cap(pen.pick(('she', 'he')))} added that {pen.pick(v.OPINIONS)}, "
                f"and that {pen.pick(('much would depend on', 'the key question was', 'the real test would be'))} "
                f"{pen.pick(v.BACKGROUND_TOPICS)}.")
        elif i == 1:
            paragraphs.append(" ".join(pen.pick(v.BACKGROUND).format(
                topic=pen.pick(v.BACKGROUND_TOPICS), n=pen.between(3, 400), N=pen.num_start(pen.between(12, 90)),
                tank=pen.pick(v.THINK_TANKS), p=pen.between(8, 92), view=pen.pick(v.POLL_VIEWS),
                city=pen.pick(v.CAPITALS), month=pen.pick(MONTHS)) for _ in range(pen.between(2, 3))))
        else:
            paragraphs.append(
                f"In {pen.pick(('an interview', 'a podcast', 'a column', 'a briefing'))} with {pen.pick(v.OUTLETS)}, "
                f"{pen.pick(v.LEADER_ROLES)} argued that {pen.pick(v.OPINIONS)}. Critics said "
                f"{pen.pick(v.OPINIONS)}, while supporters pointed to {pen.pick(v.BACKGROUND_TOPICS)} as proof of progress.")
    return Block(pen.pick(("Analysis", "What the experts say", "Background", "Opinion")), paragraphs, event=False)


def furniture_block(pen: Pen) -> Block:
    line = pen.pick(v.FURNITURE).format(
        headline=_strike_headline(pen, pen.incident()) if pen.chance(0.5) else f"What we know about {pen.pick(v.DIPLOMATIC_TOPICS)}",
        freq=pen.pick(("daily", "weekly", "morning", "evening")), agency=pen.pick(v.WIRE_AGENCIES),
        person=pen.foreigner(), what=pen.pick(v.FURNITURE_WHAT), o=pen.town().name, outlet=pen.pick(v.OUTLETS))
    return Block("", [line], event=False)


Maker = Callable[[Pen], Block]
EVENT_BLOCKS: tuple[tuple[Maker, int], ...] = (
    (strike_block, 4), (interception_block, 2), (ground_block, 2), (territory_block, 1), (aid_block, 3),
    (diplomacy_block, 3), (humanitarian_block, 2), (lambda pen: Block("Claims", [_claim_paragraph(pen)]), 1),
)
FILLER_BLOCKS: tuple[tuple[Maker, int], ...] = (
    (analysis_block, 6), (economy_block, 3), (culture_block, 2), (sport_block, 1), (weather_block, 1),
    (tech_block, 2), (furniture_block, 1),
)
_EVENT_DECK = tuple(m for m, w in EVENT_BLOCKS for _ in range(w))
_FILLER_DECK = tuple(m for m, w in FILLER_BLOCKS for _ in range(w))


def next_block(pen: Pen, filler_share: float) -> Block:
    return pen.pick(_FILLER_DECK if pen.chance(filler_share) else _EVENT_DECK)(pen)


# --------------------------------------------------------------------------------------
# Styles: how an outlet lays out the blocks.
# --------------------------------------------------------------------------------------


@dataclass(slots=True)
class Draft:
    """Title and body lines, with the running size so blocks stop at the target."""

    title: str
    lines: list[str]
    separator: str
    size: int = 0

    def __post_init__(self) -> None:
        self.size = len(self.title.encode()) + 2 + sum(len(x.encode()) + len(self.separator) for x in self.lines)

    def add(self, line: str) -> None:
        self.lines.append(line)
        self.size += len(line.encode()) + len(self.separator)

    def drop_last(self) -> None:
        self.size -= len(self.lines.pop().encode()) + len(self.separator)

    def fit(self) -> None:
        """Drop paragraphs before the closing line until the text is at most MAX_BYTES."""
        while self.size > MAX_BYTES and len(self.lines) > 2:
            last = self.lines.pop()
            self.size -= len(last.encode()) + len(self.separator)
            self.drop_last()
            self.add(last)


def _fill(pen: Pen, draft: Draft, target: int, filler_share: float, layout: Callable[[Draft, Block], None]) -> None:
    """Add blocks until the draft reaches ``target`` bytes; never past MAX_BYTES."""
    while draft.size < target:
        layout(draft, next_block(pen, filler_share))
    while draft.size > MAX_BYTES and len(draft.lines) > 1:
        draft.drop_last()


def _plain_layout(draft: Draft, block: Block) -> None:
    for paragraph in block.paragraphs:
        draft.add(paragraph)


def wire(pen: Pen, main: Block, target: int) -> Draft:
    agency = pen.pick(v.WIRE_AGENCIES)
    town = pen.town()
    when = pen.published
    dateline = f"{town.name.upper()}, Ukraine, {MONTHS[when.month - 1]} {when.day} ({agency}) - "
    draft = Draft(main.headline, [], "\n\n")
    draft.add(dateline + main.paragraphs[0])
    for paragraph in main.paragraphs[1:]:
        draft.add(paragraph)
    _fill(pen, draft, target - 80, 0.6, _plain_layout)
    draft.add(f"Reporting by {pen.foreigner()} in {pen.pick(('Kyiv', 'Kharkiv', 'Dnipro', 'Odesa', 'Zaporizhzhia'))}; "
              f"additional reporting by {pen.foreigner()}; editing by {pen.foreigner()}")
    return draft


def live_blog(pen: Pen, main: Block, target: int) -> Draft:
    outlet = pen.pick(v.OUTLETS)
    when = pen.published
    authors = ", ".join(pen.foreigner() for _ in range(pen.between(1, 4)))
    hour, minute = pen.between(1, 12), pen.between(0, 59)
    title = pen.pick((f"{MONTHS[when.month - 1]} {when.day}, {when.year} Russia-Ukraine news",
                      f"Live updates: {main.headline}", f"Russia's war in Ukraine: live coverage, day {pen.between(300, 900)}",
                      f"Ukraine war latest: {main.headline.lower()}"))
    draft = Draft(title, [f"By {authors}, {outlet}",
                          f"Updated {hour}:{minute:02d} {pen.pick(('a.m.', 'p.m.'))} ET, {MONTHS[when.month - 1]} {when.day}, {when.year}",
                          f"{pen.between(8, 40)} Posts"], "\n")
    minutes_ago = pen.between(3, 40)

    def post(d: Draft, block: Block) -> None:
        nonlocal minutes_ago
        hours, mins = divmod(minutes_ago, 60)
        d.add(f"{hours} hr {mins} min ago" if hours else f"{mins} min ago")
        if block.headline:
            d.add(block.headline)
            d.add(f"From {outlet}'s {pen.foreigner()}")
        for paragraph in block.paragraphs:
            d.add(paragraph)
        minutes_ago += pen.between(6, 50)

    post(draft, main)
    _fill(pen, draft, target, 0.55, post)
    return draft


def regional(pen: Pen, main: Block, target: int) -> Draft:
    outlet = pen.pick(v.OUTLETS)
    draft = Draft(main.headline, [f"{outlet} | {pen.pick(v.FRONT_OBLASTS)} region | {pen.person()}"], "\n\n")
    for paragraph in main.paragraphs:
        draft.add(paragraph)

    def section(d: Draft, block: Block) -> None:
        if block.headline and pen.chance(0.6):
            d.add(block.headline)
        for paragraph in block.paragraphs:
            d.add(paragraph)

    _fill(pen, draft, target, 0.65, section)
    return draft


def statement(pen: Pen, main: Block, target: int) -> Draft:
    when = pen.published
    stamp = f"{when.day:02d}.{when.month:02d}.{when.year}"
    issuer = pen.pick(("The General Staff of the Armed Forces of Ukraine", "The Ministry of Foreign Affairs of Ukraine",
                       f"The {pen.pick(v.FRONT_OBLASTS)} Regional Military Administration", "The Operational Command South",
                       "The State Emergency Service of Ukraine"))
    title = pen.pick((f"Operational update as of 08:00, {stamp}", f"Statement of {issuer.removeprefix('The ')}",
                      f"Situation report, {stamp}", f"{issuer.removeprefix('The ')}: {main.headline}"))
    clashes, missiles, air, mlrs = pen.between(20, 190), pen.between(0, 40), pen.between(10, 120), pen.between(10, 200)
    draft = Draft(title, [f"{issuer} reports:",
                          f"Over the past day, {clashes} combat clashes took place. The enemy launched {missiles} missile strikes "
                          f"and {air} air strikes and carried out {mlrs} attacks from multiple rocket launchers on the positions "
                          f"of Ukrainian troops and populated areas."], "\n\n")
    for paragraph in main.paragraphs:
        draft.add(paragraph)
    counter = 0

    def item(d: Draft, block: Block) -> None:
        nonlocal counter
        for paragraph in block.paragraphs:
            counter += 1
            d.add(f"{counter}. {paragraph}" if block.event and pen.chance(0.5) else paragraph)

    _fill(pen, draft, target - 120, 0.5, item)
    draft.add(pen.pick(("Glory to Ukraine!", "We will win!", "The information is being updated. Stay in shelters during air raid alerts.",
                        f"Press service of {issuer.removeprefix('The ')}")))
    return draft


STYLES: tuple[tuple[Callable[[Pen, Block, int], Draft], int], ...] = (
    (wire, 35), (live_blog, 20), (regional, 25), (statement, 20))
_STYLE_DECK = tuple(s for s, w in STYLES for _ in range(w))
_LEADS: tuple[Maker, ...] = (strike_block,) * 11 + (interception_block,) * 2 + (ground_block, territory_block,
                                                                                aid_block, diplomacy_block,
                                                                                humanitarian_block, economy_block)


def _target_bytes(rng: random.Random) -> int:
    """Around 6.5 KB, long tail towards 15 KB, as news articles are."""
    return int(min(MAX_BYTES - 400, max(MIN_BYTES + 300, rng.lognormvariate(math.log(_MEDIAN_BYTES), 0.45))))


def make_article(seed: int, index: int, published_from: date = date(2023, 1, 1)) -> Article:
    """Article ``index`` of workload ``seed``; a pure function of its arguments."""
    rng = random.Random(f"streams-bench/{seed}/{index}")
    published = published_from + timedelta(days=index // ARTICLES_PER_DAY)
    pen = Pen(rng, published)
    style = pen.pick(_STYLE_DECK)
    draft = style(pen, pen.pick(_LEADS)(pen), _target_bytes(rng))
    draft.fit()
    source = pen.pick(v.OUTLETS)
    return Article(
        id=f"bench-{seed}-{index:07d}",
        source=source,
        url=f"https://news.example/{source.lower().replace(' ', '-')}/{published.isoformat()}/{index}",
        published=published,
        title=draft.title,
        body=draft.separator.join(draft.lines),
        ingested_at=_INGESTED_AT,
    )


def generate(n: int, seed: int = 0, *, published_from: date = date(2023, 1, 1), start: int = 0) -> Iterator[Article]:
    """``n`` articles of workload ``seed`` (indices ``start`` .. ``start + n - 1``), lazily."""
    for index in range(start, start + n):
        yield make_article(seed, index, published_from)
