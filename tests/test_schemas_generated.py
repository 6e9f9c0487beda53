"""The JSON Schemas in schemas/json/ are the models' contract for other languages.

They must be fresh (regenerated whenever a model changes), cover every topic, and accept
what the service really writes while refusing what it never would.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timezone

import jsonschema
import pytest
from pydantic import BaseModel

from schemas import (
    Alert,
    Article,
    DeadLetterHeaders,
    DiplomacyEvent,
    Figure,
    GroundFightingEvent,
    HumanitarianEvent,
    Incident,
    InterceptionEvent,
    MilitaryAidEvent,
    Report,
    StrikeEvent,
    TerritorialChangeEvent,
)
from schemas import generate as gen
from streams import topics

REGENERATE = "schemas/json is stale: run `python -m streams schemas` and commit the result"

STRIKE = StrikeEvent(
    event_id="a1b2c3-strike-0", article_id="a1b2c3", source="Example Wire", published=date(2024, 7, 8),
    location="Kyiv", oblast="Kyiv City", country="Ukraine", lat=50.45, lon=30.52, place_precision="exact",
    date=date(2024, 7, 8), date_precision="day", summary="A missile struck a children's hospital.",
    weapon_class="missile", weapon="Kh-101", target="residential", killed=2, injured=16,
    status="confirmed", said_by=["city administration"],
)

#: One realistic instance per wire model; a new model needs one here (see the coverage test).
SAMPLES: dict[type[BaseModel], BaseModel] = {
    Article: Article(source="Example Wire", url="https://example.org/a", published=date(2024, 7, 8),
                     title="Missiles hit Kyiv", body="Russian missiles hit Kyiv on Monday morning."),
    StrikeEvent: STRIKE,
    GroundFightingEvent: GroundFightingEvent(event_id="e-gf", article_id="a1", oblast="Donetsk", new=False),
    TerritorialChangeEvent: TerritorialChangeEvent(event_id="e-tc", article_id="a1", location="Avdiivka",
                                                   claimed_by="Russian Ministry of Defence"),
    MilitaryAidEvent: MilitaryAidEvent(event_id="e-ma", article_id="a1", donor="Germany", items=["IRIS-T"],
                                       quantity=2, value=1.5e8, currency="EUR"),
    DiplomacyEvent: DiplomacyEvent(event_id="e-dp", article_id="a1", actors=["Ukraine", "Poland"]),
    InterceptionEvent: InterceptionEvent(event_id="e-in", article_id="a1", weapon_class="drone", weapon="Shahed",
                                         launched=40, intercepted=36, claimed_by="Ukrainian Air Force"),
    HumanitarianEvent: HumanitarianEvent(event_id="e-hu", article_id="a1", kind="evacuation", oblast="Kharkiv"),
    Incident: Incident(
        incident_id="inc-1", version=2, location="Kyiv", oblast="Kyiv City", country="Ukraine",
        date=date(2024, 7, 8), weapon_class="missile", target="residential",
        killed=Figure(low=2, best=3, high=3), injured=Figure(best=16),
        reports=[Report(article_id="a1b2c3", event_id="a1b2c3-strike-0", killed=2),
                 Report(article_id="d4e5f6", event_id="d4e5f6-strike-0", killed=3,
                        ingested_at=datetime(2024, 7, 8, 9, 30, tzinfo=timezone.utc))],
        updated_at=datetime(2024, 7, 8, 10, 0, tzinfo=timezone.utc),
    ),
    Alert: Alert(alert_id="mass_casualty:inc-1:3", rule="mass_casualty", severity="critical",
                 incident_id="inc-1", oblast="Kyiv City", location="Kyiv", summary="3 killed in Kyiv",
                 labels={"oblast": "Kyiv City"}, starts_at=datetime(2024, 7, 8, 10, 0, tzinfo=timezone.utc)),
    DeadLetterHeaders: DeadLetterHeaders.model_validate({
        "dlq.reason": "not_json", "dlq.error": "unexpected character", "dlq.topic": "articles",
        "dlq.partition": 3, "dlq.offset": 1234}),
}


def wire(spec: topics.TopicSpec, model: BaseModel) -> dict:
    """What a subscriber decodes: the JSON value, or for the DLQ the headers as UTF-8 strings."""
    if spec is topics.DLQ:
        return {name: str(value) for name, value in model.model_dump(by_alias=True, mode="json").items()}
    return json.loads(model.model_dump_json())


def validator(topic: str) -> jsonschema.protocols.Validator:
    schema = json.loads(gen.path_for(topic).read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def test_files_are_fresh():
    assert gen.stale() == [], REGENERATE


def test_staleness_is_detected(tmp_path):
    gen.write(tmp_path)
    assert gen.stale(tmp_path) == []
    victim = gen.path_for(topics.ARTICLES.name, tmp_path)
    victim.write_text(victim.read_text().replace('"body"', '"text"'))
    (tmp_path / "retired-topic.schema.json").write_text("{}\n")
    assert gen.stale(tmp_path) == ["articles.schema.json", "retired-topic.schema.json"]
    gen.write(tmp_path)
    assert gen.stale(tmp_path) == [] and not (tmp_path / "retired-topic.schema.json").exists()


def test_cli_check_and_write(tmp_path, capsys):
    assert gen.cli(["schemas", "--check", "--out", str(tmp_path)]) == 1
    assert gen.cli(["schemas", "--out", str(tmp_path)]) == 0
    assert gen.cli(["schemas", "--check", "--out", str(tmp_path)]) == 0
    assert f"{len(topics.ALL)} topics" in capsys.readouterr().out


def test_rendering_is_stable():
    first = {t: gen.render(s) for t, s in gen.generate().items()}
    assert first == {t: gen.render(s) for t, s in gen.generate().items()}
    assert all(text.endswith("}\n") for text in first.values())


def test_every_topic_has_a_schema_file():
    files = {p.name for p in gen.JSON_DIR.glob("*" + gen.SUFFIX)}
    assert files == {gen.path_for(spec.name).name for spec in topics.ALL}


@pytest.mark.parametrize("spec", topics.ALL, ids=lambda s: s.name)
def test_schema_is_valid_and_names_its_topic(spec):
    schema = validator(spec.name).schema
    assert schema["x-topic"] == spec.name
    assert schema["title"] == gen.model_for(spec).__name__


def test_every_topic_model_has_a_sample():
    assert {gen.model_for(spec) for spec in topics.ALL} <= SAMPLES.keys()


@pytest.mark.parametrize("spec", topics.ALL, ids=lambda s: s.name)
def test_sample_instances_validate(spec):
    sample = SAMPLES[gen.model_for(spec)]
    validator(spec.name).validate(wire(spec, sample))


@pytest.mark.parametrize("spec", topics.EVENT_TOPICS.values(), ids=lambda s: s.name)
def test_event_schemas_refuse_what_the_models_refuse(spec):
    check = validator(spec.name)
    good = wire(spec, SAMPLES[gen.model_for(spec)])
    assert check.is_valid(good)
    assert not check.is_valid({**good, "unexpected": 1}), "events forbid extra fields"
    assert not check.is_valid({**good, "type": "not-a-type"})
    assert not check.is_valid({k: v for k, v in good.items() if k != "event_id"})


def test_strike_schema_refuses_negative_tolls_and_unknown_weapons():
    check = validator(topics.EVENT_TOPICS["strike"].name)
    good = wire(topics.EVENT_TOPICS["strike"], STRIKE)
    assert not check.is_valid({**good, "killed": -1})
    assert not check.is_valid({**good, "weapon_class": "trebuchet"})
    assert not check.is_valid({**good, "date": "8 July"}), "dates are ISO 8601 (format checked)"


def test_article_schema_accepts_what_producers_may_omit():
    """Input schema = what the worker accepts: only the body is required."""
    check = validator(topics.ARTICLES.name)
    assert check.is_valid({"body": "text only"})
    assert not check.is_valid({"title": "no body"})
    Article.model_validate({"body": "text only"})  # and the model agrees


def test_dead_letter_headers_are_strings_on_the_wire():
    check = validator(topics.DLQ.name)
    headers = wire(topics.DLQ, SAMPLES[DeadLetterHeaders])
    assert headers["dlq.partition"] == "3"
    assert DeadLetterHeaders.model_validate(headers).offset == 1234  # what a consumer would do
    assert not check.is_valid({**headers, "dlq.offset": "twelve"})
    assert not check.is_valid({**headers, "dlq.reason": "bad_mood"})
    assert not check.is_valid({k: v for k, v in headers.items() if k != "dlq.reason"})
