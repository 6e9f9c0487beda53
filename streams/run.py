"""``python -m streams run``: the main job, end to end on one machine.

Starts what is missing (the local broker when none is configured, then a worker), replays
the seed articles, prints what came out — events by type, merged incidents with their
figures, alerts, counters — and keeps the worker's HTTP endpoints up until Ctrl-C. On the
way out it stops everything it started, and nothing else.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections import Counter, defaultdict
from pathlib import Path

import orjson

from . import topics
from .settings import PROJECT_ROOT, Settings, get_settings


def _get_json(url: str, timeout: float = 2.0) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, orjson.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, {}
    except (OSError, ValueError):
        return 0, {}


def _metric(base: str, name: str) -> float:
    try:
        with urllib.request.urlopen(f"{base}/metrics", timeout=2.0) as response:
            text = response.read().decode()
    except OSError:
        return 0.0
    total = 0.0
    for line in text.splitlines():
        if line.startswith(name + " ") or line.startswith(name + "{"):
            total += float(line.rsplit(" ", 1)[1])
    return total


def start_worker(settings: Settings, bootstrap: str, *, log_path: Path, env: dict[str, str] | None = None
                 ) -> subprocess.Popen:
    """The worker as a child process with its own process group (so Ctrl-C reaches us first)."""
    child_env = {**os.environ, **(env or {}), "STREAMS_BOOTSTRAP_SERVERS": bootstrap,
                 "STREAMS_WEB_PORT": str(settings.web_port), "STREAMS_WEB_HOST": settings.web_host}
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log = open(log_path, "ab")
    return subprocess.Popen([sys.executable, "-m", "streams", "worker"], cwd=PROJECT_ROOT, env=child_env,
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def wait_healthy(base: str, proc: subprocess.Popen, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"worker exited with code {proc.returncode}")
        status, _ = _get_json(f"{base}/health")
        if status == 200:
            return
        time.sleep(0.3)
    raise TimeoutError(f"worker not healthy after {timeout:.0f}s")


def wait_processed(base: str, expected: int, timeout: float = 120.0, quiet_s: float = 1.5) -> None:
    """Until the worker has read ``expected`` articles and the merged state stops changing."""
    deadline = time.monotonic() + timeout
    while _metric(base, "streams_articles_in_total") < expected:
        if time.monotonic() > deadline:
            raise TimeoutError("worker did not consume the replayed articles in time")
        time.sleep(0.2)
    last, stable_since = None, time.monotonic()
    while time.monotonic() < deadline:
        now = (_metric(base, "streams_incident_updates_total"), _get_json(f"{base}/counters")[1].get("totals"))
        if now != last:
            last, stable_since = now, time.monotonic()
        elif time.monotonic() - stable_since >= quiet_s:
            return
        time.sleep(0.25)


def stop_process(proc: subprocess.Popen, timeout: float = 30.0) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


async def _collect(settings: Settings, bootstrap: str, article_ids: set[str]) -> dict[str, list[dict]]:
    from .consume import read_all

    out: dict[str, list[dict]] = {}
    for spec in (*topics.EVENT_TOPICS.values(), topics.INCIDENTS, topics.ALERTS):
        latest: dict[bytes, dict] = {}
        for record in await read_all(settings, bootstrap, spec.name):
            if record.value is None:  # tombstone: an incident merged into another
                latest.pop(record.key, None)
                continue
            value = orjson.loads(record.value)
            if spec in topics.EVENT_TOPICS.values() and value.get("article_id") not in article_ids:
                continue
            latest[record.key] = value  # by key: the latest incident version, one copy per event id
        out[spec.name] = list(latest.values())
    return out


def print_summary(collected: dict[str, list[dict]], counters: dict) -> None:
    print("\n== Events by type")
    for spec in topics.EVENT_TOPICS.values():
        events = collected.get(spec.name, [])
        print(f"  {spec.name:<28} {len(events):>4}")
    print("\n== Strike events (per article)")
    for e in sorted(collected.get("events.strike", []), key=lambda e: (e["article_id"], e.get("date") or "")):
        place = e.get("location") or e.get("oblast") or e.get("country") or "?"
        print(f"  {e['article_id'][:20]:<20} {e.get('date') or 'date?':<10} {place:<14} {e['weapon_class']:<9} "
              f"killed={e.get('killed')} injured={e.get('injured')} {e['status']}{'' if e['new'] else ' (reference)'}")
    print("\n== Merged incidents")
    for i in sorted(collected.get("incidents", []), key=lambda i: (i.get("date") or "", i["incident_id"])):
        place = i.get("location") or i.get("oblast") or i.get("country") or "?"
        k, inj = i["killed"], i["injured"]
        claim = f" claimed_killed={i['claimed_killed']} by {i['claimed_by']}" if i.get("claimed_killed") else ""
        print(f"  {i['incident_id']} v{i['version']} {i.get('date') or 'date?':<10} {place:<14} {i['weapon_class']:<9} "
              f"killed={k['best']} [{k['low']}-{k['high']}] injured={inj['best']} [{inj['low']}-{inj['high']}] "
              f"{i['status']}{'' if i['new'] else ' (reference)'} reports={len(i['reports'])}{claim}")
    print("\n== Alerts")
    for a in collected.get("alerts", []):
        print(f"  [{a['severity']}] {a['rule']}: {a['summary']}")
    if not collected.get("alerts"):
        print("  (none)")
    print("\n== Counters (new incidents; confirmed apart from claimed)")
    print("  totals:", orjson.dumps(counters.get("totals", {})).decode())
    for oblast, row in counters.get("by_oblast", {}).items():
        print(f"  {oblast:<16} strikes={row['strikes']} killed={row['killed']} injured={row['injured']} "
              f"claimed_strikes={row['claimed_strikes']} claimed_killed={row['claimed_killed']}")


def cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m streams run", description=__doc__)
    parser.add_argument("paths", nargs="*", default=[str(PROJECT_ROOT / "seeds")], help="articles to replay (default: seeds/)")
    parser.add_argument("--no-wait", action="store_true", help="exit after the summary instead of serving until Ctrl-C")
    args = parser.parse_args(argv[1:])
    settings = get_settings()

    from . import broker
    from .admin import ensure_topics
    from .articles import iter_articles
    from .producer import publish

    started_broker = False
    if not settings.bootstrap_servers:
        was_running = broker.status() is not None
        info = broker.start(settings)
        started_broker = not was_running
        bootstrap = info.bootstrap
        print(f"Kafka broker {'started' if started_broker else 'already running'} at {bootstrap}"
              + (f" in {info.started_in_s:.1f}s" if started_broker and info.started_in_s else ""))
    else:
        bootstrap = settings.bootstrap_servers
        print(f"Using Kafka at {bootstrap}")
    asyncio.run(ensure_topics(settings, bootstrap))
    base = f"http://{settings.web_host}:{settings.web_port}"
    log_path = settings.data_dir / "worker.log"
    worker = start_worker(settings, bootstrap, log_path=log_path)
    try:
        wait_healthy(base, worker)
        print(f"Worker up at {base} (log: {log_path})")
        articles = list(iter_articles(args.paths))
        before = _metric(base, "streams_articles_in_total")
        sent = asyncio.run(publish(articles, settings, bootstrap, total=len(articles)))
        print(f"Replayed {sent} articles")
        wait_processed(base, int(before) + sent)
        collected = asyncio.run(_collect(settings, bootstrap, {a.id for a in articles}))
        print_summary(collected, _get_json(f"{base}/counters")[1])
        print(f"\nMetrics: {base}/metrics   Counters: {base}/counters   Incidents: {base}/incidents   Health: {base}/health")
        if not args.no_wait:
            print("Serving until Ctrl-C ...")
            try:
                while worker.poll() is None:
                    time.sleep(0.5)
            except KeyboardInterrupt:
                print("\nStopping ...")
        return 0
    finally:
        stop_process(worker)
        if started_broker:
            broker.stop()
            print("Stopped the local broker")
