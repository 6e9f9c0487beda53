"""streams.recovery: input partitions are positioned before a record of them can be fetched.

The consequence against a real broker (a taken-over partition drains, nothing is lost) is
tests/test_faults_rebalance.py; here, the order itself on a consumer that records what is
called, and the fetch guard on a stand-in for aiokafka's fetcher.
"""

from __future__ import annotations

import inspect

import faust
import pytest
from aiokafka import TopicPartition
from faust.tables.recovery import Recovery
from faust.transport.drivers.aiokafka import AIOKafkaConsumerThread
from faust.types import TP

from streams.recovery import SeekFirstRecovery, SeekFirstTableManager, guard_fetches, seek_before_resume


class RecordingThread:
    def __init__(self, calls: list) -> None:
        self.calls = calls

    async def seek_to_beginning(self, *tps) -> None:
        assert all(isinstance(tp, TopicPartition) for tp in tps)  # what aiokafka insists on
        self.calls.append(("seek_to_beginning", frozenset(f"{tp.topic}-{tp.partition}" for tp in tps)))


class RecordingConsumer:
    """What Faust's end of recovery calls, recorded; ``committed`` as Faust's perform_seek leaves it."""

    def __init__(self, committed: dict) -> None:
        self.calls: list[tuple[str, frozenset]] = []
        self._committed_offset = committed
        self._thread = RecordingThread(self.calls)

    def resume_partitions(self, tps) -> None:
        self.calls.append(("resume", frozenset(tps)))

    async def perform_seek(self) -> None:
        self.calls.append(("seek_to_committed", frozenset()))

    def resume_flow(self) -> None:
        self.calls.append(("resume_flow", frozenset()))


async def faust_end_of_recovery(consumer: RecordingConsumer, tps: set) -> None:
    """The order of faust-streaming 0.15.3's ``Recovery.on_recovery_completed``."""
    consumer.resume_partitions(tps)
    await consumer.perform_seek()
    consumer.resume_flow()


async def test_partitions_are_resumed_after_the_seek_and_after_the_flow():
    a0, a1 = TP("articles", 0), TP("articles", 1)
    consumer = RecordingConsumer({a0: 12, a1: 40})
    with seek_before_resume(consumer):
        await faust_end_of_recovery(consumer, {a0, a1})
    assert consumer.calls == [
        ("seek_to_committed", frozenset()),
        ("resume_flow", frozenset()),
        ("resume", frozenset({a0, a1})),
    ]


async def test_a_partition_never_committed_is_read_from_its_beginning():
    a0, a2 = TP("articles", 0), TP("articles", 2)
    consumer = RecordingConsumer({a0: 12})
    with seek_before_resume(consumer):
        await faust_end_of_recovery(consumer, {a0, a2})
    assert consumer.calls == [
        ("seek_to_committed", frozenset()),
        ("seek_to_beginning", frozenset({"articles-2"})),
        ("resume_flow", frozenset()),
        ("resume", frozenset({a0, a2})),
    ]


async def test_partitions_held_back_are_resumed_on_the_way_out_when_no_seek_came():
    consumer = RecordingConsumer({})
    with seek_before_resume(consumer):
        consumer.resume_partitions({"articles-0"})
    assert consumer.calls == [("resume", frozenset({"articles-0"}))]


async def test_the_consumer_has_its_own_methods_back_afterwards():
    consumer = RecordingConsumer({})
    with seek_before_resume(consumer):
        pass
    consumer.resume_partitions({"articles-2"})
    await consumer.perform_seek()
    assert consumer.calls == [("resume", frozenset({"articles-2"})), ("seek_to_committed", frozenset())]


@pytest.mark.parametrize("method", [Recovery.on_recovery_completed, Recovery._resume_streams])
def test_faust_still_resumes_input_partitions_before_it_seeks_them(method):
    """What SeekFirstRecovery works around; when this fails, Faust changed and the
    workaround may be obsolete."""
    source = inspect.getsource(method)
    assert source.index("consumer.resume_partitions(") < source.index("consumer.perform_seek()")


def test_aiokafka_still_reads_an_empty_selection_as_every_partition():
    """What guard_fetches works around, in aiokafka's fetcher."""
    from aiokafka.consumer.fetcher import Fetcher

    assert "if partitions and tp not in partitions" in inspect.getsource(Fetcher.fetched_records)


def test_the_app_recovers_with_the_seek_first_recovery():
    app = faust.App("recovery-test", TableManager=SeekFirstTableManager, autodiscover=False)
    assert isinstance(app.tables.recovery, SeekFirstRecovery)


class StandInFetcher:
    """aiokafka's ``fetched_records``: an empty or missing selection means every partition."""

    def __init__(self, buffered: dict) -> None:
        self.buffered = buffered
        self.asked: list = []

    async def fetched_records(self, partitions, timeout=0, max_records=None):
        self.asked.append(partitions)
        return {tp: r for tp, r in self.buffered.items() if not partitions or tp in partitions}


async def test_a_fetch_asks_for_the_partitions_active_when_it_began(monkeypatch):
    fetcher = StandInFetcher({"articles-0": [1], "articles-1": [2]})
    active = {"articles-0"}  # Faust's live set of active partitions

    async def unguarded(self, consumer, active_partitions, timeout=None, max_records=None):
        active.clear()  # a revocation while the fetch waits
        return await fetcher.fetched_records(active_partitions, timeout, max_records)

    monkeypatch.setattr(AIOKafkaConsumerThread, "_fetch_records", unguarded)
    assert await AIOKafkaConsumerThread._fetch_records(None, None, active) == {"articles-0": [1], "articles-1": [2]}

    guard_fetches()
    guard_fetches()  # idempotent
    fetch = AIOKafkaConsumerThread._fetch_records
    active.add("articles-0")
    assert await fetch(None, None, active) == {"articles-0": [1]}
    assert await fetch(None, None, set()) == {}  # nothing active: nothing handed over
    assert await fetch(None, None, None) == {"articles-0": [1], "articles-1": [2]}  # client-only apps
