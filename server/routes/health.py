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


@router.get("/live", summary="Liveness probe", response_model=Status,
            response_model_exclude_none=True)
def live() -> Status:
    """The process is up and serving requests."""
    return Status(status="ok")


@router.get(
    "/ready",
    summary="Readiness probe (checks the database)",
    response_model=Status,
    responses={503: {"model": Status, "description": "The database is unreachable"}},
)
async def ready(request: Request) -> Status | JSONResponse:
    """200 when the database answers ``SELECT 1``, else 503."""
    try:
        await run_in_threadpool(ping, request.app.state.engine)
    except Exception as exc:
        log.warning("readiness check failed: %s", exc)
        return JSONResponse({"status": "unavailable", "database": "error"}, status_code=503)
    return Status(status="ok", database="ok")
