"""Test helpers around the real Prometheus tools (Debian packages ``prometheus``, ``promtool``).

- :func:`start_prometheus` runs a throwaway Prometheus server scraping the given targets
  (plus itself), on a free port, and returns once it is ready;
- :func:`query` asks it an instant PromQL query through the HTTP API;
- :func:`check_metrics` lints an exposition text with ``promtool check metrics``;
- :func:`metric_names` / :func:`known_metric_names` let tests check that the PromQL in our
  rules and dashboards only names metrics the service really exports.

A missing tool skips a test on a developer machine but fails it in CI (``CI=true``), so a
broken setup can never pass as green.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import yaml

from streams.broker import free_port

PROMETHEUS = "/usr/bin/prometheus"
PROMTOOL = "/usr/bin/promtool"
AMTOOL = "/usr/bin/amtool"


def require_tool(path_or_name: str, hint: str = "deploy/bootstrap.sh installs it") -> str:
    """The tool's path; skip (locally) or fail (CI=true) when it is not installed."""
    found = path_or_name if os.access(path_or_name, os.X_OK) else shutil.which(Path(path_or_name).name)
    if found is None:
        message = f"{path_or_name} is not installed ({hint})"
        if os.environ.get("CI") == "true":
            pytest.fail(f"required in CI: {message}")
        pytest.skip(message)
    return found


def write_config(path: Path, self_address: str, targets: list[str], *, job: str = "streams",
                 scrape_interval: str = "1s") -> Path:
    """A minimal config: this server scrapes itself (job ``prometheus``) and ``targets`` (``job``)."""
    config = {
        "global": {"scrape_interval": scrape_interval, "evaluation_interval": scrape_interval},
        "scrape_configs": [
            {"job_name": "prometheus", "static_configs": [{"targets": [self_address]}]},
            {"job_name": job, "static_configs": [{"targets": list(targets)}]},
        ],
    }
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def start_prometheus(tmp_path: Path, targets: list[str], *, job: str = "streams",
                     timeout: float = 30.0) -> tuple[subprocess.Popen, str]:
    """Start Prometheus scraping ``targets`` every second; return (process, base URL) once ready.

    The caller stops it with :func:`stop_prometheus`. Data and log stay under ``tmp_path``.
    """
    binary = require_tool(PROMETHEUS)
    port = free_port()
    address = f"127.0.0.1:{port}"
    config = write_config(tmp_path / "prometheus.yml", address, targets, job=job)
    log = (tmp_path / "prometheus.log").open("wb")
    process = subprocess.Popen(
        [binary, f"--config.file={config}", f"--storage.tsdb.path={tmp_path / 'data'}",
         f"--web.listen-address={address}", "--log.level=warn"],
        stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://{address}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"prometheus exited with {process.returncode}:\n{_tail(tmp_path / 'prometheus.log')}")
        try:
            with urllib.request.urlopen(f"{url}/-/ready", timeout=1) as response:
                if response.status == 200:
                    return process, url
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    stop_prometheus(process)
    raise TimeoutError(f"prometheus not ready after {timeout}s:\n{_tail(tmp_path / 'prometheus.log')}")


def stop_prometheus(process: subprocess.Popen) -> None:
    """Stop the server started by :func:`start_prometheus` (and only it)."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def query(url: str, promql: str) -> list:
    """Instant query through the HTTP API; the ``data.result`` list (vector: labels and value)."""
    request = f"{url}/api/v1/query?{urllib.parse.urlencode({'query': promql})}"
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            body = json.load(response)
    except urllib.error.HTTPError as exc:  # 400/422: a bad query; say why
        body = json.load(exc)
    if body.get("status") != "success":
        raise ValueError(f"query {promql!r} failed: {body.get('errorType')}: {body.get('error')}")
    return body["data"]["result"]


def wait_for(url: str, promql: str, *, timeout: float = 20.0) -> list:
    """Poll :func:`query` until it returns a non-empty result (scrapes take a moment)."""
    deadline = time.monotonic() + timeout
    while True:
        result = query(url, promql)
        if result or time.monotonic() > deadline:
            return result
        time.sleep(0.2)


def check_metrics(text: str | bytes, *, exclude: tuple[str, ...] = ()) -> tuple[int, str]:
    """Lint an exposition with ``promtool check metrics``: (exit code, its output).

    ``exclude`` drops the families whose names start with one of the given prefixes before
    linting -- for third-party series we cannot rename, e.g. Faust's own
    ``faust_events_runtime_ms`` ("metric names should not contain abbreviated units").
    Exit codes: 0 clean, 3 lint problems, 1 unparsable.
    """
    binary = require_tool(PROMTOOL)
    data = text.encode() if isinstance(text, str) else text
    if exclude:
        data = b"".join(line for line in data.splitlines(keepends=True) if not _excluded(line, exclude))
    done = subprocess.run([binary, "check", "metrics"], input=data, capture_output=True, timeout=30)
    return done.returncode, (done.stdout + done.stderr).decode("utf-8", "replace")


def _excluded(line: bytes, prefixes: tuple[str, ...]) -> bool:
    name = line.split(None, 3)[2] if line.startswith((b"# HELP ", b"# TYPE ")) else line
    return name.startswith(tuple(p.encode() for p in prefixes))


def _tail(path: Path, lines: int = 30) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else ""


# --- metric names in PromQL -----------------------------------------------------------------

#: Series Prometheus makes itself for every target (not exported by the service).
SYNTHETIC = frozenset({"up", "scrape_duration_seconds", "scrape_samples_scraped",
                       "scrape_samples_post_metric_relabeling", "scrape_series_added"})

_KEYWORDS = frozenset({
    "by", "without", "on", "ignoring", "group_left", "group_right", "offset", "bool", "and", "or",
    "unless", "atan2", "inf", "nan", "start", "end",
})
_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|`[^`]*`')
_MATCHERS = re.compile(r"\{[^{}]*\}")
_RANGES = re.compile(r"\[[^\[\]]*\]")
_LABEL_LISTS = re.compile(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^()]*\)")
_IDENT = re.compile(r"(?<![\w:.$])([A-Za-z_:][\w:]*)(\s*\()?")
_VARIABLES = re.compile(r"\$\{?\w+\}?")


def metric_names(promql: str) -> set[str]:
    """Metric names a PromQL expression selects (functions, keywords and labels left out)."""
    expr = _STRINGS.sub('""', promql)
    expr = _MATCHERS.sub("", expr)
    expr = _RANGES.sub("", expr)
    expr = _LABEL_LISTS.sub(" ", expr)
    expr = _VARIABLES.sub("0", expr)
    names = set()
    for match in _IDENT.finditer(expr):
        name, call = match.group(1), match.group(2)
        if call or name.lower() in _KEYWORDS or re.fullmatch(r"\d+[smhdwy]", name):
            continue
        names.add(name)
    return names


def _family_names(registry) -> set[str]:
    suffixes = {"counter": ("_total", "_created"), "histogram": ("_bucket", "_sum", "_count", "_created"),
                "summary": ("", "_sum", "_count", "_created"), "gauge": ("",), "info": ("_info",)}
    names = set()
    for family in registry.collect():
        for suffix in suffixes.get(family.type, ("",)):
            names.add(family.name + suffix)
        names.update(sample.name for sample in family.samples)
    return names


def known_metric_names() -> set[str]:
    """Every series name the worker can export: streams_* (with the domain gauges), faust_*, process/python."""
    from prometheus_client import REGISTRY, CollectorRegistry
    from faust.sensors.prometheus import FaustMetrics

    import streams.metrics as metrics

    domain = CollectorRegistry()
    domain.register(metrics.IncidentCollector(lambda: ()))  # families exist even with no incident
    faust = CollectorRegistry()
    FaustMetrics.create(faust, "faust")
    return _family_names(REGISTRY) | _family_names(domain) | _family_names(faust) | SYNTHETIC
