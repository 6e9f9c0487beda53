"""Reading topics from the outside, as a subscriber would: for the CLI, the main job and tests."""

from __future__ import annotations

import asyncio
import time
from typing import AsyncIterator

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.structs import ConsumerRecord

from .kafka import aiokafka_options
from .settings import Settings


async def read_topic(settings: Settings, bootstrap: str, topic: str, *, follow: bool = False,
                     from_beginning: bool = True, timeout: float = 10.0, group: str | None = None
                     ) -> AsyncIterator[ConsumerRecord]:
    """Records of ``topic``: up to its current end (``follow=False``) or live until ``timeout``.

    Without a group the consumer assigns every partition itself and commits nothing.
    """
    consumer = AIOKafkaConsumer(
        **aiokafka_options(settings, bootstrap), group_id=group, enable_auto_commit=False,
        auto_offset_reset="earliest" if from_beginning else "latest",
        max_partition_fetch_bytes=max(4 * settings.max_message_bytes, 4_000_000),
        fetch_max_bytes=max(8 * settings.max_message_bytes, 8_000_000),
    )
    await consumer.start()
    try:
        partitions = None
        deadline = time.monotonic() + timeout
        while partitions is None and time.monotonic() < deadline:
            partitions = consumer.partitions_for_topic(topic)
            if partitions is None:
                await consumer._client.force_metadata_update()  # topic may be new
                partitions = consumer.partitions_for_topic(topic)
                if partitions is None:
                    await asyncio.sleep(0.2)
        if not partitions:
            return
        tps = [TopicPartition(topic, p) for p in sorted(partitions)]
        consumer.assign(tps)
        if from_beginning and group is None:
            await consumer.seek_to_beginning(*tps)
        elif group is None:
            await consumer.seek_to_end(*tps)
        ends = await consumer.end_offsets(tps) if not follow else {}
        remaining = {tp for tp in tps if not follow and ends[tp] > await consumer.position(tp)}
        while follow or remaining:
            if time.monotonic() > deadline:
                return
            batch = await consumer.getmany(timeout_ms=200, max_records=1000)
            for tp, records in batch.items():
                for record in records:
                    if not follow and record.offset >= ends[tp]:
                        remaining.discard(tp)
                        continue
                    yield record
                    if not follow and record.offset + 1 >= ends[tp]:
                        remaining.discard(tp)
            if not follow:
                for tp in list(remaining):
                    if await consumer.position(tp) >= ends[tp]:
                        remaining.discard(tp)
    finally:
        await consumer.stop()


async def read_all(settings: Settings, bootstrap: str, topic: str, timeout: float = 30.0) -> list[ConsumerRecord]:
    return [record async for record in read_topic(settings, bootstrap, topic, timeout=timeout)]
