"""The extraction process: outcomes in order, a dead child's article retried then
dead-lettered, the child ignoring the worker's signals and dying with it."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from schemas.deadletter import HEADER_REASON
from streams import topics
from streams.articles import iter_articles
from streams.codec import encode_article
from streams.extractor_pool import ExtractorPool, route_in_child
from streams.routing import ArticleOutcome, Origin, Outbound

MAX_BYTES = 1_000_000


def _nothing() -> None:
    """A child that needs no extractor (the routes below do not extract)."""


def _first_time(value: bytes, prefix: bytes) -> bool:
    """Is ``value`` ``<prefix><file>`` with no such file yet? (It is made: true only once.)"""
    if not value.startswith(prefix):
        return False
    marker = Path(value.removeprefix(prefix).decode())
    if marker.exists():
        return False
    marker.write_text(prefix.decode())
    return True


def echo_or_die(value: bytes | None, origin: Origin, max_bytes: int) -> ArticleOutcome:
    """Runs in the child: ``die`` kills it every time, ``die-once:<file>`` the first time only,
    ``hang`` and ``hang-once:<file>`` never finish (every time, the first time only); anything
    else comes back as one message carrying the child's pid."""
    assert value is not None
    if value == b"die" or _first_time(value, b"die-once:"):
        os._exit(3)
    if value == b"hang" or _first_time(value, b"hang-once:"):
        time.sleep(3600)
    return ArticleOutcome([Outbound("echo", value, str(os.getpid()).encode())])


def _origin(offset: int) -> Origin:
    return Origin("articles", 0, offset, None)


@pytest.fixture
def pool():
    made = ExtractorPool(1, MAX_BYTES, route=echo_or_die, prepare=_nothing)
    made.start()
    yield made
    made.stop()


async def test_outcomes_come_back_in_the_order_submitted(pool: ExtractorPool) -> None:
    jobs = [pool.submit(f"article-{k}".encode(), _origin(k)) for k in range(50)]
    outcomes = [await pool.outcome(job) for job in jobs]
    assert [o.messages[0].key for o in outcomes] == [f"article-{k}".encode() for k in range(50)]
    assert {o.messages[0].value for o in outcomes} != {str(os.getpid()).encode()}  # not this process


async def test_a_dead_child_s_article_is_read_again_and_nothing_queued_behind_it_is_lost(
        pool: ExtractorPool, tmp_path: Path) -> None:
    values = [b"before", f"die-once:{tmp_path / 'marker'}".encode(), b"after-1", b"after-2"]
    jobs = [pool.submit(v, _origin(k)) for k, v in enumerate(values)]
    outcomes = [await pool.outcome(job) for job in jobs]
    assert [o.rejected for o in outcomes] == [None] * 4
    assert [o.messages[0].key for o in outcomes] == values
    first_pid, retried_pid = outcomes[0].messages[0].value, outcomes[1].messages[0].value
    assert first_pid != retried_pid  # read again by a new process


async def test_an_article_that_kills_two_children_is_dead_lettered_and_the_stream_goes_on(pool: ExtractorPool) -> None:
    jobs = [pool.submit(v, _origin(k)) for k, v in enumerate([b"die", b"next"])]
    poisoned, following = [await pool.outcome(job) for job in jobs]
    assert poisoned.rejected is not None and poisoned.rejected.reason == "extraction_error"
    [letter] = poisoned.messages
    assert letter.topic == topics.DLQ.name and letter.value == b"die"  # the original bytes
    assert dict(letter.headers)[HEADER_REASON] == b"extraction_error"
    assert following.rejected is None and following.messages[0].key == b"next"
    later = await pool.outcome(pool.submit(b"later", _origin(9)))
    assert later.messages[0].key == b"later"


async def test_an_article_over_the_time_limit_is_read_again_then_dead_lettered(tmp_path: Path) -> None:
    pool = ExtractorPool(1, MAX_BYTES, timeout_s=1.0, route=echo_or_die, prepare=_nothing)
    pool.start()
    try:
        values = [b"before", f"hang-once:{tmp_path / 'marker'}".encode(), b"hang", b"after"]
        jobs = [pool.submit(v, _origin(k)) for k, v in enumerate(values)]
        started = time.monotonic()
        outcomes = [await pool.outcome(job) for job in jobs]
        waited = time.monotonic() - started
    finally:
        pool.stop()
    before, slow_once, hung, after = outcomes
    assert before.rejected is None and after.rejected is None and after.messages[0].key == b"after"
    # out of time once: killed, then read by a new process
    assert slow_once.rejected is None and slow_once.messages[0].value != before.messages[0].value
    # out of time twice: dead-lettered with its original bytes and the reason
    assert hung.rejected is not None and hung.rejected.error == "read twice: reading it took over 1 s, twice"
    [letter] = hung.messages
    assert letter.topic == topics.DLQ.name and letter.value == b"hang"
    assert dict(letter.headers)[HEADER_REASON] == b"extraction_error"
    assert waited < 60  # three time-outs of one second, and three new processes


async def test_after_stop_an_article_is_never_finished_so_it_is_never_acked() -> None:
    stopped = ExtractorPool(1, MAX_BYTES, route=echo_or_die, prepare=_nothing)
    stopped.start()
    stopped.stop()
    job = stopped.submit(b"late", _origin(0))
    with pytest.raises(asyncio.TimeoutError):
        await asyncio.wait_for(asyncio.shield(job.future), 0.5)


async def test_the_child_extracts_what_the_worker_would_extract() -> None:
    """The real child: same messages as ``route_article`` in this process, for every seed."""
    seed_articles = list(iter_articles([Path(__file__).parent.parent / "seeds"]))
    assert seed_articles
    real = ExtractorPool(1, MAX_BYTES)
    real.start()
    try:
        payloads = [encode_article(a) for a in seed_articles]
        jobs = [real.submit(p, _origin(k)) for k, p in enumerate(payloads)]
        got = [await real.outcome(job) for job in jobs]
    finally:
        real.stop()
    expected = [route_in_child(p, _origin(k), MAX_BYTES) for k, p in enumerate(payloads)]
    assert [o.messages for o in got] == [o.messages for o in expected]
    assert sum(len(o.messages) for o in got) > len(payloads)  # the seeds do hold events


def _children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"


def test_the_child_ignores_sigterm_and_exits_when_the_worker_is_killed(tmp_path: Path) -> None:
    script = textwrap.dedent("""
        import asyncio, time
        from streams.extractor_pool import ExtractorPool
        from streams.routing import Origin
        from test_extractor_pool import echo_or_die, _nothing
        pool = ExtractorPool(1, 1000, route=echo_or_die, prepare=_nothing)
        pool.start()
        async def child_pid():
            return (await pool.outcome(pool.submit(b"pid?", Origin("articles", 0, 0)))).messages[0].value
        print(asyncio.run(child_pid()).decode(), flush=True)
        time.sleep(600)
    """)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path(__file__).parent), *sys.path])}
    worker = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=env,
                              start_new_session=True)
    try:
        assert worker.stdout is not None
        child = int(worker.stdout.readline())
        assert child in _children(worker.pid)
        os.kill(child, signal.SIGTERM)  # what Ctrl-C or a group SIGTERM does to it
        time.sleep(0.5)
        assert _alive(child)
        worker.kill()
        worker.wait(10)
        deadline = time.monotonic() + 10
        while _alive(child) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _alive(child), "the extraction process outlived its SIGKILLed worker"
    finally:
        if worker.poll() is None:
            worker.kill()
