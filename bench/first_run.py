"""First solve after a fresh install: the CLI on a model with an empty numba cache.

    python bench/first_run.py [examples/board_chip.json] [--warm]

Runs ``python -m solver.cli solve MODEL -o TMP -q`` in a subprocess with ``NUMBA_CACHE_DIR``
set to a new empty directory (numba then compiles every kernel the model needs), then, with
``--warm``, once more on the filled cache. Prints one JSON line per run: wall time, CPU time
of the process (user + sys, the figure that does not depend on other jobs sharing the
machine) and the CLI's note lines.
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


def run(model: Path, cache: str, out: str) -> dict:
    env = dict(os.environ, NUMBA_CACHE_DIR=cache, PYTHONPATH=str(ROOT))
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("model", nargs="?", default=str(ROOT / "examples" / "board_chip.json"))
    ap.add_argument("--warm", action="store_true", help="also time a second, cached run")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as cache, tempfile.TemporaryDirectory() as out:
        print(json.dumps({"run": "cold", **run(Path(args.model), cache, out)}))
        if args.warm:
            print(json.dumps({"run": "warm", **run(Path(args.model), cache, out)}))


if __name__ == "__main__":
    main()
