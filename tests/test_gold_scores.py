"""The real extractor against the labelled sets: the project's acceptance thresholds.

Seeds (``tests/gold/seeds.jsonl``): the issue's thresholds, fixed.
Dev set (``tests/devset/dev.jsonl``, written without looking at the extractor): floors
set from the first real measurement minus a margin — see DEV_FLOORS. They guard against
regressions; they are not targets, and raising them by tuning to the dev texts defeats the
set's purpose.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from streams import evaluate as ev

ROOT = Path(__file__).resolve().parent.parent
SEED_GOLD = ROOT / "tests" / "gold" / "seeds.jsonl"
DEV_GOLD = ROOT / "tests" / "devset" / "dev.jsonl"

#: --- DEV SET FLOORS (regression guards, NOT targets) -----------------------------------
#: First real measurement: extractor as in the working tree on top of commit 533bf41 (its
#: first complete version; it still crashed on dev_045, scored as an empty prediction).
#: Measured -> floor (measured minus ~0.05 on shares):
#:   incident_precision 0.667 -> 0.60    incident_recall 0.842 -> 0.78
#:   incident_f1        0.744 -> 0.69    figure_exact    0.578 -> 0.52
#:   status_agreement   0.953 -> 0.90    new_agreement   0.969 -> 0.90
#:   weapon_class_agr.  0.922 -> 0.85    other_f1        0.526 -> 0.47
#:   confirmed killed 162 vs gold 108 (+50%) -> within 60%;
#:   confirmed injured 415 vs gold 410 (+1%) -> within 10%.
#: Raise them only from a new measurement, never by tuning the extractor to the dev texts.
DEV_FLOORS: dict[str, float] = {
    "incident_precision": 0.60,
    "incident_recall": 0.78,
    "incident_f1": 0.69,
    "figure_exact": 0.52,
    "status_agreement": 0.90,
    "new_agreement": 0.90,
    "weapon_class_agreement": 0.85,
    "other_f1": 0.47,
}
#: Largest tolerated relative gap between the confirmed totals and gold, per figure.
DEV_TOTAL_TOLERANCE: dict[str, float] = {"killed": 0.60, "injured": 0.10}


def _scores(path: Path) -> dict:
    from streams.extract import extract

    return ev.score(ev.evaluate(ev.load_gold(path, ROOT / "seeds"), extract))


@pytest.fixture(scope="module")
def seeds() -> dict:
    return _scores(SEED_GOLD)


@pytest.fixture(scope="module")
def dev() -> dict:
    return _scores(DEV_GOLD)


@pytest.mark.parametrize("name", ["seeds", "dev"])
def test_the_extractor_reads_every_article(name, request):
    assert request.getfixturevalue(name)["extraction_errors"] == {}


def test_seed_strike_incident_f1(seeds):
    assert seeds["by_type"]["strike"]["f1"] >= 0.9, seeds["by_type"]["strike"]


def test_seed_figures_exact(seeds):
    assert seeds["figure_exact"] >= 0.9


def test_seed_confirmed_totals_equal_gold_after_merging(seeds):
    assert seeds["confirmed_killed"] == seeds["gold_confirmed_killed"]
    assert seeds["confirmed_injured"] == seeds["gold_confirmed_injured"]


@pytest.mark.parametrize("measure", sorted(DEV_FLOORS))
def test_dev_set_floor(dev, measure):
    assert dev[measure] is not None and dev[measure] >= DEV_FLOORS[measure], (measure, dev[measure])


@pytest.mark.parametrize("figure", ["killed", "injured"])
def test_dev_set_confirmed_totals_close_to_gold(dev, figure):
    predicted, gold = dev[f"confirmed_{figure}"], dev[f"gold_confirmed_{figure}"]
    assert abs(predicted - gold) <= DEV_TOTAL_TOLERANCE[figure] * gold, (figure, predicted, gold)


REQUIRED_KEYS = {
    "incident_precision", "incident_recall", "incident_f1", "figure_exact", "killed_mae", "injured_mae",
    "confirmed_killed", "gold_confirmed_killed", "confirmed_injured", "gold_confirmed_injured",
    "other_f1", "articles", "by_type", "files",
}


def _run(*args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "streams", *args], cwd=ROOT, capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_cli_eval_json_prints_every_key():
    result = json.loads(_run("eval", "tests/gold/seeds.jsonl", "--json"))
    assert REQUIRED_KEYS <= set(result)
    assert result["articles"] == 5
    assert set(result["by_type"]) == {"strike", "ground_fighting", "territorial_change", "military_aid",
                                      "diplomacy", "interception", "humanitarian"}
    assert list(result["files"]) == ["tests/gold/seeds.jsonl"]


def test_cli_extract_prints_one_line_per_article():
    lines = _run("extract", "tests/gold/seeds.jsonl").splitlines()
    views = [json.loads(line) for line in lines]
    assert [v["id"] for v in views] == [json.loads(l)["id"] for l in SEED_GOLD.read_text().splitlines() if l.strip()]
    for view in views:
        assert set(view) == {"id", "incidents", "other_events"}
        for incident in view["incidents"]:
            assert list(incident) == list(ev.STRIKE_FIELDS)
