"""ConfirmedTable: an agent can wait until its table writes are in the changelog.

Faust's own pre-commit flush may return with changelog writes still buffered (see
:mod:`streams.tables`); the end-to-end consequence is covered by
tests/test_faults_rebalance.py. Here: ``written()`` waits for exactly the writes made
so far, and fails when one of them failed.
"""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import faust
import pytest
from faust import current_event

from streams.tables import ConfirmedTable, confirmed_table


class Acknowledgement(asyncio.Future):
    """Stands for Faust's FutureMessage: resolved when the broker acknowledges the write."""

    def __init__(self, key: bytes, current: object) -> None:
        super().__init__()
        self.key, self.current = key, current  # the event current when the key was written
        self.message = SimpleNamespace(partition=0)


class InputMessage:
    """Stands for a Faust event (Faust keeps the current one by weak reference)."""


@pytest.fixture
def sent(monkeypatch) -> list[Acknowledgement]:
    """One per changelog write, in order."""
    futures: list[Acknowledgement] = []

    def send_changelog(self, partition, key, value, *args, **kwargs):
        future = Acknowledgement(key, current_event())
        futures.append(future)
        return future

    monkeypatch.setattr(faust.Table, "send_changelog", send_changelog)
    return futures


@pytest.fixture
def table() -> ConfirmedTable:
    app = faust.App("tables-test", store="memory://", autodiscover=False)
    return confirmed_table(app, "cells", default=None, partitions=4, key_type=bytes, value_type=bytes,
                           use_partitioner=True)  # as the worker declares it (streams.app)


def test_the_table_is_declared_on_the_app_like_a_plain_one(table):
    assert isinstance(table, faust.Table)
    assert table.app.tables["cells"] is table
    assert table.partitions == 4


async def waits_until_acknowledged(table: ConfirmedTable, acknowledgements: list[asyncio.Future]) -> bool:
    """Does ``table.written()`` wait until the last of ``acknowledgements``, and no longer?"""
    waiting = asyncio.ensure_future(table.written())
    for ack in acknowledgements:
        await asyncio.sleep(0)
        if waiting.done():
            return False
        ack.set_result(None)
    await asyncio.wait_for(waiting, 1)
    return True


async def test_written_returns_only_once_every_write_so_far_is_acknowledged(table, sent):
    table.send_changelog(0, b"a", b"1")
    table.send_changelog(1, b"b", b"2")
    assert await waits_until_acknowledged(table, sent)


async def test_each_call_waits_for_the_writes_made_since_the_last(table, sent):
    table.send_changelog(0, b"a", b"1")
    assert await waits_until_acknowledged(table, sent[:1])
    table.send_changelog(0, b"a", b"2")
    assert await waits_until_acknowledged(table, sent[1:])


async def test_a_failed_write_fails_the_wait(table, sent):
    table.send_changelog(0, b"a", b"1")
    sent[0].set_exception(RuntimeError("broker said no"))
    with pytest.raises(RuntimeError, match="broker said no"):
        await table.written()


async def test_store_writes_each_key_as_its_own_last_event_and_waits_for_the_broker(table, sent):
    last_of = {b"kharkiv": InputMessage(), b"sumy": InputMessage()}  # a batch's last input per key
    storing = asyncio.ensure_future(table.store({b"kharkiv": b"1", b"sumy": b"2"}, last_of))
    await asyncio.sleep(0)
    assert [(a.key, a.current) for a in sent] == [(b"kharkiv", last_of[b"kharkiv"]), (b"sumy", last_of[b"sumy"])]
    assert table[b"kharkiv"] == b"1" and table[b"sumy"] == b"2"
    assert current_event() is None  # the batch's own current event is back
    assert not storing.done()
    for ack in sent:
        ack.set_result(None)
    await asyncio.wait_for(storing, 1)
