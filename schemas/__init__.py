"""Wire contracts: one pydantic model per Kafka topic, and the JSON Schemas made from them."""

from .alert import Alert
from .article import Article, article_id
from .deadletter import DeadLetterHeaders
from .events import (
    EVENT_MODELS,
    EVENT_TYPES,
    BaseEvent,
    DiplomacyEvent,
    Event,
    GroundFightingEvent,
    HumanitarianEvent,
    InterceptionEvent,
    MilitaryAidEvent,
    Place,
    StrikeEvent,
    TerritorialChangeEvent,
)
from .extraction import Extraction
from .incident import Figure, Incident, Report

__all__ = [
    "Alert", "Article", "article_id", "DeadLetterHeaders", "EVENT_MODELS", "EVENT_TYPES",
    "BaseEvent", "DiplomacyEvent", "Event", "GroundFightingEvent", "HumanitarianEvent",
    "InterceptionEvent", "MilitaryAidEvent", "Place", "StrikeEvent", "TerritorialChangeEvent",
    "Extraction", "Figure", "Incident", "Report",
]
