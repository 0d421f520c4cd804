"""Remote solving: submit a model, follow its progress (polling or WebSocket), cancel,
download its results; upload STEP attachments."""

from __future__ import annotations

import asyncio
import json
import uuid
from typing import Annotated

from fastapi import (
    APIRouter,
    Depends,
    Query,
    Request,
    WebSocket,
    WebSocketDisconnect,
    status,
)
from fastapi.concurrency import run_in_threadpool
from fastapi.encoders import jsonable_encoder
from fastapi.responses import FileResponse

from server.billing.deps import Entitled, NowDep, require_entitled, require_feature
from server.deps import DB, Offset, Principal, SettingsDep, require_scope
from server.errors import ServiceError, Unauthorized
from server.middleware import SimulationRateLimit
from server.models.simulations import Simulation
from server.openapi_errors import validation_error
from server.schemas.auth import MessageOut
from server.schemas.simulations import AttachmentOut, SimulationIn, SimulationOut
from server.services import simulations

TAG = {"name": "simulations", "description": "Remote solving on the server's Dask cluster "
       "(Pro and up; transient analyses and sweeps Advanced)."}
router = APIRouter(tags=["simulations"])
SolvePrincipal = Annotated[Principal, Depends(require_scope("solve"))]
RemoteSolve = Depends(require_feature("remote_solve"))
RemoteSolver = Annotated[Entitled, Depends(require_entitled("solve", "remote_solve"))]
EVENT_POLL_SECONDS = 0.2
_422 = {**validation_error("Invalid model: each problem located by its path under "
                          "`body.model`"),
        402: {"model": MessageOut, "description": "The plan's remote-solve minutes or "
              "components per model are used up (names the plan needed)"}}


def _out(sim: Simulation) -> SimulationOut:
    return SimulationOut.model_validate(sim)


async def _answer(db, func, *args) -> SimulationOut:
    """``func(db, *args)``'s simulation as the response, in one hand-over to the thread
    pool: the route is ``async def``, so FastAPI checks the response on the event loop
    instead of in a second hand-over (a wait for the GIL each under load), and the session
    is closed in the same hand-over (``get_db`` then has no connection to give back)."""
    def work() -> SimulationOut:
        try:
            return _out(func(db, *args))
        finally:
            db.close()

    return await run_in_threadpool(work)


@router.post("/simulations", summary="Submit a model for remote solving",
             status_code=status.HTTP_201_CREATED, response_model=SimulationOut,
             dependencies=[Depends(SimulationRateLimit)], responses=_422)
async def submit(body: SimulationIn, request: Request, db: DB, settings: SettingsDep,
                 caller: RemoteSolver, now: NowDep) -> SimulationOut:
    """Validated against the solver's strict limits (422 naming every bad field), checked
    against the plan (403/402 naming the plan needed), then queued on the cluster."""
    user = caller.principal.user
    simulations.require_verified(user)
    model_name = body.model.get("name")
    name = body.name or (model_name[:200] if isinstance(model_name, str) else "") or "model"
    return await _answer(db, simulations.create, settings, request.app.state.dispatcher,
                         user, caller.source, name, json.dumps(body.model),
                         body.attachments, now)


@router.get("/simulations", summary="Your simulations, newest first",
            response_model=list[SimulationOut])
def list_simulations(db: DB, principal: SolvePrincipal,
                     limit: Annotated[int, Query(ge=1, le=200)] = 50,
                     offset: Offset = 0) -> list[SimulationOut]:
    return [_out(s) for s in simulations.list_for(db, principal.user, limit, offset)]


@router.get("/simulations/{simulation_id}", summary="A simulation's status and progress",
            response_model=SimulationOut)
async def get_simulation(simulation_id: uuid.UUID, db: DB,
                         principal: SolvePrincipal) -> SimulationOut:
    return await _answer(db, simulations.get, principal.user, simulation_id)


@router.post("/simulations/{simulation_id}/cancel", summary="Cancel a simulation",
             status_code=status.HTTP_202_ACCEPTED, response_model=SimulationOut)
async def cancel_simulation(simulation_id: uuid.UUID, db: DB,
                            principal: SolvePrincipal) -> SimulationOut:
    """A queued job is cancelled at once; a running solve is stopped within a second."""
    return await _answer(db, simulations.cancel, principal.user, simulation_id)


@router.get("/simulations/{simulation_id}/results/{name}", summary="Download a result file",
            response_class=FileResponse,
            responses={200: {"content": {"application/octet-stream": {}},
                             "description": "summary.json, result.npz, the VTK field or "
                             "report.txt"}})
def download_result(simulation_id: uuid.UUID, name: str, request: Request,
                    db: DB, principal: SolvePrincipal) -> FileResponse:
    path = simulations.result_file(db, request.app.state.result_store, principal.user,
                                   simulation_id, name)
    media = "application/json" if name.endswith(".json") else "application/octet-stream"
    return FileResponse(path, media_type=media, filename=name)


@router.post("/attachments", summary="Upload a STEP file for remote solves",
             status_code=status.HTTP_201_CREATED, response_model=AttachmentOut,
             dependencies=[RemoteSolve],
             responses={400: {"model": MessageOut, "description": "Empty file"}},
             openapi_extra={"requestBody": {"required": True, "content": {
                 "application/octet-stream": {"schema": {"type": "string",
                                                         "format": "binary"}}}}})
async def upload_attachment(request: Request, db: DB,
                            principal: SolvePrincipal) -> AttachmentOut:
    """The raw file as the body; answers its name, `sha256:<hex>`, to list in the model's
    `attachments` and use as the STEP geometry's `path`."""
    simulations.require_verified(principal.user)
    data = await request.body()
    if not data:
        raise ServiceError("body: the file is empty")
    attachment = await run_in_threadpool(simulations.upload_attachment, db,
                                         request.app.state.result_store, principal.user, data)
    return AttachmentOut.model_validate(attachment)


def _ws_user(websocket: WebSocket, db):
    """The caller of a WebSocket: ``Authorization: Bearer`` or ``?access_token=``."""
    from server.security.tokens import API_TOKEN_PREFIX
    from server.services import api_tokens, sessions

    header = websocket.headers.get("authorization", "")
    token = header[7:].strip() if header.lower().startswith("bearer ") else \
        websocket.query_params.get("access_token", "")
    if not token:
        raise Unauthorized()
    if token.startswith(API_TOKEN_PREFIX):
        api_token, user = api_tokens.authenticate(db, token)
        if "solve" not in api_token.scopes:
            raise Unauthorized("This API token lacks the 'solve' scope")
        return user
    return sessions.user_from_access_token(db, websocket.app.state.settings, token)[0]


def _snapshot(websocket: WebSocket, user, simulation_id: uuid.UUID) -> dict:
    with websocket.app.state.sessionmaker() as db:
        return jsonable_encoder(_out(simulations.get(db, user, simulation_id)))


@router.websocket("/simulations/{simulation_id}/events")
async def simulation_events(websocket: WebSocket, simulation_id: uuid.UUID) -> None:
    """Each change of status or progress as a JSON message (the same fields as GET); the
    socket closes after the final state. 4401 unauthenticated, 4404 not yours."""
    def authenticate():
        with websocket.app.state.sessionmaker() as db:
            return _ws_user(websocket, db)

    await websocket.accept()  # then refusals carry their close code
    try:
        user = await run_in_threadpool(authenticate)
        last = await run_in_threadpool(_snapshot, websocket, user, simulation_id)
    except ServiceError as exc:
        await websocket.close(code=4401 if exc.status_code == 401 else 4404,
                              reason=str(exc.detail)[:120])
        return
    try:
        await websocket.send_json(last)
        while last["status"] not in ("succeeded", "failed", "cancelled"):
            await asyncio.sleep(EVENT_POLL_SECONDS)
            current = await run_in_threadpool(_snapshot, websocket, user, simulation_id)
            if current != last:
                await websocket.send_json(current)
                last = current
        await websocket.close()
    except WebSocketDisconnect:
        return
