"""Decoding article messages, and the reasons a message is dead-lettered.

Faust's test contexts skip value decoding, so the worker consumes raw bytes and decodes
here, where it can be tested directly: every failure becomes a :class:`Rejected` with a
reason from :data:`schemas.deadletter.Reason`, never an exception in the agent.
"""

from __future__ import annotations

from dataclasses import dataclass

import orjson
from pydantic import ValidationError

from schemas import Article
from schemas.deadletter import Reason

_MAX_ERROR_CHARS = 500


@dataclass(frozen=True, slots=True)
class Rejected:
    reason: Reason
    error: str


def _shorten(text: str) -> str:
    return text if len(text) <= _MAX_ERROR_CHARS else text[: _MAX_ERROR_CHARS - 1] + "…"


def _validation_summary(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors(include_url=False, include_input=False)[:5]:
        where = ".".join(str(p) for p in err["loc"]) or "message"
        parts.append(f"{where}: {err['msg']}")
    return "; ".join(parts)


def decode_article(value: bytes | None, max_bytes: int) -> Article | Rejected:
    """Bytes from the articles topic to an Article, or the reason it cannot be one."""
    if value is None or len(value) == 0:
        return Rejected("schema", "empty message (no value)")
    if len(value) > max_bytes:
        return Rejected("too_large", f"message is {len(value)} bytes, limit is {max_bytes}")
    try:
        value.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Rejected("not_utf8", _shorten(f"invalid UTF-8 at byte {exc.start}: {exc.reason}"))
    try:
        data = orjson.loads(value)
    except orjson.JSONDecodeError as exc:
        return Rejected("not_json", _shorten(str(exc)))
    if not isinstance(data, dict):
        return Rejected("schema", f"expected a JSON object, got {type(data).__name__}")
    try:
        return Article.model_validate(data)
    except ValidationError as exc:
        return Rejected("schema", _shorten(_validation_summary(exc)))
    except (ValueError, TypeError, RecursionError) as exc:  # odd inputs pydantic does not wrap
        return Rejected("schema", _shorten(f"{type(exc).__name__}: {exc}"))


def encode_article(article: Article) -> bytes:
    return article.model_dump_json().encode()
