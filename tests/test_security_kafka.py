"""Kafka over SASL_SSL, configured from the environment, against a local broker that demands it.

The broker gets a SASL_SSL listener (SASL/PLAIN users, a TLS key pair made with the JDK's
keytool by :mod:`streams.broker`). Clients are built the way the service builds them —
``streams.kafka.aiokafka_options`` over settings read from ``STREAMS_*`` variables — and
must get in with the right user and password only, over TLS that verifies the broker.
"""

from __future__ import annotations

import asyncio
import logging

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.errors import KafkaConnectionError

from streams import topics
from streams.broker import SaslSslListener
from streams.kafka import aiokafka_options
from streams.settings import Settings
from tests import faultkit
from tests.workers import WorkerProcess

pytestmark = pytest.mark.integration

USER, PASSWORD = "streams-svc", "c0rrect-h0rse-battery"
TOPIC = "security-check"


@pytest.fixture(scope="module")
def sasl_broker(tmp_path_factory):
    root = tmp_path_factory.mktemp("sasl-broker")
    with faultkit.own_broker(root, extra_listeners=[SaslSslListener(users={USER: PASSWORD})]) as info:
        yield info


@pytest.fixture
def sasl_env(sasl_broker, monkeypatch) -> dict[str, str]:
    """The variables an operator sets; every client below reads its settings from them."""
    env = {
        "STREAMS_BOOTSTRAP_SERVERS": sasl_broker.listeners["SASL_SSL"],
        "STREAMS_SECURITY_PROTOCOL": "SASL_SSL",
        "STREAMS_SASL_MECHANISM": "PLAIN",
        "STREAMS_SASL_USERNAME": USER,
        "STREAMS_SASL_PASSWORD": PASSWORD,
        "STREAMS_SSL_CAFILE": str(sasl_broker.ca_file),
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return env


async def _round_trip(settings: Settings, bootstrap: str, value: bytes) -> list[bytes]:
    """Produce one message and read the topic back with clients built from ``settings``."""
    producer = AIOKafkaProducer(**aiokafka_options(settings, bootstrap), request_timeout_ms=10_000)
    try:
        await asyncio.wait_for(producer.start(), 30)
        await producer.send_and_wait(TOPIC, value)
    finally:
        await producer.stop()
    consumer = AIOKafkaConsumer(**aiokafka_options(settings, bootstrap), enable_auto_commit=False,
                                auto_offset_reset="earliest")
    try:
        await asyncio.wait_for(consumer.start(), 30)
        await consumer._client.force_metadata_update()  # the topic was created by the send above
        tps = [TopicPartition(TOPIC, p) for p in consumer.partitions_for_topic(TOPIC) or ()]
        assert tps
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        batch = await consumer.getmany(timeout_ms=5_000)
        return [r.value for records in batch.values() for r in records]
    finally:
        await consumer.stop()


def test_right_credentials_from_the_environment_get_in(sasl_env):
    settings = Settings()  # from STREAMS_* only
    assert settings.security_protocol == "SASL_SSL" and settings.sasl_username == USER
    values = asyncio.run(_round_trip(settings, settings.bootstrap_servers, b"over SASL_SSL"))
    assert b"over SASL_SSL" in values


@pytest.mark.parametrize("wrong", [{"sasl_password": "guess"}, {"sasl_username": "mallory"}], ids=["password", "user"])
def test_wrong_credentials_are_refused(sasl_env, caplog, wrong):
    settings = Settings().model_copy(update=wrong)
    with caplog.at_level(logging.ERROR, logger="aiokafka"), pytest.raises(KafkaConnectionError):
        asyncio.run(_round_trip(settings, settings.bootstrap_servers, b"should not land"))
    assert "SaslAuthenticationFailed" in caplog.text


@pytest.mark.parametrize("protocol", ["PLAINTEXT", "SSL"], ids=["no-tls-no-sasl", "tls-without-sasl"])
def test_no_credentials_are_refused(sasl_env, protocol):
    settings = Settings().model_copy(update={"security_protocol": protocol})
    with pytest.raises(KafkaConnectionError):
        asyncio.run(_round_trip(settings, settings.bootstrap_servers, b"should not land"))


def test_the_broker_certificate_is_verified(sasl_env, caplog):
    settings = Settings().model_copy(update={"ssl_cafile": ""})  # the system CAs do not know our broker
    with caplog.at_level(logging.ERROR, logger="aiokafka"), pytest.raises(KafkaConnectionError):
        asyncio.run(_round_trip(settings, settings.bootstrap_servers, b"should not land"))
    assert "CERTIFICATE_VERIFY_FAILED" in caplog.text


def test_worker_over_sasl_ssl_processes_an_article_end_to_end(sasl_env, tmp_path):
    bootstrap = sasl_env["STREAMS_BOOTSTRAP_SERVERS"]
    articles = faultkit.templated_articles(3, seed=7)
    expected = faultkit.clean_run(articles)
    worker = WorkerProcess(bootstrap, tmp_path / "worker", app_id="security-sasl",
                           env={**sasl_env, **faultkit.WORKER_ENV})
    try:
        worker.start()
        assert faultkit.publish_articles(bootstrap, articles) == len(articles)
        faultkit.wait_drained(bootstrap, "security-sasl", [worker], timeout=90)
        served = worker.get("/counters")
        seen = faultkit.observe(bootstrap)
    finally:
        worker.stop()
    for article in articles:
        assert seen.events[article.id] == expected.events[article.id]
    assert served == expected.counters
    records = asyncio.run(faultkit.read_to_end(bootstrap, [topics.INCIDENTS.name]))[topics.INCIDENTS.name]
    assert records  # incidents came out over the authenticated, encrypted connection
