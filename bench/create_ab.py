"""CPU per ``POST /simulations`` and per poll, this checkout against another (e.g. a
``git worktree`` of main), measured in turns so that both see the same load on a shared
machine: two processes, each the real app in-process as in ``bench/create_profile.py``
(``create_profile.in_process_requests``: ``httpx.ASGITransport``, the Dask hand-over a
no-op), run batches alternately; the other checkout needs that function (main since
2026-12-03).

    .venv/bin/python bench/create_ab.py --backend sqlite|postgres --against ../main-tree \
        [--rounds 40] [--size 40]

Prints, per request kind, each side's median and fastest batch (``time.process_time`` per
request, the in-process client included) and the median of the paired ratios
(this checkout / the other: under 1 is faster).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]


async def _serve(db_url: str, store: str) -> None:
    """Worker: answer ``create N`` / ``poll N`` lines with the CPU ms per request."""
    from create_profile import in_process_requests

    loop = asyncio.get_running_loop()
    async with in_process_requests(db_url, store, warm=30) as (create, poll):
        print("ready", flush=True)
        while line := (await loop.run_in_executor(None, sys.stdin.readline)).strip():
            kind, count = line.split()
            request = create if kind == "create" else poll
            start = time.process_time()
            for _ in range(int(count)):
                await request()
            print(json.dumps((time.process_time() - start) / int(count) * 1000), flush=True)


def worker(backend: str, pg_url: str) -> None:
    root = Path.cwd()  # the checkout measured (its own server and bench modules)
    sys.path[:0] = [str(root), str(root / "bench")]
    os.environ.update({"THERMOCRAFT_RATE_LIMIT_PER_MINUTE": "1000000000",
                       "THERMOCRAFT_SOLVE_RATE_LIMIT_PER_MINUTE": "1000000000",
                       "THERMOCRAFT_LOG_LEVEL": "WARNING"})
    from server_load import postgres_database

    with tempfile.TemporaryDirectory(prefix="tc-ab-") as tmp:
        if backend == "sqlite":
            asyncio.run(_serve(f"sqlite:///{tmp}/server.db", tmp))
        else:
            with postgres_database(pg_url) as db_url:
                asyncio.run(_serve(db_url, tmp))


def compare(args) -> None:
    trees = {"this": HERE, "other": Path(args.against).resolve()}
    procs = {name: subprocess.Popen(
        [sys.executable, __file__, "--worker", "--backend", args.backend, "--pg-url",
         args.pg_url], cwd=tree, env={**os.environ, "PYTHONPATH": str(tree)},
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        for name, tree in trees.items()}
    for proc in procs.values():
        assert proc.stdout.readline().strip() == "ready", "a worker did not start"
    per = {(name, kind): [] for name in procs for kind in ("create", "poll")}
    load, started = os.getloadavg()[0], time.gmtime()
    for rnd in range(args.rounds):
        order = list(procs) if rnd % 2 == 0 else list(procs)[::-1]
        for kind in ("create", "poll"):
            for name in order:
                procs[name].stdin.write(f"{kind} {args.size}\n")
                procs[name].stdin.flush()
                per[(name, kind)].append(json.loads(procs[name].stdout.readline()))
    for proc in procs.values():
        proc.stdin.write("\n")
        proc.stdin.flush()
        proc.wait()
    print(f"{args.backend}, {time.strftime('%H:%M', started)}-"
          f"{time.strftime('%H:%M', time.gmtime())} UTC, load average {load:.1f} -> "
          f"{os.getloadavg()[0]:.1f}, {args.rounds} rounds of {args.size} requests")
    for kind in ("create", "poll"):
        this, other = per[("this", kind)], per[("other", kind)]
        ratio = statistics.median(a / b for a, b in zip(this, other, strict=True))
        print(f"  {kind:6s} ms CPU: this median {statistics.median(this):.2f} (fastest "
              f"{min(this):.2f}), other median {statistics.median(other):.2f} (fastest "
              f"{min(other):.2f}); this / other, median of the pairs {ratio:.3f}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgres"], required=True)
    parser.add_argument("--against", help="the other checkout's root")
    parser.add_argument("--pg-url", default=os.environ.get(
        "THERMOCRAFT_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"))
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--size", type=int, default=40, help="requests per batch")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.backend, args.pg_url)
    elif not args.against:
        parser.error("--against names the checkout to compare with")
    else:
        compare(args)


if __name__ == "__main__":
    main()
