"""Remote solving: simulations (one solve job each), parametric sweeps, uploaded attachments.

The database is the source of truth for jobs: status, attempts, progress and the reason of
a failure live here, so jobs survive a server restart and are visible to every process.
"""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Double,
    Enum,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from server.models.base import Base, IdMixin, OwnedMixin

_ONE_OWNER = "(owner_user_id IS NULL) <> (owner_org_id IS NULL)"


class JobStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def terminal(self) -> bool:
        return self in (JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED)


STATUS_TYPE = Enum(JobStatus, name="job_status", native_enum=False, length=16,
                   values_callable=lambda e: [m.value for m in e])


class Sweep(IdMixin, OwnedMixin, Base):
    """A model solved once per parameter set; its cases are simulations."""

    __tablename__ = "sweeps"
    __table_args__ = (CheckConstraint(_ONE_OWNER, name="one_owner"),)

    name: Mapped[str] = mapped_column(String(200))
    parameters: Mapped[list] = mapped_column(JSON)  # the parameter sets, as posted


class Simulation(IdMixin, OwnedMixin, Base):
    """One remote solve: the validated model, its job state and where its results are."""

    __tablename__ = "simulations"
    __table_args__ = (
        CheckConstraint(_ONE_OWNER, name="one_owner"),
        Index("ix_simulations_status_created", "status", "created_at"),
    )

    name: Mapped[str] = mapped_column(String(200))
    analysis: Mapped[str] = mapped_column(String(16))  # steady / transient
    model_json: Mapped[str] = mapped_column(Text)
    attachments: Mapped[list] = mapped_column(JSON, default=list)  # "sha256:<hex>" names
    status: Mapped[JobStatus] = mapped_column(STATUS_TYPE, default=JobStatus.QUEUED)
    attempts: Mapped[int] = mapped_column(default=0)
    cancel_requested: Mapped[bool] = mapped_column(default=False)
    progress: Mapped[dict] = mapped_column(JSON, default=dict)
    failure_reason: Mapped[str | None] = mapped_column(Text)
    summary: Mapped[dict | None] = mapped_column(JSON)
    results: Mapped[list] = mapped_column(JSON, default=list)  # stored file names
    limits: Mapped[dict] = mapped_column(JSON, default=dict)  # memory/cpu/wall of the plan
    worker: Mapped[str | None] = mapped_column(String(255))
    job_key: Mapped[str | None] = mapped_column(String(100))  # the Dask task allowed to run it
    heartbeat_at: Mapped[datetime | None]  # the running task's last sign of life
    queued_at: Mapped[datetime | None]
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    solve_seconds: Mapped[float] = mapped_column(Double, default=0.0)
    sweep_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("sweeps.id", ondelete="CASCADE"), index=True)
    case_index: Mapped[int | None]
    case_parameters: Mapped[dict | None] = mapped_column(JSON)


class Attachment(IdMixin, OwnedMixin, Base):
    """A file uploaded for remote solves (STEP geometry), named by its content hash."""

    __tablename__ = "attachments"
    __table_args__ = (
        CheckConstraint(_ONE_OWNER, name="one_owner"),
        UniqueConstraint("owner_user_id", "name", name="uq_attachments_owner_user_name"),
    )

    name: Mapped[str] = mapped_column(String(80))  # "sha256:<hex>"
    size: Mapped[int] = mapped_column(BigInteger)
