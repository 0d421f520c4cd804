"""The simulation routes' contract: success, bad input (422 naming the field),
unauthenticated, another tenant (404), wrong plan (402/403 naming the plan), unverified
e-mail, hostile payloads refused before any job exists. The cluster is replaced by a
recorder: nothing here runs a solve."""

from __future__ import annotations

import copy
import json
import uuid

import pytest
from sqlalchemy import func, select

from server.billing.usage import record_usage
from server.models.simulations import Simulation
from server.services import api_tokens

from .conftest import board_chip, subscribe


class RecordingDispatcher:
    started = False  # no cluster: the periodic requeue leaves the queue alone

    def __init__(self) -> None:
        self.submitted = []

    def submit(self, sim_id, key=None) -> None:
        self.submitted.append(sim_id)

    def close(self) -> None:
        pass

    def worker_count(self) -> int:
        return 3


@pytest.fixture
def dispatcher(app):
    app.state.dispatcher = RecordingDispatcher()
    return app.state.dispatcher


def _count(app) -> int:
    with app.state.sessionmaker() as s:
        return s.scalar(select(func.count()).select_from(Simulation))


def test_submit_get_list_cancel(app, pro_user, dispatcher):
    r = pro_user.client.post("/simulations", json={"name": "board", "model": board_chip()})
    assert r.status_code == 201, r.text
    sim = r.json()
    assert sim["status"] == "queued" and dispatcher.submitted == [uuid.UUID(sim["id"])]
    assert pro_user.client.get(f"/simulations/{sim['id']}").json()["name"] == "board"
    assert [s["id"] for s in pro_user.client.get("/simulations").json()] == [sim["id"]]
    cancelled = pro_user.client.post(f"/simulations/{sim['id']}/cancel")
    assert cancelled.status_code == 202 and cancelled.json()["status"] == "cancelled"
    missing = pro_user.client.get(f"/simulations/{sim['id']}/results/summary.json")
    assert missing.status_code == 404


def test_unauthenticated_and_other_tenant(app, client, pro_user, make_user, dispatcher):
    sim = pro_user.client.post("/simulations", json={"model": board_chip()}).json()
    assert client.post("/simulations", json={"model": board_chip()}).status_code == 401
    assert client.get(f"/simulations/{sim['id']}").status_code == 401
    other = make_user()
    subscribe(app, other.user, "pro")
    for method, path in (("get", f"/simulations/{sim['id']}"),
                         ("post", f"/simulations/{sim['id']}/cancel"),
                         ("get", f"/simulations/{sim['id']}/results/summary.json")):
        assert getattr(other.client, method)(path).status_code == 404, path
    assert other.client.get("/simulations").json() == []


def test_plans_enforced(app, make_user, dispatcher):
    free = make_user()
    r = free.client.post("/simulations", json={"model": board_chip()})
    assert r.status_code == 403 and "Pro plan" in r.json()["detail"]
    pro = make_user()
    subscribe(app, pro.user, "pro")
    transient = board_chip() | {"analysis": {"kind": "transient", "duration": 10.0,
                                             "time_step": 1.0}}
    r = pro.client.post("/simulations", json={"model": transient})
    assert r.status_code == 403 and "Advanced plan" in r.json()["detail"]
    with app.state.sessionmaker() as s:
        record_usage(s, pro.user, "solve_minutes", 600)
    r = pro.client.post("/simulations", json={"model": board_chip()})
    assert r.status_code == 402 and "Pro plan" in r.json()["detail"]
    advanced = make_user()
    subscribe(app, advanced.user, "advanced")
    assert advanced.client.post("/simulations", json={"model": transient}).status_code == 201
    assert len(dispatcher.submitted) == 1


def test_unverified_email_and_token_scope(app, make_user, db, dispatcher):
    unverified = make_user(verified=False)
    subscribe(app, unverified.user, "pro")
    r = unverified.client.post("/simulations", json={"model": board_chip()})
    assert r.status_code == 403 and "Confirm your e-mail" in r.json()["detail"]
    pro = make_user()
    subscribe(app, pro.user, "pro")
    raw = api_tokens.create(db, db.merge(pro.user), "lib", ["library:read"], None)[1]
    from fastapi.testclient import TestClient

    r = TestClient(app).post("/simulations", json={"model": board_chip()},
                             headers={"Authorization": f"Bearer {raw}"})
    assert r.status_code == 403 and "solve" in r.json()["detail"]
    # checked in this order, in one dependency: the caller, the plan, then the scope
    free = make_user()
    raw = api_tokens.create(db, db.merge(free.user), "lib", ["library:read"], None)[1]
    r = TestClient(app).post("/simulations", json={"model": {}},
                             headers={"Authorization": f"Bearer {raw}"})
    assert r.status_code == 403 and "Pro plan" in r.json()["detail"]
    r = TestClient(app).post("/simulations", json={"model": {}},
                             headers={"Authorization": "Bearer tc_forged"})
    assert r.status_code == 401  # before the body's 422
    assert _count(app) == 0


def _mutated(path: list, value) -> dict:
    model = copy.deepcopy(board_chip())
    target = model
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return model


@pytest.mark.parametrize("mutation, loc", [
    (([], None), ["body", "model"]),  # no model at all
    ((["bodies", 1, "power"], -3.0), ["body", "model", "bodies", 1, "power"]),
    ((["mesh", "max_cell_size"], 1e-7), ["body", "model", "mesh"]),  # a huge grid
    ((["conditions", 0, "h"], "hot"), ["body", "model", "conditions", 0, "h"]),
    ((["bodies", 0, "geometry"], {"kind": "step", "path": "../../etc/passwd"}),
     ["body", "model", "bodies", 0, "geometry"]),  # a path escape
    ((["analysis"], {"kind": "transient", "duration": 1e9, "time_step": 1e-3}),
     ["body", "model", "analysis"]),  # billions of steps
])
def test_hostile_models_refused_with_the_field(app, make_user, dispatcher, mutation, loc):
    user = make_user()
    subscribe(app, user.user, "advanced")
    path, value = mutation
    body = {"model": _mutated(path, value)} if path else {"name": "x"}
    r = user.client.post("/simulations", json=body)
    assert r.status_code == 422, r.text
    locs = [e["loc"] for e in r.json()["detail"]]
    assert any(found[:len(loc)] == loc for found in locs), locs
    assert dispatcher.submitted == [] and _count(app) == 0


def test_oversized_body_refused(app, pro_user, dispatcher):
    model = board_chip() | {"name": "x" * 2_000_000}
    assert pro_user.client.post("/simulations", json={"model": model}).status_code == 413
    assert _count(app) == 0


def test_attachments_upload_and_naming(app, pro_user, make_user, dispatcher):
    data = b"ISO-10303-21;\nHEADER;ENDSEC;DATA;ENDSEC;END-ISO-10303-21;\n"
    r = pro_user.client.post("/attachments", content=data,
                             headers={"Content-Type": "application/octet-stream"})
    assert r.status_code == 201, r.text
    import hashlib

    assert r.json()["name"] == "sha256:" + hashlib.sha256(data).hexdigest()
    again = pro_user.client.post("/attachments", content=data)
    assert again.json()["name"] == r.json()["name"]
    unknown = pro_user.client.post("/simulations", json={
        "model": board_chip(), "attachments": ["sha256:" + "0" * 64]})
    assert unknown.status_code == 422
    assert unknown.json()["detail"][0]["loc"] == ["body", "attachments", 0]
    free = make_user()
    assert free.client.post("/attachments", content=data).status_code == 403


def test_sweep_routes(app, client, make_user, dispatcher):
    adv = make_user()
    subscribe(app, adv.user, "advanced")
    body = {"name": "ambient", "model": board_chip(),
            "parameters": [{"ambient.temperature": 25.0}, {"ambient.temperature": 45.0,
                                                           "bodies[1].power": 4.0}]}
    r = adv.client.post("/sweeps", json=body)
    assert r.status_code == 201, r.text
    sweep = r.json()
    assert sweep["status"] == "running" and len(dispatcher.submitted) == 2
    assert [c["case_index"] for c in sweep["cases"]] == [0, 1]
    rows = adv.client.get(f"/sweeps/{sweep['id']}/results.json").json()
    assert rows[1]["param:bodies[1].power"] == 4.0 and rows[1]["status"] == "queued"
    assert adv.client.get("/simulations").json() == []  # cases are listed under the sweep
    bad_path = adv.client.post("/sweeps", json=body | {"parameters": [{"bodies[9].power": 1}]})
    assert bad_path.status_code == 422
    assert bad_path.json()["detail"][0]["loc"] == ["body", "parameters", 0, "bodies[9].power"]
    bad_case = adv.client.post("/sweeps", json=body | {"parameters": [
        {"ambient.temperature": 20.0}, {"bodies[1].power": -1.0}]})
    assert bad_case.status_code == 422
    assert bad_case.json()["detail"][0]["loc"][:5] == ["body", "parameters", 1, "model",
                                                       "bodies"]
    empty = adv.client.post("/sweeps", json=body | {"parameters": []})
    assert empty.status_code == 422 and empty.json()["detail"][0]["loc"] == [
        "body", "parameters"]
    assert client.get(f"/sweeps/{sweep['id']}").status_code == 401
    other = make_user()
    subscribe(app, other.user, "advanced")
    for path in ("", "/results.json", "/results.csv"):
        assert other.client.get(f"/sweeps/{sweep['id']}{path}").status_code == 404
    pro = make_user()
    subscribe(app, pro.user, "pro")
    denied = pro.client.post("/sweeps", json=body)
    assert denied.status_code == 403 and "Advanced plan" in denied.json()["detail"]
    assert len(dispatcher.submitted) == 2


def test_parse_path():
    from server.services.sweeps import parse_path

    assert parse_path("bodies[1].power") == ["bodies", 1, "power"]
    assert parse_path("ambient.temperature") == ["ambient", "temperature"]
    for bad in ("", "[0]", "a..b", "a.[0]x", "a b", ".a"):
        with pytest.raises(ValueError):
            parse_path(bad)


def test_metrics_and_readiness_report_jobs(app, client, pro_user, dispatcher):
    from datetime import timedelta

    from server.models import utcnow

    sim_id = pro_user.client.post("/simulations", json={"model": board_chip()}).json()["id"]
    with app.state.sessionmaker() as s:
        sim = s.get(Simulation, uuid.UUID(sim_id))
        sim.status, sim.started_at = "succeeded", sim.queued_at + timedelta(seconds=3)
        sim.finished_at, sim.solve_seconds = utcnow(), 12.5
        s.commit()
    pro_user.client.post("/simulations", json={"model": board_chip()})
    text = client.get("/metrics").text
    assert 'thermocraft_jobs{state="queued"} 1.0' in text
    assert 'thermocraft_jobs{state="succeeded"} 1.0' in text
    assert "thermocraft_job_queue_wait_seconds_sum 3.0" in text
    assert "thermocraft_job_queue_wait_seconds_count 1.0" in text
    assert "thermocraft_job_solve_seconds_sum 12.5" in text
    assert "thermocraft_dask_workers 3.0" in text


def test_readiness_reports_the_scheduler(app, client):
    from server.solving.dispatcher import Dispatcher

    assert client.get("/health/ready").json()["dask"] == "not started"
    unreachable = app.state.settings.model_copy(update={"dask_scheduler": "tcp://127.0.0.1:1"})
    app.state.dispatcher = Dispatcher(unreachable, app.state.sessionmaker)
    r = client.get("/health/ready")
    assert r.status_code == 503 and r.json()["dask"] == "error"


def test_events_socket_refuses_strangers(app, pro_user, make_user, dispatcher):
    from fastapi.testclient import TestClient
    from starlette.websockets import WebSocketDisconnect

    sim = pro_user.client.post("/simulations", json={"model": board_chip()}).json()
    path = f"/simulations/{sim['id']}/events"
    with TestClient(app) as c:
        with c.websocket_connect(f"{path}?access_token={pro_user.access_token}") as ws:
            assert ws.receive_json()["status"] == "queued"
        for query, code in (("", 4401), ("?access_token=forged.jwt.x", 4401),
                            (f"?access_token={make_user().access_token}", 4404)):
            with c.websocket_connect(path + query) as ws, \
                    pytest.raises(WebSocketDisconnect) as closed:
                ws.receive_json()
            assert closed.value.code == code


ROUTES = [("post", "/simulations"), ("get", "/simulations"), ("get", "/simulations/{id}"),
          ("post", "/simulations/{id}/cancel"), ("get", "/simulations/{id}/results/summary.json"),
          ("post", "/attachments"), ("post", "/sweeps"), ("get", "/sweeps/{id}"),
          ("get", "/sweeps/{id}/results.json"), ("get", "/sweeps/{id}/results.csv")]


def test_every_route_refuses_anonymous_callers_and_bad_ids(app, client, pro_user, dispatcher):
    ident = "00000000-0000-4000-8000-000000000000"
    for method, path in ROUTES:
        r = getattr(client, method)(path.format(id=ident))
        assert r.status_code == 401, (path, r.status_code)
    for method, path in ROUTES:
        if "{id}" not in path:
            continue
        r = getattr(pro_user.client, method)(path.format(id="not-an-id"))
        field = "sweep_id" if path.startswith("/sweeps") else "simulation_id"
        assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["path", field], path
    empty = pro_user.client.post("/attachments", content=b"")
    assert empty.status_code == 400 and empty.json()["detail"].startswith("body:")
    sim = pro_user.client.post("/simulations", json={"model": board_chip()}).json()
    for name in ("%2E%2E", "..%2Fmodel.json", "model.json", "stderr.txt"):  # stored results only
        r = pro_user.client.get(f"/simulations/{sim['id']}/results/{name}")
        assert r.status_code == 404, name


def test_sweep_cases_swap_a_material_and_a_heat_sink(app, make_user, dispatcher):
    """A parameter may name any existing value: a body's material, or the heat spreader's
    whole geometry (a taller sink); an unknown material is refused at its case."""
    adv = make_user()
    subscribe(app, adv.user, "advanced")
    taller = {"kind": "box", "min": [0.025, 0.015, 0.0028], "max": [0.055, 0.045, 0.0088]}
    parameters = [{"bodies[2].material": "FR4 with copper planes"},
                  {"bodies[2].geometry": taller, "conditions[2].h": 20.0}]
    r = adv.client.post("/sweeps", json={"model": board_chip(), "parameters": parameters})
    assert r.status_code == 201, r.text
    with app.state.sessionmaker() as s:
        cases = [json.loads(s.get(Simulation, uuid.UUID(c["id"])).model_json)
                 for c in r.json()["cases"]]
    assert cases[0]["bodies"][2]["material"] == "FR4 with copper planes"
    assert cases[1]["bodies"][2]["geometry"]["max"] == taller["max"]
    assert cases[1]["conditions"][2]["h"] == 20.0
    unknown = adv.client.post("/sweeps", json={"model": board_chip(), "parameters": [
        {"bodies[2].material": "unobtainium"}]})
    assert unknown.status_code == 422
    assert unknown.json()["detail"][0]["loc"][:3] == ["body", "parameters", 0]
