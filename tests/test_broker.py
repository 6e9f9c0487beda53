"""The local Kafka broker: its configuration, its process handling and a real broker's behaviour.

Unit tests render configuration and handle pid files without a JVM. Integration tests use
the session broker for traffic, and a broker of their own where they stop, restart or kill it.
"""

from __future__ import annotations

import asyncio
import base64
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType
from aiokafka.helpers import create_ssl_context

from streams import broker
from streams.broker import BrokerError, BrokerState, Layout, Ports, SaslSslListener

MB = 1024 * 1024


def parse_properties(text: str) -> dict[str, str]:
    pairs = (line.split("=", 1) for line in text.splitlines() if line and not line.startswith("#"))
    return {key: value for key, value in pairs}


# --- unit: configuration ------------------------------------------------------------------


def test_config_has_listeners_on_the_given_ports(tmp_path: Path) -> None:
    props = parse_properties(broker.render_config(Layout(tmp_path), Ports(broker=19092, controller=19093)))

    assert props["process.roles"] == "broker,controller"
    assert props["controller.quorum.voters"] == "1@127.0.0.1:19093"
    assert props["listeners"] == "PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093"
    assert props["advertised.listeners"] == "PLAINTEXT://127.0.0.1:19092"
    assert props["listener.security.protocol.map"] == "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"
    assert props["log.dirs"] == str(tmp_path / "logs")


def test_config_suits_a_single_node(tmp_path: Path) -> None:
    props = parse_properties(broker.render_config(Layout(tmp_path), Ports(1, 2)))

    for key in (
        "offsets.topic.replication.factor",
        "transaction.state.log.replication.factor",
        "transaction.state.log.min.isr",
        "min.insync.replicas",
    ):
        assert props[key] == "1", key
    assert props["log.cleaner.enable"] == "true"
    assert int(props["log.cleaner.dedupe.buffer.size"]) <= 32 * MB
    assert int(props["message.max.bytes"]) >= 2 * MB  # dead letters carry 1 MB+ bodies
    assert int(props["socket.request.max.bytes"]) >= int(props["message.max.bytes"])
    assert props["group.initial.rebalance.delay.ms"] == "0"


def test_config_adds_a_sasl_ssl_listener_with_its_users(tmp_path: Path) -> None:
    extra = SaslSslListener(users={"alice": "pw-a", "bob": "pw-b"})
    props = parse_properties(broker.render_config(Layout(tmp_path), Ports(1, 2, {"SASL_SSL": 3}), [extra], "tlspw"))

    assert props["listeners"].endswith(",SASL_SSL://127.0.0.1:3")
    assert "SASL_SSL://127.0.0.1:3" in props["advertised.listeners"]
    assert "SASL_SSL:SASL_SSL" in props["listener.security.protocol.map"]
    jaas = props["listener.name.sasl_ssl.plain.sasl.jaas.config"]
    assert 'user_alice="pw-a"' in jaas and 'user_bob="pw-b"' in jaas
    assert props["listener.name.sasl_ssl.ssl.keystore.location"] == str(tmp_path / "tls" / "broker.p12")
    assert props["listener.name.sasl_ssl.ssl.keystore.password"] == "tlspw"


@pytest.mark.parametrize("user,password", [('al"ice', "pw"), ("alice", "p;w"), ("alice", "")])
def test_sasl_credentials_that_would_break_the_jaas_line_are_refused(tmp_path: Path, user: str, password: str) -> None:
    extra = SaslSslListener(users={user: password})
    with pytest.raises(ValueError):
        broker.render_config(Layout(tmp_path), Ports(1, 2, {"SASL_SSL": 3}), [extra], "pw")


def test_cluster_ids_are_kraft_uuids() -> None:
    ids = {broker.new_cluster_id() for _ in range(200)}
    assert len(ids) == 200
    for cid in ids:
        assert len(cid) == 22 and not cid.startswith("-")
        assert len(base64.urlsafe_b64decode(cid + "==")) == 16


def test_ports_of_the_last_run_are_kept_when_free() -> None:
    sockets = [socket.socket() for _ in range(3)]  # three distinct ports, released before the check
    for sock in sockets:
        sock.bind(("127.0.0.1", 0))
    plain, controller, sasl = (sock.getsockname()[1] for sock in sockets)
    for sock in sockets:
        sock.close()
    previous = Ports(broker=plain, controller=controller, extra={"SASL_SSL": sasl})
    assert broker._choose_ports(previous, [SaslSslListener(users={"u": "p"})]) == previous


def test_a_taken_port_is_replaced() -> None:
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        taken = squatter.getsockname()[1]
        ports = broker._choose_ports(Ports(broker=taken, controller=broker.free_port()), [])
    assert ports.broker != taken
    assert len(set(ports.all())) == 2


def test_state_survives_a_round_trip_through_json() -> None:
    state = BrokerState("abc", Ports(1, 2, {"SASL_SSL": 3}), [SaslSslListener(users={"u": "p"})], "pw")
    assert BrokerState.from_json(state.to_json()) == state


@pytest.mark.parametrize("text,expected", [("512m", 512 * MB), ("1g", 1024 * MB), ("64K", 64 * 1024), ("1000", 1000)])
def test_heap_sizes_parse_as_the_jvm_reads_them(text: str, expected: int) -> None:
    assert broker._heap_bytes(text) == expected


def test_a_bad_heap_size_is_a_clear_error() -> None:
    with pytest.raises(BrokerError, match="heap"):
        broker._heap_bytes("lots")


def test_an_open_port_is_not_a_ready_broker() -> None:
    with socket.socket() as mute:  # accepts connections, never answers a Kafka request
        mute.bind(("127.0.0.1", 0))
        mute.listen()
        address = "127.0.0.1:%d" % mute.getsockname()[1]
        assert broker.is_ready(address, timeout=0.3) is False
        with pytest.raises(TimeoutError):
            broker.wait_ready(address, timeout=0.5)


def test_a_stale_pid_file_reads_as_not_running(tmp_path: Path) -> None:
    layout = Layout(tmp_path)
    layout.pid.write_text(f"{os.getpid()}\n")  # alive, but not a broker of this directory
    assert broker.status(tmp_path) is None
    assert not layout.pid.exists()
    assert broker.stop(tmp_path) is False


def test_missing_maven_is_reported_clearly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "deploy" / "kafka").mkdir(parents=True)
    (tmp_path / "deploy" / "kafka" / "pom.xml").write_text("<project/>")
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(BrokerError, match="Maven"):
        broker.ensure_jars(tmp_path)


# --- integration: the session broker ----------------------------------------------------------


@pytest.mark.integration
async def test_round_trip_with_headers_and_a_large_body(kafka_bootstrap: str, fresh_topic_prefix: str) -> None:
    topic = f"{fresh_topic_prefix}roundtrip"
    body = os.urandom(3 * MB // 2)  # a dead letter bigger than Kafka's 1 MB default
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap, max_request_size=3 * MB)
    await producer.start()
    try:
        await producer.send_and_wait(topic, body, key=b"k1", headers=[("error", b"too_large")])
        await producer.send_and_wait(topic, b"small", key=b"k1")
    finally:
        await producer.stop()

    consumer = AIOKafkaConsumer(
        topic, bootstrap_servers=kafka_bootstrap, auto_offset_reset="earliest", max_partition_fetch_bytes=4 * MB
    )
    await consumer.start()
    try:
        got = [await asyncio.wait_for(consumer.getone(), 30) for _ in range(2)]
    finally:
        await consumer.stop()
    assert [m.value for m in got] == [body, b"small"]
    assert got[0].headers == (("error", b"too_large"),)


@pytest.mark.integration
async def test_compacted_topics_are_compacted(kafka_bootstrap: str, fresh_topic_prefix: str) -> None:
    topic = f"{fresh_topic_prefix}table"
    admin = AIOKafkaAdminClient(bootstrap_servers=kafka_bootstrap)
    await admin.start()
    try:
        config = {"cleanup.policy": "compact", "segment.ms": "100", "min.cleanable.dirty.ratio": "0.01"}
        await admin.create_topics([NewTopic(topic, num_partitions=1, replication_factor=1, topic_configs=config)])
        entries: dict = {}
        for _ in range(50):  # a just-created topic's config can take a moment to be described
            described = await admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, topic)])
            entries = {entry[0]: entry[1] for entry in described[0].resources[0][4]}
            if entries:
                break
            await asyncio.sleep(0.2)
    finally:
        await admin.close()
    assert entries["cleanup.policy"] == "compact"

    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap)
    await producer.start()
    try:
        for version in range(50):
            await producer.send(topic, str(version).encode(), key=b"place")
        await producer.flush()
        for _ in range(2):  # later writes roll the segment holding the 50 versions
            await asyncio.sleep(0.3)
            await producer.send_and_wait(topic, b"x", key=b"filler")
    finally:
        await producer.stop()

    deadline = time.monotonic() + 60
    while True:
        versions = [m.value for m in await read_all(kafka_bootstrap, topic) if m.key == b"place"]
        if versions == [b"49"] or time.monotonic() > deadline:
            break
        await asyncio.sleep(1)
    assert versions == [b"49"]  # the log cleaner kept only the latest value of the key


async def read_all(bootstrap: str, topic: str) -> list:
    consumer = AIOKafkaConsumer(topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest")
    await consumer.start()
    try:
        batches = await consumer.getmany(timeout_ms=3000)
        return [m for batch in batches.values() for m in batch]
    finally:
        await consumer.stop()


# --- integration: a broker of the test's own, to stop, restart and kill -------------------------

ALICE = SaslSslListener(users={"alice": "alice-secret"})


@pytest.fixture(scope="module")
def own_broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A data directory whose broker has a SASL_SSL listener; each test starts it if needed."""
    data_dir = tmp_path_factory.mktemp("own-kafka")
    yield data_dir
    broker.stop(data_dir)


def start_own(data_dir: Path) -> broker.BrokerInfo:
    return broker.start(data_dir=data_dir, extra_listeners=[ALICE], die_with_parent=True)


async def produce(bootstrap: str, topic: str, *values: bytes) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
    await producer.start()
    try:
        for value in values:
            await producer.send_and_wait(topic, value, partition=0)
    finally:
        await producer.stop()


async def consume_next(bootstrap: str, topic: str, group: str) -> bytes:
    """The group's next message on partition 0, committed before returning."""
    consumer = AIOKafkaConsumer(
        topic, bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False, auto_offset_reset="earliest"
    )
    await consumer.start()
    try:
        message = await asyncio.wait_for(consumer.getone(), 30)
        await consumer.commit()
        return message.value
    finally:
        await consumer.stop()


@pytest.mark.integration
async def test_restart_keeps_topics_and_committed_offsets(own_broker: Path) -> None:
    info = start_own(own_broker)
    again = broker.start(data_dir=own_broker)
    assert (again.pid, again.bootstrap, again.started_in_s) == (info.pid, info.bootstrap, None)
    status = broker.status(own_broker)
    assert status is not None and status.ready and status.pid == info.pid

    await produce(info.bootstrap, "kept", b"first", b"second", b"third")
    assert await consume_next(info.bootstrap, "kept", "reader") == b"first"

    assert broker.stop(own_broker) is True
    assert broker.status(own_broker) is None
    assert broker.stop(own_broker) is False

    restarted = broker.start(data_dir=own_broker, die_with_parent=True)  # listeners as last time
    assert restarted.pid != info.pid
    assert restarted.bootstrap == info.bootstrap  # its ports were free, so they were kept
    assert restarted.listeners == info.listeners
    assert await consume_next(restarted.bootstrap, "kept", "reader") == b"second"


@pytest.mark.integration
async def test_sasl_ssl_listener_accepts_its_users_only(own_broker: Path) -> None:
    info = start_own(own_broker)
    assert info.ca_file is not None and info.ca_file.is_file()

    def client(password: str) -> AIOKafkaProducer:
        return AIOKafkaProducer(
            bootstrap_servers=info.listeners["SASL_SSL"],
            security_protocol="SASL_SSL",
            sasl_mechanism="PLAIN",
            sasl_plain_username="alice",
            sasl_plain_password=password,
            ssl_context=create_ssl_context(cafile=str(info.ca_file)),
        )

    good = client("alice-secret")
    await good.start()
    try:
        await good.send_and_wait("secured", b"hello", partition=0)
    finally:
        await good.stop()
    assert await consume_next(info.bootstrap, "secured", "sasl-check") == b"hello"

    bad = client("wrong")
    with pytest.raises(Exception, match="(?i)authentication|bootstrap"):
        await bad.start()
    await bad.stop()


@pytest.mark.integration
async def test_a_killed_broker_is_restarted_with_its_data(own_broker: Path) -> None:
    info = start_own(own_broker)
    await produce(info.bootstrap, "survives", b"before the crash")
    os.kill(info.pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while broker.status(own_broker) is not None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert broker.status(own_broker) is None  # the pid file is stale now

    restarted = start_own(own_broker)
    assert restarted.pid != info.pid
    assert await consume_next(restarted.bootstrap, "survives", "after-crash") == b"before the crash"


@pytest.mark.integration
def test_the_broker_outlives_the_process_that_started_it(own_broker: Path) -> None:
    broker.stop(own_broker)
    cmd = [sys.executable, "-m", "streams", "broker", "start", "--data-dir", str(own_broker)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr
    info = broker.status(own_broker)
    assert info is not None and info.ready
    assert info.bootstrap in proc.stdout

    status = subprocess.run([*cmd[:4], "status", "--data-dir", str(own_broker)], capture_output=True, text=True)
    assert status.returncode == 0 and "ready" in status.stdout
    stop = subprocess.run([*cmd[:4], "stop", "--data-dir", str(own_broker)], capture_output=True, text=True)
    assert stop.returncode == 0 and "stopped" in stop.stdout
    assert broker.status(own_broker) is None
    after = subprocess.run([*cmd[:4], "status", "--data-dir", str(own_broker)], capture_output=True, text=True)
    assert after.returncode == 3 and "not running" in after.stdout
