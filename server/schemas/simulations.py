"""Bodies of the remote-solving routes."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from server.schemas import PlainText


class SimulationIn(BaseModel):
    name: PlainText = Field(default="", max_length=200)
    model: dict[str, Any] = Field(description="A model in the solver's JSON format "
                                  "(docs/model-format.md); STEP geometry names attachments")
    attachments: list[str] = Field(default_factory=list, max_length=100,
                                   description="Names (`sha256:<hex>`) of uploaded files")


class SimulationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    analysis: str
    status: str
    attempts: int
    progress: dict[str, Any] = Field(description="The latest report (stage, fraction, "
                                     "message) with the solver's latest iteration, "
                                     "residual, max_temperature_C and time_s so far")
    failure_reason: str | None
    summary: dict[str, Any] | None
    results: list[str] = Field(description="Downloadable files under .../results/{name}")
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    solve_seconds: float
    sweep_id: uuid.UUID | None = None
    case_index: int | None = None
    case_parameters: dict[str, Any] | None = None


class AttachmentOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    name: str = Field(description="`sha256:<hex>` of the content; name it in the model")
    size: int
    created_at: datetime


class SweepIn(BaseModel):
    name: PlainText = Field(default="sweep", min_length=1, max_length=200)
    model: dict[str, Any]
    parameters: list[dict[str, Any]] = Field(
        min_length=1, max_length=200,
        description="Parameter sets: JSON path in the model -> value, e.g. "
        '`{"bodies[1].power": 5.0, "ambient.temperature": 40}`')


class SweepOut(BaseModel):
    id: uuid.UUID
    name: str
    status: str = Field(description="running, succeeded (every case) or failed (any case)")
    parameters: list[dict[str, Any]]
    cases: list[SimulationOut]
    created_at: datetime
