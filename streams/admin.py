"""Creating the topic catalogue on the cluster, with the partition counts the tables need.

Faust creates its own changelog topics; every topic of :mod:`streams.topics` is created
here first, so that a table's partition count always equals its source topic's, and
``incidents`` is compacted from its first message.
"""

from __future__ import annotations

import asyncio
import logging

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

from . import topics
from .kafka import aiokafka_options
from .settings import Settings

log = logging.getLogger(__name__)


def _config(spec: topics.TopicSpec, settings: Settings) -> dict[str, str]:
    config = {"max.message.bytes": str(max(4 * settings.max_message_bytes, 4_000_000))}
    if spec.compacted:
        config.update({"cleanup.policy": "compact", "min.cleanable.dirty.ratio": "0.1", "segment.ms": "600000"})
    return config


async def ensure_topics(settings: Settings, bootstrap: str, retries: int = 30) -> list[str]:
    """Create missing topics; returns the names created. Retries while the cluster starts."""
    delay = 0.5
    for attempt in range(1, retries + 1):
        admin = AIOKafkaAdminClient(**aiokafka_options(settings, bootstrap), request_timeout_ms=10_000)
        try:
            await admin.start()
            existing = set(await admin.list_topics())
            missing = [spec for spec in topics.ALL if spec.name not in existing]
            created = []
            for spec in missing:  # one by one: a topic created by a racing worker is not an error
                try:
                    await admin.create_topics([NewTopic(spec.name, settings.topic_partitions, settings.topic_replicas,
                                                        topic_configs=_config(spec, settings))])
                    created.append(spec.name)
                except TopicAlreadyExistsError:
                    pass
            return created
        except TopicAlreadyExistsError:
            return []
        except Exception as exc:  # noqa: BLE001 - connection errors while the broker starts
            if attempt == retries:
                raise ConnectionError(f"cannot reach Kafka at {bootstrap}: {exc}") from exc
            log.warning("Kafka at %s not reachable (%s); retrying in %.1fs", bootstrap, exc, delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 5.0)
        finally:
            await admin.close()
    return []
