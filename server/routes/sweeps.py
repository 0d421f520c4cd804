"""Parametric sweeps (Advanced plan): one model, many parameter sets, one table."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Request, status
from fastapi.responses import JSONResponse, PlainTextResponse

from server.billing.deps import NowDep, PlanDep, require_feature
from server.deps import DB, Principal, SettingsDep, require_scope
from server.middleware import SimulationRateLimit
from server.openapi_errors import validation_error
from server.schemas.auth import MessageOut
from server.schemas.simulations import SimulationOut, SweepIn, SweepOut
from server.services import simulations, sweeps

TAG = {"name": "sweeps", "description": "Parametric sweeps on the cluster (Advanced plan)."}
router = APIRouter(prefix="/sweeps", tags=["sweeps"])
SolvePrincipal = Annotated[Principal, Depends(require_scope("solve"))]
Gate = Depends(require_feature("server_parametric_sweep"))


def _out(sweep, cases) -> SweepOut:
    return SweepOut(id=sweep.id, name=sweep.name, status=sweeps.status_of(cases),
                    parameters=sweep.parameters, created_at=sweep.created_at,
                    cases=[SimulationOut.model_validate(c) for c in cases])


@router.post("", summary="Start a parametric sweep", status_code=status.HTTP_201_CREATED,
             response_model=SweepOut, dependencies=[Depends(SimulationRateLimit), Gate],
             responses={**validation_error("A bad parameter path or an invalid case model, "
                                           "located under body.parameters[i]"),
                        402: {"model": MessageOut, "description": "Plan limits reached"}})
def start_sweep(body: SweepIn, request: Request, db: DB, settings: SettingsDep,
                principal: SolvePrincipal, source: PlanDep, now: NowDep) -> SweepOut:
    """Every case is validated first; then each runs as its own simulation."""
    simulations.require_verified(principal.user)
    sweep = sweeps.create(db, settings, request.app.state.dispatcher, principal.user, source,
                          body.name, body.model, body.parameters, now)
    return _out(*sweeps.get(db, principal.user, sweep.id))


@router.get("/{sweep_id}", summary="A sweep and its cases", response_model=SweepOut)
def get_sweep(sweep_id: uuid.UUID, db: DB, principal: SolvePrincipal) -> SweepOut:
    return _out(*sweeps.get(db, principal.user, sweep_id))


@router.get("/{sweep_id}/results.json", summary="The sweep's result table (JSON)",
            response_model=list[dict])
def sweep_table_json(sweep_id: uuid.UUID, db: DB, principal: SolvePrincipal) -> JSONResponse:
    """Per case: parameters, status, max temperature, each body's maximum temperature."""
    return JSONResponse(sweeps.table(sweeps.get(db, principal.user, sweep_id)[1]))


@router.get("/{sweep_id}/results.csv", summary="The sweep's result table (CSV)",
            response_class=PlainTextResponse,
            responses={200: {"content": {"text/csv": {}}}})
def sweep_table_csv(sweep_id: uuid.UUID, db: DB,
                    principal: SolvePrincipal) -> PlainTextResponse:
    rows = sweeps.table(sweeps.get(db, principal.user, sweep_id)[1])
    return PlainTextResponse(sweeps.table_csv(rows), media_type="text/csv")
