"""``python -m streams dlq list|replay``: look at dead letters, and send them back once fixed.

``list`` reads the whole dead-letter topic without committing anything. ``replay``
re-publishes the original bytes to the articles topic; it reads with its own consumer
group and commits, so each dead letter is replayed once, not on every call.
"""

from __future__ import annotations

import argparse
import asyncio
import sys

from schemas.deadletter import HEADER_ERROR, HEADER_OFFSET, HEADER_PARTITION, HEADER_REASON, HEADER_TOPIC

from . import topics
from .settings import Settings, get_settings

REPLAY_GROUP = "streams-dlq-replay"


def _headers(record) -> dict[str, str]:
    return {k: v.decode("utf-8", "replace") for k, v in (record.headers or ())}


def describe(record) -> str:
    h = _headers(record)
    preview = record.value[:80].decode("utf-8", "replace").replace("\n", " ") if record.value else ""
    return (f"{record.partition}:{record.offset}  {h.get(HEADER_REASON, '?'):<16} "
            f"from {h.get(HEADER_TOPIC, '?')}[{h.get(HEADER_PARTITION, '?')}]@{h.get(HEADER_OFFSET, '?')}  "
            f"{len(record.value or b'')} bytes  {h.get(HEADER_ERROR, '')[:120]!r}  {preview!r}")


async def list_dead_letters(settings: Settings, bootstrap: str, reason: str | None, limit: int) -> int:
    from .consume import read_topic

    shown = 0
    async for record in read_topic(settings, bootstrap, topics.DLQ.name, timeout=60.0):
        if reason and _headers(record).get(HEADER_REASON) != reason:
            continue
        print(describe(record))
        shown += 1
        if shown >= limit:
            break
    print(f"{shown} dead letter(s)", file=sys.stderr)
    return shown


async def replay_dead_letters(settings: Settings, bootstrap: str, reason: str | None, dry_run: bool) -> int:
    """Re-publish the letters not replayed before, up to where the topic ended when called.

    The end is fixed at the start: a letter that is still bad comes straight back as a
    fresh dead letter while this runs, and is left for the next call instead of being
    replayed round and round. Partitions are assigned by hand (nothing to wait for: no
    group join), and the group's offsets are committed once a batch was acknowledged.
    """
    from aiokafka import AIOKafkaConsumer, TopicPartition

    from .kafka import aiokafka_options
    from .producer import make_producer

    consumer = AIOKafkaConsumer(**aiokafka_options(settings, bootstrap), group_id=REPLAY_GROUP,
                                enable_auto_commit=False, auto_offset_reset="earliest",
                                max_partition_fetch_bytes=max(4 * settings.max_message_bytes, 4_000_000))
    producer = make_producer(settings, bootstrap)
    await consumer.start()
    await producer.start()
    replayed = 0
    try:
        await consumer._client.force_metadata_update()
        tps = [TopicPartition(topics.DLQ.name, p) for p in sorted(consumer.partitions_for_topic(topics.DLQ.name) or ())]
        if tps:  # no topic yet: nothing was ever dead-lettered
            consumer.assign(tps)
        ends = await consumer.end_offsets(tps) if tps else {}
        for tp in tps:
            done = await consumer.committed(tp)
            if done is None:
                await consumer.seek_to_beginning(tp)
            else:
                consumer.seek(tp, done)
        todo = {tp for tp in tps if await consumer.position(tp) < ends[tp]}
        while todo:
            batch = await consumer.getmany(*todo, timeout_ms=1_000, max_records=500)
            acks, upto = [], {}
            for tp, records in batch.items():
                for record in records:
                    if record.offset >= ends[tp]:
                        break
                    upto[tp] = record.offset + 1
                    if reason and _headers(record).get(HEADER_REASON) != reason:
                        continue
                    print(("would replay " if dry_run else "replaying ") + describe(record))
                    if not dry_run:
                        acks.append(await producer.send(topics.ARTICLES.name, record.value, key=record.key))
                    replayed += 1
            await asyncio.gather(*acks)
            if upto and not dry_run:
                await consumer.commit(upto)
            todo = {tp for tp in todo if upto.get(tp, await consumer.position(tp)) < ends[tp]}
    finally:
        await producer.stop()
        await consumer.stop()
    print(f"{replayed} dead letter(s) {'to replay' if dry_run else 'replayed'}", file=sys.stderr)
    return replayed


def cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m streams dlq", description=__doc__)
    parser.add_argument("action", choices=["list", "replay"])
    parser.add_argument("--reason", help="only this reason (not_utf8, not_json, schema, too_large, extraction_error)")
    parser.add_argument("--limit", type=int, default=100, help="list at most N")
    parser.add_argument("--dry-run", action="store_true", help="replay: show what would be sent")
    args = parser.parse_args(argv[1:])
    settings = get_settings()
    from .broker import resolve_bootstrap

    bootstrap = resolve_bootstrap(settings)
    if args.action == "list":
        asyncio.run(list_dead_letters(settings, bootstrap, args.reason, args.limit))
    else:
        asyncio.run(replay_dead_letters(settings, bootstrap, args.reason, args.dry_run))
    return 0
