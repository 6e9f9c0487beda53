"""deploy/alertmanager/alertmanager.yml: amtool accepts it, routes as documented, and a real
Alertmanager loaded with it routes an alert posted over API v2 to the right receiver.
"""

from __future__ import annotations

import json
import subprocess
import time
import urllib.error
import urllib.request
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import get_args

import pytest
import yaml

from schemas import Alert

from promtools import AMTOOL, free_port, require_tool

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "deploy" / "alertmanager" / "alertmanager.yml"
ALERTMANAGER = "/usr/bin/prometheus-alertmanager"


def amtool(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([require_tool(AMTOOL), *args], capture_output=True, text=True, timeout=30)


def test_amtool_check_config():
    done = amtool("check-config", str(CONFIG))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "SUCCESS" in done.stdout


def test_amtool_rejects_a_route_to_an_unknown_receiver(tmp_path):
    broken = tmp_path / "alertmanager.yml"
    broken.write_text(CONFIG.read_text().replace("receiver: on-call", "receiver: nobody"))
    done = amtool("check-config", str(broken))
    assert done.returncode != 0 and "nobody" in done.stdout + done.stderr


@pytest.mark.parametrize(("labels", "receiver"), [
    (["severity=critical", "alertname=StreamsWorkerDown"], "on-call"),
    (["severity=critical", "rule=mass_casualty", "oblast=Kharkiv"], "on-call"),
    (["severity=warning", "alertname=StrikeSurge", "oblast=Sumy"], "team"),
    (["severity=info", "rule=watched_place"], "team"),
])
def test_routes(labels, receiver):
    done = amtool("config", "routes", "test", f"--config.file={CONFIG}", *labels)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == receiver


def test_every_receiver_is_a_placeholder_webhook_on_loopback():
    """Nothing in the shipped config sends alerts off this machine until someone edits it."""
    config = yaml.safe_load(CONFIG.read_text())
    for receiver in config["receivers"]:
        urls = [hook["url"] for hook in receiver["webhook_configs"]]
        assert urls and all(url.startswith("http://127.0.0.1:") for url in urls), receiver["name"]


def test_alert_severities_of_the_worker_all_route():
    """The worker's Alert.severity values are the ones the routes know."""
    routed = {m.split("=")[1].strip('"') for r in yaml.safe_load(CONFIG.read_text())["route"]["routes"]
              for m in r["matchers"] if m.startswith("severity=")}
    assert routed <= set(get_args(Alert.model_fields["severity"].annotation))


def _get(url: str):
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.load(response)


def test_real_alertmanager_routes_a_posted_alert(tmp_path):
    binary = require_tool(ALERTMANAGER)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = (tmp_path / "alertmanager.log").open("wb")
    process = subprocess.Popen(
        [binary, f"--config.file={CONFIG}", f"--storage.path={tmp_path / 'data'}",
         f"--web.listen-address=127.0.0.1:{port}", "--cluster.listen-address=", "--log.level=warn"],
        stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            assert process.poll() is None, (tmp_path / "alertmanager.log").read_text()
            try:
                if urllib.request.urlopen(f"{url}/-/ready", timeout=1).status == 200:
                    break
            except (urllib.error.URLError, ConnectionError):
                assert time.monotonic() < deadline, "alertmanager not ready"
                time.sleep(0.1)
        now = datetime.now(timezone.utc)
        alert = [{
            "labels": {"alertname": "mass_casualty", "severity": "critical", "oblast": "Kharkiv"},
            "annotations": {"summary": "12 killed in Kharkiv"},
            "startsAt": now.isoformat(), "endsAt": (now + timedelta(hours=1)).isoformat(),
        }]
        request = urllib.request.Request(f"{url}/api/v2/alerts", data=json.dumps(alert).encode(),
                                         headers={"Content-Type": "application/json"}, method="POST")
        assert urllib.request.urlopen(request, timeout=5).status == 200
        received = _get(f"{url}/api/v2/alerts")
        assert [(a["labels"]["oblast"], [r["name"] for r in a["receivers"]]) for a in received] == [
            ("Kharkiv", ["on-call"])]
        status = _get(f"{url}/api/v2/status")
        assert "on-call" in status["config"]["original"]
    finally:
        process.terminate()
        process.wait(timeout=10)
