"""Two workers in one consumer group, kill one: the other takes over its partitions.

The survivor inherits partitions whose merged incidents it never computed: it can only
serve the right counters by recovering the dead worker's table from the changelog and by
re-reading, from the last commit, what the dead one had consumed but not committed.
"""

from __future__ import annotations

import pytest

from streams import topics
from tests import faultkit
from tests.workers import WorkerProcess

pytestmark = [pytest.mark.faults, pytest.mark.integration]

N_ARTICLES = 1_000
RATE = 300.0


def _owned(worker: WorkerProcess, topic: str) -> set[int]:
    """Partitions of ``topic`` the worker owns once healthy; none while it rebalances or recovers (503)."""
    try:
        assigned = worker.get("/health")["assigned"]
    except OSError:
        return set()
    return {int(tp.rpartition(":")[2]) for tp in assigned if tp.rpartition(":")[0] == topic}


def _settled(*workers: WorkerProcess) -> bool:
    """Every worker healthy and the strike-reports partitions split between them, each owning some."""
    owned = [_owned(w, topics.STRIKE_REPORTS.name) for w in workers]
    return all(owned) and sum(map(len, owned)) == len(set().union(*owned)) == 4


def _committed_on(bootstrap: str, group: str, partitions: set[int]) -> int:
    """Reports the group has committed on these strike-reports partitions."""
    done = faultkit.committed(bootstrap, group, topics.STRIKE_REPORTS.name)
    return sum(done.get(p, 0) for p in partitions)


def test_killing_one_of_two_workers_hands_its_partitions_and_tables_to_the_other(tmp_path):
    articles = faultkit.workload(N_ARTICLES, seed=43)
    expected = faultkit.clean_run(articles)
    app_id = "fault-group"
    with faultkit.own_broker(tmp_path) as info:
        doomed = WorkerProcess(info.bootstrap, tmp_path / "doomed", app_id=app_id, env=faultkit.WORKER_ENV)
        survivor = WorkerProcess(info.bootstrap, tmp_path / "survivor", app_id=app_id, env=faultkit.WORKER_ENV)
        publisher = faultkit.Publisher(info.bootstrap, articles, RATE)
        try:
            doomed.start()
            survivor.start()
            faultkit.wait_until(lambda: _settled(doomed, survivor), timeout=60, what="both workers owning partitions")
            taken_over = _owned(doomed, topics.STRIKE_REPORTS.name)
            publisher.start()
            faultkit.wait_until(lambda: doomed.metric("streams_incident_updates_total") >= 50, timeout=120,
                                what="the doomed worker merging incidents")
            # Kill only once the doomed worker has committed reports of its partitions: from then
            # on their merged state exists only in its table's changelog, which is what the
            # survivor must recover. (Commits run on a timer, so merging alone does not imply one.)
            faultkit.wait_until(lambda: _committed_on(info.bootstrap, app_id, taken_over) > 0, timeout=60,
                                what="the doomed worker committing reports of its partitions")
            merged_by_doomed = int(doomed.metric("streams_incident_updates_total"))
            doomed.kill()
            committed_by_doomed = _committed_on(info.bootstrap, app_id, taken_over)
            assert committed_by_doomed > 0
            assert publisher.finish() == N_ARTICLES
            faultkit.wait_until(lambda: _owned(survivor, topics.STRIKE_REPORTS.name) == {0, 1, 2, 3}, timeout=60,
                                what="the survivor owning every partition")
            faultkit.wait_drained(info.bootstrap, app_id, [survivor])
            served = survivor.get("/counters")
            seen = faultkit.observe(info.bootstrap)
        finally:
            doomed.stop()
            survivor.stop()
            if publisher.is_alive():
                publisher.join(timeout=60)
    fig = faultkit.figures("group_member_kill_9", expected, seen, partitions_taken_over=sorted(taken_over),
                           incident_updates_by_dead_worker=merged_by_doomed,
                           reports_committed_by_dead_worker=committed_by_doomed)
    faultkit.assert_clean(fig, expected, seen, served)
