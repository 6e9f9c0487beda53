"""Typed events: what the extractor finds in an article, one Kafka topic per type.

Field names follow the gold labelling schema (``../shared/gold/README.md``) so that an
event can be scored against hand-labelled data without a translation layer. Every event
carries a deterministic ``event_id`` (article id + type + place + date + ordinal), so a
re-delivered article produces byte-identical ids that subscribers can deduplicate on.
"""

from __future__ import annotations

from datetime import date as Date
from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field

WeaponClass = Literal["missile", "drone", "air", "artillery", "rocket", "unknown"]
Target = Literal["residential", "energy", "infrastructure", "military", "commercial", "unknown"]
Status = Literal["confirmed", "claimed", "disputed"]
PlacePrecision = Literal["exact", "near", "oblast", "country", "unknown"]
DatePrecision = Literal["day", "week", "month", "unknown"]

EVENT_TYPES: tuple[str, ...] = (
    "strike",
    "ground_fighting",
    "territorial_change",
    "military_aid",
    "diplomacy",
    "interception",
    "humanitarian",
)


class Place(BaseModel):
    """Where an event happened, resolved against the gazetteer."""

    model_config = ConfigDict(frozen=True)

    location: str | None = Field(default=None, description="Town, city or village (canonical GeoNames spelling).")
    oblast: str | None = Field(default=None, description="First-level region (oblast, or Russian oblast/republic).")
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: PlacePrecision = "unknown"
    geonameid: int | None = None


class BaseEvent(BaseModel):
    """Fields every event has."""

    model_config = ConfigDict(extra="forbid")

    event_id: str = Field(description="Deterministic id: same article, same event, same id.")
    article_id: str
    source: str = "unknown"
    published: Date | None = None
    location: str | None = None
    oblast: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    place_precision: PlacePrecision = "unknown"
    date: Date | None = Field(default=None, description="Event date resolved from the publication date (Kyiv time).")
    date_precision: DatePrecision = "unknown"
    summary: str = Field(default="", max_length=500, description="The sentence the event was read from, shortened.")
    new: bool = Field(default=True, description="False: a reference to an earlier event, never counted as new.")

    def place(self) -> Place:
        return Place(
            location=self.location, oblast=self.oblast, country=self.country,
            lat=self.lat, lon=self.lon, precision=self.place_precision,
        )


class StrikeEvent(BaseEvent):
    """A missile, drone, air, artillery or rocket strike on a place, as one article reports it."""

    type: Literal["strike"] = "strike"
    weapon_class: WeaponClass = "unknown"
    weapon: str | None = Field(default=None, description="Named weapon: Iskander-K, Kh-101, Shahed, HIMARS...")
    target: Target = "unknown"
    killed: int | None = Field(default=None, ge=0)
    injured: int | None = Field(default=None, ge=0)
    missing: int | None = Field(default=None, ge=0)
    status: Status = "confirmed"
    claimed_by: str | None = None
    claimed_killed: int | None = Field(default=None, ge=0)
    claimed_injured: int | None = Field(default=None, ge=0)
    said_by: list[str] = Field(default_factory=list, description="Who gives the independent figures.")


class GroundFightingEvent(BaseEvent):
    type: Literal["ground_fighting"] = "ground_fighting"


class TerritorialChangeEvent(BaseEvent):
    type: Literal["territorial_change"] = "territorial_change"
    claimed_by: str | None = None
    status: Status = "claimed"


class MilitaryAidEvent(BaseEvent):
    type: Literal["military_aid"] = "military_aid"
    donor: str | None = None
    items: list[str] = Field(default_factory=list)
    quantity: int | None = Field(default=None, ge=0)
    value: float | None = Field(default=None, ge=0)
    currency: str | None = None


class DiplomacyEvent(BaseEvent):
    type: Literal["diplomacy"] = "diplomacy"
    actors: list[str] = Field(default_factory=list)


class InterceptionEvent(BaseEvent):
    """One wave of missiles/drones: launched and intercepted, kept apart from per-place strikes."""

    type: Literal["interception"] = "interception"
    weapon_class: WeaponClass = "unknown"
    weapon: str | None = None
    launched: int | None = Field(default=None, ge=0)
    intercepted: int | None = Field(default=None, ge=0)
    claimed_by: str | None = None


class HumanitarianEvent(BaseEvent):
    type: Literal["humanitarian"] = "humanitarian"
    kind: Literal["evacuation", "rescue", "outage", "aid", "other"] = "other"


Event = Annotated[
    Union[
        StrikeEvent,
        GroundFightingEvent,
        TerritorialChangeEvent,
        MilitaryAidEvent,
        DiplomacyEvent,
        InterceptionEvent,
        HumanitarianEvent,
    ],
    Field(discriminator="type"),
]

#: Event model by type name; the topic catalogue maps the same names to topics.
EVENT_MODELS: dict[str, type[BaseEvent]] = {
    "strike": StrikeEvent,
    "ground_fighting": GroundFightingEvent,
    "territorial_change": TerritorialChangeEvent,
    "military_aid": MilitaryAidEvent,
    "diplomacy": DiplomacyEvent,
    "interception": InterceptionEvent,
    "humanitarian": HumanitarianEvent,
}
