"""First solve after a fresh install: the CLI on a model with an empty numba cache.

    python bench/first_run.py [examples/board_chip.json] [--warm] [--timeline]

Runs ``python -m solver.cli solve MODEL -o TMP -q`` in a subprocess with ``NUMBA_CACHE_DIR``
set to a new empty directory (numba then compiles every kernel the model needs), then, with
``--warm``, once more on the filled cache. Prints one JSON line per run: wall time, CPU time
of the process (user + sys, the figure that does not depend on other jobs sharing the
machine) and the CLI's note lines. ``--timeline`` adds, for the cold run, one line per
process (the solve and its background compile): its exit time and CPU, and each top-level
numba compile as ``[function, start s, end s, CPU s]`` (``bench/compile_log``; numba is then
imported at each process's start, about 0.3 s earlier than the CLI imports it).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(model: Path, cache: str, out: str, log: str | None = None) -> dict:
    env = dict(os.environ, NUMBA_CACHE_DIR=cache, PYTHONPATH=str(ROOT))
    if log:
        env.update(THERMOCRAFT_COMPILE_LOG=log,
                   PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "bench" / "compile_log")]))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "solver.cli", "solve", str(model), "-o", out,
                           "-q"], env=env, capture_output=True, text=True, check=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    notes = [line for line in proc.stderr.splitlines() if line.startswith("note:")]
    return {"model": str(model), "wall_s": round(wall, 2), "cpu_s": round(cpu, 2),
            "notes": notes}


def timeline(log: str) -> list[dict]:
    """Per process: its command, exit time and CPU (s), and its top-level compiles."""
    logs = [Path(p).read_text(encoding="utf-8").splitlines()
            for p in sorted(Path(log).parent.glob(Path(log).name + ".*"))]
    t0 = min(float(lines[0].split()[1]) for lines in logs)
    out = []
    for lines in logs:
        compiles, end, cpu = [], None, None
        for line in lines[1:]:
            kind, *f = line.split()
            if kind == "compile" and f[2] == "0":
                compiles.append([f[4].removeprefix("solver."), round(float(f[0]) - t0, 2),
                                 round(float(f[1]) - t0, 2), float(f[3])])
            elif kind == "exit":
                end, cpu = round(float(f[0]) - t0, 2), float(f[1])
        out.append({"process": lines[0].split(maxsplit=2)[2], "exit_s": end, "cpu_s": cpu,
                    "compiles": compiles})
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("model", nargs="?", default=str(ROOT / "examples" / "board_chip.json"))
    ap.add_argument("--warm", action="store_true", help="also time a second, cached run")
    ap.add_argument("--timeline", action="store_true",
                    help="also print each process's compiles in the cold run")
    args = ap.parse_args()
    with (tempfile.TemporaryDirectory() as cache, tempfile.TemporaryDirectory() as out,
          tempfile.TemporaryDirectory() as logs):
        log = str(Path(logs) / "compiles") if args.timeline else None
        print(json.dumps({"run": "cold", **run(Path(args.model), cache, out, log)}))
        if log:
            for process in timeline(log):
                print(json.dumps(process))
        if args.warm:
            print(json.dumps({"run": "warm", **run(Path(args.model), cache, out)}))


if __name__ == "__main__":
    main()
