"""kill -9 the worker in the middle of a replay, restart it: nothing lost, nothing counted twice.

The worker dies with output in flight (sent but not acknowledged), table writes not yet in
the changelog and offsets not yet committed. Its successor re-reads from the last commit,
re-sends the same messages with the same ids and recovers the table from the changelog:
the final state must equal one clean pass over the same articles.
"""

from __future__ import annotations

import pytest

from tests import faultkit
from tests.workers import WorkerProcess

pytestmark = [pytest.mark.faults, pytest.mark.integration]

N_ARTICLES = 2_000
RATE = 500.0  # articles/s: the replay is still running when the worker is killed


def test_kill_9_mid_replay_then_restart_equals_a_clean_run(tmp_path):
    articles = faultkit.workload(N_ARTICLES, seed=41)
    expected = faultkit.clean_run(articles)
    app_id = "fault-kill"
    with faultkit.own_broker(tmp_path) as info:
        first = WorkerProcess(info.bootstrap, tmp_path / "worker", app_id=app_id, env=faultkit.WORKER_ENV)
        second = WorkerProcess(info.bootstrap, tmp_path / "worker", app_id=app_id, env=faultkit.WORKER_ENV)
        publisher = faultkit.Publisher(info.bootstrap, articles, RATE)
        try:
            first.start()
            publisher.start()
            first.wait_for(lambda: first.metric("streams_articles_in_total") >= N_ARTICLES * 0.3
                           and first.metric("streams_incident_updates_total") > 0, timeout=120, what="a third consumed")
            consumed_before_kill = int(first.metric("streams_articles_in_total"))
            first.kill()
            assert consumed_before_kill < N_ARTICLES, "the worker finished before the kill: not a mid-stream crash"
            second.start()
            assert publisher.finish() == N_ARTICLES
            faultkit.wait_drained(info.bootstrap, app_id, [second])
            served = second.get("/counters")
            reconsumed = int(second.metric("streams_articles_in_total"))
            seen = faultkit.observe(info.bootstrap)
        finally:
            first.stop()
            second.stop()
            if publisher.is_alive():
                publisher.join(timeout=60)
    fig = faultkit.figures("worker_kill_9", expected, seen, consumed_before_kill=consumed_before_kill,
                           consumed_after_restart=reconsumed)
    faultkit.assert_clean(fig, expected, seen, served)
    # the successor resumed from the last commit, not from the beginning
    assert reconsumed < N_ARTICLES
