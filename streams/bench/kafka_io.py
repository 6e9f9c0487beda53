"""Small Kafka operations the benchmarks are made of: offsets, commits, timestamps, producing.

Measurements read what is *on the topics* (offsets and message timestamps) rather than
asking the worker, so timing a worker costs it nothing: no metrics scrape in the hot path.
"""

from __future__ import annotations

import asyncio
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Iterable, Iterator

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError
from aiokafka.structs import OffsetAndMetadata

from streams.codec import encode_article
from streams.kafka import aiokafka_options
from streams.settings import Settings

from .workload import generate

Offsets = dict[TopicPartition, int]
#: Articles per generation task: big enough to amortise the process hop, small enough to stream.
CHUNK = 500


def consumer(settings: Settings, **options) -> AIOKafkaConsumer:
    """A consumer without group or commits unless ``options`` say otherwise."""
    defaults = {"enable_auto_commit": False, "max_partition_fetch_bytes": max(4 * settings.max_message_bytes, 4_000_000),
                "fetch_max_bytes": max(8 * settings.max_message_bytes, 8_000_000)}
    return AIOKafkaConsumer(**aiokafka_options(settings, settings.bootstrap_servers), **{**defaults, **options})


def producer(settings: Settings, **options) -> AIOKafkaProducer:
    defaults = {"acks": "all", "linger_ms": 5, "max_request_size": max(4 * settings.max_message_bytes, 4_000_000)}
    return AIOKafkaProducer(**aiokafka_options(settings, settings.bootstrap_servers), **{**defaults, **options})


async def end_offsets(settings: Settings, topics: Iterable[str]) -> Offsets:
    """The next offset of every partition of ``topics`` (what a reader starting now would see first)."""
    client = consumer(settings)
    await client.start()
    try:
        tps = []
        for topic in topics:
            partitions = client.partitions_for_topic(topic)
            if partitions is None:
                await client._client.force_metadata_update()  # a topic created a moment ago
                partitions = client.partitions_for_topic(topic) or set()
            tps.extend(TopicPartition(topic, p) for p in sorted(partitions))
        return dict(await client.end_offsets(tps)) if tps else {}
    finally:
        await client.stop()


async def list_topics(settings: Settings) -> list[str]:
    admin = AIOKafkaAdminClient(**aiokafka_options(settings, settings.bootstrap_servers))
    await admin.start()
    try:
        return sorted(await admin.list_topics())
    finally:
        await admin.close()


def count_between(start: Offsets, end: Offsets) -> int:
    return sum(max(0, end[tp] - start.get(tp, 0)) for tp in end)


async def commit_group(settings: Settings, group: str, offsets: Offsets) -> None:
    """Set a consumer group's committed offsets before any member joins it.

    A fresh group would start at the earliest offset; committing the benchmark's own start
    makes it read exactly the benchmark's input, even on a broker that already holds data.
    """
    client = consumer(settings, group_id=group)
    await client.start()
    try:
        client.assign(list(offsets))
        await client.commit({tp: OffsetAndMetadata(offset, "") for tp, offset in offsets.items()})
    finally:
        await client.stop()


class GroupProgress:
    """How far a consumer group has committed past a start position (admin API; free for the worker)."""

    def __init__(self, settings: Settings, group: str, start: Offsets, end: Offsets) -> None:
        self.settings = settings
        self.admin = AIOKafkaAdminClient(**aiokafka_options(settings, settings.bootstrap_servers))
        self.group = group
        self.start = start
        self.end = end  # what lies beyond (later input) does not count

    async def __aenter__(self) -> GroupProgress:
        await self.admin.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.admin.close()

    async def consumed(self) -> int:
        committed = await self.admin.list_consumer_group_offsets(self.group, partitions=list(self.start))
        return sum(max(0, min(meta.offset, self.end[tp]) - self.start[tp]) for tp, meta in committed.items()
                   if tp in self.start and meta.offset >= 0)

    async def unmerged(self, names: Iterable[str]) -> int:
        """Messages on ``names`` the group has not committed yet (its consumer lag)."""
        end = await end_offsets(self.settings, names)
        committed = await self.admin.list_consumer_group_offsets(self.group, partitions=list(end))
        return sum(max(0, offset - max(0, committed[tp].offset if tp in committed else 0))
                   for tp, offset in end.items())


async def first_last_timestamps(settings: Settings, start: Offsets, end: Offsets) -> tuple[int, int] | None:
    """Earliest and latest message timestamp (ms) in ``[start, end)`` over all partitions.

    Per partition the first and the last message are enough: a producer's timestamps only
    grow within a partition. Two reads each, however many messages lie between.
    """
    ranges = {tp: (start.get(tp, 0), end[tp]) for tp in end if end[tp] > start.get(tp, 0)}
    if not ranges:
        return None
    client = consumer(settings, max_partition_fetch_bytes=1_048_576)
    await client.start()
    try:
        firsts, lasts = [], []
        for tp, (lo, hi) in ranges.items():
            client.assign([tp])
            for offset, into in ((lo, firsts), (hi - 1, lasts)):
                client.seek(tp, offset)
                record = None
                while record is None:
                    batch = await client.getmany(tp, timeout_ms=2_000, max_records=1)
                    record = next(iter(batch.get(tp, [])), None)
                into.append(record.timestamp)
        return min(firsts), max(lasts)
    finally:
        await client.stop()


async def ensure_topic(settings: Settings, name: str) -> bool:
    """Create ``name`` with the service's partition count; False if it existed."""
    admin = AIOKafkaAdminClient(**aiokafka_options(settings, settings.bootstrap_servers))
    await admin.start()
    try:
        if name in await admin.list_topics():
            return False
        await admin.create_topics([NewTopic(name, settings.topic_partitions, settings.topic_replicas)])
        return True
    except TopicAlreadyExistsError:
        return False
    finally:
        await admin.close()


async def delete_topic(settings: Settings, name: str) -> None:
    admin = AIOKafkaAdminClient(**aiokafka_options(settings, settings.bootstrap_servers))
    await admin.start()
    try:
        await admin.delete_topics([name])
    finally:
        await admin.close()


# --- the workload, encoded -------------------------------------------------------------


def encode_chunk(seed: int, start: int, count: int) -> list[tuple[bytes, bytes]]:
    """``(key, value)`` messages of articles ``start .. start+count-1`` (runs in a pool process)."""
    return [(a.id.encode(), encode_article(a)) for a in generate(count, seed, start=start)]


def encoded_workload(n: int, seed: int, *, processes: int | None = None) -> Iterator[list[tuple[bytes, bytes]]]:
    """The workload as chunks of messages, generated on every core (generation is ~1 ms an article)."""
    chunks = [(seed, start, min(CHUNK, n - start)) for start in range(0, n, CHUNK)]
    workers = max(1, min(processes or os.cpu_count() or 1, len(chunks)))
    if workers == 1:
        for chunk in chunks:
            yield encode_chunk(*chunk)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(encode_chunk, *zip(*chunks))


@dataclass(frozen=True)
class Produced:
    messages: int
    bytes: int
    seconds: float


async def produce(settings: Settings, topic: str, chunks: Iterator[list[tuple[bytes, bytes]]]) -> Produced:
    """Send chunks of messages as fast as the broker takes them; returns when all are acknowledged.

    The next chunk is awaited in a thread, so sending overlaps generating.
    """
    loop = asyncio.get_running_loop()
    client = producer(settings, linger_ms=20)
    await client.start()
    count = size = 0
    started = loop.time()
    try:
        pending: list[asyncio.Future] = []
        while (chunk := await asyncio.to_thread(next, chunks, None)) is not None:
            for key, value in chunk:
                pending.append(await client.send(topic, value, key=key))
                count += 1
                size += len(value)
            if len(pending) >= 2_000:
                await asyncio.gather(*pending)
                pending.clear()
        await asyncio.gather(*pending)
    finally:
        await client.stop()
    return Produced(count, size, loop.time() - started)
