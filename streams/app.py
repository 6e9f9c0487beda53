"""The Faust app: three thin agents and the tables they own.

    articles ──process_articles──► events.<type>, articles.dlq, strike-reports
    strike-reports ──merge_reports [table incident-cells]──► incidents, alerts, incidents-by-oblast
    incidents-by-oblast ──watch_surges [table surge-windows]──► alerts

Delivery is at-least-once (faust-streaming's exactly-once mode has open bugs: issues 177,
323, 517) with every agent at concurrency 1 (issue 606: higher concurrency can commit past
unprocessed messages). Duplicates cannot change state because state is idempotent: merged
incidents keep reports keyed by article, and counters are derived from incidents. Where
an agent writes a table, it first waits for the broker to acknowledge its output messages,
then writes the table: a crash in between re-runs the batch and re-sends the same messages
(same ids) rather than losing them.

Every agent acks its input itself (``noack()``/``noack_take()``), after its outputs and table
writes were acknowledged by the broker (:mod:`streams.tables`). Faust's own acking acks in a
``finally``: an agent cancelled mid-batch — which is how a SIGTERM stops it — had the
unfinished batch committed on the way out, and those reports were lost from the merged
state (tests/test_lifecycle.py). How input partitions are positioned after a rebalance:
:mod:`streams.recovery`.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter
from datetime import datetime, timezone
from typing import Any, Iterator

import faust
import orjson
from aiokafka.partitioner import DefaultPartitioner

from schemas import Alert, Incident, StrikeEvent

from . import counters, metrics, topics
from .alerting import AlertDispatcher, AlertRules, SurgeWindow, incident_alerts
from .extractor_pool import ExtractorPool
from .kafka import faust_broker_urls, faust_credentials
from .merge import cell_key
from .routing import Origin, Outbound, latest_versions, route_report
from .recovery import SeekFirstTableManager, guard_fetches
from .settings import Settings
from .tables import confirmed_table

log = logging.getLogger(__name__)

#: Articles read ahead of the one whose events are being sent: enough to keep the
#: extraction process busy while this thread sends and acks; few enough that a rebalance,
#: which waits for every article read to be acked, waits a fraction of a second.
EXTRACT_AHEAD = 8

#: Batches of the merge and surge agents: big enough to amortise the wait for
#: acknowledgements and the table writes, small enough that an incident is published
#: within tens of milliseconds of its report.
MERGE_BATCH = 500
MERGE_WITHIN_S = 0.02

#: How long the producer waits to fill a batch: an article fans out to ~30 messages, and a
#: few milliseconds put them in a few requests instead of one each (less CPU for worker
#: and broker per message) at a cost no reader can notice.
PRODUCER_LINGER_S = 0.005

#: RocksDB per table partition (4 partitions each). ``incident-cells``: at most two 4 MiB
#: memtables and a 4 MiB block cache per database. ``surge-windows`` holds one small window
#: per oblast, written once per oblast and batch: 1 MiB each. Table state thus costs at
#: most ~60 MiB of memory however many incidents there are; the rest stays on disk.
#: Faust's defaults (64 MiB memtables, a 2 GiB cache per database) are sized for a machine
#: of its own.
ROCKSDB_OPTIONS = {
    "write_buffer_size": 4 * 2**20,
    "max_write_buffer_number": 2,
    "target_file_size_base": 16 * 2**20,
    "block_cache_size": 4 * 2**20,
    "block_cache_compressed_size": 0,
    "max_open_files": 256,
}
SURGE_ROCKSDB_OPTIONS = {**ROCKSDB_OPTIONS, "write_buffer_size": 2**20, "block_cache_size": 2**20}


class Pipeline:
    """The app, its topics and tables, and read access to the merged state."""

    def __init__(self, settings: Settings, bootstrap: str) -> None:
        self.settings = settings
        self.bootstrap = bootstrap
        self.rules = AlertRules.from_settings(settings)
        datadir = settings.data_dir / "worker" / f"{settings.app_id}-{settings.web_port}"
        datadir.mkdir(parents=True, exist_ok=True)
        self.dispatcher = AlertDispatcher.from_settings(settings)
        guard_fetches()  # input records are not dropped around rebalances (streams.recovery)
        self.app = faust.App(
            settings.app_id,
            broker=faust_broker_urls(bootstrap),
            broker_credentials=faust_credentials(settings),
            store=settings.table_store,
            key_serializer="raw",
            value_serializer="raw",
            autodiscover=False,
            processing_guarantee="at_least_once",
            TableManager=SeekFirstTableManager,  # input positioned before it is fetched (streams.recovery)
            topic_partitions=settings.topic_partitions,
            topic_replication_factor=settings.topic_replicas,
            table_standby_replicas=0,
            consumer_auto_offset_reset="earliest",
            producer_linger=PRODUCER_LINGER_S,
            producer_max_request_size=max(4 * settings.max_message_bytes, 4_000_000),
            consumer_max_fetch_size=max(4 * settings.max_message_bytes, 4_000_000),
            broker_commit_interval=1.0,
            web_bind=settings.web_host,
            web_host=settings.web_host,
            web_port=settings.web_port,
            web_tables_enabled=False,
            web_router_enabled=False,
            web_stats_enabled=False,
            web_graph_enabled=False,
            datadir=str(datadir),
            # Faust lets bare environment variables (WEB_BIND, WEB_PORT, BROKER_URL, ...) override
            # the arguments above; namespaced, a stray WEB_BIND=0.0.0.0 cannot expose the worker.
            env_prefix="FAUST_",
        )
        app = self.app
        raw = {"key_serializer": "raw", "value_serializer": "raw"}
        self.topics: dict[str, faust.TopicT] = {
            spec.name: app.topic(spec.name, partitions=settings.topic_partitions, internal=False, **raw)
            for spec in topics.ALL
        }
        # use_partitioner: the table key is the source topic's key, so the partitioner picks the
        # same partition for the changelog as for the source, and batches can write after acks.
        tables = {"default": None, "partitions": settings.topic_partitions, "key_type": bytes, "value_type": bytes,
                  "use_partitioner": True}
        self.cells = confirmed_table(app, "incident-cells", **tables, options=dict(ROCKSDB_OPTIONS))
        self.surges = confirmed_table(app, "surge-windows", **tables, options=dict(SURGE_ROCKSDB_OPTIONS))
        self._partitioner = DefaultPartitioner()
        self.extractor = ExtractorPool(settings.extract_processes, settings.max_message_bytes,
                                       timeout_s=settings.extract_timeout_s)
        self._register_agents()
        self._register_lifecycle()
        #: counter sums per strike-reports partition this worker owns (``counters``)
        self._tallies: dict[int, counters.Tally] = {}
        metrics.register_incident_collector(lambda: counters.gauge_rows(self.counters()))
        from faust.sensors.prometheus import setup_prometheus_sensors

        setup_prometheus_sensors(app, pattern="/metrics", name_prefix="faust")
        from .web import register_views

        register_views(self)

    # -- sending -----------------------------------------------------------------------
    async def send(self, message: Outbound) -> Any:
        """Hand one message to the producer; returns a future resolved on acknowledgement.

        Straight to Faust's producer rather than through ``Topic.send``: the topic path costs
        ~300 µs of CPU per message against ~60 µs here (measured by the benchmark), and an
        article fans out to ~40 messages. Delivery is unchanged: Faust flushes this producer
        before it commits any offset.
        """
        return await self.app.producer.send(
            message.topic, message.key, message.value, None, None, list(message.headers) or None,
        )

    async def _finish_articles(self, stream: faust.StreamT, queue: asyncio.Queue) -> None:
        """Send each queued article's messages, then ack it: the order it was read in."""
        while True:
            event, job, started = await queue.get()
            outcome = await self.extractor.outcome(job)
            for out in outcome.messages:
                await self.send(out)
            await stream.ack(event)  # only once every output is with the producer (module docstring)
            message = event.message
            if outcome.rejected is not None:
                metrics.DLQ.labels(outcome.rejected.reason).inc()
                log.warning("dead-lettered %s[%d]@%d: %s: %s", message.topic, message.partition,
                            message.offset, outcome.rejected.reason, outcome.rejected.error)
            else:
                metrics.ARTICLES_PROCESSED.inc()
                per_topic = Counter(out.topic for out in outcome.messages if out.topic != topics.STRIKE_REPORTS.name)
                for topic, count in per_topic.items():
                    metrics.EVENTS_OUT.labels(topic.removeprefix("events.")).inc(count)
            metrics.PROCESSING_SECONDS.observe(time.perf_counter() - started)
            if message.timestamp:  # in seconds: Faust divides Kafka's milliseconds by 1,000
                metrics.END_TO_END_SECONDS.observe(max(0.0, time.time() - message.timestamp))

    # -- agents ------------------------------------------------------------------------
    def _register_agents(self) -> None:
        app, settings = self.app, self.settings

        @app.agent(self.topics[topics.ARTICLES.name], name="process-articles", concurrency=1)
        async def process_articles(stream: faust.StreamT) -> None:
            """Decode, extract, route: one article in, its events out.

            Reading and finishing overlap: this loop hands each article to the extraction
            process and queues it; ``_finish_articles`` sends each one's events and acks it,
            in the order read. At most ``EXTRACT_AHEAD`` articles are in flight.
            """
            queue: asyncio.Queue = asyncio.Queue(maxsize=EXTRACT_AHEAD)
            finisher = asyncio.ensure_future(self._finish_articles(stream, queue))
            try:
                async for event in stream.noack().events():
                    message = event.message
                    metrics.ARTICLES_IN.inc()
                    origin = Origin(message.topic, message.partition, message.offset, message.key)
                    item = (event, self.extractor.submit(message.value, origin), time.perf_counter())
                    if queue.full():
                        put = asyncio.ensure_future(queue.put(item))
                        await asyncio.wait((put, finisher), return_when=asyncio.FIRST_COMPLETED)
                        if finisher.done():
                            put.cancel()
                            finisher.result()  # its error is this agent's
                    else:
                        queue.put_nowait(item)
            finally:
                finisher.cancel()

        @app.agent(self.topics[topics.STRIKE_REPORTS.name], name="merge-reports", concurrency=1)
        async def merge_reports(stream: faust.StreamT) -> None:
            """Fold strike reports into incidents; output acknowledged before state is written."""
            async for batch in stream.noack_take(MERGE_BATCH, within=MERGE_WITHIN_S):
                now = datetime.now(timezone.utc)
                pending: dict[bytes, bytes] = {}
                last_of: dict[bytes, faust.EventT] = {}
                cell_before: dict[bytes, Any] = {}  # decoded state at the start of the batch
                cell_after: dict[bytes, Any] = {}
                outbound: list[Outbound] = []
                for event in batch:
                    try:
                        report = StrikeEvent.model_validate_json(event.value)
                        key = cell_key(report).encode()
                        state = pending.get(key, self.cells.get(key))
                        outcome = route_report(state, report, now, self._alerts_for(now))
                    except Exception as exc:  # noqa: BLE001 - an unreadable internal message must not stop the merge
                        log.exception("unreadable strike report: %s", exc)
                        continue
                    if outcome.state is None:
                        continue
                    pending[key] = outcome.state
                    last_of[key] = event
                    cell_before.setdefault(key, outcome.before)
                    cell_after[key] = outcome.after
                    metrics.INCIDENT_UPDATES.inc(sum(1 for _, after in outcome.changes if after is not None))
                    outbound.extend(outcome.messages)
                acks = []
                for out in latest_versions(outbound):
                    acks.append(await self.send(out))
                    if out.topic == topics.ALERTS.name:
                        self._dispatch(out.value)
                if acks:
                    await asyncio.gather(*acks)
                for key in pending:
                    tally = self._tallies.get(last_of[key].message.partition)
                    if tally is not None:  # kept in step with the table: no await before the writes
                        tally.merge(counters.cell_delta(cell_before[key], cell_after[key]))
                await self.cells.store(pending, last_of)
                for event in batch:
                    await stream.ack(event)

        @app.agent(self.topics[topics.INCIDENTS_BY_OBLAST.name], name="watch-surges", concurrency=1)
        async def watch_surges(stream: faust.StreamT) -> None:
            """Strikes per oblast in a sliding 24 h window: the surge alert. A batch loads and
            stores each oblast's window once, however many of its strikes it holds."""
            async for batch in stream.noack_take(MERGE_BATCH, within=MERGE_WITHIN_S):
                now = datetime.now(timezone.utc)
                windows: dict[bytes, SurgeWindow] = {}
                last_of: dict[bytes, faust.EventT] = {}
                alerts: list[Alert] = []
                for event in batch:
                    key = event.message.key or b"unknown"
                    try:
                        incident = Incident.model_validate_json(event.value)
                        window = windows.get(key)
                        if window is None:
                            stored = self.surges.get(key)
                            window = SurgeWindow.from_dict(orjson.loads(stored), self.rules) if stored \
                                else SurgeWindow(self.rules)
                        alerts.extend(window.add(incident, now))
                    except Exception as exc:  # noqa: BLE001 - skipped for good (logged), acked with its batch
                        log.exception("surge rule failed: %s", exc)
                        continue
                    windows[key] = window
                    last_of[key] = event
                acks = []
                for alert in alerts:
                    body = alert.model_dump_json().encode()
                    acks.append(await self.send(Outbound(topics.ALERTS.name, alert.alert_id.encode(), body)))
                    self._dispatch(body)
                if acks:
                    await asyncio.gather(*acks)
                await self.surges.store({key: orjson.dumps(w.to_dict()) for key, w in windows.items()}, last_of)
                for event in batch:
                    await stream.ack(event)

    def _alerts_for(self, now: datetime):
        return lambda old, new: incident_alerts(old, new, self.rules, now)

    def _dispatch(self, alert_json: bytes) -> None:
        self.dispatcher.submit([Alert.model_validate_json(alert_json)])

    def _register_lifecycle(self) -> None:
        @self.app.on_partitions_revoked.connect
        async def _forget_tallies_on_revoke(app: Any, revoked: Any, **_: Any) -> None:
            self._tallies.clear()  # a partition may come back changed by another worker

        @self.app.on_partitions_assigned.connect
        async def _forget_tallies_on_assign(app: Any, assigned: Any, **_: Any) -> None:
            self._tallies.clear()  # recovery rewrites the table without the merge agent

        @self.app.on_rebalance_complete.connect
        async def _forget_tallies_after_recovery(app: Any, **_: Any) -> None:
            self._tallies.clear()  # sums made while recovery was pending may miss what it wrote

        @self.app.on_before_shutdown.connect
        async def _drain_alerts(app: Any, **_: Any) -> None:
            await self.dispatcher.stop(drain_timeout=5.0)

        @self.app.on_before_shutdown.connect
        async def _stop_extraction(app: Any, **_: Any) -> None:
            # the consumer has stopped and every article read was acked (Faust's App.on_stop)
            await asyncio.get_running_loop().run_in_executor(None, self.extractor.stop)

        @self.app.task
        async def _start_dispatcher() -> None:
            self.dispatcher.start()

    # -- reading state -------------------------------------------------------------------
    def _active_partitions(self) -> set[int]:
        assigned = self.app.assignor.assigned_actives()
        return {tp.partition for tp in assigned if tp.topic == topics.STRIKE_REPORTS.name}

    def _partition_of(self, key: bytes) -> int:
        n = self.settings.topic_partitions
        return self._partitioner(key, list(range(n)), list(range(n)))

    def _cells(self, partitions: set[int]) -> Iterator[tuple[int, dict[str, Any]]]:
        """The decoded cell states of ``partitions``, each with its partition."""
        for key, state in list(self.cells.items()):
            if state:
                partition = self._partition_of(key)
                if partition in partitions:
                    yield partition, orjson.loads(state)

    def incidents(self) -> Iterator[Incident]:
        """Merged incidents of the partitions this worker owns now."""
        for _, cell in self._cells(self._active_partitions()):
            for data in counters.cell_incidents(cell):
                yield Incident.model_validate(data)

    def _tallies_of(self, partitions: set[int]) -> dict[int, counters.Tally]:
        """Counter sums of ``partitions``, made by one pass over their cells."""
        made = {p: counters.Tally() for p in partitions}
        for partition, cell in self._cells(partitions):
            for data in counters.cell_incidents(cell):
                made[partition].add(data)
        return made

    def counters(self) -> dict[str, Any]:
        """Counters over the partitions this worker owns: sums kept per partition.

        A partition's sums are made by one pass over its cells the first time they are
        asked for after a rebalance, then kept in step by the merge agent with every cell
        it writes. A rebalance forgets them all: at revocation, at assignment and once
        recovery has completed (the signal Faust sends before streams resume). While the
        table is still moving the sums are made for the one read and not kept.
        """
        active = self._active_partitions()
        if self.app.rebalancing or getattr(self.app, "in_recovery", False):
            return counters.Tally.combined(self._tallies_of(active).values()).as_dict()
        missing = active - self._tallies.keys()
        if missing:
            self._tallies.update(self._tallies_of(missing))
        return counters.Tally.combined(self._tallies[p] for p in sorted(active)).as_dict()
