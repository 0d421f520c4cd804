"""What runs beside the requests while a server process serves (from the app lifespan):
start/stop hooks (e.g. the Dask dispatcher) and periodic jobs.

A job is a plain function of the app, run in a worker thread every ``interval`` seconds
(first at start-up). Jobs must be idempotent: with several workers each runs them.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass

from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool

log = logging.getLogger("thermocraft.scheduler")


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    interval: float
    run: Callable[[FastAPI], object]


def add_hooks(app: FastAPI, start: Callable[[FastAPI], object],
              stop: Callable[[FastAPI], object]) -> None:
    """Run ``start(app)`` when the app starts serving and ``stop(app)`` when it stops."""
    if not hasattr(app.state, "lifecycle_hooks"):
        app.state.lifecycle_hooks = []
    app.state.lifecycle_hooks.append((start, stop))


async def start_hooks(app: FastAPI) -> None:
    for start, _stop in getattr(app.state, "lifecycle_hooks", []):
        await run_in_threadpool(start, app)


async def stop_hooks(app: FastAPI) -> None:
    for _start, stop in reversed(getattr(app.state, "lifecycle_hooks", [])):
        try:
            await run_in_threadpool(stop, app)
        except Exception:
            log.exception("stopping %s failed", stop)


def add_job(app: FastAPI, job: PeriodicJob) -> None:
    """Register ``job`` to run while ``app`` serves."""
    if not hasattr(app.state, "periodic_jobs"):
        app.state.periodic_jobs = []
    app.state.periodic_jobs.append(job)


async def _loop(app: FastAPI, job: PeriodicJob) -> None:
    while True:
        try:
            result = await run_in_threadpool(job.run, app)
            log.debug("job %s: %s", job.name, result)
        except Exception:
            log.exception("periodic job %s failed", job.name)
        await asyncio.sleep(job.interval)


def start_jobs(app: FastAPI) -> list[asyncio.Task]:
    """Start every registered job; the caller cancels the tasks at shutdown."""
    return [asyncio.create_task(_loop(app, job), name=f"job:{job.name}")
            for job in getattr(app.state, "periodic_jobs", [])]


async def stop_jobs(tasks: list[asyncio.Task]) -> None:
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
