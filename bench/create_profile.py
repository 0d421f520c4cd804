"""CPU of one ``POST /simulations`` of ``examples/board_chip.json`` in the API process, and
where it goes: the real app (``create_app``, lifespan on) through ``httpx.ASGITransport``,
one request at a time, the job's hand-over to Dask replaced by a no-op (the create
only queues it for the dispatcher's thread; the cluster is not on the request path).

    .venv/bin/python bench/create_profile.py --backend sqlite [--requests 300] [--top 30]
    .venv/bin/python bench/create_profile.py --backend postgres

Prints the CPU per create and per poll (``time.process_time`` over ``--requests`` requests
in ``--batches`` batches: the mean and the fastest batch; every thread of the process, the
in-process client included), then a cProfile of as many
creates with the thread pool run inline (cProfile sees one thread; the hand-overs' own cost
is in the first figure only): the own time by package, then the ``--top`` functions by
cumulative time.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import json
import os
import pstats
import sys
import tempfile
import time
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from remote_solve_load import MODEL, make_users  # noqa: E402
from server_load import postgres_database  # noqa: E402


@contextmanager
def inline_threadpool():
    """Run anyio's ``to_thread.run_sync`` on the calling thread (for cProfile)."""
    import anyio.to_thread

    real = anyio.to_thread.run_sync

    async def inline(func, *args, **_kwargs):
        return func(*args)

    anyio.to_thread.run_sync = inline
    try:
        yield
    finally:
        anyio.to_thread.run_sync = real


def _package(filename: str) -> str:
    """'server.services', 'solver.model', 'fastapi', ... for a profiled file name."""
    path = Path(filename)
    if "site-packages" in path.parts:
        return path.parts[path.parts.index("site-packages") + 1].removesuffix(".py")
    if ROOT in path.parents:
        parts = path.relative_to(ROOT).parts
        return ".".join(parts[:2]).removesuffix(".py")
    return "stdlib / builtins" if filename.startswith(("/", "<")) else filename


async def cpu_per_request(request, requests: int, batches: int) -> dict:
    """CPU ms per ``request()`` over ``batches`` batches of ``requests // batches``: the
    mean, and the fastest batch (the least disturbed by other processes on a shared
    machine: a robust figure for comparing two versions)."""
    size = max(1, requests // batches)
    per = []
    for _ in range(batches):
        t = time.process_time()
        for _ in range(size):
            await request()
        per.append((time.process_time() - t) / size * 1000)
    return {"mean": round(sum(per) / len(per), 2), "min_batch": round(min(per), 2)}


@asynccontextmanager
async def in_process_requests(db_url: str, store: str, warm: int = 20):
    """The real app on ``db_url`` (migrated, one Pro user with a ``solve`` token, lifespan
    on, the Dask hand-over a no-op) through ``httpx.ASGITransport``; yields ``create()``
    (a ``POST /simulations`` of board_chip.json, its id) and ``poll()`` (a ``GET`` of the
    last one), after ``warm`` creates (imports, caches, the pool's connections)."""
    from server import migrate
    from server.app import create_app
    from server.settings import Settings

    migrate.upgrade(db_url)
    app = create_app(Settings(env="test", database_url=db_url, result_store_dir=store,
                              secret_key="profile-secret-key-0123456789abcdef0123456789ab"))
    headers = {"Authorization": f"Bearer {make_users(db_url, 1)[0]}"}
    async with app.router.lifespan_context(app):
        app.state.dispatcher.submit = lambda sim_id, key=None: None  # not sent to Dask
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                     base_url="http://testserver", headers=headers) as http:
            last: list[str] = []

            async def create() -> str:
                resp = await http.post("/simulations", json={"model": MODEL})
                assert resp.status_code == 201, resp.text
                last[:] = [resp.json()["id"]]
                return last[0]

            async def poll() -> None:
                assert (await http.get(f"/simulations/{last[0]}")).status_code == 200

            for _ in range(warm):
                await create()
            yield create, poll


async def run(db_url: str, store: str, requests: int, top: int, batches: int) -> dict:
    async with in_process_requests(db_url, store) as (create, poll):
        create_ms = await cpu_per_request(create, requests, batches)
        poll_ms = await cpu_per_request(poll, requests, batches)
        profile = cProfile.Profile()
        with inline_threadpool():
            t = time.process_time()
            profile.enable()
            for _ in range(requests):
                await create()
            profile.disable()
            inline_ms = (time.process_time() - t) / requests * 1000
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out)
    by_package: dict[str, float] = {}
    for (filename, _line, _func), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():
        key = _package(filename)
        by_package[key] = by_package.get(key, 0.0) + tottime
    total = sum(by_package.values())
    print("own time by package (share of the profiled creates):", file=out)
    for key, value in sorted(by_package.items(), key=lambda kv: -kv[1]):
        print(f"  {key:32s} {value / total:6.1%}", file=out)
    stats.sort_stats("cumulative").print_stats(top)
    return {"create_cpu_ms": create_ms, "poll_cpu_ms": poll_ms,
            "create_cpu_ms_inline_profiled": round(inline_ms, 2),
            "load_avg": round(os.getloadavg()[0], 2), "profile": out.getvalue()}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgres"], required=True)
    parser.add_argument("--pg-url", default=os.environ.get(
        "THERMOCRAFT_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"))
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--top", type=int, default=40, help="profile lines shown")
    parser.add_argument("--batches", type=int, default=10,
                        help="the requests timed in this many batches (mean, fastest)")
    args = parser.parse_args(argv)
    # as in the load bench: the limiter stays on the path, raised; logs at WARNING
    os.environ.update({"THERMOCRAFT_RATE_LIMIT_PER_MINUTE": "1000000000",
                       "THERMOCRAFT_SOLVE_RATE_LIMIT_PER_MINUTE": "1000000000",
                       "THERMOCRAFT_LOG_LEVEL": "WARNING"})
    with tempfile.TemporaryDirectory(prefix="tc-profile-") as tmp:
        if args.backend == "sqlite":
            result = asyncio.run(run(f"sqlite:///{tmp}/server.db", tmp, args.requests,
                                     args.top, args.batches))
        else:
            with postgres_database(args.pg_url) as db_url:
                result = asyncio.run(run(db_url, tmp, args.requests, args.top,
                                         args.batches))
    profile = result.pop("profile")
    print(json.dumps(result, indent=2))
    print(profile)


if __name__ == "__main__":
    main()
