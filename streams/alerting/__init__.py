"""Alerting: pure rules turn incident versions into alerts; receivers deliver them.

``rules`` decides (no I/O, deterministic ids); ``receivers`` delivers (Alertmanager API v2,
generic webhook) from a background fan-out that never blocks the stream.
"""

from .receivers import AlertDispatcher, AlertmanagerReceiver, WebhookReceiver
from .rules import RULES, AlertRules, SurgeWindow, alert_id, counts_toward_surge, incident_alerts

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
