"""After a rebalance, position every input partition before a record of it can be fetched.

faust-streaming 0.15.3 loses track of input records around a rebalance, in three ways the
group-member-kill test (tests/test_faults_rebalance.py) ran into, one run in four or five:

- It ends a rebalance by resuming the input partitions and only then seeking them to their
  committed offsets, while the fetcher already runs. Records fetched before the seek and
  again after it left offsets acked twice (commits then crawl one offset at a time) or never
  (Faust then never commits the partition again: the lag stays for good).
- A fetch waiting while the partitions are revoked asks aiokafka for the records of an
  active set that has become empty, which aiokafka reads as "every partition": records of
  partitions still paused are handed over, dropped by Faust as not active, and aiokafka's
  position has moved past them.
- For a partition that was never committed the final seek does nothing, so such dropped
  records were never read again: the reports of a worker killed before its first commit
  on that partition were lost.

The fixes, each the smallest that closes one gap:

- :class:`SeekFirstRecovery` runs Faust's own end of recovery with the input partitions held
  back: Faust seeks them, a partition with no committed offset is seeked to its beginning
  (the app's ``auto_offset_reset`` is "earliest"), flow is resumed, and only then are the
  partitions resumed.
- :func:`guard_fetches` makes a fetch ask for the partitions active when it started, and for
  none when none are.

Both reach into faust-streaming's internals (``Consumer._committed_offset``, ``._thread``,
``AIOKafkaConsumerThread._fetch_records``), which is why pyproject pins faust-streaming and
aiokafka exactly; tests/test_recovery_order.py checks the order they work around is still
Faust's, so an upgrade that fixes it shows up.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from aiokafka import TopicPartition
from aiokafka.errors import IllegalStateError
from faust.tables import TableManager
from faust.tables.recovery import Recovery
from faust.transport.drivers.aiokafka import AIOKafkaConsumerThread
from faust.types import TP


@contextmanager
def seek_before_resume(consumer: Any) -> Iterator[None]:
    """While inside, ``consumer.resume_partitions`` only notes its partitions, and
    ``consumer.perform_seek`` also seeks those of them that have no committed offset to their
    beginning. They are resumed on the way out, once Faust has resumed the flow."""
    resume = consumer.resume_partitions
    seek = consumer.perform_seek
    held: set[TP] = set()

    def hold(tps: Iterable[TP]) -> None:
        held.update(tps)

    async def seek_all_held() -> None:
        await seek()
        never_committed = [TopicPartition(tp.topic, tp.partition) for tp in held
                           if consumer._committed_offset.get(tp) is None]
        if never_committed:
            try:
                await consumer._thread.seek_to_beginning(*never_committed)
            except IllegalStateError:  # revoked meanwhile: the next rebalance positions them
                pass

    consumer.resume_partitions = hold
    consumer.perform_seek = seek_all_held
    try:
        yield
    finally:
        del consumer.resume_partitions, consumer.perform_seek  # back to the class's methods
        if held:
            resume(held)


class SeekFirstRecovery(Recovery):
    """Faust's recovery, with input partitions positioned before they are resumed."""

    async def on_recovery_completed(self, generation_id: int = 0) -> None:
        with seek_before_resume(self.app.consumer):
            await super().on_recovery_completed(generation_id)

    async def _resume_streams(self, generation_id: int = 0) -> None:
        with seek_before_resume(self.app.consumer):
            await super()._resume_streams(generation_id)


class SeekFirstTableManager(TableManager):
    """Faust's table manager with :class:`SeekFirstRecovery` (``faust.App(TableManager=...)``)."""

    @property
    def recovery(self) -> Recovery:
        if self._recovery is None:
            self._recovery = SeekFirstRecovery(self.app, self, beacon=self.beacon, loop=self.loop)
        return self._recovery


def guard_fetches() -> None:
    """Make every aiokafka fetch of Faust's consumer thread ask for a fixed set of partitions.

    Faust passes its live set of active partitions; emptied by a revocation while the fetch
    waits, aiokafka returns the buffered records of every assigned partition (an empty
    selection means "all"), which Faust then drops. Idempotent.
    """
    fetch = AIOKafkaConsumerThread._fetch_records
    if getattr(fetch, "guarded", False):
        return

    @functools.wraps(fetch)
    async def fetch_fixed(self: Any, consumer: Any, active_partitions: Any, *args: Any, **kwargs: Any) -> Any:
        if active_partitions is None:  # a client-only app: every partition, as Faust intends
            return await fetch(self, consumer, None, *args, **kwargs)
        asked = frozenset(active_partitions)
        if not asked:
            return {}
        return await fetch(self, consumer, asked, *args, **kwargs)

    fetch_fixed.guarded = True  # type: ignore[attr-defined]
    AIOKafkaConsumerThread._fetch_records = fetch_fixed  # type: ignore[method-assign]
