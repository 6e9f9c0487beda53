"""Fixtures every test module may use: an isolated state directory, a real Kafka broker, unique names.

Tests must never touch a developer's own ``.state/`` (nor the broker running from it), so
the whole session gets a temporary ``STREAMS_DATA_DIR``. The broker is started at most once
per session, only when a test asks for ``kafka_bootstrap``, and is tied to this process: a
test run that is interrupted or killed does not leave a JVM behind.
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from streams import broker
from streams.settings import get_settings


@pytest.fixture(scope="session", autouse=True)
def isolated_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A session-wide ``STREAMS_DATA_DIR``; subprocesses started by tests inherit it."""
    data_dir = tmp_path_factory.mktemp("state")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("STREAMS_DATA_DIR", str(data_dir))
        get_settings.cache_clear()
        yield data_dir
    get_settings.cache_clear()


@pytest.fixture(scope="session")
def kafka_bootstrap(isolated_data_dir: Path) -> Iterator[str]:
    """``host:port`` of a ready Kafka broker for this session.

    A configured one (``STREAMS_BOOTSTRAP_SERVERS`` or ``KAFKA_BOOTSTRAP_SERVERS``) is used
    as it is; otherwise a local broker is started in the session's data directory and stopped
    at the end. ``STREAMS_BOOTSTRAP_SERVERS`` then points at it, so code under test and
    subprocesses find it without starting a broker of their own.
    """
    configured = os.environ.get("STREAMS_BOOTSTRAP_SERVERS") or os.environ.get("KAFKA_BOOTSTRAP_SERVERS")
    if configured:
        yield configured
        return
    settings = get_settings()
    info = broker.start(settings, data_dir=settings.kafka_dir, heap="384m", die_with_parent=True)
    try:
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("STREAMS_BOOTSTRAP_SERVERS", info.bootstrap)
            get_settings.cache_clear()
            yield info.bootstrap
    finally:
        get_settings.cache_clear()
        broker.stop(info.data_dir)


@pytest.fixture
def fresh_topic_prefix(request: pytest.FixtureRequest) -> str:
    """A prefix no other test (nor an earlier run against the same broker) has used.

    Legal in Kafka topic and group names; it names the test for the broker's logs.
    """
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", request.node.name)[:40].strip("-")
    return f"{stem}-{uuid.uuid4().hex[:8]}-"
