"""Stop and restart the broker mid-stream: the worker reconnects by itself and nothing is lost.

Articles keep arriving across the outage (the producer buffers and retries), the worker's
fetches, sends and commits fail while the broker is away, and it must resume without being
restarted — the same process — and end with the state of a clean run.
"""

from __future__ import annotations

import pytest

from tests import faultkit
from tests.workers import WorkerProcess

pytestmark = [pytest.mark.faults, pytest.mark.integration]

N_ARTICLES = 800
RATE = 200.0


def test_broker_restart_mid_stream_loses_nothing(tmp_path):
    articles = faultkit.workload(N_ARTICLES, seed=42)
    expected = faultkit.clean_run(articles)
    app_id = "fault-broker"
    with faultkit.own_broker(tmp_path) as info:
        worker = WorkerProcess(info.bootstrap, tmp_path / "worker", app_id=app_id, env=faultkit.WORKER_ENV)
        publisher = faultkit.Publisher(info.bootstrap, articles, RATE)
        try:
            worker.start()
            pid = worker.proc.pid
            publisher.start()
            worker.wait_for(lambda: worker.metric("streams_articles_in_total") >= N_ARTICLES * 0.25,
                            timeout=120, what="a quarter consumed")
            consumed_before = int(worker.metric("streams_articles_in_total"))
            restarted = faultkit.restart_broker(info)
            assert restarted.bootstrap == info.bootstrap, "the broker came back on another port"
            assert consumed_before < N_ARTICLES, "the stream was over before the broker stopped"
            assert publisher.finish() == N_ARTICLES
            faultkit.wait_drained(info.bootstrap, app_id, [worker])
            served = worker.get("/counters")
            seen = faultkit.observe(info.bootstrap)
            assert worker.proc.poll() is None and worker.proc.pid == pid  # reconnected, not restarted
            log = worker.log_path.read_text(errors="replace")
        finally:
            worker.stop()
            if publisher.is_alive():
                publisher.join(timeout=60)
    fig = faultkit.figures("broker_restart", expected, seen, consumed_before_stop=consumed_before)
    faultkit.assert_clean(fig, expected, seen, served)
    assert "Restarting dead" not in log
