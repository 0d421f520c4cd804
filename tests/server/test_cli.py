"""``thermocraft-server`` really starts with embedded defaults (SQLite in XDG data)."""

from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import ClassVar

import httpx
import pytest

SCRIPT = shutil.which("thermocraft-server", path=str(Path(sys.executable).parent))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def clean_env(tmp_path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("THERMOCRAFT_")}
    env["XDG_DATA_HOME"] = str(tmp_path / "xdg")
    return env


@pytest.mark.skipif(SCRIPT is None, reason="console script not installed (pip install -e .)")
def test_server_starts_with_embedded_defaults(tmp_path):
    port = free_port()
    proc = subprocess.Popen([SCRIPT, "--host", "127.0.0.1", "--port", str(port)],
                            env=clean_env(tmp_path), stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/health/live", timeout=1)
                break
            except httpx.TransportError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(proc.stdout.read()) from None
                time.sleep(0.2)
        assert r.status_code == 200 and r.json()["status"] == "ok"
        assert httpx.get(f"http://127.0.0.1:{port}/openapi.json").json()["info"]["title"]
        r = httpx.post(f"http://127.0.0.1:{port}/auth/signup",
                       json={"email": "cli@example.com", "password": "long enough pw"})
        assert r.status_code == 202
        # regression: a 30 MB header got 200; the head is refused while being received
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            sock.sendall(b"GET /health/live HTTP/1.1\r\nHost: x\r\nCookie: a=")
            try:
                for _ in range(64):  # 2 MiB, far past the 64 KiB bound
                    sock.sendall(b"x" * 32768)
            except (BrokenPipeError, ConnectionResetError):
                pass
            reply = sock.recv(300)
        assert reply.startswith(b"HTTP/1.1 431 Request Header Fields Too Large"), reply
        assert reply.endswith(b'{"detail":"Request headers larger than 65536 bytes"}'), reply
        # regression: a 70 KB URL sent at once reached the routes (the h11 bound did not apply)
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            sock.sendall(b"GET /health/live?pad=" + b"a" * 70_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
            reply = sock.recv(200)
        assert reply.startswith(b"HTTP/1.1 414"), reply
        assert httpx.get(f"http://127.0.0.1:{port}/health/live").status_code == 200
        big = "/health/" + "q" * 7000  # under the 8 KiB request line: it reaches the routes
        assert httpx.get(f"http://127.0.0.1:{port}{big}").status_code == 404
    finally:
        proc.terminate()
        proc.wait(10)
    log = proc.stdout.read()
    assert '"GET /health/live' not in log  # uvicorn's own access log is off: one line each
    assert "q" * 1017 not in log  # the path bounded to 1024 characters, the cut marked
    assert "/health/" + "q" * 1016 + "...[5984 more]" in log
    db = tmp_path / "xdg" / "thermocraft" / "server.db"
    assert db.is_file()
    with sqlite3.connect(db) as conn:
        tables = {r[0] for r in conn.execute("select name from sqlite_master where type='table'")}
        assert {"alembic_version", "users"} <= tables
        assert conn.execute("select email from users").fetchall() == [("cli@example.com",)]
    # the embedded server signs with its own random secret, never the public default
    assert (tmp_path / "xdg" / "thermocraft" / "secret_key").stat().st_size >= 48


@pytest.mark.skipif(SCRIPT is None, reason="console script not installed (pip install -e .)")
def test_production_mode_refuses_defaults(tmp_path):
    env = clean_env(tmp_path) | {"THERMOCRAFT_ENV": "production"}
    proc = subprocess.run([SCRIPT, "--port", str(free_port())], env=env, capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode != 0
    assert "refusing to start in production" in proc.stderr
    assert not (tmp_path / "xdg" / "thermocraft" / "server.db").exists()


class _FakeCluster:
    made: ClassVar[list] = []

    def __init__(self, workers, threads, allowed_failures):
        self.args, self.closed = (workers, threads, allowed_failures), False
        self.scheduler_address = "tcp://127.0.0.1:1"
        _FakeCluster.made.append(self)

    def close(self):
        self.closed = True


@pytest.fixture
def restored_environ():
    """``cli.main`` sets variables for its workers in ``os.environ`` itself (the secret key,
    the shared cluster's database and store): put the environment back after the test."""
    saved = dict(os.environ)
    yield
    os.environ.clear()
    os.environ.update(saved)


@pytest.mark.parametrize("workers, scheduler, shared", [
    (2, "", True), (1, "", False), (2, "tcp://127.0.0.1:2", False)])
def test_workers_share_one_embedded_cluster(monkeypatch, restored_environ, tmp_path,
                                            workers, scheduler, shared):
    """Several workers without a named scheduler: one cluster, started before the workers,
    named to them, stopped after; one worker (or a named scheduler): none started here."""
    from server import cli
    from server.solving import cluster

    for key in [k for k in os.environ if k.startswith("THERMOCRAFT_")]:
        monkeypatch.delenv(key)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.setenv("THERMOCRAFT_DASK_LOCAL_WORKERS", "3")
    if scheduler:
        monkeypatch.setenv("THERMOCRAFT_DASK_SCHEDULER", scheduler)
    _FakeCluster.made = []
    monkeypatch.setattr(cluster, "embedded_cluster", _FakeCluster)
    seen = {}

    def run(*_args, **kwargs):
        seen.update(workers=kwargs["workers"],
                    env={k: v for k, v in os.environ.items() if k.startswith("THERMOCRAFT_")})

    monkeypatch.setattr(cli.uvicorn, "run", run)
    cli.main(["--workers", str(workers), "--no-migrate"])
    assert seen["workers"] == workers
    if shared:
        (made,) = _FakeCluster.made
        assert made.args == (3, 2, 1) and made.closed  # settings' slots, attempts - 1
        assert seen["env"]["THERMOCRAFT_DASK_SCHEDULER"] == made.scheduler_address
        assert seen["env"]["THERMOCRAFT_DATABASE_URL"].startswith("sqlite:///")
        assert seen["env"]["THERMOCRAFT_RESULT_STORE_DIR"]
        assert "THERMOCRAFT_DASK_SCHEDULER" not in os.environ  # gone with the cluster
    else:
        assert _FakeCluster.made == []
        assert seen["env"].get("THERMOCRAFT_DASK_SCHEDULER", "") == scheduler


@pytest.mark.skipif(SCRIPT is None, reason="console script not installed (pip install -e .)")
def test_two_workers_answer_ready_with_the_shared_cluster(tmp_path):
    """``--workers 2`` really starts: every answer of /health/ready (either worker) names
    the one cluster's worker, and stopping the server stops the cluster."""
    port = free_port()
    env = clean_env(tmp_path) | {"THERMOCRAFT_DASK_LOCAL_WORKERS": "1"}
    proc = subprocess.Popen([SCRIPT, "--host", "127.0.0.1", "--port", str(port),
                             "--workers", "2"], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)
    answers = []
    try:
        deadline = time.monotonic() + 120
        while len(answers) < 6:
            try:
                with httpx.Client(timeout=10) as http:  # a new connection each time
                    r = http.get(f"http://127.0.0.1:{port}/health/ready")
                if r.status_code == 200 and r.json().get("dask_workers"):
                    answers.append(r.json())
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"{answers}: {proc.stdout.read() if proc.poll() else ''}")
            time.sleep(0.2)
        assert {(a["dask"], a["dask_workers"]) for a in answers} == {("ok", 1)}
    finally:
        proc.terminate()
        proc.wait(60)
    deadline = time.monotonic() + 20
    while (left := subprocess.run(["pgrep", "-s", str(proc.pid)], capture_output=True,
                                  text=True).stdout.split()) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert left == [], "processes of the server's session left running"
