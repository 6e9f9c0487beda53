"""Alerting: pure rules turn incident versions into alerts; receivers deliver them.

``rules`` decides (no I/O, deterministic ids); ``receivers`` delivers (Alertmanager API v2,
generic webhook) from a background fan-out that never blocks the stream.

The receivers are imported on first use: they bring aiohttp and the metrics, which the
extraction process (it only needs ``rules.counts_toward_surge``) should not load.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .rules import RULES, AlertRules, SurgeWindow, alert_id, counts_toward_surge, incident_alerts

if TYPE_CHECKING:
    from .receivers import AlertDispatcher, AlertmanagerReceiver, WebhookReceiver

_RECEIVERS = frozenset({"AlertDispatcher", "AlertmanagerReceiver", "WebhookReceiver"})


def __getattr__(name: str) -> Any:
    if name in _RECEIVERS:
        from . import receivers

        return getattr(receivers, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [
    "RULES",
    "AlertDispatcher",
    "AlertRules",
    "AlertmanagerReceiver",
    "SurgeWindow",
    "WebhookReceiver",
    "alert_id",
    "counts_toward_surge",
    "incident_alerts",
]
