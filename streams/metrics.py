"""Every Prometheus metric the service exports, in one module.

Pipeline metrics are plain counters and histograms updated by the agents. Domain gauges
(strikes, killed, injured by oblast and status) are *derived at scrape time* from the
merged-incident state by :class:`IncidentCollector`, so they can never drift from the
incidents: a re-delivered article cannot add to them.

Faust's own sensor (prefix ``faust_``) adds consumer offsets: lag is
``faust_topic_partition_end_offset - faust_topic_partition_offset_commited``.
"""

from __future__ import annotations

from typing import Callable, Iterable

from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

PREFIX = "streams"

#: Latency buckets in seconds, fine-grained under 50 ms where our target lies.
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

ARTICLES_IN = Counter(f"{PREFIX}_articles_in", "Articles consumed from the articles topic.")
ARTICLES_PROCESSED = Counter(f"{PREFIX}_articles_processed", "Articles decoded and extracted successfully.")
EVENTS_OUT = Counter(f"{PREFIX}_events_out", "Events published, by event type.", ["type"])
DLQ = Counter(f"{PREFIX}_dlq", "Messages sent to the dead-letter topic, by reason.", ["reason"])
INCIDENT_UPDATES = Counter(f"{PREFIX}_incident_updates", "New incident versions made (one superseded within its merge batch is not sent).")
ALERTS = Counter(f"{PREFIX}_alerts", "Alerts raised, by rule.", ["rule"])
ALERT_PUSH_FAILURES = Counter(f"{PREFIX}_alert_push_failures", "Alert pushes that failed after retries, by receiver.", ["receiver"])
PROCESSING_SECONDS = Histogram(
    f"{PREFIX}_processing_seconds", "Time to decode, extract and route one article.", buckets=LATENCY_BUCKETS
)
END_TO_END_SECONDS = Histogram(
    f"{PREFIX}_end_to_end_seconds",
    "From the article's Kafka timestamp to its events being handed to the producer.",
    buckets=LATENCY_BUCKETS,
)

CounterRows = Callable[[], Iterable[tuple[str, str, str, float]]]


class IncidentCollector(Collector):
    """Domain gauges computed from the incident state on every scrape.

    ``rows`` yields ``(metric, oblast, status, value)`` where metric is one of
    ``strikes``, ``killed``, ``injured``; status is ``confirmed`` or ``claimed``.
    """

    def __init__(self, rows: CounterRows) -> None:
        self._rows = rows

    def collect(self):
        families = {
            "strikes": GaugeMetricFamily(f"{PREFIX}_strikes", "Merged strike incidents, by oblast and status.", labels=["oblast", "status"]),
            "killed": GaugeMetricFamily(f"{PREFIX}_killed", "Killed (best estimate) over merged incidents, by oblast and status.", labels=["oblast", "status"]),
            "injured": GaugeMetricFamily(f"{PREFIX}_injured", "Injured (best estimate) over merged incidents, by oblast and status.", labels=["oblast", "status"]),
        }
        for metric, oblast, status, value in self._rows():
            families[metric].add_metric([oblast, status], value)
        yield from families.values()


_collector: IncidentCollector | None = None


def register_incident_collector(rows: CounterRows, registry: CollectorRegistry = REGISTRY) -> None:
    """Install the domain gauges once per process (a second call replaces the source)."""
    global _collector
    if _collector is not None:
        _collector._rows = rows
        return
    _collector = IncidentCollector(rows)
    registry.register(_collector)
