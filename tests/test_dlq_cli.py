"""``python -m streams dlq list|replay`` against a real broker and worker.

The story an operator lives: an article is dead-lettered (here: a size limit set too low),
``list`` shows it with its reason, the cause is fixed (the worker restarted with the right
limit), ``replay`` sends it back once, the worker processes it, and replaying again sends
nothing. Replaying while the cause is *not* fixed must still send each letter once and
stop, not chase the fresh dead letters its own replay produces.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from schemas import Article
from streams.settings import PROJECT_ROOT
from tests import faultkit
from tests.workers import WorkerProcess

pytestmark = pytest.mark.integration

LOW_LIMIT = "2048"  # bytes: the misconfiguration; the article below is ~3 KB


def _dlq(bootstrap: str, *args: str, timeout: float = 60.0) -> subprocess.CompletedProcess:
    env = {**os.environ, "STREAMS_BOOTSTRAP_SERVERS": bootstrap}
    return subprocess.run([sys.executable, "-m", "streams", "dlq", *args], cwd=PROJECT_ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout)


def _article() -> Article:
    [article] = faultkit.templated_articles(1, seed=5)
    padding = " Officials said damage assessments were continuing across the district." * 40
    return article.model_copy(update={"id": "dlq-article-1", "body": article.body + padding})


def test_list_shows_the_reason_and_replay_sends_each_letter_once(tmp_path):
    article = _article()
    expected = faultkit.clean_run([article])
    [event_ids] = expected.events.values()
    assert event_ids
    with faultkit.own_broker(tmp_path) as info:
        misconfigured = WorkerProcess(info.bootstrap, tmp_path / "w1", app_id="dlq-cli",
                                      env={**faultkit.WORKER_ENV, "STREAMS_MAX_MESSAGE_BYTES": LOW_LIMIT})
        fixed = WorkerProcess(info.bootstrap, tmp_path / "w2", app_id="dlq-cli", env=faultkit.WORKER_ENV)
        try:
            misconfigured.start()
            faultkit.publish_articles(info.bootstrap, [article])
            misconfigured.wait_for(lambda: misconfigured.metric("streams_dlq_total", reason="too_large") == 1,
                                   timeout=60, what="the article dead-lettered")

            listed = _dlq(info.bootstrap, "list")
            assert listed.returncode == 0, listed.stderr
            [line] = [ln for ln in listed.stdout.splitlines() if ln.strip()]
            assert "too_large" in line and "from articles[" in line and "limit is 2048" in line
            assert "1 dead letter(s)" in listed.stderr

            # replayed while the cause is not fixed: sent once, dead-lettered again, and the
            # command ends instead of replaying its own fresh dead letters
            chased = _dlq(info.bootstrap, "replay")
            assert chased.returncode == 0, chased.stderr
            assert "1 dead letter(s) replayed" in chased.stderr
            misconfigured.wait_for(lambda: misconfigured.metric("streams_dlq_total", reason="too_large") == 2,
                                   timeout=60, what="the replayed article dead-lettered again")
            misconfigured.stop()

            fixed.start()
            replayed = _dlq(info.bootstrap, "replay")
            assert replayed.returncode == 0, replayed.stderr
            assert "1 dead letter(s) replayed" in replayed.stderr  # the new letter, not the old one again
            assert "too_large" in replayed.stdout
            faultkit.wait_drained(info.bootstrap, "dlq-cli", [fixed])
            assert fixed.metric("streams_articles_processed_total") == 1

            again = _dlq(info.bootstrap, "replay")
            assert again.returncode == 0, again.stderr
            assert "0 dead letter(s) replayed" in again.stderr
            seen = faultkit.observe(info.bootstrap)
        finally:
            misconfigured.stop()
            fixed.stop()
    assert seen.events[article.id] == event_ids  # processed once the cause was fixed
    assert seen.dead[article.id] == ["too_large", "too_large"]  # the original and the unfixed replay
