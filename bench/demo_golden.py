"""Solve the demo's exported model (tests/workbench/golden/vented_box.json) in-process, a warm
solve then a measured one; print CPU and wall time, iteration counts, the CPU time of the
field's V-cycles (``vcycle_cpu_s``: the bordered CG's preconditioner calls), the parts' junction
temperatures and the Picard loop's final change and residuals as one JSON line per run.

    OPENBLAS_NUM_THREADS=1 PYTHONPATH=$PWD .venv/bin/python bench/demo_golden.py [OPTIONS]

OPTIONS: a JSON object of ``solver`` fields (e.g. '{"convection_tolerance": 1e-7}' for a
tight reference) and ``"runs"`` (default 2)."""

import json
import sys
import time
from pathlib import Path

import solver.linalg.bordered as bordered
from solver.api import solve
from solver.model.codec import load_model

GOLDEN = Path(__file__).resolve().parents[1] / "tests/workbench/golden/vented_box.json"


def measure(options: dict) -> dict:
    model = load_model(GOLDEN)
    for key, value in options.items():
        setattr(model.solver, key, value)
    vcycle = bordered.apply_preconditioner
    spent = [0.0, 0]

    def timed(h, r):
        t = time.process_time()
        z = vcycle(h, r)
        spent[0] += time.process_time() - t
        spent[1] += 1
        return z
    bordered.apply_preconditioner = timed
    cpu, wall = time.process_time(), time.perf_counter()
    try:
        s = solve(model, base_dir=GOLDEN.parent).summary
    finally:
        bordered.apply_preconditioner = vcycle
    return {"cpu_s": round(time.process_time() - cpu, 2),
            "wall_s": round(time.perf_counter() - wall, 2),
            "outer": s["outer_iterations"], "linear": s["linear_iterations"],
            "vcycle_cpu_s": round(spent[0], 2), "vcycles": spent[1],
            "Tj_C": {n: c.get("Tj_C") for n, c in s.get("components", {}).items()},
            "change_K": s.get("outer_change_K"), "residuals": s.get("outer_residuals")}


if __name__ == "__main__":
    opts = json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}
    for _ in range(int(opts.pop("runs", 2))):
        print(json.dumps(measure(opts)), flush=True)
