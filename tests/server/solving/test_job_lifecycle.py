"""Jobs on the embedded LocalCluster: cancel stops a running solve, a model over its memory
limit fails with the reason while the worker keeps serving, a worker killed mid-job is
retried once and then failed with the reason, a server stopped mid-job finishes the job
after its restart."""

from __future__ import annotations

import os
import signal
import time
import uuid

import pytest
from fastapi.testclient import TestClient

from server.app import create_app
from server.models.simulations import JobStatus, Simulation

from .conftest import board_chip, subscribe, wait_for

pytestmark = pytest.mark.timeout(600)


def slow_model() -> dict:
    """board_chip on a finer grid: long enough to act on while it runs."""
    return board_chip() | {"mesh": {"max_cell_size": 0.0004, "min_cells_across": 3}}


def _row(app, sim_id) -> Simulation:
    with app.state.sessionmaker() as s:
        return s.get(Simulation, uuid.UUID(str(sim_id)))


def _wait_solving(client, sim_id, timeout=180) -> dict:
    """Until the solve is past meshing (its child process is busy solving)."""
    deadline = time.monotonic() + timeout
    while True:
        body = client.get(f"/simulations/{sim_id}").json()
        if body["status"] == "running" and body["progress"].get("fraction", 0) > 0.05:
            return body
        assert body["status"] in ("queued", "running"), body
        assert time.monotonic() < deadline, body
        time.sleep(0.1)


def test_cancel_stops_a_running_solve_within_a_second(live, pro_user):
    client = live.client(pro_user)
    sim = client.post("/simulations", json={"model": slow_model()}).json()
    _wait_solving(client, sim["id"])
    asked = time.monotonic()
    assert client.post(f"/simulations/{sim['id']}/cancel").status_code == 202
    done = wait_for(client, sim["id"], timeout=5)
    assert done["status"] == "cancelled" and done["failure_reason"] == "cancelled on request"
    assert time.monotonic() - asked < 2.0  # poll period 0.2 s + the row's round trips
    assert done["results"] == []


def test_memory_limit_fails_with_reason_and_worker_keeps_serving(app, live, pro_user):
    client = live.client(pro_user)
    app.state.settings = app.state.settings.model_copy(
        update={"solve_memory_cap_bytes": 300 * 1024**2})
    starved = client.post("/simulations", json={"model": board_chip()}).json()
    failed = wait_for(client, starved["id"])
    assert failed["status"] == "failed", failed
    assert "exceeded its memory limit of 300 MiB" in failed["failure_reason"]
    app.state.settings = app.state.settings.model_copy(update={"solve_memory_cap_bytes": 0})
    ok = client.post("/simulations", json={"model": board_chip()}).json()
    assert wait_for(client, ok["id"])["status"] == "succeeded"


@pytest.mark.slow
def test_worker_killed_twice_fails_with_reason(app, live, pro_user):
    client = live.client(pro_user)
    sim = client.post("/simulations", json={"model": slow_model()}).json()
    pids = []
    for attempt in (1, 2):
        _wait_solving(client, sim["id"])
        row = _row(app, sim["id"])
        assert row.attempts == attempt
        pid = int(row.worker.rsplit(":", 1)[1])
        assert pid not in pids
        pids.append(pid)
        os.kill(pid, signal.SIGKILL)
        if attempt == 1:  # wait for the retry to take it (a new worker process)
            deadline = time.monotonic() + 120
            while _row(app, sim["id"]).worker == row.worker:
                assert time.monotonic() < deadline
                time.sleep(0.2)
    failed = wait_for(client, sim["id"], timeout=120)
    assert failed["status"] == "failed"
    assert failed["failure_reason"] == "the worker running it died (tried 2 times)"
    # the cluster still serves
    ok = client.post("/simulations", json={"model": board_chip()}).json()
    assert wait_for(client, ok["id"])["status"] == "succeeded"


@pytest.mark.slow
def test_server_stopped_mid_job_finishes_after_restart(settings, clean_engine, mailer,
                                                       make_user):
    quick = settings.model_copy(update={"job_heartbeat_timeout_seconds": 1.0})
    first = create_app(quick, engine=clean_engine, mailer=mailer)
    first.state.rate_limiter.per_minute = 1_000_000
    user = make_user()
    subscribe(first, user.user, "pro")
    headers = {"Authorization": f"Bearer {user.access_token}"}
    with TestClient(first, headers=headers) as c:
        sim = c.post("/simulations", json={"model": slow_model()}).json()
        _wait_solving(c, sim["id"])
        # the machine goes down: the solving worker dies, then the server with its cluster
        os.kill(int(_row(first, sim["id"]).worker.rsplit(":", 1)[1]), signal.SIGKILL)
    # the row still says running
    assert _row(first, sim["id"]).status == JobStatus.RUNNING
    time.sleep(1.5)  # the heartbeat goes stale
    second = create_app(quick, engine=clean_engine, mailer=mailer)
    second.state.rate_limiter.per_minute = 1_000_000
    with TestClient(second, headers=headers) as c:
        done = wait_for(c, sim["id"], timeout=300)
    assert done["status"] == "succeeded" and done["attempts"] <= 2
    assert "summary.json" in done["results"]
