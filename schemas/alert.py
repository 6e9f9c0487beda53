"""Alerts: what the ``alerts`` topic carries (key: ``alert_id``) and what receivers get.

``alert_id`` is deterministic (rule + incident + the figure that fired it), so a repeated
mention produces the same id and never re-alerts.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field


class Alert(BaseModel):
    alert_id: str
    rule: str = Field(description="Name of the rule that fired, e.g. mass_casualty.")
    severity: Literal["info", "warning", "critical"] = "warning"
    incident_id: str | None = None
    oblast: str | None = None
    location: str | None = None
    summary: str
    labels: dict[str, str] = Field(default_factory=dict)
    annotations: dict[str, str] = Field(default_factory=dict)
    starts_at: datetime
