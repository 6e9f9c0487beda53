"""The vocabulary of strikes: what counts as an attack, and with what weapon.

Two kinds of words make a strike. *Event words* are an attack by themselves ("strike",
"shelling", "bombardment", "barrage", "air raid"). *Weapon words* ("missiles", "drones",
"artillery") only report a strike together with a verb of impact in the same clause
("missiles hit", "drones slammed into") or a casualty: "outgunned by Russian artillery"
or "AMRAAM rockets will be provided" are no strike. Named weapons carry their class:
a Shahed is a drone, an Iskander a missile, HIMARS a rocket system, a KAB a glide bomb.
Spotter and reconnaissance drones, or a "drone factory", are not weapons that strike.
"""

from __future__ import annotations

from dataclasses import dataclass

from .lexicon import Lexicon

MISSILE, DRONE, AIR, ARTILLERY, ROCKET, UNKNOWN = "missile", "drone", "air", "artillery", "rocket", "unknown"


@dataclass(frozen=True, slots=True)
class WeaponWord:
    role: str                 # event | weapon | none (a drone that does not strike)
    weapon_class: str         # missile | drone | air | artillery | rocket | unknown
    weapon: str | None = None  # canonical named weapon
    weak: bool = False        # "attack": a strike only with a place or a figure
    needs_figure: bool = False  # "destroyed": a strike only in a sentence with casualties
    soft: bool = False        # "shelling": a named weapon nearby says better what it was


def _plural(*words: str) -> list[str]:
    out = []
    for w in words:
        out.append(w)
        if not w.endswith("s"):
            out.append(w + "s")
    return out


_EVENTS: dict[str, WeaponWord] = {}
for _w in _plural("strike", "airstrike", "air strike", "air raid", "bombardment", "bombing", "barrage",
                  "salvo", "volley"):
    _EVENTS[_w] = WeaponWord("event", UNKNOWN)
for _w in ("shelling", "shellings", "shelled", "under fire", "came under fire", "come under fire", "coming under fire"):
    _EVENTS[_w] = WeaponWord("event", ARTILLERY, soft=True)
for _w in ("shell strike", "shell strikes", "artillery fire", "artillery strike",
           "artillery strikes", "artillery attack", "artillery attacks", "mortar fire", "mortar attack",
           "mortar attacks", "tank fire"):
    _EVENTS[_w] = WeaponWord("event", ARTILLERY)
for _w in ("bombed", "bombarded", "hit by"):
    _EVENTS[_w] = WeaponWord("event", UNKNOWN)
for _w in _plural("missile strike", "missile attack", "missile launch", "cruise missile attack", "missile barrage"):
    _EVENTS[_w] = WeaponWord("event", MISSILE)
for _w in _plural("drone strike", "drone attack", "kamikaze drone attack", "uav attack", "uav strike"):
    _EVENTS[_w] = WeaponWord("event", DRONE)
for _w in _plural("rocket attack", "rocket strike", "rocket fire", "mlrs strike", "mlrs attack"):
    _EVENTS[_w] = WeaponWord("event", ROCKET)
_EVENTS["rocket fire"] = WeaponWord("event", ROCKET)
for _w in _plural("air attack", "aerial attack", "bomb attack", "glide bomb attack", "airstrike", "air strike"):
    _EVENTS[_w] = WeaponWord("event", AIR)
for _w in _plural("attack"):
    _EVENTS[_w] = WeaponWord("event", UNKNOWN, weak=True)
for _w in ("attacked", "pounded", "hammered", "rocked by", "struck"):
    _EVENTS[_w] = WeaponWord("event", UNKNOWN, weak=True)
# verbs that are a strike only when the sentence counts victims: "destroyed a command post, killing 80"
for _w in ("destroyed", "targeted"):
    _EVENTS[_w] = WeaponWord("event", UNKNOWN, weak=True, needs_figure=True)
# look-alikes: alerts, shelters, labour strikes
for _w in _plural("air raid alert", "air raid siren", "air raid warning", "air raid shelter", "hunger strike",
                  "general strike", "strike action", "strike force", "strike group", "strike capability",
                  "strike capabilities", "attack helicopter", "attack aircraft", "heart attack", "panic attack",
                  "strike range", "strike zone", "lucky strike"):
    _EVENTS[_w] = WeaponWord("none", UNKNOWN)

_WEAPONS: dict[str, WeaponWord] = {}
for _w in _plural("missile", "cruise missile", "ballistic missile", "guided missile", "anti-ship missile",
                  "hypersonic missile", "missile launcher"):
    _WEAPONS[_w] = WeaponWord("weapon", MISSILE)
for _w in _plural("drone", "kamikaze drone", "attack drone", "uav", "unmanned aerial vehicle", "unmanned vehicle",
                  "attack uav", "strike uav", "kamikaze uav", "attack unmanned aerial vehicle", "fpv",
                  "long-range unmanned vehicle", "loitering munition", "suicide drone", "fpv drone", "strike drone",
                  "long-range drone", "unmanned aircraft"):
    _WEAPONS[_w] = WeaponWord("weapon", DRONE)
for _w in _plural("bomb", "aerial bomb", "guided bomb", "glide bomb", "guided aerial bomb", "warplane",
                  "fighter jet", "bomber"):
    _WEAPONS[_w] = WeaponWord("weapon", AIR)
for _w in _plural("shell", "artillery shell", "mortar", "mortar shell", "mortar round", "howitzer", "artillery",
                  "gun", "tank shell", "cannon"):
    _WEAPONS[_w] = WeaponWord("weapon", ARTILLERY)
for _w in _plural("rocket", "multiple rocket launcher", "rocket launcher", "mlrs", "rocket system"):
    _WEAPONS[_w] = WeaponWord("weapon", ROCKET)
for _w in _plural("ordnance", "munition", "projectile", "cluster munition", "warhead", "debris", "wreckage",
                  "fragment", "falling debris", "shrapnel"):
    _WEAPONS[_w] = WeaponWord("weapon", UNKNOWN)
# drones that only watch, and drones as a target
for _w in _plural("spotter drone", "reconnaissance drone", "surveillance drone", "recon drone", "drone factory",
                  "drone plant", "drone production", "drone maker", "drone operator", "drone pilot",
                  "anti-drone", "missile defence", "missile defense", "missile defence system", "air defence missile",
                  "air defense missile", "missile shield", "drone warfare", "drone technology", "drone program",
                  "drone programme", "drone industry", "drone manufacturing", "bomb shelter", "missile alert",
                  "drone alert", "missile threat", "drone threat", "missile program", "missile programme",
                  "missile production", "missile stocks", "missile stockpile", "shell production",
                  "artillery ammunition", "rocket science"):
    _WEAPONS[_w] = WeaponWord("none", UNKNOWN)

# Named weapons: canonical name -> (class, spellings)
NAMED: dict[str, tuple[str, tuple[str, ...]]] = {
    "Iskander": (MISSILE, ("iskander", "iskanders")),
    "Iskander-M": (MISSILE, ("iskander-m", "iskander m")),
    "Iskander-K": (MISSILE, ("iskander-k", "iskander k")),
    "Kh-101": (MISSILE, ("kh-101", "kh-101s", "x-101", "kh101")),
    "Kh-555": (MISSILE, ("kh-555", "kh-555s", "kh555")),
    "Kh-22": (MISSILE, ("kh-22", "kh-22s", "x-22", "kh22")),
    "Kh-32": (MISSILE, ("kh-32", "kh-32s")),
    "Kh-59": (MISSILE, ("kh-59", "kh-59s", "kh-59m", "kh59")),
    "Kh-31": (MISSILE, ("kh-31", "kh-31p", "kh-31s")),
    "Kh-35": (MISSILE, ("kh-35", "kh-35s")),
    "Kh-69": (MISSILE, ("kh-69", "kh-69s")),
    "Kinzhal": (MISSILE, ("kinzhal", "kinzhals", "kh-47", "kh-47m2")),
    "Kalibr": (MISSILE, ("kalibr", "kalibrs", "kalibr-nk")),
    "S-300": (MISSILE, ("s-300", "s-300s", "s300")),
    "S-400": (MISSILE, ("s-400", "s-400s", "s400")),
    "Tochka-U": (MISSILE, ("tochka-u", "tochka", "tochka u")),
    "Oniks": (MISSILE, ("oniks", "onyx", "p-800")),
    "Zircon": (MISSILE, ("zircon", "tsirkon")),
    "KN-23": (MISSILE, ("kn-23", "kn-23s", "kn-24")),
    "ATACMS": (MISSILE, ("atacms",)),
    "Storm Shadow": (MISSILE, ("storm shadow", "storm shadows", "scalp", "scalp-eg")),
    "Neptune": (MISSILE, ("neptune", "neptunes")),
    "Shahed": (DRONE, ("shahed", "shaheds", "shahed-136", "shahed-136s", "shahed-131", "shahed-238",
                       "geran", "geran-2", "geran-2s", "gerans", "geran-1")),
    "Lancet": (DRONE, ("lancet", "lancets")),
    "Bayraktar": (DRONE, ("bayraktar", "bayraktars", "bayraktar tb2")),
    "KAB": (AIR, ("kab", "kabs", "kab-500", "kab-1500", "kab-250")),
    "FAB": (AIR, ("fab-500", "fab-250", "fab-1500", "fab-3000", "fabs")),
    "UMPK": (AIR, ("umpk",)),
    "HIMARS": (ROCKET, ("himars", "himarses")),
    "Grad": (ROCKET, ("grad", "grads", "bm-21")),
    "Smerch": (ROCKET, ("smerch", "bm-30")),
    "Uragan": (ROCKET, ("uragan", "bm-27")),
    "Tornado-S": (ROCKET, ("tornado-s",)),
    "TOS-1": (ROCKET, ("tos-1", "tos-1a", "solntsepyok")),
    "Vampire": (ROCKET, ("vampire", "rm-70")),
}
for _name, (_cls, _spellings) in NAMED.items():
    for _s in _spellings:
        _WEAPONS[_s] = WeaponWord("weapon", _cls, _name)
        for _tail in ("missile", "missiles", "drone", "drones", "strike", "strikes", "attack", "attacks",
                      "launcher", "launchers", "system", "systems", "rocket", "rockets", "bomb", "bombs",
                      "ballistic missile", "ballistic missiles", "cruise missile", "cruise missiles",
                      "glide bomb", "glide bombs", "missile launchers", "multiple rocket launchers"):
            _WEAPONS[f"{_s} {_tail}"] = WeaponWord("weapon", _cls, _name)

def _hyphenated(entries: dict[str, WeaponWord]) -> dict[str, WeaponWord]:
    """Every phrase also with its words hyphenated: "glide-bomb attack", "drone-strike"."""
    out = dict(entries)
    for phrase, word in entries.items():
        parts = phrase.split(" ")
        gaps = len(parts) - 1
        if not 1 <= gaps <= 3:
            continue
        for mask in range(1, 2 ** gaps):
            text = parts[0]
            for g in range(gaps):
                text += ("-" if mask >> g & 1 else " ") + parts[g + 1]
            out.setdefault(text, word)
    return out


EVENTS: Lexicon[WeaponWord] = Lexicon(_hyphenated(_EVENTS))
WEAPONS: Lexicon[WeaponWord] = Lexicon(_hyphenated(_WEAPONS))

#: verbs of impact that turn a weapon word into a strike
IMPACT_VERBS = frozenset(
    "hit hits hitting struck strike strikes striking targeted targeting targets target landed landing rained "
    "raining ripped slammed slamming crashed crashing exploded exploding destroyed damaged damaging launched "
    "launching fired firing pounded pounding shelled bombed attacked attacking rocked hammered smashed smashing "
    "killed killing kills injured injuring wounded wounding hurt fell falling impacted detonated demolished "
    "razed flattened leveled levelled tore blasted blew downpour shook dropped dropping fire blaze set "
    "ignited sparked".split()
)
#: words right before "attack(s)" that make it ground combat, cyber or terror, not a strike
NOT_STRIKE_BEFORE = frozenset(
    "repelled repulsed repel repulse repelling repulsing fended beat beaten counter ground infantry cyber "
    "heart terrorist terror panic assault counter-offensive offensive tank armored armoured mechanized "
    "mechanised".split()
)
