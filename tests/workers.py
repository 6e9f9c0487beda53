"""Running real worker processes in tests, with their own port, state and consumer group."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from streams.broker import free_port
from streams.run import start_worker, stop_process, wait_healthy, wait_processed
from streams.settings import Settings


@dataclass
class WorkerProcess:
    bootstrap: str
    state: Path
    app_id: str = "conflict-streams"
    env: dict[str, str] = field(default_factory=dict)
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log_path(self) -> Path:
        return self.state / f"worker-{self.port}.log"

    def start(self, timeout: float = 120.0) -> "WorkerProcess":
        settings = Settings(bootstrap_servers=self.bootstrap, web_port=self.port, data_dir=self.state)
        env = {"STREAMS_APP_ID": self.app_id, "STREAMS_DATA_DIR": str(self.state), **self.env}
        self.proc = start_worker(settings, self.bootstrap, log_path=self.log_path, env=env)
        try:
            wait_healthy(self.base, self.proc, timeout=timeout)
        except Exception:
            self.stop()
            raise AssertionError(f"worker did not start:\n{self.log_tail()}")
        return self

    def stop(self) -> None:
        if self.proc is not None:
            stop_process(self.proc)

    def kill(self) -> None:
        """kill -9: no drain, no commit."""
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def get(self, path: str) -> dict:
        with urllib.request.urlopen(self.base + path, timeout=10) as response:
            return orjson.loads(response.read())

    def metrics_text(self) -> str:
        with urllib.request.urlopen(self.base + "/metrics", timeout=10) as response:
            return response.read().decode()

    def metric(self, name: str, **labels: str) -> float:
        total = 0.0
        for line in self.metrics_text().splitlines():
            if not (line.startswith(name + " ") or line.startswith(name + "{")):
                continue
            if all(f'{k}="{v}"' in line for k, v in labels.items()):
                total += float(line.rsplit(" ", 1)[1])
        return total

    def wait_processed(self, expected: int, timeout: float = 120.0) -> None:
        wait_processed(self.base, expected, timeout=timeout)

    def wait_for(self, predicate, timeout: float = 60.0, what: str = "condition") -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return
            time.sleep(0.25)
        raise AssertionError(f"timed out waiting for {what}:\n{self.log_tail()}")

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"
