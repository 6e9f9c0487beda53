"""``python -m streams schemas``: one JSON Schema per topic, made from the pydantic models.

Subscribers in other languages cannot import our models; they get ``schemas/json/<topic>
.schema.json`` instead, and the AsyncAPI document points at the same files. The files are
generated, never edited: a test fails when they are stale, so the models stay the single
source of truth.

Input topics are described as the worker *accepts* them (pydantic's validation mode: what a
producer may leave out); output topics as the worker *writes* them (serialization mode).
The dead-letter topic keeps the original bytes as its value, so its schema describes the
``dlq.*`` headers instead, as the UTF-8 strings they are on the wire.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel

import schemas
from streams import topics
from streams.topics import TopicSpec

JSON_DIR = Path(__file__).resolve().parent / "json"
SUFFIX = ".schema.json"
JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

#: Topics the worker reads from producers it does not control.
INPUT_TOPICS = frozenset({topics.ARTICLES.name})


def model_for(spec: TopicSpec) -> type[BaseModel]:
    """The pydantic model a topic's value (or, for the DLQ, its headers) follows."""
    model = getattr(schemas, spec.value, None)
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        raise LookupError(f"topic {spec.name!r} names {spec.value!r}, which is not a model exported by schemas")
    return model


def schema_for(spec: TopicSpec) -> dict:
    """The JSON Schema of one topic, with where it comes from written into it."""
    mode: Literal["validation", "serialization"] = "validation" if spec.name in INPUT_TOPICS else "serialization"
    model = model_for(spec)
    schema = model.model_json_schema(by_alias=True, mode=mode)
    what = "headers" if spec is topics.DLQ else "value"
    if what == "headers":
        schema = _as_header_strings(schema)
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "$comment": f"Generated from schemas.{model.__name__} by `python -m streams schemas`; do not edit.",
        "x-topic": spec.name,
        "x-describes": what,
        "x-key": spec.key,
        **schema,
    }


def _as_header_strings(schema: dict) -> dict:
    """Kafka headers are bytes: integers travel as decimal UTF-8 strings, so say so."""
    properties = {}
    for name, prop in schema["properties"].items():
        if prop.get("type") == "integer":
            prop = {**prop, "type": "string", "pattern": "^-?[0-9]+$",
                    "description": "Decimal integer, as a UTF-8 string."}
        properties[name] = prop
    return {**schema, "properties": properties}


def generate() -> dict[str, dict]:
    """Every topic's schema, by topic name."""
    return {spec.name: schema_for(spec) for spec in topics.ALL}


def render(schema: dict) -> str:
    """Stable text: sorted keys, two-space indent, trailing newline (clean diffs)."""
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def path_for(topic: str, directory: Path = JSON_DIR) -> Path:
    return directory / f"{topic}{SUFFIX}"


def stale(directory: Path = JSON_DIR) -> list[str]:
    """File names in ``directory`` that differ from what :func:`generate` makes, are missing or orphaned."""
    expected = {path_for(t, directory).name: render(s) for t, s in generate().items()}
    present = {p.name for p in directory.glob(f"*{SUFFIX}")} if directory.is_dir() else set()
    wrong = [
        name for name, text in expected.items()
        if name not in present or (directory / name).read_text(encoding="utf-8") != text
    ]
    return sorted(wrong + sorted(present - expected.keys()))


def write(directory: Path = JSON_DIR) -> list[Path]:
    """Write every schema and remove files of topics that no longer exist; return the files written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    schemas_by_topic = generate()
    for topic, schema in schemas_by_topic.items():
        path = path_for(topic, directory)
        text = render(schema)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written.append(path)
    keep = {path_for(t, directory).name for t in schemas_by_topic}
    for orphan in directory.glob(f"*{SUFFIX}"):
        if orphan.name not in keep:
            orphan.unlink()
    return written


def cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog=f"python -m streams {argv[0]}", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=JSON_DIR, help="Directory to write (default: schemas/json).")
    parser.add_argument("--check", action="store_true", help="Write nothing; exit 1 when the files are stale.")
    args = parser.parse_args(argv[1:])
    if args.check:
        bad = stale(args.out)
        for name in bad:
            print(f"stale: {args.out / name}")
        return 1 if bad else 0
    written = write(args.out)
    print(f"{len(written)} schema file(s) updated in {args.out} ({len(topics.ALL)} topics)")
    return 0
