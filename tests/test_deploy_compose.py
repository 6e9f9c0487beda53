"""docker-compose.yml and the Dockerfile, checked without a Docker engine.

The file is validated against the Compose Specification's JSON Schema (vendored in
deploy/compose/), then against the code: environment variables are real settings, ports,
addresses and mounts agree with the settings, the Prometheus config and the files on disk.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import re
import shlex
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
import pytest
import yaml

from streams.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = ROOT / "docker-compose.yml"
SCHEMA_FILE = ROOT / "deploy" / "compose" / "compose-spec.json"
SCHEMA_SHA256 = "d549057ebc2925f39f62799eab0db7b9e2c18b35b6c00595199116da3ed10e64"
DOCKERFILE = ROOT / "Dockerfile"

COMPOSE = yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))  # resolves the << merge keys
SERVICES = COMPOSE["services"]
PROMETHEUS_COMPOSE = yaml.safe_load((ROOT / "deploy" / "prometheus" / "prometheus.compose.yml").read_text())


def validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def env(service: str) -> dict[str, str]:
    return {k: str(v) for k, v in (SERVICES[service].get("environment") or {}).items()}


def container_ports(service: str) -> dict[int, int]:
    """Published ports as {container port: host port} (short syntax "HOST:CONTAINER")."""
    pairs = (str(p).split(":") for p in SERVICES[service].get("ports", []))
    return {int(container): int(host) for host, container in pairs}


def bind_mounts(service: str) -> dict[str, str]:
    """Bind mounts as {container path: host path}; named volumes left out."""
    mounts = {}
    for volume in SERVICES[service].get("volumes", []):
        source, target = str(volume).split(":")[:2]
        if source.startswith((".", "/")):
            mounts[target] = source
    return mounts


def setting_names() -> set[str]:
    """Every environment variable Settings reads: STREAMS_<field>, plus explicit aliases."""
    names = set()
    for name, field in Settings.model_fields.items():
        names.add(f"STREAMS_{name}".upper())
        alias = field.validation_alias
        for choice in getattr(alias, "choices", [alias] if isinstance(alias, str) else []):
            names.add(str(choice).upper())
    return names


# --- the Compose Specification --------------------------------------------------------------------


def test_vendored_schema_is_the_recorded_one():
    assert hashlib.sha256(SCHEMA_FILE.read_bytes()).hexdigest() == SCHEMA_SHA256, "see deploy/compose/SOURCE.md"
    assert (SCHEMA_FILE.parent / "LICENSE.compose-spec").read_text().count("Apache License") >= 1


def test_compose_file_follows_the_compose_specification():
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator().iter_errors(COMPOSE)]
    assert errors == []


@pytest.mark.parametrize("breakage", ["unknown top-level key", "ports as a string", "unknown depends_on condition"])
def test_the_schema_catches_broken_files(breakage):
    broken = copy.deepcopy(COMPOSE)
    if breakage == "unknown top-level key":
        broken["servics"] = broken.pop("services")
    elif breakage == "ports as a string":
        broken["services"]["worker"]["ports"] = "6066:6066"
    else:
        broken["services"]["seed"]["depends_on"]["kafka"]["condition"] = "service_ready"
    assert not validator().is_valid(broken)


def test_the_required_services_exist():
    assert {"kafka", "worker", "seed", "prometheus", "alertmanager", "grafana"} <= SERVICES.keys()


def test_images_are_pinned():
    assert SERVICES["kafka"]["image"] == "apache/kafka:3.9.1"
    for name, service in SERVICES.items():
        image = service.get("image", "")
        assert re.fullmatch(r"[\w./-]+:[\w.-]+", image) and not image.endswith(":latest"), name


# --- Kafka (KRaft) ------------------------------------------------------------------------------------


def listeners(value: str) -> dict[str, str]:
    """"NAME://host:port,..." as {NAME: "host:port"}."""
    return dict(item.split("://", 1) for item in value.split(","))


def test_kafka_is_a_single_kraft_node():
    kafka = env("kafka")
    assert set(kafka["KAFKA_PROCESS_ROLES"].split(",")) == {"broker", "controller"}
    node_id = kafka["KAFKA_NODE_ID"]
    controller = kafka["KAFKA_CONTROLLER_LISTENER_NAMES"]
    voter_id, voter_address = kafka["KAFKA_CONTROLLER_QUORUM_VOTERS"].split("@")
    assert voter_id == node_id
    assert voter_address.split(":")[1] == listeners(kafka["KAFKA_LISTENERS"])[controller].split(":")[-1]
    protocols = dict(item.split(":") for item in kafka["KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"].split(","))
    assert set(listeners(kafka["KAFKA_LISTENERS"])) == set(protocols)
    assert set(listeners(kafka["KAFKA_ADVERTISED_LISTENERS"])) <= set(protocols) - {controller}
    for name in ("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR",
                 "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "KAFKA_DEFAULT_REPLICATION_FACTOR"):
        assert kafka[name] == "1", name
    assert "test" in SERVICES["kafka"]["healthcheck"]


def test_clients_bootstrap_from_the_advertised_internal_listener():
    kafka = env("kafka")
    advertised = listeners(kafka["KAFKA_ADVERTISED_LISTENERS"])[kafka["KAFKA_INTER_BROKER_LISTENER_NAME"]]
    assert advertised.split(":")[0] == "kafka" == SERVICES["kafka"]["hostname"]
    for service in ("worker", "seed"):
        assert env(service)["STREAMS_BOOTSTRAP_SERVERS"] == advertised, service


def test_the_host_listener_is_published():
    external = listeners(env("kafka")["KAFKA_ADVERTISED_LISTENERS"])["EXTERNAL"]
    host, port = external.split(":")
    assert host == "localhost" and container_ports("kafka") == {int(port): int(port)}


# --- the worker and the seed replay -------------------------------------------------------------------


def test_streams_variables_are_real_settings():
    known = setting_names()
    for name, service in SERVICES.items():
        for variable in (service.get("environment") or {}):
            if variable.startswith("STREAMS_"):
                assert variable in known, f"{name}: {variable} is not a field of streams.settings.Settings"


def test_worker_settings_parse(monkeypatch):
    """The worker's environment is read by Settings as it would be in the container."""
    for variable in [v for v in os.environ if v.startswith(("STREAMS_", "KAFKA_"))]:
        monkeypatch.delenv(variable)
    for variable, value in env("worker").items():
        monkeypatch.setenv(variable, value)
    settings = Settings()
    assert str(settings.data_dir) == "/data" and settings.web_port == 6066
    assert settings.web_host == "0.0.0.0"
    assert settings.bootstrap_servers == "kafka:9092"


def test_worker_port_matches_settings_and_prometheus():
    port = int(env("worker")["STREAMS_WEB_PORT"])
    assert port == Settings.model_fields["web_port"].default
    assert container_ports("worker") == {port: port}
    scrape = next(s for s in PROMETHEUS_COMPOSE["scrape_configs"] if s["job_name"] == "streams")
    assert scrape["static_configs"][0]["targets"] == [f"worker:{port}"]
    assert f"127.0.0.1:{port}/health" in " ".join(SERVICES["worker"]["healthcheck"]["test"])


def test_worker_pushes_alerts_to_the_compose_alertmanager():
    url = urlsplit(env("worker")["STREAMS_ALERTMANAGER_URL"])
    assert url.hostname == "alertmanager" and url.hostname in SERVICES
    target = PROMETHEUS_COMPOSE["alerting"]["alertmanagers"][0]["static_configs"][0]["targets"][0]
    assert f"{url.hostname}:{url.port}" == target
    assert url.port in container_ports("alertmanager")


def test_worker_and_seed_run_the_right_commands():
    assert SERVICES["worker"]["command"] == ["python", "-m", "streams", "worker"]
    seed = SERVICES["seed"]
    assert seed["command"][:4] == ["python", "-m", "streams", "replay"]
    assert (ROOT / seed["command"][4]).is_dir() and any((ROOT / seed["command"][4]).glob("*.txt"))
    assert seed["restart"] == "no"
    assert seed["depends_on"]["kafka"]["condition"] == "service_healthy"
    assert seed["depends_on"]["worker"]["condition"] in {"service_started", "service_healthy"}
    assert SERVICES["worker"]["depends_on"]["kafka"]["condition"] == "service_healthy"


def test_worker_and_seed_share_the_image_built_here():
    for service in ("worker", "seed"):
        assert SERVICES[service]["build"]["context"] == "."
        assert SERVICES[service]["image"] == SERVICES["worker"]["image"]


# --- Prometheus, Alertmanager and Grafana mounts --------------------------------------------------------


def test_bind_mounts_point_to_existing_files():
    for name in SERVICES:
        for target, source in bind_mounts(name).items():
            assert (ROOT / source).exists(), f"{name}: {source} (mounted at {target}) does not exist"


def test_prometheus_reads_the_compose_config():
    mounts = bind_mounts("prometheus")
    flag = next(arg for arg in SERVICES["prometheus"]["command"] if arg.startswith("--config.file="))
    path = flag.split("=", 1)[1]
    directory = next(t for t in mounts if path.startswith(t + "/"))
    assert ROOT / mounts[directory] / path.removeprefix(directory + "/") == ROOT / "deploy/prometheus/prometheus.compose.yml"


def test_alertmanager_reads_the_shipped_config():
    flag = next(arg for arg in SERVICES["alertmanager"]["command"] if arg.startswith("--config.file="))
    assert bind_mounts("alertmanager")[flag.split("=", 1)[1]] == "./deploy/alertmanager/alertmanager.yml"


def test_grafana_mounts_provisioning_and_dashboards():
    mounts = bind_mounts("grafana")
    assert mounts["/etc/grafana/provisioning"] == "./deploy/grafana/provisioning"
    provider = yaml.safe_load((ROOT / "deploy/grafana/provisioning/dashboards/dashboards.yml").read_text())
    dashboards_path = provider["providers"][0]["options"]["path"]
    assert mounts[dashboards_path] == "./deploy/grafana/dashboards"
    home = env("grafana")["GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"]
    assert (ROOT / mounts[dashboards_path] / Path(home).relative_to(dashboards_path)).is_file()
    datasource = yaml.safe_load((ROOT / "deploy/grafana/provisioning/datasources/prometheus.yml").read_text())
    url = urlsplit(datasource["datasources"][0]["url"])
    assert url.hostname == "prometheus" and url.port in container_ports("prometheus")


# --- the Dockerfile ------------------------------------------------------------------------------------------


def dockerfile_instructions() -> list[tuple[str, str]]:
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text(encoding="utf-8"))
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1]) for line in lines]


def test_dockerfile_builds_from_python_311_slim_with_constraints():
    instructions = dockerfile_instructions()
    assert instructions[0] == ("FROM", "python:3.11-slim")
    runs = " ".join(arg for op, arg in instructions if op == "RUN")
    assert "pip install -c constraints.txt ." in runs
    assert instructions[-1] == ("CMD", json.dumps(SERVICES["worker"]["command"]).replace('","', '", "'))


def test_dockerfile_copies_files_that_exist():
    for op, arg in dockerfile_instructions():
        if op == "COPY":
            *sources, _ = shlex.split(arg)
            for source in sources:
                assert (ROOT / source).exists(), f"Dockerfile copies {source}, which does not exist"


def test_dockerfile_defaults_agree_with_compose():
    defaults = dict(re.findall(r"(STREAMS_\w+)=(\S+)", " ".join(a for op, a in dockerfile_instructions() if op == "ENV")))
    assert set(defaults) <= setting_names()
    assert defaults["STREAMS_WEB_PORT"] == env("worker")["STREAMS_WEB_PORT"]
    assert defaults["STREAMS_DATA_DIR"] == env("worker")["STREAMS_DATA_DIR"]
    assert any(v.endswith(":" + defaults["STREAMS_DATA_DIR"]) for v in SERVICES["worker"]["volumes"])
