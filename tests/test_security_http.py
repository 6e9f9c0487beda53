"""The worker's HTTP side: loopback only unless configured, and no Faust table or router pages.

Faust also reads bare environment variables (``WEB_BIND``, ``WEB_PORT``...) that override
the app's own settings; such names are common in container platforms. The worker is
started with hostile values of them, and must still listen where ``STREAMS_WEB_HOST`` /
``STREAMS_WEB_PORT`` say — 127.0.0.1 by default — and nowhere else.
"""

from __future__ import annotations

import socket
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.workers import WorkerProcess, free_port

pytestmark = pytest.mark.integration


def _listening(pid: int) -> set[tuple[str, int]]:
    """(address, port) of every TCP socket the process listens on, from /proc."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = fd.readlink().as_posix()
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    found = set()
    for table, width in (("/proc/net/tcp", 4), ("/proc/net/tcp6", 16)):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            local, state, inode = fields[1], fields[3], fields[9]
            if state != "0A" or inode not in inodes:  # 0A: LISTEN
                continue
            hex_ip, hex_port = local.split(":")
            raw = bytes.fromhex(hex_ip)
            if width == 4:
                address = socket.inet_ntop(socket.AF_INET, raw[::-1])
            else:
                address = socket.inet_ntop(socket.AF_INET6, b"".join(raw[i:i + 4][::-1] for i in range(0, 16, 4)))
            found.add((address, int(hex_port, 16)))
    return found


def _other_addresses() -> list[str]:
    """This machine's non-loopback IPv4 addresses (none on some sandboxes)."""
    addresses = set()
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.255.255.255", 1))  # no packet is sent: this only picks a route
            addresses.add(probe.getsockname()[0])
    except OSError:
        pass
    try:
        addresses.update(info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET))
    except OSError:
        pass
    return sorted(a for a in addresses if not a.startswith("127.") and a != "0.0.0.0")


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


@pytest.fixture(scope="module")
def exposed_env_worker(kafka_bootstrap, tmp_path_factory):
    decoy = free_port()
    hostile = {"WEB_BIND": "0.0.0.0", "WEB_HOST": "0.0.0.0", "WEB_PORT": str(decoy)}
    worker = WorkerProcess(kafka_bootstrap, tmp_path_factory.mktemp("http-worker"), app_id="security-http",
                           env=hostile).start()
    yield worker, decoy
    worker.stop()


def test_http_listens_on_loopback_only_whatever_faust_variables_say(exposed_env_worker):
    worker, decoy = exposed_env_worker
    listening = _listening(worker.proc.pid)
    assert ("127.0.0.1", worker.port) in listening
    assert all(address == "127.0.0.1" for address, _ in listening), listening
    assert decoy not in {port for _, port in listening}


def test_http_is_not_reachable_on_other_addresses(exposed_env_worker):
    worker, _ = exposed_env_worker
    for address in _other_addresses():
        with socket.socket() as sock:
            sock.settimeout(3)
            assert sock.connect_ex((address, worker.port)) != 0, f"worker reachable on {address}:{worker.port}"


@pytest.mark.parametrize("path", ["/table/", "/table/incident-cells/", "/table/incident-cells/x/", "/router/",
                                  "/router/incident-cells/x/", "/stats/", "/graph/"])
def test_faust_introspection_pages_are_off(exposed_env_worker, path):
    worker, _ = exposed_env_worker
    assert _status(worker.base + "/counters") == 200  # the server answers ...
    assert _status(worker.base + path) == 404  # ... but not this
