"""The broker and worker processes a benchmark runs against, and their clean-up.

Everything lives in one temporary directory: the broker's data (when the benchmark starts
its own), and each worker's ``STREAMS_DATA_DIR``. :class:`Cluster` is a context manager:
on the way out, normal or not (an error, Ctrl-C, SIGTERM), it stops every worker it
started, then the broker it started, then removes the directory. A configured broker
(``STREAMS_BOOTSTRAP_SERVERS``) is used as it is and never stopped.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Callable

from streams import broker
from streams.broker import free_port
from streams.run import start_worker, stop_process, wait_healthy
from streams.settings import Settings

#: Heap of a benchmark's own broker: enough to keep the page cache, not the JVM, doing the work.
BROKER_HEAP = "512m"


def process_tree(pid: int) -> list[int]:
    """``pid`` and every process descended from it (a worker's extraction process)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as handle:
                    parent = int(handle.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(parent, []).append(int(entry))
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        todo.extend(children.get(current, ()))
    return tree


def tree_total(tree: list[int], measure: Callable[[int], float | None]) -> float | None:
    """``measure`` summed over a :func:`process_tree`; None when its root process is gone.

    Memory summed this way counts pages the processes share once per process: an upper bound.
    """
    own = measure(tree[0])
    if own is None:
        return None
    return own + sum(measure(child) or 0 for child in tree[1:])


def rss_bytes(pid: int) -> int | None:
    """Resident set size of a process (``VmRSS``), None when it is gone."""
    try:
        with open(f"/proc/{pid}/status", "rb") as handle:
            for line in handle:
                if line.startswith(b"VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def cpu_seconds(pid: int) -> float | None:
    """User plus system CPU time of a process, all threads (``/proc/<pid>/stat``), None when gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            fields = handle.read().rsplit(b")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime (fields 14, 15)


@dataclass
class Worker:
    """One ``python -m streams worker`` subprocess with its own port and state directory."""

    proc: subprocess.Popen
    port: int
    data_dir: Path
    log_path: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc.poll() is None

    def usage(self) -> tuple[int | None, float | None]:
        """RSS and CPU seconds of the worker with its extraction process (one walk of /proc)."""
        tree = process_tree(self.proc.pid)
        rss = tree_total(tree, rss_bytes)
        return None if rss is None else int(rss), tree_total(tree, cpu_seconds)

    def metric(self, name: str, **labels: str) -> float:
        """Sum of one metric's samples from ``/metrics``, those with ``labels`` only (called
        outside timed sections)."""
        with urllib.request.urlopen(f"{self.base}/metrics", timeout=10) as response:
            text = response.read().decode()
        wanted = [f'{key}="{value}"' for key, value in labels.items()]
        return sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines()
                   if line.startswith((name + " ", name + "{")) and all(w in line for w in wanted))

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


@dataclass
class Cluster:
    """A broker (started here unless configured) and the workers started against it."""

    settings: Settings
    keep: bool = False
    root: Path = field(init=False)
    bootstrap: str = field(init=False, default="")
    started_broker: bool = field(init=False, default=False)
    workers: list[Worker] = field(init=False, default_factory=list)
    _previous_sigterm: object = field(init=False, default=None)

    def __enter__(self) -> Cluster:
        self.root = Path(tempfile.mkdtemp(prefix="streams-bench-"))
        # SIGTERM becomes KeyboardInterrupt, so the same clean-up runs as for Ctrl-C.
        self._previous_sigterm = signal.signal(signal.SIGTERM, _raise_interrupt)
        try:
            if self.settings.bootstrap_servers:
                self.bootstrap = self.settings.bootstrap_servers
            else:
                info = broker.start(self.settings, data_dir=self.root / "kafka", heap=BROKER_HEAP, die_with_parent=True)
                self.started_broker = True
                self.bootstrap = info.bootstrap
        except BaseException:
            self.__exit__(None, None, None)
            raise
        self.settings = self.settings.model_copy(update={"bootstrap_servers": self.bootstrap, "data_dir": self.root})
        return self

    @property
    def broker_kind(self) -> str:
        return "local" if self.started_broker else "configured"

    @property
    def broker_pid(self) -> int | None:
        info = broker.status(self.root / "kafka") if self.started_broker else None
        return info.pid if info else None

    def start_workers(self, count: int, app_id: str, *, timeout: float = 180.0) -> list[Worker]:
        """Start ``count`` workers of one consumer group together, and wait until all are healthy."""
        started = []
        for _ in range(count):
            port = free_port()
            data_dir = self.root / "workers" / f"{app_id}-{port}"
            settings = self.settings.model_copy(update={"web_port": port, "data_dir": data_dir})
            env = {"STREAMS_APP_ID": app_id, "STREAMS_DATA_DIR": str(data_dir),
                   "STREAMS_ALERTMANAGER_URL": "", "STREAMS_ALERT_WEBHOOK_URL": ""}  # never alert real receivers
            log_path = data_dir / "worker.log"
            worker = Worker(start_worker(settings, self.bootstrap, log_path=log_path, env=env), port, data_dir, log_path)
            self.workers.append(worker)
            started.append(worker)
        for worker in started:
            try:
                wait_healthy(worker.base, worker.proc, timeout=timeout)
            except (RuntimeError, TimeoutError) as exc:
                raise RuntimeError(f"worker on port {worker.port} did not start: {exc}\n{worker.log_tail()}") from exc
        return started

    def stop_workers(self, workers: list[Worker]) -> None:
        for worker in workers:
            stop_process(worker.proc)
            if worker in self.workers:
                self.workers.remove(worker)

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        try:
            for worker in list(self.workers):
                try:
                    stop_process(worker.proc, timeout=20.0)
                except Exception:  # noqa: BLE001 - keep stopping the others
                    if worker.alive():
                        os.killpg(worker.proc.pid, signal.SIGKILL)
            self.workers.clear()
            if self.started_broker:
                broker.stop(self.root / "kafka")
        finally:
            if self._previous_sigterm is not None:
                signal.signal(signal.SIGTERM, self._previous_sigterm)  # type: ignore[arg-type]
            if not self.keep:
                shutil.rmtree(self.root, ignore_errors=True)


def _raise_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt(f"signal {signum}")

