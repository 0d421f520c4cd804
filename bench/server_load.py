"""Load run for the sync server: N concurrent clients on loopback sign in and read
``/me/entitlements``; prints p50/p95/p99 latency and the error count as JSON.

    .venv/bin/python bench/server_load.py --backend sqlite
    .venv/bin/python bench/server_load.py --backend postgres --workers 4
    .venv/bin/python bench/server_load.py --url http://127.0.0.1:8000   # a running server

``--backend`` starts ``thermocraft-server`` on a random loopback port: SQLite in a temporary
XDG data folder, or a fresh PostgreSQL database (dropped afterwards) at ``--pg-url``. The
rate limit is raised for the run (``THERMOCRAFT_RATE_LIMIT_PER_MINUTE``): the limiter stays on
the request path, but 50 clients from one loopback address would otherwise share one bucket.
A sign-in answered 503 (the server's password-hashing slots all busy) is retried after its
``Retry-After``; its latency is the time to the final answer, and the retries are counted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "load-test password 1234"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentiles(samples: list[float]) -> dict[str, float | int]:
    """p50/p95/p99/max in milliseconds."""
    if not samples:
        return {"count": 0}
    ordered = sorted(samples)
    q = statistics.quantiles(ordered, n=100, method="inclusive") if len(ordered) > 1 else \
        [ordered[0]] * 99
    ms = lambda v: round(v * 1000, 1)  # noqa: E731
    return {"count": len(ordered), "p50_ms": ms(q[49]), "p95_ms": ms(q[94]),
            "p99_ms": ms(q[98]), "max_ms": ms(ordered[-1])}


@contextmanager
def postgres_database(admin_url: str):
    """A fresh database on the PostgreSQL server, dropped afterwards; yields its URL."""
    import psycopg
    from sqlalchemy.engine import make_url

    name = f"tc_bench_{secrets.token_hex(4)}"
    url = make_url(admin_url)
    plain = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def server(database_url: str | None, workers: int, log_path: Path):
    """``thermocraft-server`` on a random port; yields its base URL."""
    port = free_port()
    data = tempfile.mkdtemp(prefix="tc-bench-")
    env = {**os.environ, "XDG_DATA_HOME": data, "THERMOCRAFT_ENV": "development",
           "THERMOCRAFT_SECRET_KEY": secrets.token_urlsafe(48),
           "THERMOCRAFT_RATE_LIMIT_PER_MINUTE": "1000000",
           "THERMOCRAFT_LOG_LEVEL": os.environ.get("THERMOCRAFT_LOG_LEVEL", "WARNING")}
    if database_url:
        env["THERMOCRAFT_DATABASE_URL"] = database_url
    exe = shutil.which("thermocraft-server", path=str(Path(sys.executable).parent)) or \
        "thermocraft-server"
    with open(log_path, "w") as log:
        proc = subprocess.Popen([exe, "--host", "127.0.0.1", "--port", str(port),
                                 "--workers", str(workers)], env=env, stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"server exited ({proc.returncode}); see {log_path}")
            try:
                if httpx.get(url + "/health/ready", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"server not ready after 90 s; see {log_path}")
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(data, ignore_errors=True)


async def run_load(url: str, clients: int, reads: int, time_limit: float, path: str,
                   phased: bool = False) -> dict:
    """Sign up ``clients`` users, then run them concurrently: sign in, ``reads`` GETs each.
    ``phased``: every client waits until all have signed in before reading."""
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    tag = secrets.token_hex(3)
    emails = [f"load-{tag}-{i}@example.com" for i in range(clients)]
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=60) as setup_http:
        gate = asyncio.Semaphore(8)  # setup is not measured: keep it gentle

        async def sign_up(email: str) -> int:
            for attempt in range(3):
                try:
                    async with gate:
                        resp = await setup_http.post(
                            "/auth/signup", json={"email": email, "password": PASSWORD})
                    return resp.status_code
                except httpx.TransportError:
                    await asyncio.sleep(1 + attempt)
            return 0

        setup = await asyncio.gather(*(sign_up(e) for e in emails))
    setup_errors = sum(code != 202 for code in setup)
    stale_retries = busy_retries = 0
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=60) as http:
        login_t: list[float] = []
        read_t: list[float] = []
        errors: dict[str, int] = {}
        deadline = time.monotonic() + time_limit
        barrier = asyncio.Barrier(clients) if phased else None

        def error(kind: str) -> None:
            errors[kind] = errors.get(kind, 0) + 1

        async def sign_in(email: str) -> httpx.Response:
            """POST /auth/login; a 503 (every password-hashing slot busy) is retried after
            its Retry-After, as a well-behaved client would, up to 5 times."""
            nonlocal busy_retries
            for _ in range(5):
                resp = await http.post("/auth/login", json={"email": email,
                                                            "password": PASSWORD})
                if resp.status_code != 503 or time.monotonic() > deadline:
                    break
                busy_retries += 1
                await asyncio.sleep(min(10, int(resp.headers.get("retry-after", "1"))))
            return resp

        async def client(email: str) -> None:
            nonlocal stale_retries
            start = time.perf_counter()
            try:
                resp = await sign_in(email)
            except httpx.HTTPError as exc:
                resp = None
                error(type(exc).__name__)
            else:
                login_t.append(time.perf_counter() - start)
                if resp.status_code != 200:
                    error(f"login {resp.status_code}")
            if barrier is not None:
                await barrier.wait()
            if resp is None or resp.status_code != 200:
                return None
            headers = {"Authorization": f"Bearer {resp.json()['access_token']}"}
            for _ in range(reads):
                if time.monotonic() > deadline:
                    error("time limit")
                    return None
                start = time.perf_counter()
                try:
                    try:
                        resp = await http.get(path, headers=headers)
                    except (httpx.ReadError, httpx.RemoteProtocolError):
                        # an idle keep-alive connection the server closed (uvicorn: 5 s)
                        stale_retries += 1
                        start = time.perf_counter()
                        resp = await http.get(path, headers=headers)
                except httpx.HTTPError as exc:
                    error(type(exc).__name__)
                    continue
                read_t.append(time.perf_counter() - start)
                if resp.status_code != 200:
                    error(f"read {resp.status_code}")

        wall = time.perf_counter()
        await asyncio.gather(*(client(e) for e in emails))
        wall = time.perf_counter() - wall
    total = len(login_t) + len(read_t)
    return {
        "clients": clients, "reads_per_client": reads, "path": path, "phased": phased,
        "requests": total, "errors": sum(errors.values()), "error_kinds": errors,
        "setup_errors": setup_errors, "stale_connection_retries": stale_retries,
        "busy_sign_in_retries": busy_retries,
        "wall_s": round(wall, 2),
        "throughput_rps": round(total / wall, 1) if wall else None,
        "sign_in": percentiles(login_t), "read": percentiles(read_t),
        "all": percentiles(login_t + read_t),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--backend", choices=["sqlite", "postgres"])
    where.add_argument("--url", help="an already running server")
    parser.add_argument("--pg-url", default=os.environ.get(
        "THERMOCRAFT_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"))
    parser.add_argument("--workers", type=int, default=None,
                        help="uvicorn workers (default: 1 on SQLite, 4 on PostgreSQL)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--reads", type=int, default=20, help="entitlement reads per client")
    parser.add_argument("--time-limit", type=float, default=120.0, help="seconds")
    parser.add_argument("--path", default="/me/entitlements")
    parser.add_argument("--phased", action="store_true",
                        help="all clients sign in before any reads (reads measured alone)")
    args = parser.parse_args(argv)

    def go(url: str, workers: int | None) -> dict:
        result = asyncio.run(run_load(url, args.clients, args.reads, args.time_limit,
                                      args.path, args.phased))
        return {"date": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "backend": args.backend or args.url, "workers": workers, **result}

    log = Path(tempfile.gettempdir()) / "thermocraft-bench-server.log"
    if args.url:
        result = go(args.url, None)
    elif args.backend == "sqlite":
        workers = args.workers or 1
        with server(None, workers, log) as url:
            result = go(url, workers)
    else:
        workers = args.workers or 4
        with postgres_database(args.pg_url) as db_url, server(db_url, workers, log) as url:
            result = go(url, workers)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
