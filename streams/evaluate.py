"""``python -m streams eval`` and ``extract``: the extractor judged against hand-labelled gold.

A gold file holds one article a line (``/work/shared/gold/README.md``): its text, inline or
in a seed file, and the events a careful coder reads in it. Gold events use the field
names of :mod:`schemas.events`, so both sides are parsed into the same models and compared
without a translation layer.

What is scored, and why:

* incidents — precision, recall and F1. A predicted incident matches a gold one on type,
  place (the town when gold names one, else the oblast, else anything) and date (±1 day
  when both are known: "overnight" and "Thursday night" straddle midnight). Matching is
  one-to-one within an article and maximises the number of matches first, then how well
  the pairs agree, so a stray duplicate never steals the better partner.
* on matched incidents — agreement of the status group (confirmed vs claimed/disputed),
  of ``new`` and of the weapon class; ``figure_exact``, the share whose killed AND injured
  both equal gold (null == null); the MAE of killed and of injured over the pairs where
  both sides give a number. A null on one side is left out of the MAE (there is no
  distance to a missing number) but makes the pair inexact, so it still costs.
* double counting — the confirmed killed/injured over the whole set after merging across
  articles: predicted incidents go through the stream's own
  :class:`~streams.merge.IncidentBook` and are counted by :mod:`streams.counters`; gold
  incidents are merged independently by the README's rules, so a merge bug cannot hide
  behind itself.
* other events — precision, recall and F1 by type; a match is the type plus the town
  when gold names one.

Place names compare loosely: case, diacritics, apostrophes, hyphens and the y/i and
doubled-letter variants of Latin transliteration are ignored (Zaporizhzhya = Zaporizhzhia,
Kam'yanske = Kamianske, Odessa = Odesa), but a different name is a different place
(Kharkov is not Kharkiv: the extractor must canonicalise Russian forms).
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

import orjson

from schemas import EVENT_MODELS, Article, Extraction, StrikeEvent
from schemas.events import BaseEvent
from streams.articles import parse_article_text, read_article_file

PROJECT_SEEDS = Path(__file__).resolve().parent.parent / "seeds"

#: Fields of the gold schema, in the gold README's order: the extractor's view uses them.
STRIKE_FIELDS = (
    "type", "weapon_class", "weapon", "location", "oblast", "country", "date", "killed", "injured",
    "missing", "target", "status", "claimed_by", "claimed_killed", "claimed_injured", "new",
)
OTHER_FIELDS = ("type", "location", "summary")
OTHER_TYPES = tuple(t for t in EVENT_MODELS if t != "strike")
WEAPON_CLASSES = ("missile", "drone", "air", "artillery", "rocket", "unknown")


# --------------------------------------------------------------------------- loading

@dataclass(frozen=True)
class Case:
    """One labelled article: what the extractor reads and what it should find."""

    article: Article
    gold: Extraction
    file: str = ""


def read_records(path: Path) -> Iterator[dict[str, Any]]:
    """JSON objects, one a line; blank lines skipped, a bad line named by its number."""
    with path.open("rb") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                yield orjson.loads(line)
            except orjson.JSONDecodeError as exc:
                raise ValueError(f"{path}:{number}: {exc}") from exc


def seed_folders(gold_path: Path, seeds: Path | None) -> list[Path]:
    """Where ``file`` records are looked for: ``--seeds``, else the project's, else near the gold file."""
    if seeds is not None:
        return [seeds]
    here = gold_path.resolve().parent
    return [PROJECT_SEEDS, here.parent / "seeds", here / "seeds", here]


def article_of(record: dict[str, Any], gold_path: Path, seeds: Path | None) -> Article:
    """The article a record describes: a seed file, inline gold ``text``, or Article fields."""
    published = record.get("published")
    if record.get("file"):
        folders = seed_folders(gold_path, seeds)
        for folder in folders:
            if (folder / record["file"]).is_file():
                article = read_article_file(folder / record["file"])
                break
        else:
            tried = ", ".join(str(f) for f in folders)
            raise FileNotFoundError(f"{record['file']} (record {record.get('id')}) not found in: {tried}")
        if record.get("id"):
            article = article.model_copy(update={"id": record["id"]})
        # The file's own date line is what the stream would see; gold's date only fills a gap.
        if article.published is None and published:
            article = article.model_copy(update={"published": date.fromisoformat(published)})
        return article
    if "text" in record:
        article = parse_article_text(record["text"], source=gold_path.stem, article_id=record.get("id", ""))
        return article.model_copy(update={"published": date.fromisoformat(published) if published else None})
    return Article.model_validate(record)


def gold_extraction(record: dict[str, Any], article: Article) -> Extraction:
    """Gold labels as schema models: gold field names are the models' field names."""
    gold = record.get("gold") or {}
    common = {"article_id": article.id, "published": article.published, "source": article.source}
    try:
        incidents = [
            StrikeEvent.model_validate({**item, **common, "event_id": f"{article.id}:gold:strike:{n}"})
            for n, item in enumerate(gold.get("incidents", []))
        ]
    except ValueError as exc:  # a labelling mistake: name the article
        raise ValueError(f"gold record {article.id}: {exc}") from exc
    others = []
    for n, item in enumerate(gold.get("other_events", [])):
        model = EVENT_MODELS[item["type"]]
        fields = {k: v for k, v in item.items() if k in model.model_fields and v is not None}
        others.append(model.model_validate({**fields, **common, "event_id": f"{article.id}:gold:other:{n}"}))
    return Extraction(article_id=article.id, incidents=incidents, other_events=others)


def load_gold(path: Path, seeds: Path | None = None) -> list[Case]:
    """Every labelled article of one gold file."""
    cases = []
    for record in read_records(path):
        article = article_of(record, path, seeds)
        cases.append(Case(article=article, gold=gold_extraction(record, article), file=str(path)))
    return cases


def load_articles(path: Path, seeds: Path | None = None) -> list[Article]:
    """Articles of a gold file or of an Article JSON-lines file (labels ignored)."""
    return [article_of(record, path, seeds) for record in read_records(path)]


# --------------------------------------------------------------------------- the extractor's view

def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def event_view(event: BaseEvent) -> dict[str, Any]:
    """An event in the gold schema's terms: what ``extract`` prints and a person compares."""
    names = STRIKE_FIELDS if isinstance(event, StrikeEvent) else OTHER_FIELDS
    return {name: _plain(getattr(event, name, None)) for name in names}


def extraction_view(extraction: Extraction, article_id: str | None = None) -> dict[str, Any]:
    return {
        "id": article_id or extraction.article_id,
        "incidents": [event_view(e) for e in extraction.incidents],
        "other_events": [event_view(e) for e in extraction.other_events],
    }


# --------------------------------------------------------------------------- matching

_APOSTROPHES = re.compile(r"['`\u2019\u2018\u02bc\u02b9\u0301]")
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015_.,]+")
_REGION_WORDS = re.compile(r"\s+(oblast|oblast'|region|province|krai|kray|republic)$")


def place_key(name: str | None) -> str:
    """A loose key for a place name: equal keys are spellings of the same name."""
    if not name:
        return ""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = _APOSTROPHES.sub("", text)
    text = _SEPARATORS.sub(" ", text).strip()
    text = text.replace("y", "i")
    return re.sub(r"(.)\1+", r"\1", text)


def oblast_key(name: str | None) -> str:
    """Like :func:`place_key`, also ignoring a trailing 'Oblast' / 'region'."""
    if not name:
        return ""
    text = unicodedata.normalize("NFKD", name).casefold().strip()
    return place_key(_REGION_WORDS.sub("", text))


def _days_apart(a: date | None, b: date | None) -> int | None:
    return None if a is None or b is None else abs((a - b).days)


def same_place(gold: BaseEvent, predicted: BaseEvent) -> bool:
    """Town when gold names one, else oblast, else any place."""
    if gold.location:
        return place_key(gold.location) == place_key(predicted.location)
    if gold.oblast:
        return oblast_key(gold.oblast) == oblast_key(predicted.oblast)
    return True


def strike_matches(gold: StrikeEvent, predicted: BaseEvent) -> bool:
    if predicted.type != "strike" or not same_place(gold, predicted):
        return False
    apart = _days_apart(gold.date, predicted.date)
    return apart is None or apart <= 1


def other_matches(gold: BaseEvent, predicted: BaseEvent) -> bool:
    if predicted.type != gold.type:
        return False
    return not gold.location or place_key(gold.location) == place_key(predicted.location)


def status_group(status: str) -> str:
    return "confirmed" if status == "confirmed" else "claim"


def _strike_affinity(gold: StrikeEvent, predicted: StrikeEvent) -> float:
    """How well a compatible pair agrees; breaks ties between candidate pairings only."""
    apart = _days_apart(gold.date, predicted.date)
    return (
        4 * (apart == 0)
        + 4 * (place_key(gold.location) == place_key(predicted.location))
        + 2 * (gold.weapon_class == predicted.weapon_class)
        + (gold.killed == predicted.killed)
        + (gold.injured == predicted.injured)
        + (status_group(gold.status) == status_group(predicted.status))
        + (gold.new == predicted.new)
    )


def _other_affinity(gold: BaseEvent, predicted: BaseEvent) -> float:
    return float(place_key(gold.location) == place_key(predicted.location))


def assign(golds: Sequence[Any], predictions: Sequence[Any], compatible: Callable[[Any, Any], bool],
           affinity: Callable[[Any, Any], float]) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, predicted index): most matches, then best agreement.

    A max-weight assignment (Hungarian algorithm) where every compatible pair weighs more
    than any sum of affinities, so the number of matches is maximised first.
    """
    if not golds or not predictions:
        return []
    rows, cols = len(golds), len(predictions)
    size = max(rows, cols)
    big = 1000.0 * (size + 1)
    weight = [[0.0] * size for _ in range(size)]
    for i, g in enumerate(golds):
        for j, p in enumerate(predictions):
            if compatible(g, p):
                weight[i][j] = big + affinity(g, p)
    chosen = _hungarian_max(weight)
    return [(i, j) for i, j in enumerate(chosen) if i < rows and j < cols and weight[i][j] > 0]


def _hungarian_max(weight: list[list[float]]) -> list[int]:
    """Column for each row maximising the total weight of a square matrix (O(n^3))."""
    n = len(weight)
    top = max(max(row) for row in weight)
    cost = [[top - w for w in row] for row in weight]
    inf = float("inf")
    u, v = [0.0] * (n + 1), [0.0] * (n + 1)
    match, way = [0] * (n + 1), [0] * (n + 1)  # match[col] = row, 1-based
    for row in range(1, n + 1):
        match[0], col0 = row, 0
        low, used = [inf] * (n + 1), [False] * (n + 1)
        while True:
            used[col0] = True
            r, delta, col1 = match[col0], inf, 0
            for col in range(1, n + 1):
                if not used[col]:
                    reduced = cost[r - 1][col - 1] - u[r] - v[col]
                    if reduced < low[col]:
                        low[col], way[col] = reduced, col0
                    if low[col] < delta:
                        delta, col1 = low[col], col
            for col in range(n + 1):
                if used[col]:
                    u[match[col]] += delta
                    v[col] -= delta
                else:
                    low[col] -= delta
            col0 = col1
            if match[col0] == 0:
                break
        while col0:
            col1 = way[col0]
            match[col0] = match[col1]
            col0 = col1
    result = [0] * n
    for col in range(1, n + 1):
        result[match[col] - 1] = col - 1
    return result


# --------------------------------------------------------------------------- scoring

@dataclass
class Tally:
    """Gold, predicted and matched counts: precision, recall and F1 from them."""

    gold: int = 0
    predicted: int = 0
    matched: int = 0

    def add(self, gold: int, predicted: int, matched: int) -> None:
        self.gold += gold
        self.predicted += predicted
        self.matched += matched

    def as_dict(self) -> dict[str, Any]:
        precision = self.matched / self.predicted if self.predicted else (1.0 if not self.gold else 0.0)
        recall = self.matched / self.gold if self.gold else (1.0 if not self.predicted else 0.0)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
                "gold": self.gold, "predicted": self.predicted, "matched": self.matched}


@dataclass
class _Agreement:
    """Running shares and errors over matched incidents."""

    pairs: int = 0
    status: int = 0
    new: int = 0
    weapon_class: int = 0
    exact: int = 0
    killed_errors: list[int] = field(default_factory=list)
    injured_errors: list[int] = field(default_factory=list)

    def add(self, gold: StrikeEvent, predicted: StrikeEvent) -> None:
        self.pairs += 1
        self.status += status_group(gold.status) == status_group(predicted.status)
        self.new += gold.new == predicted.new
        self.weapon_class += gold.weapon_class == predicted.weapon_class
        self.exact += gold.killed == predicted.killed and gold.injured == predicted.injured
        if gold.killed is not None and predicted.killed is not None:
            self.killed_errors.append(abs(gold.killed - predicted.killed))
        if gold.injured is not None and predicted.injured is not None:
            self.injured_errors.append(abs(gold.injured - predicted.injured))

    def share(self, count: int) -> float | None:
        return round(count / self.pairs, 4) if self.pairs else None


def _mae(errors: list[int]) -> float | None:
    return round(sum(errors) / len(errors), 4) if errors else None


def independent(event: StrikeEvent) -> bool:
    """A report whose killed/injured are independent figures: confirmed, or disputed (only the
    claim beside it is disputed). A claimed report's figures are the claim itself."""
    return event.status != "claimed"


def predicted_totals(extractions: Iterable[Extraction]) -> tuple[int, int]:
    """Confirmed killed/injured exactly as the stream counts them: every predicted report goes
    through the stream's own merge, and the totals are the stream's own counters."""
    from streams.counters import compute
    from streams.merge import IncidentBook

    book = IncidentBook()
    for extraction in extractions:
        book.extend(extraction.incidents)
    totals = compute(book.incidents())["totals"]
    return totals["killed"], totals["injured"]


def gold_merge_key(event: StrikeEvent) -> tuple[str, ...]:
    """Same place, same day, same kind of attack; a date-less incident stays in its article."""
    when = event.date.isoformat() if event.date else f"article:{event.article_id}"
    return (when, place_key(event.country), oblast_key(event.oblast), place_key(event.location), event.weapon_class)


def merged_figure(reports: Sequence[StrikeEvent], name: str) -> int | None:
    """The most recent figure by publication date; the largest among equal or unknown dates."""
    values = [(r.published or date.min, getattr(r, name)) for r in reports if getattr(r, name) is not None]
    if not values:
        return None
    latest = max(when for when, _ in values)
    return max(value for when, value in values if when == latest)


def gold_totals(extractions: Iterable[Extraction]) -> tuple[int, int]:
    """Confirmed killed/injured of gold incidents, merged across articles by the README's rules
    (written apart from the stream's merge, so a bug there cannot hide itself): an incident
    counts when one of its reports is new, with the latest independent figure; references to
    an earlier strike merge into it, and claims never count."""
    groups: dict[tuple[str, ...], list[StrikeEvent]] = defaultdict(list)
    for extraction in extractions:
        for event in extraction.incidents:
            groups[gold_merge_key(event)].append(event)
    killed = injured = 0
    for reports in groups.values():
        if not any(r.new for r in reports):
            continue
        figures = [r for r in reports if independent(r)]
        killed += merged_figure(figures, "killed") or 0
        injured += merged_figure(figures, "injured") or 0
    return killed, injured


@dataclass(frozen=True)
class Scored:
    """One article's gold and prediction with their pairing, for scores and error lists."""

    case: Case
    predicted: Extraction
    strike_pairs: list[tuple[int, int]]
    other_pairs: list[tuple[int, int]]
    failure: str | None = None


def pair_up(case: Case, predicted: Extraction, failure: str | None = None) -> Scored:
    return Scored(
        case=case,
        predicted=predicted,
        failure=failure,
        strike_pairs=assign(case.gold.incidents, predicted.incidents, strike_matches, _strike_affinity),
        other_pairs=assign(case.gold.other_events, predicted.other_events, other_matches, _other_affinity),
    )


def score(scored: Sequence[Scored], *, per_file: bool = True) -> dict[str, Any]:
    """Every figure the evaluation reports, as one JSON-able dict."""
    strikes, others = Tally(), Tally()
    by_type = {name: Tally() for name in EVENT_MODELS}
    by_class_gold = {name: Tally() for name in WEAPON_CLASSES}
    by_class_pred = {name: Tally() for name in WEAPON_CLASSES}
    agreement = _Agreement()
    for item in scored:
        gold, predicted = item.case.gold, item.predicted
        strikes.add(len(gold.incidents), len(predicted.incidents), len(item.strike_pairs))
        by_type["strike"].add(len(gold.incidents), len(predicted.incidents), len(item.strike_pairs))
        for i, j in item.strike_pairs:
            agreement.add(gold.incidents[i], predicted.incidents[j])
        matched_gold = {i for i, _ in item.strike_pairs}
        matched_pred = {j for _, j in item.strike_pairs}
        for i, event in enumerate(gold.incidents):
            by_class_gold[event.weapon_class].add(1, 0, i in matched_gold)
        for j, event in enumerate(predicted.incidents):
            by_class_pred[event.weapon_class].add(0, 1, j in matched_pred)
        others.add(len(gold.other_events), len(predicted.other_events), len(item.other_pairs))
        for name in OTHER_TYPES:
            pairs = [(i, j) for i, j in item.other_pairs if gold.other_events[i].type == name]
            by_type[name].add(sum(e.type == name for e in gold.other_events),
                              sum(e.type == name for e in predicted.other_events), len(pairs))
    strike_scores, other_scores = strikes.as_dict(), others.as_dict()
    killed, injured = predicted_totals(s.predicted for s in scored)
    gold_killed, gold_injured = gold_totals(s.case.gold for s in scored)
    result: dict[str, Any] = {
        "articles": len(scored),
        "extraction_errors": {s.case.article.id: s.failure for s in scored if s.failure},
        "incident_precision": strike_scores["precision"],
        "incident_recall": strike_scores["recall"],
        "incident_f1": strike_scores["f1"],
        "incident_gold": strikes.gold,
        "incident_predicted": strikes.predicted,
        "incident_matched": strikes.matched,
        "status_agreement": agreement.share(agreement.status),
        "new_agreement": agreement.share(agreement.new),
        "weapon_class_agreement": agreement.share(agreement.weapon_class),
        "figure_exact": agreement.share(agreement.exact),
        "killed_mae": _mae(agreement.killed_errors),
        "killed_mae_n": len(agreement.killed_errors),
        "injured_mae": _mae(agreement.injured_errors),
        "injured_mae_n": len(agreement.injured_errors),
        "confirmed_killed": killed,
        "gold_confirmed_killed": gold_killed,
        "confirmed_injured": injured,
        "gold_confirmed_injured": gold_injured,
        "other_precision": other_scores["precision"],
        "other_recall": other_scores["recall"],
        "other_f1": other_scores["f1"],
        "by_type": {name: tally.as_dict() for name, tally in by_type.items()},
        "by_weapon_class": {
            name: {"recall": by_class_gold[name].as_dict()["recall"], "gold": by_class_gold[name].gold,
                   "precision": by_class_pred[name].as_dict()["precision"], "predicted": by_class_pred[name].predicted}
            for name in WEAPON_CLASSES if by_class_gold[name].gold or by_class_pred[name].predicted
        },
    }
    if per_file:
        files: dict[str, list[Scored]] = defaultdict(list)
        for item in scored:
            files[item.case.file].append(item)
        result["files"] = {name: score(items, per_file=False) for name, items in files.items()}
    return result


def errors(scored: Sequence[Scored]) -> list[dict[str, Any]]:
    """Per article: missed and spurious events, and matched incidents whose figures differ."""
    found = []
    for item in scored:
        gold, predicted = item.case.gold, item.predicted
        strike_gold = {i for i, _ in item.strike_pairs}
        strike_pred = {j for _, j in item.strike_pairs}
        other_gold = {i for i, _ in item.other_pairs}
        other_pred = {j for _, j in item.other_pairs}
        entry = {
            "id": item.case.article.id,
            "missed": [event_view(e) for i, e in enumerate(gold.incidents) if i not in strike_gold],
            "spurious": [event_view(e) for j, e in enumerate(predicted.incidents) if j not in strike_pred],
            "figures": [
                {"gold": event_view(gold.incidents[i]), "predicted": event_view(predicted.incidents[j])}
                for i, j in item.strike_pairs
                if (gold.incidents[i].killed, gold.incidents[i].injured)
                != (predicted.incidents[j].killed, predicted.incidents[j].injured)
            ],
            "missed_other": [event_view(e) for i, e in enumerate(gold.other_events) if i not in other_gold],
            "spurious_other": [event_view(e) for j, e in enumerate(predicted.other_events) if j not in other_pred],
        }
        if any(entry[k] for k in ("missed", "spurious", "figures", "missed_other", "spurious_other")):
            found.append(entry)
    return found


def evaluate(cases: Sequence[Case], extract: Callable[[Article], Extraction]) -> list[Scored]:
    """Run the extractor on every case and pair its output with gold.

    An article the extractor fails on scores as an empty prediction (in the stream it would
    go to the dead-letter topic and yield nothing) and is named in ``extraction_errors``,
    so one bad article costs its own events instead of hiding every other score.
    """
    scored = []
    for case in cases:
        try:
            scored.append(pair_up(case, extract(case.article)))
        except Exception as exc:  # noqa: BLE001 - reported, never swallowed
            failure = f"{type(exc).__name__}: {exc}"
            scored.append(pair_up(case, Extraction(article_id=case.article.id), failure))
    return scored


# --------------------------------------------------------------------------- reporting

def _num(value: Any, digits: int = 3) -> str:
    if value is None:
        return "-"
    return f"{value:.{digits}f}" if isinstance(value, float) else str(value)


def _table(header: Sequence[str], rows: Sequence[Sequence[Any]], indent: str = "  ") -> list[str]:
    cells = [[str(h) for h in header]] + [[_num(c) for c in row] for row in rows]
    widths = [max(len(row[k]) for row in cells) for k in range(len(header))]
    lines = []
    for row in cells:
        first = row[0].ljust(widths[0])
        rest = "  ".join(cell.rjust(width) for cell, width in zip(row[1:], widths[1:]))
        lines.append(f"{indent}{first}  {rest}".rstrip())
    return lines


def render(result: dict[str, Any]) -> str:
    """The scores as aligned tables, for people."""
    cols = ("precision", "recall", "f1", "gold", "pred", "matched")

    def row(name: str, t: dict[str, Any]) -> list[Any]:
        return [name, t["precision"], t["recall"], t["f1"], t["gold"], t["predicted"], t["matched"]]

    lines = [f"articles: {result['articles']}"]
    for article_id, failure in result["extraction_errors"].items():
        lines.append(f"  extractor FAILED on {article_id}: {failure} (scored as an empty prediction)")
    lines += ["", "incidents"]
    lines += _table(("type", *cols), [row("strike", result["by_type"]["strike"])])
    lines += ["", "incidents by weapon class"]
    lines += _table(("class", "precision", "recall", "gold", "pred"), [
        [name, t["precision"], t["recall"], t["gold"], t["predicted"]]
        for name, t in result["by_weapon_class"].items()
    ])
    lines += ["", "matched incidents"]
    lines += _table(("measure", "value", "n"), [
        ["status group agreement", result["status_agreement"], result["incident_matched"]],
        ["new agreement", result["new_agreement"], result["incident_matched"]],
        ["weapon class agreement", result["weapon_class_agreement"], result["incident_matched"]],
        ["figure exact (killed and injured)", result["figure_exact"], result["incident_matched"]],
        ["killed MAE", result["killed_mae"], result["killed_mae_n"]],
        ["injured MAE", result["injured_mae"], result["injured_mae_n"]],
    ])
    lines += ["", "confirmed totals after merging"]
    lines += _table(("figure", "predicted", "gold"), [
        ["killed", result["confirmed_killed"], result["gold_confirmed_killed"]],
        ["injured", result["confirmed_injured"], result["gold_confirmed_injured"]],
    ])
    lines += ["", "other events"]
    lines += _table(("type", *cols), [row(name, result["by_type"][name]) for name in OTHER_TYPES] + [
        ["all", result["other_precision"], result["other_recall"], result["other_f1"],
         sum(result["by_type"][n]["gold"] for n in OTHER_TYPES),
         sum(result["by_type"][n]["predicted"] for n in OTHER_TYPES),
         sum(result["by_type"][n]["matched"] for n in OTHER_TYPES)],
    ])
    if len(result.get("files", {})) > 1:
        lines += ["", "files"]
        lines += _table(("file", "articles", "incident f1", "figure exact", "killed", "gold killed", "other f1"), [
            [name, r["articles"], r["incident_f1"], r["figure_exact"], r["confirmed_killed"],
             r["gold_confirmed_killed"], r["other_f1"]]
            for name, r in result["files"].items()
        ])
    return "\n".join(lines)


def render_errors(found: Sequence[dict[str, Any]]) -> str:
    def brief(view: dict[str, Any]) -> str:
        if view.get("type") != "strike":
            return f"{view['type']} @ {view.get('location')}: {view.get('summary', '')[:60]}"
        claim = f" claimed {view['claimed_killed']}" if view.get("claimed_killed") is not None else ""
        return (f"{view['weapon_class']} @ {view['location'] or '-'} ({view['oblast'] or '-'}) {view['date'] or '-'} "
                f"killed {view['killed']} injured {view['injured']} {view['status']}{claim}"
                f"{'' if view['new'] else ' (not new)'}")

    lines = []
    for entry in found:
        lines.append(entry["id"])
        lines += [f"  missed    {brief(v)}" for v in entry["missed"]]
        lines += [f"  spurious  {brief(v)}" for v in entry["spurious"]]
        for pair in entry["figures"]:
            lines.append(f"  figures   gold {brief(pair['gold'])}\n            got  {brief(pair['predicted'])}")
        lines += [f"  missed    {brief(v)}" for v in entry["missed_other"]]
        lines += [f"  spurious  {brief(v)}" for v in entry["spurious_other"]]
    return "\n".join(lines)


# --------------------------------------------------------------------------- commands

def _default_extractor() -> Callable[[Article], Extraction]:
    from streams.extract import extract

    return extract


def _parser(command: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=f"python -m streams {command}")
    if command == "eval":
        parser.description = "Score the extractor against gold files (format: /work/shared/gold/README.md)."
        parser.add_argument("gold", nargs="+", type=Path, help="gold JSON-lines files")
        parser.add_argument("--json", action="store_true", help="print one JSON object instead of tables")
        parser.add_argument("--errors", action="store_true", help="also list missed and spurious events per article")
    else:
        parser.description = "Print the extractor's view of each article, one JSON line per article."
        parser.add_argument("file", type=Path, help="gold-format or Article JSON-lines file")
    parser.add_argument("--seeds", type=Path, default=None,
                        help="folder of the article files named by 'file' records (default: the project's seeds/)")
    return parser


def cli(argv: list[str]) -> int:
    command = argv[0] if argv else "eval"
    args = _parser(command).parse_args(argv[1:])
    try:
        if command == "extract":
            articles = load_articles(args.file, args.seeds)
        else:
            cases = [case for path in args.gold for case in load_gold(path, args.seeds)]
    except (OSError, ValueError) as exc:  # a wrong path or a bad line: say which, no traceback
        print(f"{command}: {exc}", file=sys.stderr)
        return 2
    extract = _default_extractor()
    if command == "extract":
        for article in articles:
            sys.stdout.write(orjson.dumps(extraction_view(extract(article), article.id)).decode() + "\n")
        return 0
    scored = evaluate(cases, extract)
    result = score(scored)
    for article_id, failure in result["extraction_errors"].items():
        print(f"eval: extractor failed on {article_id}: {failure}", file=sys.stderr)
    if args.json:
        if args.errors:
            result["errors"] = errors(scored)
        sys.stdout.write(orjson.dumps(result).decode() + "\n")
    else:
        print(render(result))
        if args.errors:
            print("\nerrors\n" + render_errors(errors(scored)))
    return 0
