"""The extraction core's output for one article."""

from __future__ import annotations

from pydantic import BaseModel, Field

from .events import Event, StrikeEvent


class Extraction(BaseModel):
    """Everything read from one article: strike incidents apart from the other events.

    ``incidents`` are already merged within the article (one per place, day and kind of
    attack); merging across articles happens in the stream.
    """

    article_id: str
    incidents: list[StrikeEvent] = Field(default_factory=list)
    other_events: list[Event] = Field(default_factory=list)

    def events(self) -> list:
        return [*self.incidents, *self.other_events]
