"""Load run for remote solving: N concurrent clients each submit simulations of
``examples/board_chip.json`` and poll them until they end; prints the create and poll
latencies (p50/p95/p99), errors, the jobs by status as the clients saw them and as the
database holds them at the end (a job still pending there is lost; a job answered 201 but
not stored is missing), the most solves that ran at once, and the load average, as JSON.

    .venv/bin/python bench/remote_solve_load.py --backend sqlite            # burst
    .venv/bin/python bench/remote_solve_load.py --backend postgres --mode steady
    .venv/bin/python bench/remote_solve_load.py --backend sqlite --clients 10   # 10 at once

``--mode burst`` (default) releases every client's creates at the same instant;
``--mode steady`` has each client create a simulation, poll it to its end and start the
next, for ``--duration`` seconds (the clients' first creates spread over ``--ramp``).

The server is ``thermocraft-server`` on a random loopback port (see bench/server_load.py),
with an embedded Dask cluster of ``--dask-workers`` x ``--dask-threads`` solve slots
(default 2 x 5: ten solves at once). One warm-up simulation runs first and is reported
apart: the first submission starts the embedded cluster (seconds). The users (e-mail
verified, a Pro subscription, a ``solve`` API token each) are written straight into the
database before the run (not measured). Rate limits stay on the request path, raised for the run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from server_load import free_port, percentiles, postgres_database, server  # noqa: E402

MODEL = json.loads((ROOT / "examples" / "board_chip.json").read_text())
TERMINAL = {"succeeded", "failed", "cancelled"}


@contextmanager
def niced_cluster(workers: int, threads: int, database_url: str, store: str):
    """A Dask scheduler and ``workers`` workers as separate processes at the lowest CPU
    priority (``nice -n 19``): on one machine, the nearest thing to solve workers on other
    hosts, so the API is measured without the solves taking its CPU. Yields the address."""
    port = free_port()
    env = os.environ | {"THERMOCRAFT_DATABASE_URL": database_url,
                        "THERMOCRAFT_RESULT_STORE_DIR": store}
    nice = ["nice", "-n", "19", sys.executable, "-m"]
    log = open(Path(tempfile.gettempdir()) / "thermocraft-bench-dask.log", "wb")
    procs = [subprocess.Popen([*nice, "distributed.cli.dask_scheduler", "--host",
                               "127.0.0.1", "--port", str(port), "--no-dashboard"],
                              env=env, stdout=log, stderr=log)]
    try:
        time.sleep(3)
        procs += [subprocess.Popen([*nice, "distributed.cli.dask_worker",
                                    f"tcp://127.0.0.1:{port}", "--nthreads", str(threads),
                                    "--no-dashboard", "--host", "127.0.0.1",
                                    "--memory-limit", "0"], env=env, stdout=log, stderr=log)
                  for _ in range(workers)]
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


def make_users(database_url: str, count: int) -> list[str]:
    """``count`` verified Pro users with a ``solve`` API token each; the tokens."""
    from server.db import make_engine, make_sessionmaker
    from server.models import utcnow
    from server.models.billing import Subscription
    from server.services import accounts, api_tokens

    engine = make_engine(database_url)
    tokens = []
    tag = secrets.token_hex(3)
    with make_sessionmaker(engine)() as db:
        for i in range(count):
            user = accounts.create_user(db, None, f"solve-{tag}-{i}@example.com", None,
                                        verified=True)
            db.add(Subscription(stripe_subscription_id=f"sub_bench_{tag}_{i}",
                                stripe_customer_id=f"cus_bench_{tag}_{i}",
                                owner_user_id=user.id, plan_id="pro", status="active",
                                seats=1, state_at=int(time.time()),
                                current_period_end=utcnow()))
            db.commit()
            tokens.append(api_tokens.create(db, user, "bench", ["solve"], None)[1])
    engine.dispose()
    return tokens


def stored_jobs(database_url: str, wait_s: float) -> dict:
    """Jobs by status in the database (the source of truth), once none is pending or after
    ``wait_s`` (a job still pending then is lost; this also counts jobs whose create call
    failed on the client), and the most that ran at once (from ``started_at`` /
    ``finished_at``)."""
    from sqlalchemy import select

    from server.db import make_engine
    from server.models.simulations import JobStatus, Simulation

    engine = make_engine(database_url)
    deadline = time.monotonic() + wait_s
    try:
        while True:
            with engine.connect() as conn:
                rows = conn.execute(select(Simulation.id, Simulation.status,
                                           Simulation.started_at,
                                           Simulation.finished_at)).all()
            pending = [r for r in rows if not JobStatus(r.status).terminal]
            if not pending or time.monotonic() > deadline:
                break
            time.sleep(1)
    finally:
        engine.dispose()
    statuses: dict[str, int] = {}
    for r in rows:
        statuses[JobStatus(r.status).value] = statuses.get(JobStatus(r.status).value, 0) + 1
    ran = [(r.started_at.timestamp(), r.finished_at.timestamp()) for r in rows
           if r.started_at and r.finished_at]
    return {"stored_statuses": statuses, "lost": len(pending),
            "ids": {str(r.id) for r in rows}, "max_solves_at_once": max_overlap(ran)}


def max_overlap(intervals: list[tuple[float, float]]) -> int:
    """The most intervals open at one moment."""
    events = sorted([(s, 1) for s, _ in intervals] + [(e, -1) for _, e in intervals],
                    key=lambda ev: (ev[0], ev[1]))
    best = now = 0
    for _, step in events:
        now += step
        best = max(best, now)
    return best


class Load:
    """The clients' shared HTTP pool and what they measured."""

    def __init__(self, http: httpx.AsyncClient, poll_s: float, deadline: float) -> None:
        self.http, self.poll_s, self.deadline = http, poll_s, deadline
        self.create_t: list[float] = []
        self.poll_t: list[float] = []
        self.errors: dict[str, int] = {}
        self.created: list[str] = []
        self.finals: list[dict] = []

    def error(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1

    async def create(self, headers: dict) -> str | None:
        """``POST /simulations`` (timed); the new id, or None on an error."""
        t = time.perf_counter()
        try:
            resp = await self.http.post("/simulations", json={"model": MODEL},
                                        headers=headers)
        except httpx.HTTPError as exc:
            self.error(f"create {type(exc).__name__}")
            return None
        self.create_t.append(time.perf_counter() - t)
        if resp.status_code != 201:
            self.error(f"create {resp.status_code}: {resp.text[:80]}")
            return None
        self.created.append(resp.json()["id"])
        return self.created[-1]

    async def follow(self, headers: dict, sim_id: str) -> None:
        """Poll ``GET /simulations/{id}`` every ``poll_s`` until the job ends."""
        while time.monotonic() < self.deadline:
            await asyncio.sleep(self.poll_s)
            t = time.perf_counter()
            try:
                resp = await self.http.get(f"/simulations/{sim_id}", headers=headers)
            except httpx.HTTPError as exc:
                self.error(f"poll {type(exc).__name__}")
                continue
            self.poll_t.append(time.perf_counter() - t)
            if resp.status_code != 200:
                self.error(f"poll {resp.status_code}")
                continue
            if resp.json()["status"] in TERMINAL:
                self.finals.append(resp.json())
                return
        self.error("not finished within the time limit")


async def run_load(url: str, tokens: list[str], mode: str, per_client: int,
                   duration: float, ramp: float, poll_s: float, time_limit: float) -> dict:
    """One warm-up solve, then the clients: ``burst``: each submits ``per_client``
    simulations, all released at the same instant, then polls them; ``steady``: each
    starts at its own moment within ``ramp`` seconds, then for ``duration`` seconds
    creates a simulation and polls it until it ends, again and again."""
    # idle connections closed before the server's 5 s keep-alive ends (no reuse race)
    limits = httpx.Limits(max_connections=len(tokens), max_keepalive_connections=len(tokens),
                          keepalive_expiry=2.0)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=60) as http:
        load = Load(http, poll_s, time.monotonic() + time_limit)
        # warm-up (reported apart): the first submission starts the embedded cluster
        headers = {"Authorization": f"Bearer {tokens[0]}"}
        t = time.perf_counter()
        first = await load.create(headers)
        cold_create = time.perf_counter() - t
        if first is None:
            raise RuntimeError(f"the warm-up create failed: {load.errors}")
        await load.follow(headers, first)
        warm_up = load.finals.pop()
        load.create_t.clear()
        load.created.clear()
        load.poll_t.clear()

        gate = asyncio.Event()

        async def burst_client(token: str) -> None:
            headers = {"Authorization": f"Bearer {token}"}
            await gate.wait()
            ids = [await load.create(headers) for _ in range(per_client)]
            await asyncio.gather(*(load.follow(headers, i) for i in ids if i))

        async def steady_client(token: str, delay: float) -> None:
            headers = {"Authorization": f"Bearer {token}"}
            await gate.wait()
            await asyncio.sleep(delay)
            while time.perf_counter() < stop:
                sim_id = await load.create(headers)
                if sim_id:
                    await load.follow(headers, sim_id)

        if mode == "burst":
            tasks = [asyncio.create_task(burst_client(t)) for t in tokens]
        else:
            tasks = [asyncio.create_task(steady_client(t, ramp * i / len(tokens)))
                     for i, t in enumerate(tokens)]
        await asyncio.sleep(0.5)  # every client waiting at the gate
        wall = time.perf_counter()
        stop = wall + ramp + duration
        start_load = os.getloadavg()[0]
        gate.set()
        await asyncio.gather(*tasks)
        wall = time.perf_counter() - wall

    statuses: dict[str, int] = {}
    for sim in load.finals:
        statuses[sim["status"]] = statuses.get(sim["status"], 0) + 1
    return {
        "mode": mode, "clients": len(tokens),
        **({"simulations_per_client": per_client} if mode == "burst" else
           {"duration_s": duration, "ramp_s": ramp}),
        "load_avg_at_start": round(start_load, 2),
        "load_avg_at_end": round(os.getloadavg()[0], 2),
        "created": load.created, "submitted": len(load.created), "statuses": statuses,
        "not_seen_finished": len(load.created) - len(load.finals),
        "failure_reasons": sorted({s["failure_reason"] for s in load.finals
                                   if s["status"] == "failed"}),
        "errors": sum(load.errors.values()), "error_kinds": load.errors,
        "solve_seconds": percentiles([s["solve_seconds"] for s in load.finals]),
        "wall_s": round(wall, 1),
        "warm_up": {"id": first, "create_ms": round(cold_create * 1000, 1),
                    "status": warm_up["status"]},
        "create": percentiles(load.create_t), "poll": percentiles(load.poll_t),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgres"], required=True)
    parser.add_argument("--pg-url", default=os.environ.get(
        "THERMOCRAFT_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"))
    parser.add_argument("--workers", type=int, default=1,
                        help="uvicorn workers (default 1; several share one embedded "
                        "cluster, started by thermocraft-server)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--mode", choices=["burst", "steady"], default="burst",
                        help="burst: every client's creates released at one instant; "
                        "steady: each client creates and polls to the end, repeatedly")
    parser.add_argument("--per-client", type=int, default=1,
                        help="burst: simulations per client")
    parser.add_argument("--duration", type=float, default=120.0,
                        help="steady: seconds during which clients start new simulations")
    parser.add_argument("--ramp", type=float, default=5.0,
                        help="steady: the clients' first creates spread over these seconds")
    parser.add_argument("--dask-workers", type=int, default=2)
    parser.add_argument("--dask-threads", type=int, default=5, help="solves at once each")
    parser.add_argument("--niced-cluster", action="store_true",
                        help="solve on a separate Dask scheduler and workers at nice 19 "
                        "instead of the server's embedded LocalCluster")
    parser.add_argument("--poll", type=float, default=0.5, help="seconds between polls")
    parser.add_argument("--time-limit", type=float, default=900.0, help="seconds")
    args = parser.parse_args(argv)
    os.environ.update({
        "THERMOCRAFT_DASK_LOCAL_WORKERS": str(args.dask_workers),
        "THERMOCRAFT_DASK_THREADS_PER_WORKER": str(args.dask_threads),
        "THERMOCRAFT_SOLVE_RATE_LIMIT_PER_MINUTE": "1000000"})
    log = Path(tempfile.gettempdir()) / "thermocraft-bench-solve-server.log"
    workers = args.workers

    def go(db_url: str) -> dict:
        with ExitStack() as stack:
            if args.niced_cluster:
                store = stack.enter_context(tempfile.TemporaryDirectory(prefix="tc-store-"))
                os.environ["THERMOCRAFT_RESULT_STORE_DIR"] = store
                os.environ["THERMOCRAFT_DASK_SCHEDULER"] = stack.enter_context(
                    niced_cluster(args.dask_workers, args.dask_threads, db_url, store))
            url = stack.enter_context(server(db_url, workers, log))
            tokens = make_users(db_url, args.clients)
            load = time.perf_counter()
            result = asyncio.run(run_load(url, tokens, args.mode, args.per_client,
                                          args.duration, args.ramp, args.poll,
                                          args.time_limit))
            stored = stored_jobs(db_url, 120)
        created = set(result.pop("created")) | {result["warm_up"]["id"]}
        stored["missing"] = len(created - stored.pop("ids"))  # answered 201, not stored
        return {"date": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "backend": args.backend, "workers": workers,
                "cluster": "niced external" if args.niced_cluster else "embedded",
                "solve_slots": args.dask_workers * args.dask_threads,
                "run_s": round(time.perf_counter() - load, 1), **result, **stored}

    if args.backend == "sqlite":
        with tempfile.TemporaryDirectory(prefix="tc-solve-bench-") as tmp:
            result = go(f"sqlite:///{tmp}/server.db")
    else:
        with postgres_database(args.pg_url) as db_url:
            result = go(db_url)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
