"""Extraction in a child process, so the worker's event loop never waits for it.

Extraction is pure and CPU-bound (about 10 ms per article); everything else a worker does
(fetching, producing, committing, the merge and surge agents, the HTTP endpoints, Kafka
heartbeats) is I/O handled by one event loop on one thread. Run on that thread, every
article stalls the loop for its whole extraction and the second core does nothing for
the worker. Run in a child process, the two overlap: the loop sends one article's events
while the child reads the next ones, and a slow article no longer delays a heartbeat or
a scrape.

The child is a ``concurrent.futures`` process pool (``STREAMS_EXTRACT_PROCESSES``
processes, 0 to extract in the worker's own thread) started with ``spawn``: a fork of a
process running aiokafka's threads is not safe. It owns the extractor's tables; the
worker never builds them. Results come back in submission order, so an article's events
are sent and its offset acked in the order it was consumed.

A child that dies (killed, out of memory, a crash in a C extension) breaks the pool. The
article it was reading is retried once in a fresh process; if that one dies too, the
article goes to the dead-letter topic (``extraction_error``) and the stream goes on. The
articles queued behind it are resubmitted, not dead-lettered.

An article that takes longer than ``STREAMS_EXTRACT_TIMEOUT_S`` is treated the same way:
its process is killed, the article is read once more in a fresh one, and dead-lettered if
it runs out of time again. The input caps (message size, sentences read per article) keep
any real article far below the limit; it is there so that one pathological text can stall
a partition for a minute, not for ever. Extraction in the worker's thread
(``STREAMS_EXTRACT_PROCESSES=0``) cannot be interrupted and has no limit.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Callable

from .codec import Rejected
from .routing import ArticleOutcome, Origin, dead_letter, route_article

log = logging.getLogger(__name__)

#: How long a new child may take to import the extractor and build its tables.
START_TIMEOUT_S = 300.0


@dataclass(slots=True)
class Job:
    """One submitted article: what is needed to submit it again if its process died."""

    value: bytes | None
    origin: Origin
    future: asyncio.Future
    generation: int


# -- the child's side ------------------------------------------------------------------------
def _exit_with(parent: int) -> None:
    """Exit once the worker is gone: a SIGKILLed worker must not leave its child behind."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(0)


def _prepare_extractor() -> None:
    """``prebuild.prepare_extractor``, imported only where it runs: importing it here at the
    top would load the extractor into the worker, which never extracts."""
    from .prebuild import prepare_extractor

    prepare_extractor()


def _start_child(parent: int, prepare: Callable[[], None]) -> None:
    """Pool initializer: ignore the signals meant for the worker, then build the extractor.

    Ctrl-C and SIGTERM reach the worker's whole process group; the worker stops the pool
    itself once its agents have stopped, so a signal must not kill an extraction midway.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    threading.Thread(target=_exit_with, args=(parent,), name="exit-with-worker", daemon=True).start()
    prepare()


def _ready() -> int:
    return os.getpid()


def route_in_child(value: bytes | None, origin: Origin, max_bytes: int) -> ArticleOutcome:
    """``route_article`` with the process's extractor; only what the worker sends comes back."""
    from .extract import extract

    outcome = route_article(value, origin, max_bytes, extract)
    return ArticleOutcome(outcome.messages, rejected=outcome.rejected)


# -- the worker's side -----------------------------------------------------------------------
Route = Callable[[bytes | None, Origin, int], ArticleOutcome]


class ExtractorPool:
    """Submit articles to the extraction process(es); collect outcomes in order.

    ``route`` and ``prepare`` run in the child (module-level functions, so that they can be
    named to a spawned process); tests replace them to kill a child on cue.
    """

    def __init__(self, processes: int, max_bytes: int, *, timeout_s: float = 60.0, route: Route = route_in_child,
                 prepare: Callable[[], None] = _prepare_extractor) -> None:
        self.processes = processes
        self.max_bytes = max_bytes
        self.timeout_s = timeout_s
        self._route = route
        self._prepare = prepare
        self._executor: ProcessPoolExecutor | None = None
        self._started: Future | None = None  # resolved once the current pool has built its extractor
        self._generation = 0
        self._stopped = False

    @property
    def inline(self) -> bool:
        return self.processes == 0

    def start(self) -> None:
        """Start the process(es) and wait until each has built its extractor.

        Called before the worker consumes, so the first article does not wait for the
        tables. Without processes, the extractor is built here, in this process.
        """
        if self.inline:
            self._prepare()
            return
        self._replace(self._generation)
        started = time.monotonic()
        pids = {self._executor.submit(_ready).result(timeout=START_TIMEOUT_S) for _ in range(self.processes)}
        log.info("extraction in %d child process(es) %s, ready in %.1f s", self.processes, sorted(pids),
                 time.monotonic() - started)

    def stop(self) -> None:
        """Stop the process(es), after the worker stopped consuming."""
        self._stopped = True
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def submit(self, value: bytes | None, origin: Origin) -> Job:
        """Start reading one article; ``outcome`` gives its result."""
        loop = asyncio.get_running_loop()
        if self._stopped:
            # shutting down: never read, never acked, so read again at the next start
            return Job(value, origin, loop.create_future(), self._generation)
        if self.inline:
            future = loop.create_future()
            future.set_result(self._route(value, origin, self.max_bytes))
            return Job(value, origin, future, self._generation)
        if self._executor is None:
            self._replace(self._generation)
        return Job(value, origin, self._submit(loop, value, origin), self._generation)

    async def outcome(self, job: Job) -> ArticleOutcome:
        """The job's outcome; a dead letter when its article killed two processes or ran
        out of time twice.

        Only the article at the head of the line counts a failure: the articles queued
        behind it find their pool already replaced, and are submitted again as if new.
        """
        where = f"{job.origin.topic}[{job.origin.partition}]@{job.origin.offset}"
        future, generation, failures = job.future, job.generation, []
        while True:
            try:
                return await self._in_time(future, generation)
            except BrokenProcessPool:
                if generation == self._generation:  # its own pool: it was reading this article
                    failures.append("the extraction process died")
            except TimeoutError:
                failures.append(f"reading it took over {self.timeout_s:g} s")
            generation = self._replace(generation)
            if len(failures) == 2:
                break
            if failures:
                log.warning("%s: %s; reading it again in a new process", where, failures[-1])
            future = self._submit(asyncio.get_running_loop(), job.value, job.origin)
        first, second = failures
        error = f"read twice: {first}, twice" if first == second else f"read twice: {first}, then {second}"
        rejected = Rejected("extraction_error", error)
        log.error("dead-lettering %s: %s", where, error)
        return ArticleOutcome([dead_letter(job.value, job.origin, rejected.reason, rejected.error)], rejected=rejected)

    async def _in_time(self, future: asyncio.Future, generation: int) -> ArticleOutcome:
        """``future``'s result, if it comes within the time limit of its article.

        The clock starts once the pool of ``generation`` has built its extractor and every
        article before this one is done (outcomes are awaited in order): it measures this
        article. On time out the pool's processes are killed, which fails the articles
        queued behind it with ``BrokenProcessPool``: their outcomes resubmit them.
        """
        if self.inline or self._stopped:
            return await future  # after stop: a future that never resolves (``submit``)
        if generation == self._generation and self._started is not None and not self._started.done():
            await asyncio.wrap_future(self._started)
        try:
            return await asyncio.wait_for(asyncio.shield(future), self.timeout_s)
        except TimeoutError:
            if self._stopped:
                return await future
            future.cancel()  # its late BrokenProcessPool is nobody's error
            self._kill(generation)
            raise

    def _kill(self, generation: int) -> None:
        """Kill the processes of the pool of ``generation`` (if it is still the current one)."""
        if generation != self._generation or self._executor is None:
            return
        # ProcessPoolExecutor has no public way to end a busy process before Python 3.14
        for process in list(getattr(self._executor, "_processes", {}).values()):
            process.kill()

    def _submit(self, loop: asyncio.AbstractEventLoop, value: bytes | None, origin: Origin) -> asyncio.Future:
        assert self._executor is not None
        try:
            cf: Future = self._executor.submit(self._route, value, origin, self.max_bytes)
        except BrokenProcessPool as exc:
            failed = loop.create_future()
            failed.set_exception(exc)
            return failed
        return asyncio.wrap_future(cf, loop=loop)

    def _replace(self, generation: int) -> int:
        """A new pool, unless one newer than ``generation`` (the broken one) is already there."""
        if generation == self._generation and self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None
        if self._executor is None:
            self._generation += 1
            self._executor = ProcessPoolExecutor(
                self.processes, mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_child, initargs=(os.getpid(), self._prepare),
            )
            self._started = self._executor.submit(_ready)
        return self._generation
