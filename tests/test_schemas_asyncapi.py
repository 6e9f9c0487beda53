"""schemas/asyncapi.yaml: valid for the official AsyncAPI parser, and true to the code.

The parser (npm ``@asyncapi/parser``, pinned in deploy/asyncapi) checks the document
against the AsyncAPI 3 specification and resolves its $refs to the generated JSON Schemas.
The Python tests check what the parser cannot know: every topic of the catalogue is
documented, with the key, headers and payload the worker really uses.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from schemas import deadletter
from schemas import generate as gen
from streams import topics

from promtools import require_tool

ROOT = Path(__file__).resolve().parent.parent
DOC_PATH = ROOT / "schemas" / "asyncapi.yaml"
TOOL_DIR = ROOT / "deploy" / "asyncapi"
VALIDATE = TOOL_DIR / "validate.mjs"

DOC = yaml.safe_load(DOC_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def node() -> str:
    """Node with the pinned parser installed (``npm ci`` on first use; quiet, cache first)."""
    node = require_tool("node", "Node.js 18+")
    if not (TOOL_DIR / "node_modules" / "@asyncapi" / "parser" / "package.json").exists():
        npm = require_tool("npm", "Node.js 18+")
        done = subprocess.run(
            [npm, "ci", "--prefix", str(TOOL_DIR), "--prefer-offline", "--no-audit", "--no-fund",
             "--ignore-scripts", "--loglevel=error"],
            capture_output=True, text=True, timeout=600,
        )
        assert done.returncode == 0, f"npm ci failed:\n{done.stdout}\n{done.stderr}"
    return node


def run_parser(node: str, document: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([node, str(VALIDATE), str(document)], capture_output=True, text=True, timeout=120)


def lookup(ref: str) -> dict:
    """Follow a local ``#/...`` reference (external files stay references)."""
    node = DOC
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    return follow(node)


def follow(node):
    return lookup(node["$ref"]) if isinstance(node, dict) and str(node.get("$ref", "")).startswith("#/") else node


def channel_for(topic: str) -> dict:
    matches = [c for c in DOC["channels"].values() if c["address"] == topic]
    assert len(matches) == 1, f"topic {topic!r} must be documented by exactly one channel"
    return matches[0]


def messages_of(topic: str) -> list[dict]:
    return [follow(m) for m in channel_for(topic)["messages"].values()]


def header_names(message: dict) -> set[str]:
    headers = message.get("headers")
    if headers is None:
        return set()
    ref = headers.get("$ref", "")
    if ref.startswith("./json/"):  # a generated JSON Schema file
        return set(yaml.safe_load((DOC_PATH.parent / ref).read_text())["properties"])
    return set(follow(headers)["properties"])


# --- the official parser ---------------------------------------------------------------


def test_official_parser_accepts_the_document(node):
    done = run_parser(node, DOC_PATH)
    assert done.returncode == 0, f"AsyncAPI parser diagnostics:\n{done.stdout}\n{done.stderr}"
    assert "VALID" in done.stdout and "AsyncAPI 3.0.0" in done.stdout


def test_official_parser_rejects_a_broken_document(node, tmp_path):
    """The validator is not a rubber stamp: a dangling $ref and a foreign message both fail."""
    shutil.copytree(DOC_PATH.parent / "json", tmp_path / "json")
    broken = tmp_path / "asyncapi.yaml"
    broken.write_text(DOC_PATH.read_text(encoding="utf-8")
                      .replace("./json/alerts.schema.json", "./json/no-such.schema.json")
                      .replace("$ref: '#/channels/alerts/messages/alert'", "$ref: '#/channels/incidents/messages/incident'"))
    done = run_parser(node, broken)
    assert done.returncode == 1, done.stdout
    assert "INVALID" in done.stdout and "2 error(s)" in done.stdout
    assert "error invalid-ref" in done.stdout and "does not belong to the specified channel" in done.stdout


# --- true to the code ---------------------------------------------------------------------


def test_document_is_asyncapi_3():
    assert DOC["asyncapi"] == "3.0.0"


def test_every_topic_is_a_channel_and_every_channel_a_topic():
    addresses = [c["address"] for c in DOC["channels"].values()]
    assert sorted(addresses) == sorted(spec.name for spec in topics.ALL), (
        "schemas/asyncapi.yaml and streams/topics.py disagree: document every topic (and only those)"
    )


@pytest.mark.parametrize("spec", topics.ALL, ids=lambda s: s.name)
def test_each_channel_uses_its_generated_schema(spec):
    message = messages_of(spec.name)
    assert len(message) == 1
    part = message[0]["headers"] if spec is topics.DLQ else message[0]["payload"]
    assert part == {"$ref": f"./json/{gen.path_for(spec.name).name}"}


@pytest.mark.parametrize("spec", topics.ALL, ids=lambda s: s.name)
def test_each_channel_documents_its_key_and_cleanup_policy(spec):
    channel = channel_for(spec.name)
    binding = channel["bindings"]["kafka"]
    expected = "compact" if spec.compacted else "delete"
    assert binding["topicConfiguration"]["cleanup.policy"] == [expected]
    for message in messages_of(spec.name):
        key = follow(message["bindings"]["kafka"]["key"])
        assert key["type"] == "string" and key["description"]


@pytest.mark.parametrize("spec", topics.EVENT_TOPICS.values(), ids=lambda s: s.name)
def test_event_messages_carry_the_event_id_header(spec):
    for message in messages_of(spec.name):
        assert topics.HEADER_EVENT_ID in header_names(message)


def test_incident_and_dead_letter_headers_match_the_code():
    assert header_names(messages_of(topics.INCIDENTS.name)[0]) == {topics.HEADER_INCIDENT_VERSION}
    dlq_headers = {value for name, value in vars(deadletter).items() if name.startswith("HEADER_")}
    assert header_names(messages_of(topics.DLQ.name)[0]) == dlq_headers


def test_every_header_constant_of_the_code_is_documented():
    documented = set().union(*(header_names(follow(m)) for m in DOC["components"]["messages"].values()))
    in_code = {value for name, value in vars(topics).items() if name.startswith("HEADER_")}
    in_code |= {value for name, value in vars(deadletter).items() if name.startswith("HEADER_")}
    assert in_code <= documented


def test_internal_topics_are_tagged_internal():
    for spec in topics.ALL:
        tags = {t["name"] for t in channel_for(spec.name).get("tags", [])}
        assert ("internal" in tags) == spec.internal, spec.name


def test_operations_match_the_worker():
    """The worker reads articles and writes every non-input topic; internal topics both ways."""
    actions: dict[str, set[str]] = {}
    for op in DOC["operations"].values():
        actions.setdefault(follow(op["channel"])["address"], set()).add(op["action"])
    assert actions[topics.ARTICLES.name] == {"receive"}
    for spec in topics.ALL:
        if spec is topics.ARTICLES:
            continue
        expected = {"send", "receive"} if spec.internal else {"send"}
        assert actions.get(spec.name) == expected, spec.name
