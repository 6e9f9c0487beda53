"""Article-to-event latency at a fixed rate, as a subscriber sees it.

Each article is produced with an explicit timestamp (its Kafka CreateTime); a consumer
assigned to every event topic notes the wall-clock arrival of each event and matches it
to its article by ``article_id``. The figure is measured outside the worker, so it
includes the broker round trips and the consumer's fetch, not only the worker's work.
"""

from __future__ import annotations

import asyncio
import math
import time
from dataclasses import dataclass

import orjson

from streams import topics
from streams.settings import Settings

from .kafka_io import consumer as make_consumer, encode_chunk, end_offsets, producer
from .stream import EVENT_TOPICS


@dataclass(frozen=True)
class LatencyResult:
    articles: int
    rate: float
    samples_ms: list[float]  # one per event, sorted
    articles_with_events: int
    complete: bool = True  # False: events were still arriving when the wait ended (a backlog)

    def percentile(self, p: float) -> float:
        """Nearest-rank percentile (p in 0..100); 0 when nothing arrived."""
        if not self.samples_ms:
            return 0.0
        rank = max(1, min(len(self.samples_ms), math.ceil(p / 100 * len(self.samples_ms))))
        return self.samples_ms[rank - 1]


async def measure_latency(settings: Settings, *, rate: float, seconds: float, seed: int,
                          drain_s: float = 3.0, max_wait_s: float = 30.0) -> LatencyResult:
    """Produce ``rate * seconds`` fresh articles at ``rate``/s; time each event's arrival.

    After the last article, waits until no event came for ``drain_s``, at most
    ``max_wait_s``: a worker slower than ``rate`` builds a backlog, and the figures then
    cover only the events that arrived (``complete`` is False).
    """
    messages = encode_chunk(seed, 0, max(1, int(rate * seconds)))
    sent_ms: dict[str, int] = {}
    samples: list[float] = []
    seen_articles: set[str] = set()

    consumer = make_consumer(settings, fetch_max_wait_ms=100)
    await consumer.start()
    client = producer(settings, linger_ms=0, acks=1)
    await client.start()
    last_arrival = time.monotonic()
    try:
        # Start at today's end offsets, resolved before the first article is sent.
        ends = await end_offsets(settings, EVENT_TOPICS)
        consumer.assign(list(ends))
        for tp, offset in ends.items():
            consumer.seek(tp, offset)

        async def collect() -> None:
            nonlocal last_arrival
            while True:
                batch = await consumer.getmany(timeout_ms=100)
                now_ms = time.time() * 1000.0
                for records in batch.values():
                    for record in records:
                        article_id = orjson.loads(record.value).get("article_id")
                        sent = sent_ms.get(article_id)
                        if sent is not None:
                            samples.append(now_ms - sent)
                            seen_articles.add(article_id)
                            last_arrival = time.monotonic()

        collector = asyncio.create_task(collect())
        started = time.perf_counter()
        for i, (key, value) in enumerate(messages):
            wait = started + i / rate - time.perf_counter()
            if wait > 0:
                await asyncio.sleep(wait)
            stamp = int(time.time() * 1000)
            sent_ms[key.decode()] = stamp
            await client.send(topics.ARTICLES.name, value, key=key, timestamp_ms=stamp)
        await client.flush()
        last_arrival = time.monotonic()
        give_up = last_arrival + max_wait_s
        while time.monotonic() - last_arrival < drain_s and time.monotonic() < give_up:
            await asyncio.sleep(0.2)
        complete = time.monotonic() - last_arrival >= drain_s
        collector.cancel()
        try:
            await collector
        except asyncio.CancelledError:
            pass
    finally:
        await client.stop()
        await consumer.stop()
    return LatencyResult(len(messages), rate, sorted(samples), len(seen_articles), complete)
