"""Remote solves: submit (validated, plan-checked), read, cancel, results, attachments."""

from __future__ import annotations

import hashlib
import re
import uuid
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server.billing.deps import enforce_limit
from server.billing.entitlements import PlanSource
from server.billing.rules import PlanDenied, check_feature
from server.billing.usage import Owner, solve_minutes_used
from server.errors import Forbidden, NotFound, PaymentRequired, ServiceError
from server.models import User, utcnow
from server.models.simulations import Attachment, JobStatus, Simulation
from server.settings import Settings
from server.solving import solver_bridge as bridge
from server.solving.store import FileResultStore
from server.solving.tasks import attachment_key, new_job_key, result_key
from server.tenancy import get_owned_or_404, visible_to

ATTACHMENT_NAME = re.compile(r"^sha256:[0-9a-f]{64}$")


class InvalidSubmission(ServiceError):
    """422 with FastAPI's error list: each problem located under ``body``."""

    status_code = 422

    def __init__(self, errors: list[dict]) -> None:
        super().__init__("invalid model")
        self.detail = errors


def _loc(prefix: list, path: str) -> list:
    """'conditions[2].faces[0]' -> prefix + ['conditions', 2, 'faces', 0]."""
    parts: list = list(prefix)
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", path):
        parts.append(int(index) if index else name)
    return parts


def model_errors(problems: list[bridge.ModelProblem], prefix: list) -> InvalidSubmission:
    return InvalidSubmission([{"loc": _loc(prefix, p.path), "msg": p.message,
                               "type": "model"} for p in problems])


def require_verified(user: User) -> None:
    if not user.email_verified:
        raise Forbidden("Confirm your e-mail address before remote solving")


def _feature(source: PlanSource, feature: str) -> None:
    try:
        check_feature(source.plan, feature)
    except PlanDenied as denied:
        raise (PaymentRequired if denied.status_code == 402 else Forbidden)(
            denied.message) from None


def solve_limits(settings: Settings, source: PlanSource) -> dict:
    """The plan's per-solve memory, CPU and wall time, capped by the settings."""
    memory = source.plan.limit("solve_memory_bytes")
    wall = float(source.plan.limit("solve_wall_seconds"))
    if settings.solve_memory_cap_bytes:
        memory = min(memory, settings.solve_memory_cap_bytes)
    if settings.solve_wall_cap_seconds:
        wall = min(wall, settings.solve_wall_cap_seconds)
    return {"memory_bytes": int(memory), "wall_seconds": wall,
            "cpu_seconds": int(source.plan.limit("solve_cpu_seconds"))}


def check_model(db: Session, settings: Settings, user: User, source: PlanSource,
                model_text: str, attachments: list[str], now, prefix: list) -> object:
    """Parse and validate ``model_text`` for ``user``'s plan; the model (or 4xx errors)."""
    for i, name in enumerate(attachments):
        if not ATTACHMENT_NAME.match(name) or db.scalar(select(Attachment.id).where(
                Attachment.owner_user_id == user.id, Attachment.name == name)) is None:
            raise InvalidSubmission([{"loc": ["body", "attachments", i],
                                      "msg": f"no uploaded attachment named {name!r}",
                                      "type": "attachment"}])
    store = FileResultStore(settings.result_store_dir)  # the solver may read STEP files
    paths = {name: store.local_path(attachment_key(str(user.id), name)) or Path(name)
             for name in attachments}
    try:
        model = bridge.parse_model(model_text, paths)
    except bridge.InvalidModel as exc:
        raise model_errors(exc.problems, prefix) from None
    if model.analysis.kind != "steady":
        _feature(source, "server_transient")
    enforce_limit(source, "components_per_model", len(model.bodies))
    minutes = source.plan.limit("remote_solve_minutes")
    if minutes is not None and solve_minutes_used(db, Owner(user_id=user.id), now) >= minutes:
        raise PaymentRequired(f"All {minutes} remote-solve "
                              f"minutes of the {source.plan.name} plan are used this month")
    return model


def create(db: Session, settings: Settings, dispatcher, user: User, source: PlanSource,
           name: str, model_text: str, attachments: list[str], now,
           sweep_id: uuid.UUID | None = None, case: tuple[int, dict] | None = None,
           submit: bool = True) -> Simulation:
    """Insert the job (queued) and hand it to the cluster."""
    model = check_model(db, settings, user, source, model_text, attachments, now,
                        ["body", "model"])
    sim = Simulation(owner_user_id=user.id, name=name, analysis=model.analysis.kind,
                     model_json=bridge.model_to_json(model), attachments=attachments,
                     limits=solve_limits(settings, source), queued_at=utcnow(),
                     sweep_id=sweep_id, case_index=case[0] if case else None,
                     case_parameters=case[1] if case else None)
    sim.id = uuid.uuid4()
    sim.job_key = new_job_key(sim.id)  # stored with the row: one write per create
    db.add(sim)
    db.commit()
    if submit:
        dispatcher.submit(sim.id, sim.job_key)
    return sim


def get(db: Session, user: User, sim_id: uuid.UUID) -> Simulation:
    return get_owned_or_404(db, Simulation, sim_id, user)


def list_for(db: Session, user: User, limit: int, offset: int) -> list[Simulation]:
    return list(db.scalars(select(Simulation).where(visible_to(Simulation, user),
                                                    Simulation.sweep_id.is_(None))
                           .order_by(Simulation.created_at.desc()).limit(limit)
                           .offset(offset)))


def cancel(db: Session, user: User, sim_id: uuid.UUID) -> Simulation:
    """Ask the job to stop: a queued job is cancelled now, a running one within a second."""
    sim = get(db, user, sim_id)
    if sim.status.terminal:
        return sim
    sim.cancel_requested = True
    if sim.status == JobStatus.QUEUED:
        sim.status, sim.failure_reason = JobStatus.CANCELLED, "cancelled on request"
        sim.finished_at = utcnow()
    db.commit()
    return sim


def result_file(db: Session, store: FileResultStore, user: User, sim_id: uuid.UUID,
                name: str):
    sim = get(db, user, sim_id)
    if name not in (sim.results or []):
        raise NotFound("No such result file")
    path = store.local_path(result_key(sim.id, name))
    if path is None:
        raise NotFound("No such result file")
    return path


def upload_attachment(db: Session, store: FileResultStore, user: User,
                      data: bytes) -> Attachment:
    """Store a file under its content hash (idempotent per owner)."""
    name = "sha256:" + hashlib.sha256(data).hexdigest()
    found = db.scalar(select(Attachment).where(Attachment.owner_user_id == user.id,
                                               Attachment.name == name))
    if found is not None:
        return found
    store.put_bytes(attachment_key(str(user.id), name), data)
    attachment = Attachment(owner_user_id=user.id, name=name, size=len(data))
    db.add(attachment)
    try:
        db.commit()
    except IntegrityError:
        db.rollback()
        return db.scalars(select(Attachment).where(Attachment.owner_user_id == user.id,
                                                   Attachment.name == name)).one()
    return attachment
