"""HTTP on the worker: counters and incidents as JSON, and a health check.

``/metrics`` is served by Faust's Prometheus sensor (set up in :mod:`streams.app`) from
the default registry, which also holds our metrics. Faust's own table and router pages
are switched off: they expose table contents and cluster topology.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import orjson
from faust import web

if TYPE_CHECKING:  # pragma: no cover
    from .app import Pipeline

def _json(view: web.View, body: Any, status: int = 200) -> web.Response:
    return view.bytes(orjson.dumps(body, option=orjson.OPT_NON_STR_KEYS), content_type="application/json", status=status)


def register_views(pipeline: "Pipeline") -> None:
    app = pipeline.app

    @app.page("/counters")
    async def counters_view(self: web.View, request: web.Request) -> web.Response:
        """Strike and casualty counters over the merged incidents this worker owns."""
        return _json(self, pipeline.counters())

    @app.page("/incidents")
    async def incidents_view(self: web.View, request: web.Request) -> web.Response:
        """Merged incidents, newest first; ``?oblast=`` filters, ``?limit=`` caps (default 500)."""
        oblast = request.query.get("oblast")
        try:
            limit = max(1, min(int(request.query.get("limit", "500")), 10_000))
        except ValueError:
            return _json(self, {"error": "limit must be an integer"}, status=400)
        found = [i for i in pipeline.incidents() if oblast is None or (i.oblast or "").casefold() == oblast.casefold()]
        found.sort(key=lambda i: (i.date.isoformat() if i.date else "", i.incident_id), reverse=True)
        return _json(self, {"count": len(found), "incidents": [i.model_dump(mode="json") for i in found[:limit]]})

    @app.page("/health")
    async def health_view(self: web.View, request: web.Request) -> web.Response:
        """200 once the worker has partitions and finished table recovery, 503 before."""
        faust_app = pipeline.app
        recovering = bool(getattr(faust_app.tables, "recovery", None) and not faust_app.tables.recovery.completed.is_set())
        assigned = sorted(f"{tp.topic}:{tp.partition}" for tp in faust_app.assignor.assigned_actives())
        ok = faust_app.rebalancing is False and not recovering
        body = {"status": "ok" if ok else "starting", "rebalancing": faust_app.rebalancing,
                "recovering": recovering, "assigned": assigned}
        return _json(self, body, status=200 if ok else 503)
