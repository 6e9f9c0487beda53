"""A local single-node Apache Kafka 3.9.1 (KRaft) broker, run from the jars Maven fetches.

Our machines have neither Docker nor a Kafka package, so ``deploy/kafka/pom.xml`` pulls the
broker's jars from Maven Central once and this module runs them as one JVM that is both
broker and controller. Everything it owns lives in one data directory (``settings.kafka_dir``
by default): ``server.properties``, ``broker.json`` (cluster id and ports, kept across
restarts), ``broker.pid``, the logs and the topic data. Stopping and starting the same
directory therefore keeps topics and committed offsets.

The broker is detached (its own session, output to ``broker.log``), so it keeps running
after the Python process that started it exits; :func:`start` is idempotent and returns the
running broker when there is one. "Ready" means a real ``Metadata`` request was answered
with a broker list, not merely that a port accepts connections.

``python -m streams broker start|stop|status`` is the command-line face of the same calls.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import fcntl
import hashlib
import json
import logging
import os
import secrets
import shutil
import signal
import socket
import struct
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from streams.settings import PROJECT_ROOT, Settings, get_settings

log = logging.getLogger(__name__)

HOST = "127.0.0.1"
KAFKA_VERSION = "3.9.1"
KAFKA_HOME = PROJECT_ROOT / "deploy" / "kafka"
LOG4J_CONFIG = KAFKA_HOME / "log4j.properties"
LIBS_MARKER = ".complete"  # holds the sha256 of pom.xml the libs were copied for
STOP_TIMEOUT_S = 30.0
INITIAL_HEAP = "64m"  # -Xms: with -Xms equal to -Xmx the idle broker's RSS was ~210 MiB, with 64m ~155 MiB

# Small-footprint JVM: one serial collector thread is plenty for a development broker on two
# shared cores, and C1-only compilation starts noticeably faster (measured, see the report).
JVM_FLAGS = (
    "-XX:+UseSerialGC",
    "-XX:TieredStopAtLevel=1",
    "-XX:ReservedCodeCacheSize=64m",
    "-XX:MaxMetaspaceSize=128m",
    "-Xss512k",
    "-Djava.awt.headless=true",
    "-Djava.net.preferIPv4Stack=true",
)


class BrokerError(RuntimeError):
    """The local broker could not be prepared, started or reached."""


@dataclass(frozen=True)
class SaslSslListener:
    """An extra SASL_SSL listener with SASL/PLAIN users, e.g. for authentication fault tests.

    The broker's TLS key and a self-signed certificate are made once per data directory with
    the JDK's ``keytool``; clients verify the broker with :attr:`BrokerInfo.ca_file`.
    """

    users: Mapping[str, str]  # user name -> password
    name: str = "SASL_SSL"

    def __post_init__(self) -> None:
        if not self.users:
            raise ValueError("a SASL listener needs at least one user")
        if not self.name.isidentifier() or self.name.upper() in {"PLAINTEXT", "CONTROLLER"}:
            raise ValueError(f"bad listener name {self.name!r}")


@dataclass
class BrokerInfo:
    bootstrap: str  # PLAINTEXT host:port
    controller: str  # CONTROLLER host:port (KRaft quorum)
    pid: int
    data_dir: Path
    started_in_s: float | None  # None: it was already running
    ready: bool = True
    listeners: dict[str, str] = field(default_factory=dict)  # extra listener name -> host:port
    ca_file: Path | None = None  # PEM certificate that signs the SASL_SSL listener


@dataclass
class Ports:
    broker: int
    controller: int
    extra: dict[str, int] = field(default_factory=dict)

    def all(self) -> list[int]:
        return [self.broker, self.controller, *self.extra.values()]


@dataclass
class BrokerState:
    """What must survive a restart of one data directory: its identity and its addresses."""

    cluster_id: str
    ports: Ports
    extra_listeners: list[SaslSslListener] = field(default_factory=list)
    tls_password: str = ""

    def to_json(self) -> str:
        data = asdict(self)
        data["extra_listeners"] = [{"name": x.name, "users": dict(x.users)} for x in self.extra_listeners]
        return json.dumps(data, indent=2)

    @classmethod
    def from_json(cls, text: str) -> BrokerState:
        data = json.loads(text)
        return cls(
            cluster_id=data["cluster_id"],
            ports=Ports(**data["ports"]),
            extra_listeners=[SaslSslListener(users=x["users"], name=x["name"]) for x in data.get("extra_listeners", [])],
            tls_password=data.get("tls_password", ""),
        )


# --- files of one data directory ----------------------------------------------------------


@dataclass(frozen=True)
class Layout:
    root: Path

    @property
    def properties(self) -> Path:
        return self.root / "server.properties"

    @property
    def state(self) -> Path:
        return self.root / "broker.json"

    @property
    def pid(self) -> Path:
        return self.root / "broker.pid"

    @property
    def stdout(self) -> Path:
        return self.root / "broker.log"

    @property
    def server_log(self) -> Path:
        return self.root / "server.log"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def tls(self) -> Path:
        return self.root / "tls"

    @property
    def keystore(self) -> Path:
        return self.tls / "broker.p12"

    @property
    def ca_file(self) -> Path:
        return self.tls / "ca.pem"

    @property
    def lock(self) -> Path:
        return self.root / ".lock"


# --- configuration ------------------------------------------------------------------------


def render_config(layout: Layout, ports: Ports, extras: Sequence[SaslSslListener] = (), tls_password: str = "") -> str:
    """``server.properties`` for a one-node broker+controller; pure, so it is unit-tested."""
    listeners = {"PLAINTEXT": ports.broker, "CONTROLLER": ports.controller}
    protocols = {"PLAINTEXT": "PLAINTEXT", "CONTROLLER": "PLAINTEXT"}
    for extra in extras:
        listeners[extra.name.upper()] = ports.extra[extra.name]
        protocols[extra.name.upper()] = "SASL_SSL"
    advertised = {k: v for k, v in listeners.items() if k != "CONTROLLER"}
    props: dict[str, object] = {
        "process.roles": "broker,controller",
        "node.id": 1,
        "controller.quorum.voters": f"1@{HOST}:{ports.controller}",
        "listeners": ",".join(f"{name}://{HOST}:{port}" for name, port in listeners.items()),
        "advertised.listeners": ",".join(f"{name}://{HOST}:{port}" for name, port in advertised.items()),
        "inter.broker.listener.name": "PLAINTEXT",
        "controller.listener.names": "CONTROLLER",
        "listener.security.protocol.map": ",".join(f"{k}:{v}" for k, v in protocols.items()),
        "log.dirs": layout.logs,
        # One node: every internal topic has one replica, and nothing waits for a second.
        "offsets.topic.replication.factor": 1,
        "offsets.topic.num.partitions": 10,
        "transaction.state.log.replication.factor": 1,
        "transaction.state.log.min.isr": 1,
        "transaction.state.log.num.partitions": 10,
        "min.insync.replicas": 1,
        "default.replication.factor": 1,
        "group.initial.rebalance.delay.ms": 0,
        "num.partitions": 4,
        "auto.create.topics.enable": "true",
        # Compacted changelogs (Faust tables) need the cleaner; a small buffer keeps the heap small.
        "log.cleaner.enable": "true",
        "log.cleaner.dedupe.buffer.size": 16 * 1024 * 1024,
        "log.cleaner.threads": 1,
        "log.cleaner.backoff.ms": 1000,  # idle cleaner re-checks each second, so compaction shows soon
        # Dead letters carry 1 MB+ bodies plus headers; requests may batch several of them.
        "message.max.bytes": 4 * 1024 * 1024,
        "replica.fetch.max.bytes": 4 * 1024 * 1024,
        "socket.request.max.bytes": 64 * 1024 * 1024,
        "num.network.threads": 2,
        "num.io.threads": 4,
        "num.recovery.threads.per.data.dir": 1,
        "log.retention.hours": 168,
        "log.segment.bytes": 64 * 1024 * 1024,
        "controlled.shutdown.enable": "true",
        # After a crash (kill -9) the controller refuses the broker's new registration until the
        # old one's session expires: 9 s by default, 4 s here. Heartbeats are local, so the
        # shorter session costs nothing but must stay above a long GC pause.
        "broker.heartbeat.interval.ms": 1000,
        "broker.session.timeout.ms": 4000,
    }
    for extra in extras:
        prefix = f"listener.name.{extra.name.lower()}"
        users = " ".join(f'user_{_jaas_quote(u, "user")}="{_jaas_quote(p, "password")}"' for u, p in extra.users.items())
        props.update(
            {
                f"{prefix}.sasl.enabled.mechanisms": "PLAIN",
                f"{prefix}.plain.sasl.jaas.config": f"org.apache.kafka.common.security.plain.PlainLoginModule required {users};",
                f"{prefix}.ssl.keystore.type": "PKCS12",
                f"{prefix}.ssl.keystore.location": layout.keystore,
                f"{prefix}.ssl.keystore.password": tls_password,
                f"{prefix}.ssl.key.password": tls_password,
                f"{prefix}.ssl.client.auth": "none",
            }
        )
    header = "# Written by streams/broker.py on every start; edits here are overwritten.\n"
    return header + "".join(f"{key}={value}\n" for key, value in props.items())


def _jaas_quote(value: str, what: str) -> str:
    if any(c in value for c in '"\\;= \n') or not value:
        raise ValueError(f"SASL {what} {value!r} must be non-empty, without quotes, spaces, ';' or '='")
    return value


def new_cluster_id() -> str:
    """A KRaft cluster id, as ``kafka-storage random-uuid`` makes it, without a JVM start."""
    while True:
        cid = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
        if not cid.startswith("-"):
            return cid


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def port_is_free(port: int) -> bool:
    """Can a server bind it? SO_REUSEADDR as the JVM sets it: TIME_WAIT leftovers don't count."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((HOST, port))
        except OSError:
            return False
        return True


def _choose_ports(previous: Ports | None, extras: Sequence[SaslSslListener]) -> Ports:
    """Reuse the ports of the last run when they are free, so clients' addresses stay valid."""
    taken: set[int] = set()

    def pick(old: int | None) -> int:
        port = old if old and old not in taken and port_is_free(old) else free_port()
        while port in taken:
            port = free_port()
        taken.add(port)
        return port

    prev_extra = previous.extra if previous else {}
    return Ports(
        broker=pick(previous.broker if previous else None),
        controller=pick(previous.controller if previous else None),
        extra={x.name: pick(prev_extra.get(x.name)) for x in extras},
    )


# --- jars -----------------------------------------------------------------------------------


def _pom_digest(root: Path) -> str:
    return hashlib.sha256((root / "deploy" / "kafka" / "pom.xml").read_bytes()).hexdigest()


def ensure_jars(root: Path = PROJECT_ROOT) -> Path:
    """The broker's ``libs`` directory, running ``mvn package`` once if it is missing or stale.

    A marker with the pom's hash is written only after Maven succeeded, so an interrupted
    download is redone rather than half-used.
    """
    home = root / "deploy" / "kafka"
    libs = home / "libs"
    digest = _pom_digest(root)
    marker = libs / LIBS_MARKER
    if marker.is_file() and marker.read_text().strip() == digest:
        return libs
    _require_tool("java")
    mvn = _require_tool("mvn")
    libs.mkdir(parents=True, exist_ok=True)
    with _locked(libs / ".lock"):
        if marker.is_file() and marker.read_text().strip() == digest:
            return libs  # another process fetched them while we waited
        for stale in libs.glob("*.jar"):  # a different pom: old versions must not mix in
            stale.unlink()
        log.info("fetching the Kafka %s jars with Maven (once)", KAFKA_VERSION)
        proc = subprocess.run(
            [mvn, "-q", "-B", "-f", str(home / "pom.xml"), "package"],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
        )
        if proc.returncode != 0:
            raise BrokerError(f"mvn package failed ({proc.returncode}):\n{_tail(proc.stdout + proc.stderr)}")
        if not any(libs.glob(f"kafka_2.13-{KAFKA_VERSION}.jar")):
            raise BrokerError(f"mvn package ran but {libs} holds no kafka_2.13-{KAFKA_VERSION}.jar")
        marker.write_text(digest + "\n")
    return libs


def _require_tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        raise BrokerError(
            f"`{name}` is not on PATH: the local Kafka broker needs Java 17 and Maven "
            "(Debian: apt-get install openjdk-17-jdk-headless maven; or run deploy/bootstrap.sh)"
        )
    return path


# --- readiness ------------------------------------------------------------------------------


def metadata(bootstrap: str, timeout: float = 2.0) -> tuple[list[tuple[int, str, int]], int]:
    """Send a Kafka ``Metadata`` v1 request (no topics); return ``(brokers, controller_id)``.

    Hand-rolled on a plain socket so it works from sync and async code alike and costs
    nothing to import; the wire format is in the Kafka protocol guide.
    """
    host, _, port = bootstrap.split(",")[0].strip().rpartition(":")
    client_id = b"streams-broker-probe"
    correlation_id = 7
    body = struct.pack(">hhih", 3, 1, correlation_id, len(client_id)) + client_id + struct.pack(">i", 0)
    with socket.create_connection((host, int(port)), timeout=timeout) as sock:
        sock.settimeout(timeout)
        sock.sendall(struct.pack(">i", len(body)) + body)
        (size,) = struct.unpack(">i", _recv_exactly(sock, 4))
        data = _recv_exactly(sock, size)
    reader = _Reader(data)
    if reader.int32() != correlation_id:
        raise BrokerError("metadata response with a foreign correlation id")
    brokers = []
    for _ in range(reader.int32()):
        node_id, node_host, node_port = reader.int32(), reader.string(), reader.int32()
        reader.string()  # rack
        brokers.append((node_id, node_host or "", node_port))
    return brokers, reader.int32()


def _recv_exactly(sock: socket.socket, n: int) -> bytes:
    chunks, got = [], 0
    while got < n:
        chunk = sock.recv(n - got)
        if not chunk:
            raise ConnectionError("connection closed by the broker")
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data, self.pos = data, 0

    def int32(self) -> int:
        (value,) = struct.unpack_from(">i", self.data, self.pos)
        self.pos += 4
        return int(value)

    def string(self) -> str | None:
        (length,) = struct.unpack_from(">h", self.data, self.pos)
        self.pos += 2
        if length < 0:
            return None
        value = self.data[self.pos : self.pos + length].decode()
        self.pos += length
        return value


def is_ready(bootstrap: str, timeout: float = 2.0) -> bool:
    try:
        brokers, _ = metadata(bootstrap, timeout)
    except (OSError, struct.error, BrokerError):
        return False
    return bool(brokers)


def wait_ready(bootstrap: str, timeout: float, *, alive: Callable[[], bool] | None = None) -> None:
    """Block until the broker answers a metadata request listing a broker, or raise.

    ``alive`` lets the caller stop waiting as soon as the process it started has died.
    """
    deadline = time.monotonic() + timeout
    while True:
        if is_ready(bootstrap, timeout=min(2.0, max(0.2, deadline - time.monotonic()))):
            return
        if alive is not None and not alive():
            raise BrokerError(f"the broker at {bootstrap} exited before it was ready")
        if time.monotonic() >= deadline:
            raise TimeoutError(f"no Kafka broker answered metadata requests at {bootstrap} within {timeout:.0f} s")
        time.sleep(0.1)


# --- the process ------------------------------------------------------------------------------


def _pid_alive(pid: int) -> bool:
    """True for a live (not zombie) process; reaps it if it is our finished child."""
    with contextlib.suppress(ChildProcessError):
        if os.waitpid(pid, os.WNOHANG)[0] == pid:
            return False
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[0] != "Z"


def _is_our_broker(pid: int, layout: Layout) -> bool:
    """The pid runs kafka.Kafka with this directory's properties (guards against pid reuse)."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return b"kafka.Kafka" in cmdline and str(layout.properties).encode() in cmdline and _pid_alive(pid)


def _read_pid(layout: Layout) -> int | None:
    try:
        pid = int(layout.pid.read_text().strip())
    except (OSError, ValueError):
        return None
    if _is_our_broker(pid, layout):
        return pid
    layout.pid.unlink(missing_ok=True)  # stale: the process is gone or is someone else
    return None


def _load_state(layout: Layout) -> BrokerState | None:
    try:
        return BrokerState.from_json(layout.state.read_text())
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError) as exc:
        raise BrokerError(f"{layout.state} is unreadable ({exc}); remove the data directory {layout.root}") from exc


def _write_private(path: Path, text: str) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(text)
    tmp.replace(path)


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive lock across processes: two `start`s on one directory must not race."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _info(layout: Layout, state: BrokerState, pid: int, started_in_s: float | None, ready: bool = True) -> BrokerInfo:
    return BrokerInfo(
        bootstrap=f"{HOST}:{state.ports.broker}",
        controller=f"{HOST}:{state.ports.controller}",
        pid=pid,
        data_dir=layout.root,
        started_in_s=started_in_s,
        ready=ready,
        listeners={x.name: f"{HOST}:{state.ports.extra[x.name]}" for x in state.extra_listeners},
        ca_file=layout.ca_file if state.extra_listeners else None,
    )


def _java_cmd(libs: Path, layout: Layout, heap: str, main: str, *args: str) -> list[str]:
    return [
        _require_tool("java"),
        f"-Xmx{heap}",
        f"-Xms{min(heap, INITIAL_HEAP, key=_heap_bytes)}",
        *JVM_FLAGS,
        f"-Dlog4j.configuration=file:{LOG4J_CONFIG}",
        f"-Dkafka.logs.dir={layout.root}",
        "-cp",
        f"{libs}/*",
        main,
        *args,
    ]


def _heap_bytes(size: str) -> int:
    """``512m`` -> bytes, as the JVM reads -Xmx (no suffix: bytes)."""
    units = {"k": 2**10, "m": 2**20, "g": 2**30, "t": 2**40}
    text = size.strip().lower()
    try:
        return int(text[:-1]) * units[text[-1]] if text[-1:] in units else int(text)
    except ValueError:
        raise BrokerError(f"bad heap size {size!r}; expected e.g. 512m or 1g") from None


def _format_storage(libs: Path, layout: Layout, cluster_id: str) -> None:
    if (layout.logs / "meta.properties").is_file():
        return  # formatted before; skipping saves a JVM start on every restart
    cmd = _java_cmd(libs, layout, "256m", "kafka.tools.StorageTool", "format", "-t", cluster_id)
    cmd += ["-c", str(layout.properties), "--ignore-formatted"]
    proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True)
    if proc.returncode != 0:
        raise BrokerError(f"formatting {layout.logs} failed:\n{_tail(proc.stdout + proc.stderr)}")


def _make_keystore(layout: Layout, password: str) -> None:
    """A self-signed key pair for localhost/127.0.0.1, plus its certificate as PEM for clients."""
    if layout.keystore.is_file() and layout.ca_file.is_file():
        return
    keytool = _require_tool("keytool")
    layout.tls.mkdir(parents=True, exist_ok=True)
    layout.keystore.unlink(missing_ok=True)
    common = ["-keystore", str(layout.keystore), "-storetype", "PKCS12", "-storepass", password, "-alias", "broker"]
    steps = [
        [keytool, "-genkeypair", *common, "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "3650",
         "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-keypass", password],
        [keytool, "-exportcert", "-rfc", *common, "-file", str(layout.ca_file)],
    ]  # fmt: skip
    for cmd in steps:
        proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True)
        if proc.returncode != 0:
            raise BrokerError(f"keytool failed:\n{_tail(proc.stdout + proc.stderr)}")


def _tail(text: str, lines: int = 30) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def _log_tail(layout: Layout) -> str:
    parts = []
    for path in (layout.stdout, layout.server_log):
        with contextlib.suppress(OSError):
            parts.append(f"--- {path} ---\n{_tail(path.read_text(errors='replace'), 20)}")
    return "\n".join(parts)


def start(
    settings: Settings | None = None,
    *,
    data_dir: Path | None = None,
    extra_listeners: Sequence[SaslSslListener] | None = None,
    heap: str | None = None,
    die_with_parent: bool = False,
) -> BrokerInfo:
    """Start the broker of ``data_dir`` (default ``settings.kafka_dir``) and wait until ready.

    Idempotent: a running, ready broker of that directory is returned as it is
    (``started_in_s`` is then None). ``extra_listeners=None`` keeps the listeners of the last
    run; pass ``[]`` to drop them. ``die_with_parent`` ties the broker's life to the calling
    thread (Linux ``PR_SET_PDEATHSIG``), for test sessions that may be killed; call it from
    the main thread then.
    """
    settings = settings or get_settings()
    layout = Layout(Path(data_dir or settings.kafka_dir).resolve())
    layout.root.mkdir(parents=True, exist_ok=True)
    with _locked(layout.lock):
        state = _load_state(layout)
        pid = _read_pid(layout)
        if pid is not None:
            return _already_running(layout, state, pid, extra_listeners, settings.broker_start_timeout)
        libs = ensure_jars()
        extras = list(state.extra_listeners if state and extra_listeners is None else extra_listeners or [])
        previous = state.ports if state else None
        for attempt in range(3):  # a freshly picked port can be taken before the JVM binds it
            state = BrokerState(
                cluster_id=state.cluster_id if state else new_cluster_id(),
                ports=_choose_ports(previous, extras),
                extra_listeners=extras,
                tls_password=(state.tls_password if state else "") or (secrets.token_urlsafe(18) if extras else ""),
            )
            try:
                return _launch(layout, state, libs, heap or settings.broker_heap, settings.broker_start_timeout, die_with_parent)
            except _PortTaken:
                previous = None
        raise BrokerError(f"could not bind the broker's ports after 3 tries:\n{_log_tail(layout)}")


def _already_running(
    layout: Layout, state: BrokerState | None, pid: int, extra_listeners: Sequence[SaslSslListener] | None, timeout: float
) -> BrokerInfo:
    if state is None:
        raise BrokerError(f"a broker (pid {pid}) runs from {layout.root} but {layout.state} is gone; stop it first")
    wanted = state.extra_listeners if extra_listeners is None else list(extra_listeners)
    if [x.name for x in wanted] != [x.name for x in state.extra_listeners]:
        raise BrokerError(f"the broker of {layout.root} runs with other listeners; stop it first")
    wait_ready(f"{HOST}:{state.ports.broker}", timeout, alive=lambda: _pid_alive(pid))
    return _info(layout, state, pid, None)


class _PortTaken(BrokerError):
    pass


def _launch(layout: Layout, state: BrokerState, libs: Path, heap: str, timeout: float, die_with_parent: bool) -> BrokerInfo:
    began = time.monotonic()
    if state.extra_listeners:
        _make_keystore(layout, state.tls_password)
    layout.properties.write_text(render_config(layout, state.ports, state.extra_listeners, state.tls_password))
    layout.properties.chmod(0o600)  # it may hold SASL passwords
    _write_private(layout.state, state.to_json())
    _format_storage(libs, layout, state.cluster_id)
    cmd = _java_cmd(libs, layout, heap, "kafka.Kafka", str(layout.properties))
    with open(layout.stdout, "ab") as out:
        out.write(f"\n--- starting {time.strftime('%Y-%m-%d %H:%M:%S')} ---\n".encode())
        out.flush()
        proc = subprocess.Popen(
            cmd,
            cwd=layout.root,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # own session: Ctrl-C in the starting shell does not reach it
            preexec_fn=_pdeathsig if die_with_parent else None,
        )
    layout.pid.write_text(f"{proc.pid}\n")
    bootstrap = f"{HOST}:{state.ports.broker}"
    try:
        wait_ready(bootstrap, timeout, alive=lambda: proc.poll() is None)
    except (BrokerError, TimeoutError) as exc:
        _terminate(proc.pid, 5.0)
        proc.poll()
        layout.pid.unlink(missing_ok=True)
        tail = _log_tail(layout)
        if "Address already in use" in tail or "BindException" in tail:
            raise _PortTaken(str(exc)) from exc
        raise BrokerError(f"{exc}\n{tail}") from exc
    return _info(layout, state, proc.pid, round(time.monotonic() - began, 2))


def _pdeathsig() -> None:
    import ctypes

    ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _terminate(pid: int, timeout: float) -> None:
    """SIGTERM (the JVM's hook does a controlled shutdown), then SIGKILL after ``timeout``."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while _pid_alive(pid):
        if time.monotonic() >= deadline:
            log.warning("broker pid %d ignored SIGTERM for %.0f s; killing it", pid, timeout)
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            deadline = time.monotonic() + 10.0
            while _pid_alive(pid) and time.monotonic() < deadline:
                time.sleep(0.05)
            return
        time.sleep(0.05)


def stop(data_dir: Path | None = None, timeout: float = STOP_TIMEOUT_S) -> bool:
    """Stop the broker of ``data_dir``; False if none was running. Its data is kept."""
    layout = Layout(Path(data_dir or get_settings().kafka_dir).resolve())
    if not layout.root.is_dir():
        return False
    with _locked(layout.lock):
        pid = _read_pid(layout)
        if pid is None:
            return False
        _terminate(pid, timeout)
        layout.pid.unlink(missing_ok=True)
        return True


def status(data_dir: Path | None = None) -> BrokerInfo | None:
    """The broker of ``data_dir`` if its process runs (``ready`` tells if it answers), else None."""
    layout = Layout(Path(data_dir or get_settings().kafka_dir).resolve())
    pid = _read_pid(layout) if layout.root.is_dir() else None
    state = _load_state(layout) if pid is not None else None
    if pid is None or state is None:
        return None
    return _info(layout, state, pid, None, ready=is_ready(f"{HOST}:{state.ports.broker}"))


def resolve_bootstrap(settings: Settings | None = None) -> str:
    """Configured bootstrap servers as they are; when none, the local broker (started if needed)."""
    settings = settings or get_settings()
    if settings.bootstrap_servers:
        return settings.bootstrap_servers
    return start(settings).bootstrap


def broker_rss_bytes(pid: int) -> int | None:
    """Resident memory of a broker process (for `status` and the benchmarks)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


# --- command line ---------------------------------------------------------------------------


def cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m streams broker", description="The local Kafka broker.")
    parser.add_argument("action", choices=["start", "stop", "status"])
    parser.add_argument("--data-dir", type=Path, help="broker directory (default: STREAMS_DATA_DIR/kafka)")
    parser.add_argument("--heap", help="JVM heap, e.g. 512m (default: STREAMS_BROKER_HEAP)")
    args = parser.parse_args(argv[1:])
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        if args.action == "start":
            info = start(data_dir=args.data_dir, heap=args.heap)
            when = "already running" if info.started_in_s is None else f"started in {info.started_in_s:.1f} s"
            print(f"kafka broker {when}: {info.bootstrap} (pid {info.pid}, data {info.data_dir})")
            return 0
        if args.action == "stop":
            print("kafka broker stopped" if stop(args.data_dir) else "kafka broker was not running")
            return 0
        info = status(args.data_dir)
        if info is None:
            print("kafka broker: not running")
            return 3
        rss = broker_rss_bytes(info.pid)
        memory = f", rss {rss / 2**20:.0f} MiB" if rss else ""
        state = "ready" if info.ready else "running, NOT answering"
        print(f"kafka broker: {state} at {info.bootstrap} (pid {info.pid}{memory}, data {info.data_dir})")
        return 0 if info.ready else 1
    except (BrokerError, TimeoutError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
