"""Liveness and readiness probes."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from server.db import ping

TAG = {"name": "health", "description": "Liveness and readiness probes."}
router = APIRouter(prefix="/health", tags=["health"])
log = logging.getLogger("thermocraft.health")


class Status(BaseModel):
    status: str
    database: str | None = None
    dask: str | None = None
    dask_workers: int | None = None


@router.get("/live", summary="Liveness probe", response_model=Status,
            response_model_exclude_none=True)
def live() -> Status:
    """The process is up and serving requests."""
    return Status(status="ok")


@router.get(
    "/ready",
    summary="Readiness probe (checks the database and the Dask scheduler)",
    response_model=Status,
    response_model_exclude_none=True,
    responses={503: {"model": Status,
                     "description": "The database or the Dask scheduler is unreachable"}},
)
async def ready(request: Request) -> Status | JSONResponse:
    """200 when the database answers ``SELECT 1`` and an external Dask scheduler (if one is
    configured) answers with its workers; else 503. The embedded LocalCluster starts on
    the first job: before that ``dask`` says ``not started``."""
    try:
        await run_in_threadpool(ping, request.app.state.engine)
    except Exception as exc:
        log.warning("readiness check failed: %s", exc)
        return JSONResponse({"status": "unavailable", "database": "error"}, status_code=503)
    dispatcher = getattr(request.app.state, "dispatcher", None)
    if dispatcher is None:
        return Status(status="ok", database="ok")
    if dispatcher.embedded and not dispatcher.started:
        return Status(status="ok", database="ok", dask="not started")
    try:
        await run_in_threadpool(dispatcher.client)
        workers = await run_in_threadpool(dispatcher.worker_count)
    except Exception as exc:
        log.warning("readiness check failed: dask: %s", exc)
        return JSONResponse({"status": "unavailable", "database": "ok", "dask": "error"},
                            status_code=503)
    return Status(status="ok", database="ok", dask="ok", dask_workers=workers)
