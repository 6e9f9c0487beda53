"""The README's main job, as a newcomer runs it: no broker configured, so it starts one,
runs a worker, replays the seeds, prints what came out, and stops everything it started."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from streams import broker
from streams.settings import PROJECT_ROOT
from tests.workers import free_port

pytestmark = pytest.mark.integration


def test_run_starts_its_own_broker_replays_seeds_and_cleans_up(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"STREAMS_BOOTSTRAP_SERVERS", "KAFKA_BOOTSTRAP_SERVERS"}}
    env.update({"STREAMS_DATA_DIR": str(tmp_path), "STREAMS_WEB_PORT": str(free_port()), "STREAMS_BROKER_HEAP": "384m"})
    done = subprocess.run([sys.executable, "-m", "streams", "run", "--no-wait"], cwd=PROJECT_ROOT, env=env,
                          capture_output=True, text=True, timeout=400)
    out = done.stdout
    assert done.returncode == 0, out + done.stderr
    assert "Kafka broker started at 127.0.0.1:" in out
    assert "Replayed 5 articles" in out
    for section in ("== Events by type", "== Merged incidents", "== Alerts", "== Counters"):
        assert section in out
    incidents = out.split("== Merged incidents")[1].split("== Alerts")[0]
    kramatorsk = [line for line in incidents.splitlines() if "2023-02-01 Kramatorsk" in line]
    assert len(kramatorsk) == 1 and "killed=3 " in kramatorsk[0]
    assert "Stopped the local broker" in out
    assert broker.status(tmp_path / "kafka") is None  # nothing left running
