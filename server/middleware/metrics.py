"""Prometheus metrics: request counts and latency by route template, served at ``/metrics``.

With several uvicorn workers set ``PROMETHEUS_MULTIPROC_DIR`` to an empty directory so that
``/metrics`` aggregates every worker.
"""

from __future__ import annotations

import hmac
import os

from fastapi import APIRouter, Request, Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from starlette.types import ASGIApp, Receive, Scope, Send

from .config import get_hardening_settings
from .request_id import Observed, route_template

REQUESTS = Counter(
    "thermocraft_http_requests_total", "HTTP requests", ["method", "route", "status"]
)
LATENCY = Histogram(
    "thermocraft_http_request_duration_seconds",
    "HTTP request latency",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)

router = APIRouter(tags=["ops"])


class MetricsMiddleware:
    """Count and time each HTTP request under its route template (never the raw path)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        observed = Observed(send)
        try:
            await self.app(scope, receive, observed.send)
        finally:
            route = route_template(scope)
            REQUESTS.labels(scope["method"], route, str(observed.status)).inc()
            LATENCY.labels(scope["method"], route).observe(observed.seconds)


def _registry() -> CollectorRegistry | None:
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return None
    from prometheus_client import multiprocess

    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    return registry


@router.get("/metrics", include_in_schema=False)
def metrics(request: Request) -> Response:
    """Prometheus exposition (bearer ``THERMOCRAFT_METRICS_TOKEN`` required when set)."""
    token = get_hardening_settings().metrics_token
    if token:
        given = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
        if not hmac.compare_digest(given.encode(), token.encode()):
            return Response("forbidden\n", status_code=403, media_type="text/plain")
    registry = _registry()
    data = generate_latest(registry) if registry else generate_latest()
    return Response(data, media_type=CONTENT_TYPE_LATEST)
