"""Shared helpers of the fault tests: a workload, the clean-run expectation, a broker of the
test's own, reading the outputs back as a subscriber would, and the figures each fault prints.

The expectation is computed in process with the very functions the worker runs
(:func:`streams.routing.route_article` and the merge of :class:`streams.merge.IncidentBook`),
over the same bytes the test publishes. That *is* a clean run: one pass, no crash, no
duplicate. A fault test then compares what the real worker produced through the fault —
counters, the latest version of every incident, every event id — with it.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import orjson
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from schemas import Article, Incident, StrikeEvent
from schemas.deadletter import HEADER_OFFSET, HEADER_PARTITION, HEADER_REASON, HEADER_TOPIC
from streams import broker, counters, topics
from streams.codec import encode_article
from streams.kafka import aiokafka_options
from streams.merge import IncidentBook
from streams.producer import make_producer, publish
from streams.routing import Origin, route_article
from streams.settings import Settings

#: Topics the worker's consumer group reads; drained means every one is committed to its end.
CONSUMED = (topics.ARTICLES.name, topics.STRIKE_REPORTS.name, topics.INCIDENTS_BY_OBLAST.name)

#: Environment of every fault-test worker. Faust reads FAUST_-prefixed overrides of its own
#: settings: a short group session, so that a member killed with -9 is noticed in seconds
#: (6 s is the broker's minimum) rather than after the default 60 s, and its successor does
#: not wait that long to be given the partitions.
WORKER_ENV = {"FAUST_BROKER_SESSION_TIMEOUT": "6", "FAUST_BROKER_HEARTBEAT_INTERVAL": "1"}

# --- a workload ------------------------------------------------------------------------------

_TOWNS = ("Kharkiv", "Odesa", "Sumy", "Dnipro", "Zaporizhzhia", "Kherson", "Mykolaiv", "Chernihiv")
_WEAPONS = (
    ("missile", "a Russian missile"),
    ("drone", "Russian attack drones"),
    ("artillery", "Russian artillery shelling"),
    ("air", "a Russian guided aerial bomb"),
)
_SOURCES = ("Kyiv Independent", "Ukrainska Pravda", "Suspilne", "Reuters", "Associated Press")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_SAID_BY = ("the regional governor said", "the city's mayor said on Telegram", "police said",
            "the State Emergency Service said")
_ASIDES = (
    "Separately, Germany pledged a new package of military aid to Ukraine including air defence systems.",
    "Ukraine's air force said it shot down {a} of {b} drones launched overnight.",
    "President Volodymyr Zelensky met French President Emmanuel Macron in Paris to discuss security guarantees.",
    "Authorities evacuated {c} residents from frontline villages.",
)


def templated_articles(n: int, seed: int) -> list[Article]:
    """Short wire-style strike reports: a town, a named weapon, killed and injured figures.

    Several articles often report one strike, on the same day or the next, with a toll that
    rises — the case the merge must count once, at its latest figure. Some carry an aside
    (aid, an interception wave, diplomacy, an evacuation) so that every event topic is used.
    Every weapon is named, so which incident a report joins cannot depend on arrival order.
    """
    rng = random.Random(seed)
    start = date(2024, 3, 4)
    out: list[Article] = []
    while len(out) < n:
        town = rng.choice(_TOWNS)
        day = start + timedelta(days=rng.randrange(90))
        weapon_class, weapon = rng.choice(_WEAPONS)
        killed, injured = rng.randint(1, 9), rng.randint(0, 30)
        for follow_up in range(rng.choice((1, 1, 2, 3))):
            if len(out) >= n:
                break
            published = day + timedelta(days=follow_up // 2)
            killed += rng.randint(0, 3) * (follow_up > 0)
            when = "overnight" if published == day else f"on {_WEEKDAYS[day.weekday()]}"
            title = f"Russian {weapon_class} strike on {town} kills {killed}"
            body = (f"{town} was hit by {weapon} {when}, killing {killed} people and injuring {injured}, "
                    f"{rng.choice(_SAID_BY)}. A residential building was damaged and rescuers were "
                    f"searching the rubble.")
            if rng.random() < 0.3:
                b = rng.randint(10, 40)
                body += "\n\n" + rng.choice(_ASIDES).format(a=rng.randint(1, b), b=b, c=rng.randint(50, 900))
            out.append(Article(id=f"gen-{seed}-{len(out):05d}", source=rng.choice(_SOURCES), published=published,
                               title=title, body=body))
    return out


def workload(n: int, seed: int) -> list[Article]:
    """The fault tests' input: :func:`templated_articles`.

    Not ``streams.bench.workload.generate``: its 2-15 KB articles take the extractor ~40-80 ms
    each here, twice (in the worker and for the expectation), which no fault budget of
    minutes affords at thousands of articles; and on its output the merge depends on the
    order reports arrive in (see :func:`clean_run`), which the stream does not fix.
    """
    return templated_articles(n, seed)


# --- the clean run ---------------------------------------------------------------------------


def content(incident: Incident) -> dict[str, Any]:
    """What an incident says, without its version and update time (they count changes)."""
    return incident.model_dump(mode="json", exclude={"version", "updated_at"})


def jsonable(value: Any) -> Any:
    """As it comes back from the worker's JSON endpoints."""
    return orjson.loads(orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS))


@dataclass
class Message:
    """One message the test publishes on ``articles``: key and raw bytes."""

    key: bytes
    value: bytes | None
    reason: str | None = None  # the dead-letter reason it must get; None: a good article


def good(articles: Sequence[Article]) -> list[Message]:
    return [Message(a.id.encode(), encode_article(a)) for a in articles]


@dataclass
class CleanRun:
    """What one clean pass over the messages yields."""

    events: dict[str, set[str]]  # key of a good message -> its event ids
    dead: dict[str, str]  # key of a dead-lettered message -> reason
    incidents: dict[str, dict[str, Any]]  # incident id -> content
    counters: dict[str, Any]


def _merge(per_message: Sequence[list[StrikeEvent]]) -> list[Incident]:
    book = IncidentBook()
    for reports in per_message:
        book.extend(reports)
    return book.incidents()


def clean_run(items: Sequence[Article] | Sequence[Message], max_bytes: int = 1_000_000) -> CleanRun:
    """One pass over the messages with the worker's own functions, in publication order.

    The stream does not keep that order: articles spread over partitions, and reports of
    one place and day meet in the order the worker happened to read them. So the merge is
    also run over a shuffled order, and a workload on which the two disagree is refused:
    a fault test over it would fail, or pass, by the luck of arrival order.
    """
    from streams.extract import extract

    messages = good(items) if items and isinstance(items[0], Article) else list(items)  # type: ignore[arg-type]
    events: dict[str, set[str]] = {}
    dead: dict[str, str] = {}
    reports: list[list[StrikeEvent]] = []
    for offset, message in enumerate(messages):
        key = message.key.decode("utf-8", "replace")
        outcome = route_article(message.value, Origin(topics.ARTICLES.name, 0, offset, message.key), max_bytes, extract)
        if outcome.rejected is not None:
            dead[key] = outcome.rejected.reason
            continue
        events[key] = {out.key.decode() for out in outcome.messages if out.topic.startswith("events.")}
        reports.append([StrikeEvent.model_validate_json(out.value) for out in outcome.messages
                        if out.topic == topics.STRIKE_REPORTS.name])
    incidents = _merge(reports)
    shuffled = list(reports)
    random.Random(len(reports)).shuffle(shuffled)
    in_order = {i.incident_id: content(i) for i in incidents}
    if {i.incident_id: content(i) for i in _merge(shuffled)} != in_order:
        raise AssertionError("the merge depends on arrival order for this workload; the stream cannot be "
                             "compared with one clean pass over it")
    return CleanRun(events, dead, in_order, jsonable(counters.compute(incidents)))


# --- a broker of the test's own --------------------------------------------------------------


@contextlib.contextmanager
def own_broker(root: Path, **kwargs: Any) -> Iterator[broker.BrokerInfo]:
    """A broker in ``root`` for one test, tied to this process and stopped at the end."""
    info = broker.start(Settings(), data_dir=root / "kafka", heap=kwargs.pop("heap", "256m"), die_with_parent=True,
                        **kwargs)
    try:
        yield info
    finally:
        broker.stop(info.data_dir)


def restart_broker(info: broker.BrokerInfo) -> broker.BrokerInfo:
    """Stop the broker and start it again on the same directory (same ports when free)."""
    broker.stop(info.data_dir)
    return broker.start(Settings(), data_dir=info.data_dir, heap="256m", die_with_parent=True)


# --- talking to the broker -------------------------------------------------------------------


def settings_for(bootstrap: str) -> Settings:
    return Settings(bootstrap_servers=bootstrap)


def publish_articles(bootstrap: str, articles: Sequence[Article]) -> int:
    return asyncio.run(publish(articles, settings_for(bootstrap), bootstrap, progress=False))


class Publisher(threading.Thread):
    """Publishes articles at a steady rate in the background, so the stream is live during a fault."""

    def __init__(self, bootstrap: str, articles: Sequence[Article], rate: float) -> None:
        super().__init__(name="publisher", daemon=True)
        self.bootstrap, self.articles, self.rate = bootstrap, articles, rate
        self.sent = 0
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.sent = asyncio.run(publish(self.articles, settings_for(self.bootstrap), self.bootstrap,
                                            rate=self.rate, progress=False))
        except BaseException as exc:  # noqa: BLE001 - handed to the test by finish()
            self.error = exc

    def finish(self, timeout: float = 90.0) -> int:
        """Wait for the last acknowledgement; re-raise what went wrong in the thread."""
        self.join(timeout)
        if self.is_alive():
            raise AssertionError(f"publisher still running after {timeout:.0f}s")
        if self.error is not None:
            raise AssertionError(f"publisher failed: {self.error!r}") from self.error
        return self.sent


def publish_messages(bootstrap: str, messages: Sequence[Message]) -> int:
    """Raw bytes, as a careless or hostile producer would send them."""

    async def run() -> int:
        producer = make_producer(settings_for(bootstrap), bootstrap)
        await producer.start()
        try:
            pending = []
            for message in messages:
                pending.append(await producer.send(topics.ARTICLES.name, message.value, key=message.key))
                if len(pending) >= 500:
                    await asyncio.gather(*pending)
                    pending.clear()
            await asyncio.gather(*pending)
        finally:
            await producer.stop()
        return len(messages)

    return asyncio.run(run())


async def _group_lags(bootstrap: str, group: str, names: Sequence[str]) -> dict[str, int]:
    """Uncommitted messages of each consumed partition, keyed ``topic:partition``."""
    settings = settings_for(bootstrap)
    admin = AIOKafkaAdminClient(**aiokafka_options(settings, bootstrap))
    consumer = AIOKafkaConsumer(**aiokafka_options(settings, bootstrap), enable_auto_commit=False)
    await admin.start()
    await consumer.start()
    try:
        committed = await admin.list_consumer_group_offsets(group)
        tps = []
        for name in names:
            partitions = consumer.partitions_for_topic(name)
            if partitions is None:
                await consumer._client.force_metadata_update()
                partitions = consumer.partitions_for_topic(name) or set()
            tps.extend(TopicPartition(name, p) for p in partitions)
        ends = await consumer.end_offsets(tps) if tps else {}
        lags = {}
        for tp in tps:
            done = committed.get(tp)
            lags[f"{tp.topic}:{tp.partition}"] = ends[tp] - (done.offset if done is not None and done.offset >= 0 else 0)
        return lags
    finally:
        await consumer.stop()
        await admin.close()


def group_lags(bootstrap: str, group: str, names: Sequence[str] = CONSUMED) -> dict[str, int]:
    return asyncio.run(_group_lags(bootstrap, group, names))



def committed(bootstrap: str, group: str, topic: str) -> dict[int, int]:
    """The group's committed offset of each partition of ``topic`` (absent: never committed)."""

    async def run() -> dict[int, int]:
        admin = AIOKafkaAdminClient(**aiokafka_options(settings_for(bootstrap), bootstrap))
        await admin.start()
        try:
            offsets = await admin.list_consumer_group_offsets(group)
        finally:
            await admin.close()
        return {tp.partition: meta.offset for tp, meta in offsets.items() if tp.topic == topic and meta.offset >= 0}

    return asyncio.run(run())


def wait_drained(bootstrap: str, group: str, workers: Sequence[Any], timeout: float = 120.0) -> float:
    """Until the group has committed every consumed topic to its end; returns the seconds waited.

    Offsets are committed after a batch's output was acknowledged and its table writes were
    flushed, so once drained the workers' state holds every input. A worker that died on
    the way fails the wait at once.
    """
    began = time.monotonic()
    deadline = began + timeout
    lags: dict[str, int] = {}
    while time.monotonic() < deadline:
        for worker in workers:
            if worker.proc is None or worker.proc.poll() is not None:
                raise AssertionError(f"worker on port {worker.port} exited:\n{worker.log_tail()}")
        try:
            lags = group_lags(bootstrap, group)
        except Exception:  # noqa: BLE001 - the broker may be coming back
            lags = {}
        if lags and not any(lags.values()):
            return time.monotonic() - began
        time.sleep(0.5)
    behind = {tp: lag for tp, lag in lags.items() if lag} or "unknown: the broker did not answer"
    tails = "\n".join(w.log_tail(40) for w in workers)
    raise AssertionError(f"consumer group {group} still lags after {timeout:.0f}s: {behind}\n{tails}")


def wait_until(predicate, timeout: float, what: str, interval: float = 0.2) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")


# --- what came out ---------------------------------------------------------------------------


@dataclass
class Observed:
    """The outputs of a run, read back from the topics."""

    events: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # article id -> event ids
    event_messages: int = 0
    dead: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # key -> reasons
    dead_origins: set[tuple[str, str, str]] = field(default_factory=set)  # (topic, partition, offset)
    dead_messages: int = 0
    incidents: dict[str, Incident] = field(default_factory=dict)  # latest version per id
    incident_messages: int = 0

    @property
    def distinct_events(self) -> int:
        return sum(len(ids) for ids in self.events.values())


async def read_to_end(bootstrap: str, names: Sequence[str], timeout: float = 60.0) -> dict[str, list[Any]]:
    """Every record of the topics up to their current end, with one consumer (no group, no commit)."""
    settings = settings_for(bootstrap)
    consumer = AIOKafkaConsumer(**aiokafka_options(settings, bootstrap), enable_auto_commit=False,
                                auto_offset_reset="earliest", max_partition_fetch_bytes=8_000_000,
                                fetch_max_bytes=16_000_000)
    await consumer.start()
    try:
        await consumer._client.force_metadata_update()
        tps = [TopicPartition(name, p) for name in names for p in sorted(consumer.partitions_for_topic(name) or ())]
        out: dict[str, list[Any]] = {name: [] for name in names}
        if not tps:
            return out
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        ends = await consumer.end_offsets(tps)
        remaining = {tp for tp in tps if ends[tp] > 0}
        deadline = time.monotonic() + timeout
        while remaining:
            if time.monotonic() > deadline:
                raise AssertionError(f"could not read {sorted(map(str, remaining))} to their end in {timeout:.0f}s")
            for tp, records in (await consumer.getmany(timeout_ms=500, max_records=5_000)).items():
                out[tp.topic].extend(r for r in records if r.offset < ends[tp])
                if await consumer.position(tp) >= ends[tp]:
                    remaining.discard(tp)
        return out
    finally:
        await consumer.stop()


def observe(bootstrap: str) -> Observed:
    names = [*(spec.name for spec in topics.EVENT_TOPICS.values()), topics.DLQ.name, topics.INCIDENTS.name]
    records = asyncio.run(read_to_end(bootstrap, names))
    seen = Observed()
    for spec in topics.EVENT_TOPICS.values():
        for record in records[spec.name]:
            seen.events[orjson.loads(record.value)["article_id"]].add(record.key.decode())
            seen.event_messages += 1
    for record in records[topics.DLQ.name]:
        headers = {k: v.decode() for k, v in record.headers}
        seen.dead[(record.key or b"").decode("utf-8", "replace")].append(headers.get(HEADER_REASON, "?"))
        seen.dead_origins.add((headers.get(HEADER_TOPIC, ""), headers.get(HEADER_PARTITION, ""),
                               headers.get(HEADER_OFFSET, "")))
        seen.dead_messages += 1
    for record in records[topics.INCIDENTS.name]:  # offset order per partition; an id lives in one
        seen.incident_messages += 1
        if record.value is None:  # tombstone: the incident merged into another of its cell
            seen.incidents.pop(record.key.decode(), None)
            continue
        incident = Incident.model_validate_json(record.value)
        seen.incidents[incident.incident_id] = incident  # the last record of an id is its latest state
    return seen


# --- the figures -----------------------------------------------------------------------------


@dataclass
class Figures:
    name: str
    n_in: int
    processed: int
    dead_lettered: int
    counted_twice: int
    lost: int
    detail: dict[str, Any] = field(default_factory=dict)

    def line(self) -> str:
        return (f"FAULT {self.name}: in={self.n_in} processed={self.processed} dead_lettered={self.dead_lettered} "
                f"counted_twice={self.counted_twice} lost={self.lost}")


def figures(name: str, expected: CleanRun, seen: Observed, *, n_in: int | None = None, processed: int | None = None,
            **detail: Any) -> Figures:
    """Article by article: was it processed (all its event ids out) or dead-lettered, once?

    ``n_in`` and ``processed`` default to one pass over the messages; a test that sends
    them several times gives its own counts (e.g. the worker's ``articles_processed`` metric).

    ``lost``: a good message with an event id missing, or a bad one missing from the DLQ.
    ``counted_twice``: a report held twice in the merged state, an incident the clean run
    does not have (a strike split in two), or a good message also dead-lettered.
    Redelivered messages with the same ids are not double counts — deduplicating them is
    what the ids are for — and are reported as ``redelivered``.
    """
    complete = sum(1 for key, ids in expected.events.items() if ids <= seen.events.get(key, set()))
    missing_events = len(expected.events) - complete
    dead_ok = sum(1 for key in expected.dead if key in seen.dead)
    missing_dead = len(expected.dead) - dead_ok
    report_ids = Counter(r.event_id for i in seen.incidents.values() for r in i.reports)
    twice_in_state = sum(n - 1 for n in report_ids.values() if n > 1)
    extra_incidents = len(set(seen.incidents) - set(expected.incidents))
    good_dead = sum(1 for key in expected.events if key in seen.dead)
    fig = Figures(
        name=name,
        n_in=len(expected.events) + len(expected.dead) if n_in is None else n_in,
        processed=complete if processed is None else processed,
        dead_lettered=dead_ok,
        counted_twice=twice_in_state + extra_incidents + good_dead,
        lost=missing_events + missing_dead,
        detail={
            "redelivered_event_messages": seen.event_messages - seen.distinct_events,
            "redelivered_dead_letters": seen.dead_messages - len(seen.dead_origins),
            "incidents": len(seen.incidents),
            "incident_versions": seen.incident_messages,
            "articles_without_events": sum(1 for ids in expected.events.values() if not ids),
            **detail,
        },
    )
    record(fig)
    return fig


def figures_path() -> Path:
    """Where the figure lines are collected: ``$STREAMS_FAULT_FIGURES``, or next to the session's data dir."""
    configured = os.environ.get("STREAMS_FAULT_FIGURES")
    if configured:
        return Path(configured)
    data_dir = Path(os.environ.get("STREAMS_DATA_DIR", "/tmp"))
    return data_dir.parent / "fault-figures.txt"


def record(fig: Figures) -> None:
    text = fig.line()
    detail = " ".join(f"{k}={v}" for k, v in fig.detail.items())
    print(f"\n{text}\n  ({detail})")
    path = figures_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as fh:
        fh.write(f"{text}  ({detail})\n")


def assert_clean(fig: Figures, expected: CleanRun, seen: Observed, served_counters: dict[str, Any]) -> None:
    """The verdict every fault test shares."""
    assert fig.lost == 0, fig.line()
    assert fig.counted_twice == 0, fig.line()
    wrong = {iid: (c, content(seen.incidents[iid]) if iid in seen.incidents else None)
             for iid, c in expected.incidents.items() if iid not in seen.incidents or content(seen.incidents[iid]) != c}
    assert not wrong, f"{len(wrong)} incident(s) differ from the clean run, e.g. {next(iter(wrong.items()))}"
    assert set(seen.incidents) == set(expected.incidents)
    assert served_counters == expected.counters
