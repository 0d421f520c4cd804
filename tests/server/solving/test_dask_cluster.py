"""An external Dask cluster: a scheduler and two workers as separate processes on loopback
(THERMOCRAFT_DASK_SCHEDULER), running a job and a parametric sweep; workers read the
database and the store from their own environment."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from server.app import create_app

from .conftest import ROOT, LiveApp, board_chip, subscribe, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_port(port: int, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            assert proc.poll() is None, "scheduler exited"
            assert time.monotonic() < deadline, "scheduler did not listen"
            time.sleep(0.2)


@pytest.fixture
def cluster(settings, tmp_path):
    port = _port()
    env = os.environ | {"PYTHONPATH": str(ROOT), "THERMOCRAFT_DATABASE_URL": settings.database_url,
                        "THERMOCRAFT_RESULT_STORE_DIR": settings.result_store_dir}
    log = open(tmp_path / "dask.log", "wb")
    procs = [subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_scheduler",
                               "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
                              env=env, stdout=log, stderr=log)]
    try:
        _wait_port(port, procs[0])
        for _ in range(2):
            procs.append(subprocess.Popen(
                [sys.executable, "-m", "distributed.cli.dask_worker",
                 f"tcp://127.0.0.1:{port}", "--nthreads", "1", "--no-dashboard",
                 "--host", "127.0.0.1", "--memory-limit", "0"],
                env=env, stdout=log, stderr=log, cwd=tmp_path))
        yield f"tcp://127.0.0.1:{port}"
    finally:
        for proc in reversed(procs):
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
        log.close()


def test_jobs_and_a_sweep_on_an_external_cluster(settings, cluster, clean_engine, mailer,
                                                 make_user):
    app = create_app(settings.model_copy(update={"dask_scheduler": cluster}),
                     engine=clean_engine, mailer=mailer)
    app.state.rate_limiter.per_minute = 1_000_000
    user = make_user()
    subscribe(app, user.user, "advanced")
    with LiveApp(app) as live:
        client = live.client(user)
        app.state.dispatcher.client()  # connect now (otherwise on the first job)
        deadline = time.monotonic() + 60
        while app.state.dispatcher.worker_count() != 2:
            assert time.monotonic() < deadline
            time.sleep(0.2)
        # no credentials travel with a job: the workers have their own environment
        assert "database_url" not in app.state.dispatcher.spec(__import__("uuid").uuid4(), "k")
        powers = [1.0, 3.0, 5.0]
        r = client.post("/sweeps", json={"name": "chip power", "model": board_chip(),
                                         "parameters": [{"bodies[1].power": p}
                                                        for p in powers]})
        assert r.status_code == 201, r.text
        sweep = r.json()
        assert [c["case_parameters"] for c in sweep["cases"]] == [
            {"bodies[1].power": p} for p in powers]
        for case in sweep["cases"]:
            assert wait_for(client, case["id"])["status"] == "succeeded"
        body = client.get(f"/sweeps/{sweep['id']}").json()
        assert body["status"] == "succeeded"
        rows = client.get(f"/sweeps/{sweep['id']}/results.json").json()
        tmax = [row["max_temperature_C"] for row in rows]
        assert tmax == sorted(tmax) and tmax[0] > 35.0  # hotter with more power
        assert all(row["t_max_C:chip"] == row["max_temperature_C"] for row in rows)
        csv_text = client.get(f"/sweeps/{sweep['id']}/results.csv").text
        header, *lines = csv_text.strip().splitlines()
        assert header.startswith("case,status,param:bodies[1].power,max_temperature_C")
        assert len(lines) == 3 and lines[2].startswith("2,succeeded,5.0,")
        with app.state.sessionmaker() as s:
            from sqlalchemy import select

            from server.models.simulations import Simulation

            workers = {w for w in s.scalars(select(Simulation.worker))}
        assert len(workers) == 2  # both worker processes took cases
        summary = httpx.get(f"{live.url}/sweeps/{sweep['id']}", timeout=10)
        assert summary.status_code == 401
    assert Path(settings.result_store_dir, "results").is_dir()
