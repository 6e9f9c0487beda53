"""Merged strike incidents: what the ``incidents`` topic carries (key: ``incident_id``, compacted).

An incident gathers every report of one strike (same place, same day, same kind of attack)
from every article. Reports are keyed by article id, so re-reading an article replaces its
report instead of adding one: the figures are a pure function of the set of reports.
Each change is published as a new ``version``; a compacted topic keeps the latest.
"""

from __future__ import annotations

from datetime import date as Date, datetime

from pydantic import BaseModel, Field

from .events import PlacePrecision, Status, Target, WeaponClass


class Report(BaseModel):
    """One article's account of the incident."""

    article_id: str
    event_id: str
    source: str = "unknown"
    published: Date | None = None
    ingested_at: datetime | None = None
    killed: int | None = None
    injured: int | None = None
    missing: int | None = None
    status: Status = "confirmed"
    claimed_by: str | None = None
    claimed_killed: int | None = None
    claimed_injured: int | None = None
    weapon: str | None = None
    new: bool = True


class Figure(BaseModel):
    """UCDP-style estimate from confirmed reports: low, best (most recent), high."""

    low: int | None = None
    best: int | None = None
    high: int | None = None


class Incident(BaseModel):
    incident_id: str = Field(description="Deterministic: hash of place, date and kind of attack.")
    version: int = Field(default=1, ge=1, description="Raised on every change of the incident.")
    location: str | None = None
    oblast: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    place_precision: PlacePrecision = "unknown"
    date: Date | None = None
    weapon_class: WeaponClass = "unknown"
    weapon: str | None = None
    target: Target = "unknown"
    status: Status = "confirmed"
    killed: Figure = Field(default_factory=Figure)
    injured: Figure = Field(default_factory=Figure)
    missing: Figure = Field(default_factory=Figure)
    claimed_killed: int | None = None
    claimed_injured: int | None = None
    claimed_by: str | None = None
    new: bool = Field(default=True, description="False when every report refers back to an earlier strike.")
    reports: list[Report] = Field(default_factory=list)
    updated_at: datetime | None = None
