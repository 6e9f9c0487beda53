"""Faust tables whose changelog writes an agent can wait for before it acks its input.

A table write goes to the changelog through Faust's producer buffer (``send_soon``), and
Faust "flushes" that buffer before it commits offsets. But the flush gives up as soon as
0.1 s pass without a message leaving the buffer (``ProducerBuffer.flush_atmost``): on a
loaded machine offsets were committed while the same batch's changelog writes still sat
in the buffer. A worker killed then left a changelog without them, and the worker that
took its partitions over restored merged incidents that lacked reports whose offsets were
already committed: those reports were lost (tests/test_faults_rebalance.py).

:class:`ConfirmedTable` keeps the future of every changelog write; an agent writes its
batch with :meth:`ConfirmedTable.store`, which returns once they are acknowledged, and only
then acks its input: an offset is only committed once the state it produced is in the
changelog.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import faust
from faust.streams import _current_event
from faust.types import FutureMessage


@contextmanager
def as_current(event: faust.EventT) -> Iterator[None]:
    """Make ``event`` Faust's current event while a table key is written.

    The RocksDB store files a written key under the partition of the current event. The
    batch agents write their batch's keys after the batch, when the current event is the
    batch's last, which may come from another partition: each key is written as its own
    last input message, whose partition is the key's (reports are keyed and partitioned by
    cell, surge inputs by oblast).
    """
    token = _current_event.set(weakref.ref(event))
    try:
        yield
    finally:
        _current_event.reset(token)


class ConfirmedTable(faust.Table):
    """A :class:`faust.Table` that remembers its unconfirmed changelog writes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._unconfirmed: list[FutureMessage] = []

    def send_changelog(self, *args: Any, **kwargs: Any) -> FutureMessage:
        future = super().send_changelog(*args, **kwargs)
        self._unconfirmed.append(future)
        return future

    async def store(self, values: Mapping[bytes, bytes], last_of: Mapping[bytes, faust.EventT]) -> None:
        """Write a batch's values, each as its key's last input message (:func:`as_current`),
        and return once the broker has acknowledged their changelog writes."""
        for key, value in values.items():
            with as_current(last_of[key]):
                self[key] = value
        await self.written()

    async def written(self) -> None:
        """Until the broker has acknowledged every changelog write made so far.

        Raises what the producer raised for a write that failed, so that the agent stops
        before it acks input whose state was not stored.
        """
        pending, self._unconfirmed = self._unconfirmed, []
        if pending:
            await asyncio.gather(*pending)


def confirmed_table(app: faust.App, name: str, **kwargs: Any) -> ConfirmedTable:
    """Declare a :class:`ConfirmedTable` on ``app``, as ``app.Table(name, ...)`` would a plain one."""
    return app.tables.add(ConfirmedTable(app, name=name, beacon=app.tables.beacon, **kwargs))
