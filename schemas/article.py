"""The article document: what producers publish on the ``articles`` topic.

An article is the unit of input. Its ``id`` is stable: when the producer does not give
one, it is a hash of the source and the text, so publishing the same article twice
yields the same id and every downstream id (reports, events, incidents) stays the same.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timezone

from pydantic import BaseModel, ConfigDict, Field, model_validator

#: Bounds that keep one hostile message from costing more than a few milliseconds.
MAX_TITLE_CHARS = 2_000
MAX_BODY_CHARS = 1_000_000


def article_id(source: str, title: str, body: str) -> str:
    """Stable id of an article: sha256 of source and text, 16 hex characters."""
    digest = hashlib.sha256()
    for part in (source, title, body):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\x00")
    return digest.hexdigest()[:16]


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Article(BaseModel):
    """One news article, as published on the ``articles`` topic (key: ``id``)."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=False)

    id: str = Field(default="", max_length=200, description="Stable article id; derived from source and text when empty.")
    source: str = Field(default="unknown", max_length=500, description="Outlet or feed name.")
    url: str | None = Field(default=None, max_length=4_000)
    published: date | None = Field(default=None, description="Publication date (Kyiv time); null when unknown.")
    title: str = Field(default="", max_length=MAX_TITLE_CHARS)
    body: str = Field(max_length=MAX_BODY_CHARS)
    language: str = Field(default="en", max_length=16)
    ingested_at: datetime = Field(default_factory=_utcnow, description="When the producer read the article (UTC).")

    @model_validator(mode="after")
    def _fill_id(self) -> "Article":
        if not self.id:
            self.id = article_id(self.source, self.title, self.body)
        return self

    @property
    def text(self) -> str:
        """Title and body as one text, the way the extractor reads it."""
        return f"{self.title}\n\n{self.body}" if self.title else self.body
