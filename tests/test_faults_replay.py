"""Replay the seed articles three times: after the first pass nothing changes.

Every id is deterministic, so a replayed article re-sends the same events (same ids) and
its strike reports replace themselves in the merged incidents: no counter moves, no
incident is added, and no new incident version is even published.
"""

from __future__ import annotations

import pytest

from streams.articles import iter_articles
from streams.settings import PROJECT_ROOT
from tests import faultkit
from tests.workers import WorkerProcess

pytestmark = [pytest.mark.faults, pytest.mark.integration]

PASSES = 3


def test_replaying_the_seeds_three_times_changes_nothing_after_the_first(tmp_path):
    seeds = list(iter_articles([PROJECT_ROOT / "seeds"]))
    assert seeds
    expected = faultkit.clean_run(seeds)
    app_id = "fault-replay"
    snapshots = []
    with faultkit.own_broker(tmp_path) as info:
        worker = WorkerProcess(info.bootstrap, tmp_path / "worker", app_id=app_id, env=faultkit.WORKER_ENV)
        try:
            worker.start()
            for _ in range(PASSES):
                faultkit.publish_articles(info.bootstrap, seeds)
                faultkit.wait_drained(info.bootstrap, app_id, [worker])
                seen = faultkit.observe(info.bootstrap)
                snapshots.append((worker.get("/counters"), seen))
            processed = int(worker.metric("streams_articles_processed_total"))
        finally:
            worker.stop()
    (first_counters, first), *later = snapshots
    last_counters, last = snapshots[-1]
    fig = faultkit.figures("replay_seeds_x3", expected, last, n_in=PASSES * len(seeds), processed=processed,
                           incident_versions_after_each_pass=[s.incident_messages for _, s in snapshots])
    faultkit.assert_clean(fig, expected, first, first_counters)
    faultkit.assert_clean(fig, expected, last, last_counters)
    assert first.incidents, "the seeds produced no incident: the replay proves nothing"
    assert processed == PASSES * len(seeds)
    for counters, seen in later:
        assert counters == first_counters
        assert set(seen.incidents) == set(first.incidents)  # no incident added
        assert {i: faultkit.content(x) for i, x in seen.incidents.items()} == {
            i: faultkit.content(x) for i, x in first.incidents.items()}
        assert {i: x.version for i, x in seen.incidents.items()} == {i: x.version for i, x in first.incidents.items()}
        assert seen.incident_messages == first.incident_messages  # not even a new version published
        assert seen.events == first.events  # same event ids, re-sent (deduplicable by id)
        assert seen.event_messages > first.event_messages  # ... they were really re-sent
