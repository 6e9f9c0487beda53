"""End to end on the real broker: workers over pre-produced articles, and the raw baseline.

A run is timed from the first event a worker writes to the last one, both read back from
the event topics (the messages' own timestamps), so neither worker start-up nor the
completion check is in the figure. Completion is seen in the consumer group's committed
offsets, through the admin API: the worker is never scraped while it is timed. Its RSS is
read from ``/proc`` along the way, which costs it nothing either.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

from streams import topics
from streams.app import PRODUCER_LINGER_S
from streams.settings import Settings

from .cluster import Cluster, Worker, cpu_seconds
from .kafka_io import GroupProgress, Offsets, commit_group, consumer, count_between, end_offsets, ensure_topic, \
    first_last_timestamps, list_topics, producer

#: Where the worker's output is read back: one topic per event type.
EVENT_TOPICS = tuple(spec.name for spec in topics.EVENT_TOPICS.values())
PASSTHROUGH_TOPIC = "bench.passthrough"
#: Topics the worker both writes and reads.
INTERNAL_TOPICS = frozenset(spec.name for spec in topics.ALL if spec.internal)


@dataclass
class Sample:
    at_s: float  # since the workers were healthy
    consumed: int
    rss: list[int | None]
    cpu: list[float | None]  # CPU seconds of each worker process so far
    broker_cpu: float | None = None


@dataclass
class RunResult:
    workers: int
    articles: int
    events: int
    incidents: int
    seconds: float  # first event to last event
    samples: list[Sample] = field(default_factory=list)
    messages_written: int = 0  # to every topic, changelogs included
    dead_letters: float = 0.0
    internal_written: int = 0  # to strike-reports and incidents-by-oblast, by this run
    internal_read: int = 0  # from them, by this run's workers: what they wrote (more after a rebalance)
    catch_up_s: float = 0.0  # after the last article was committed, until its reports were merged

    @property
    def articles_per_s(self) -> float:
        return self.articles / self.seconds if self.seconds > 0 else 0.0

    def rss_mb(self) -> float:
        """RSS of the first worker at the end, in MiB."""
        return (self.samples[-1].rss[0] or 0) / 2**20

    def rss_growth_mb(self) -> float:
        """RSS growth of the first worker over the second half of the articles (a leak shows here)."""
        half = next((s for s in self.samples if s.consumed >= self.articles / 2), self.samples[-1])
        return ((self.samples[-1].rss[0] or 0) - (half.rss[0] or 0)) / 2**20

    def peak_rss_mb(self) -> float:
        return max((s.rss[0] or 0) for s in self.samples) / 2**20

    def worker_cpu_s(self) -> float:
        """CPU seconds all workers spent from being healthy to the end: noise-free where wall time is not."""
        first, last = self.samples[0], self.samples[-1]
        return sum((b or 0.0) - (a or 0.0) for a, b in zip(first.cpu, last.cpu))

    def broker_cpu_s(self) -> float | None:
        first, last = self.samples[0].broker_cpu, self.samples[-1].broker_cpu
        return last - first if first is not None and last is not None else None


async def _watch(settings: Settings, group: str, start: Offsets, end: Offsets, workers: list[Worker],
                 timeout: float, broker_pid: int | None = None) -> list[Sample]:
    """Sample progress and RSS every half second until the group committed ``expected`` articles."""
    samples: list[Sample] = []
    expected = count_between(start, end)
    began = time.monotonic()
    async with GroupProgress(settings, group, start, end) as progress:
        while True:
            consumed = await progress.consumed()
            usage = [w.usage() for w in workers]
            samples.append(Sample(time.monotonic() - began, consumed, [rss for rss, _ in usage],
                                  [cpu for _, cpu in usage], cpu_seconds(broker_pid) if broker_pid else None))
            if consumed >= expected:
                return samples
            dead = [w for w in workers if not w.alive()]
            if dead:
                raise RuntimeError(f"worker exited with code {dead[0].proc.returncode}:\n{dead[0].log_tail()}")
            if time.monotonic() - began > timeout:
                raise TimeoutError(f"{consumed} of {expected} articles consumed after {timeout:.0f}s:\n"
                                   f"{workers[0].log_tail()}")
            await asyncio.sleep(0.5)


async def _caught_up(settings: Settings, group: str, timeout: float) -> float:
    """Seconds until ``group`` has committed everything on its internal topics: the merge and
    surge agents have caught up with the articles, and the worker is idle."""
    began = time.monotonic()
    async with GroupProgress(settings, group, {}, {}) as progress:
        while (left := await progress.unmerged(INTERNAL_TOPICS)) > 0:
            if time.monotonic() - began > timeout:
                raise TimeoutError(f"{left} internal messages not yet merged after {timeout:.0f} s")
            await asyncio.sleep(0.5)
    return time.monotonic() - began


async def _settled(settings: Settings, names: tuple[str, ...], quiet_s: float = 1.5, timeout: float = 60.0) -> Offsets:
    """End offsets of ``names`` once they stopped moving for ``quiet_s`` (the last sends landed)."""
    last = await end_offsets(settings, names)
    stable_since = time.monotonic()
    deadline = stable_since + timeout
    while time.monotonic() < deadline:
        await asyncio.sleep(0.5)
        now = await end_offsets(settings, names)
        if now != last:
            last, stable_since = now, time.monotonic()
        elif time.monotonic() - stable_since >= quiet_s:
            break
    return last


def run_workers(cluster: Cluster, count: int, app_id: str, articles_start: Offsets, articles_end: Offsets,
                *, keep_running: bool = False) -> tuple[RunResult, list[Worker]]:
    """Start ``count`` workers in one group over the pre-produced input; time them until done.

    The group's offsets are committed at ``articles_start`` first, so the workers read exactly
    the benchmark's articles. Returns the workers still running when ``keep_running``.
    """
    settings = cluster.settings
    expected = count_between(articles_start, articles_end)
    # Everything the workers write: the catalogue's topics but the input, and the app's changelogs.
    written = tuple(spec.name for spec in topics.ALL if spec is not topics.ARTICLES)
    before = asyncio.run(end_offsets(settings, written))
    # The worker also consumes its own internal topics (strike-reports, incidents-by-oblast).
    # They are shared by every run on this broker: a new group would read them from the
    # start, so the second run would merge the first run's reports as well as its own.
    internal = {tp: offset for tp, offset in before.items() if tp.topic in INTERNAL_TOPICS}
    asyncio.run(commit_group(settings, app_id, {**articles_start, **internal}))
    workers = cluster.start_workers(count, app_id)
    try:
        timeout = 180.0 + expected / 20
        samples = asyncio.run(_watch(settings, app_id, articles_start, articles_end, workers, timeout,
                                     cluster.broker_pid))
        # the merge may lag behind the articles: the run is over (and the worker idle, for the
        # latency test) once every report is merged
        catch_up_s = asyncio.run(_caught_up(settings, app_id, timeout))
        changelogs = tuple(t for t in asyncio.run(list_topics(settings)) if t.startswith(f"{app_id}-"))
        after = asyncio.run(_settled(settings, (*written, *changelogs)))
        event_start = {tp: o for tp, o in before.items() if tp.topic in EVENT_TOPICS}
        event_end = {tp: o for tp, o in after.items() if tp.topic in EVENT_TOPICS}
        span = asyncio.run(first_last_timestamps(settings, event_start, event_end))
        if span is None:
            raise RuntimeError(f"no events were written:\n{workers[0].log_tail()}")
        incidents = count_between(before, {tp: o for tp, o in after.items() if tp.topic == topics.INCIDENTS.name})
        result = RunResult(count, expected, count_between(event_start, event_end), incidents,
                           (span[1] - span[0]) / 1000.0, samples, messages_written=count_between(before, after))
        result.catch_up_s = catch_up_s
        result.dead_letters = sum(w.metric("streams_dlq_total") for w in workers)
        internal_end = {tp: o for tp, o in after.items() if tp in internal}
        result.internal_written = count_between(internal, internal_end)
        result.internal_read = int(sum(w.metric("faust_messages_received_per_topic_total", topic=name)
                                       for w in workers for name in INTERNAL_TOPICS))
    except BaseException:
        cluster.stop_workers(workers)
        raise
    if not keep_running:
        cluster.stop_workers(workers)
        return result, []
    return result, workers


# --- the raw baseline ------------------------------------------------------------------


@dataclass(frozen=True)
class PassthroughResult:
    messages: int
    seconds: float

    @property
    def msgs_per_s(self) -> float:
        return self.messages / self.seconds if self.seconds > 0 else 0.0


async def passthrough(settings: Settings, start: Offsets, end: Offsets, *, at_least: int = 10_000
                      ) -> PassthroughResult:
    """Consume the articles in ``[start, end)`` and produce them unchanged, in one process.

    The same client library (aiokafka), broker, payloads and producer settings as the
    worker (acks=all, the same linger), with none of the work: the ceiling Kafka itself sets.
    A small input is read again from its start until ``at_least`` messages went through,
    so that the figure is a rate and not a round-trip time.
    """
    await ensure_topic(settings, PASSTHROUGH_TOPIC)
    source = consumer(settings, fetch_max_wait_ms=10)  # a pass ends at a partition's end: do not long-poll there
    out = producer(settings, linger_ms=round(PRODUCER_LINGER_S * 1000))
    await source.start()
    await out.start()
    try:
        await out.send_and_wait(PASSTHROUGH_TOPIC, b"warm-up")  # metadata and leaders of a new topic, untimed
        ranges = {tp: (start.get(tp, 0), hi) for tp, hi in end.items() if hi > start.get(tp, 0)}
        source.assign(list(ranges))
        for tp, (lo, _) in ranges.items():
            source.seek(tp, lo)
        per_pass = sum(hi - lo for lo, hi in ranges.values())
        passes = max(1, -(-at_least // max(1, per_pass)))
        done, pending, began = 0, [], None
        for _ in range(passes):
            for tp, (lo, _) in ranges.items():
                source.seek(tp, lo)
            left = dict(ranges)
            while left:
                batch = await source.getmany(*left, timeout_ms=1_000, max_records=1_000)
                if began is None and batch:
                    began = time.perf_counter()
                for tp, records in batch.items():
                    for record in records:
                        if record.offset >= ranges[tp][1]:
                            break
                        pending.append(await out.send(PASSTHROUGH_TOPIC, record.value, key=record.key))
                        done += 1
                    if records and records[-1].offset + 1 >= ranges[tp][1]:
                        left.pop(tp, None)
                if len(pending) >= 2_000:
                    await asyncio.gather(*pending)
                    pending.clear()
        await asyncio.gather(*pending)
        return PassthroughResult(done, time.perf_counter() - (began or time.perf_counter()))
    finally:
        await out.stop()
        await source.stop()

