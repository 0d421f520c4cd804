"""The Dask task: run one simulation on a worker.

Everything goes through the database (the source of truth): the task claims the job (one
more attempt), streams its progress into the row, watches the row for a cancel request,
and writes the outcome; the solve itself runs in a sandboxed child process. A job whose
worker died is claimed again by Dask's retry; past ``max_attempts`` it is failed with the
reason.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import tempfile
import time
import uuid
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session, sessionmaker

from server.billing.usage import Owner, record_usage
from server.db import make_engine
from server.models import utcnow
from server.models.simulations import JobStatus, Simulation
from server.solving.sandbox import Outcome, SolveLimits, run_solve
from server.solving.store import FileResultStore

PROGRESS_INTERVAL = 0.3
CANCEL_POLL = 0.2  # a read: cheap, and cancelling answers within it
HEARTBEAT_INTERVAL = 5.0  # a write; the spec's ``heartbeat_seconds`` overrides it


@lru_cache(maxsize=4)
def _engine(url: str) -> Engine:
    return make_engine(url)


def _settings_value(spec: dict, key: str, env: str) -> str:
    value = spec.get(key) or os.environ.get(env)
    if not value:
        raise RuntimeError(f"the worker needs {env} (or the job spec's {key})")
    return value


def worker_died_reason(attempts: int) -> str:
    return (f"the worker running it died (tried {attempts} time"
            f"{'s' if attempts != 1 else ''})")


def result_key(simulation_id: uuid.UUID | str, name: str) -> str:
    return f"results/{simulation_id}/{name}"


def new_job_key(simulation_id: uuid.UUID | str) -> str:
    """A fresh Dask task key: the row's ``job_key`` names the one task allowed to run it."""
    return f"simulation-{simulation_id}-{uuid.uuid4().hex[:8]}"


def attachment_key(owner: str, name: str) -> str:
    return f"attachments/{owner}/{name.replace(':', '-')}"


def _claim(db: Session, sim_id: uuid.UUID, key: str, max_attempts: int) -> Simulation | None:
    """Take the job for this task: it must still be the job's task (``job_key``; a requeue
    hands the job to a new one), queued or running (Dask retrying after its worker died),
    not cancelled and with an attempt left. Otherwise settle it and return None."""
    claimed = db.execute(
        update(Simulation)
        .where(Simulation.id == sim_id, Simulation.job_key == key,
               Simulation.status.in_([JobStatus.QUEUED, JobStatus.RUNNING]),
               Simulation.attempts < max_attempts, Simulation.cancel_requested.is_(False))
        .values(status=JobStatus.RUNNING, attempts=Simulation.attempts + 1,
                started_at=utcnow(), heartbeat_at=utcnow(),
                worker=f"{socket.gethostname()}:{os.getpid()}")
    ).rowcount
    db.commit()
    sim = db.get(Simulation, sim_id)
    if claimed == 1:
        return sim
    if sim is None or sim.status.terminal or sim.job_key != key:
        return None  # gone, done, or handed to another task
    if sim.cancel_requested:
        _finish(db, sim, Outcome("cancelled", "cancelled on request"))
    else:  # out of attempts: its worker died each time
        _finish(db, sim, Outcome("failed", worker_died_reason(sim.attempts)))
    return None


def _finish(db: Session, sim: Simulation, outcome: Outcome, files: list[str] = ()) -> None:
    sim.status = JobStatus(outcome.status)
    sim.failure_reason = outcome.reason
    sim.summary = outcome.summary
    sim.results = list(files)
    sim.finished_at = utcnow()
    sim.solve_seconds = (sim.solve_seconds or 0.0) + outcome.seconds
    if outcome.seconds > 0:
        record_usage(db, Owner(user_id=sim.owner_user_id, org_id=sim.owner_org_id),
                     "solve_minutes", outcome.seconds / 60.0, commit=False)
    db.commit()


def run_job(spec: dict) -> str:
    """Run the simulation ``spec['simulation_id']``; its final status (or 'skipped')."""
    url = _settings_value(spec, "database_url", "THERMOCRAFT_DATABASE_URL")
    store = FileResultStore(_settings_value(spec, "store_dir", "THERMOCRAFT_RESULT_STORE_DIR"))
    sim_id = uuid.UUID(spec["simulation_id"])
    factory = sessionmaker(bind=_engine(url), expire_on_commit=False)
    with factory() as db:
        sim = _claim(db, sim_id, spec["job_key"], int(spec.get("max_attempts", 2)))
        if sim is None:
            return "skipped"
        job_dir = Path(tempfile.mkdtemp(prefix=f"tc-job-{sim_id}-"))
        try:
            outcome, files = _run(db, store, sim, job_dir, spec.get("heartbeat_seconds"))
        finally:
            shutil.rmtree(job_dir, ignore_errors=True)
        db.refresh(sim)
        _finish(db, sim, outcome, files)
        return outcome.status


def _run(db: Session, store: FileResultStore, sim: Simulation, job_dir: Path,
         heartbeat_seconds: float | None = None) -> tuple[Outcome, list[str]]:
    owner = str(sim.owner_user_id or sim.owner_org_id)
    attachments = {}
    for name in sim.attachments or []:
        path = store.local_path(attachment_key(owner, name))
        if path is None:
            return Outcome("failed", f"attachment {name} is missing from the store"), []
        attachments[name] = str(path)
    (job_dir / "model.json").write_text(sim.model_json)
    (job_dir / "attachments.json").write_text(json.dumps(attachments))
    limits = SolveLimits(**sim.limits)
    heartbeat = float(heartbeat_seconds) if heartbeat_seconds else HEARTBEAT_INTERVAL
    last = {"progress": 0.0, "cancel": 0.0, "heartbeat": time.monotonic()}

    def on_event(event: dict) -> None:
        now = time.monotonic()
        if now - last["progress"] >= PROGRESS_INTERVAL or event.get("stage") == "done":
            last["progress"] = now
            db.execute(update(Simulation).where(Simulation.id == sim.id)
                       .values(progress=event))
            db.commit()

    def should_cancel() -> bool:
        now = time.monotonic()
        if now - last["cancel"] < CANCEL_POLL:
            return False
        last["cancel"] = now
        if now - last["heartbeat"] >= heartbeat:  # writes are rare: SQLite has one writer
            last["heartbeat"] = now
            db.execute(update(Simulation).where(Simulation.id == sim.id)
                       .values(heartbeat_at=utcnow()))
        flag = db.scalar(select(Simulation.cancel_requested).where(Simulation.id == sim.id))
        db.commit()
        return bool(flag)

    outcome = run_solve(job_dir, limits, on_event, should_cancel)
    files = []
    if outcome.status == "succeeded":
        size = 0
        for name in outcome.files:
            size += store.put_file(result_key(sim.id, name), job_dir / "out" / name)
            files.append(name)
        record_usage(db, Owner(user_id=sim.owner_user_id, org_id=sim.owner_org_id),
                     "storage_bytes", size, commit=False)
    return outcome, files
