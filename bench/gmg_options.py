"""Multigrid options (smoothing sweeps, coarse scale) measured on real linear systems.

    python bench/gmg_options.py capture MODEL.json SYSTEMS.npz   # the solve's linear systems
    python bench/gmg_options.py replay SYSTEMS.npz --nu 1 2 --runs 3
    python bench/gmg_options.py plate --grid G1M --k aniso --nu 1 2 --runs 5

``capture`` solves a model (``solver.api.solve``) and records every multigrid solve's operator,
right-hand side and starting guess (for a radiation model: one per Picard outer iteration).
``replay`` and ``plate`` run the PCG on those systems (or on PLATE-CHIP) for each option set,
alternating the sets run by run so load on a shared machine hits all alike, and print one
JSON line per set: PCG iterations (load-independent) and the best and median CPU time of the
set-up and of the solves.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from solver.linalg import gmg, solve
from solver.linalg.stencil import Stencil7


def capture(model_path: str, out: str) -> None:
    from solver.api import solve as api_solve
    from solver.model.codec import load_model
    recorded: list[dict] = []
    run = solve.GMGSolver._run

    def recording_run(self, b, x0):
        st = self.stencil
        recorded.append({"gx": st.gx, "gy": st.gy, "gz": st.gz, "extra": st.extra,
                         "active": st.active, "b": b.copy(),
                         "x0": np.zeros(0) if x0 is None else x0.copy()})
        return run(self, b, x0)

    solve.GMGSolver._run = recording_run
    t0 = time.perf_counter()
    api_solve(load_model(model_path), os.path.dirname(os.path.abspath(model_path)))
    print(f"solved in {time.perf_counter() - t0:.1f} s, {len(recorded)} linear solves")
    arrays = {f"{k}{i}": v for i, rec in enumerate(recorded) for k, v in rec.items()}
    np.savez(out, n=len(recorded), **arrays)


def _systems(path: str) -> list[tuple[Stencil7, np.ndarray, np.ndarray | None]]:
    d = np.load(path)
    out = []
    for i in range(int(d["n"])):
        st = Stencil7(d[f"gx{i}"], d[f"gy{i}"], d[f"gz{i}"], d[f"extra{i}"], d[f"active{i}"])
        x0 = d[f"x0{i}"]
        out.append((st, d[f"b{i}"], x0 if x0.size else None))
    return out


def _plate(grid: str, k: str):
    import linear_solvers as ls
    st, b, _, _ = ls.plate_chip(*ls.GRIDS[grid], ls.K[k])
    return [(st, np.ascontiguousarray(b.ravel()), None)]


def _measure(systems, option_sets: list[dict], runs: int, tol: float) -> None:
    stats = {i: {"setup": [], "solve": [], "its": None} for i in range(len(option_sets))}
    for _ in range(runs):
        for i, opts in enumerate(option_sets):
            setup = solve_t = 0.0
            its = []
            for st, b, x0 in systems:
                t0 = time.process_time()
                h = gmg.build_hierarchy(st, **opts)
                t1 = time.process_time()
                x = np.zeros(b.size) if x0 is None else x0.copy()
                it, _ = gmg.gmg_pcg(h, b, x, tol, 1000)
                solve_t += time.process_time() - t1
                setup += t1 - t0
                its.append(it)
            stats[i]["setup"].append(setup)
            stats[i]["solve"].append(solve_t)
            stats[i]["its"] = its
            stats[i]["levels"] = h.describe()
    for i, opts in enumerate(option_sets):
        s = stats[i]
        row = {"options": opts, "iterations": s["its"], "total_iterations": sum(s["its"]),
               "levels": s["levels"]}
        for key in ("setup", "solve"):
            v = sorted(s[key][1:] if runs > 1 else s[key])
            row[f"{key}_min_s"] = round(v[0], 3)
            row[f"{key}_median_s"] = round(v[len(v) // 2], 3)
        print(json.dumps(row), flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("capture")
    c.add_argument("model")
    c.add_argument("out")
    for name in ("replay", "plate"):
        p = sub.add_parser(name)
        if name == "replay":
            p.add_argument("systems")
        else:
            p.add_argument("--grid", default="G1M")
            p.add_argument("--k", default="aniso")
        p.add_argument("--nu", type=int, nargs="+", default=[1])
        p.add_argument("--scale", type=float, nargs="+", default=[gmg.DEFAULT_SCALE])
        p.add_argument("--runs", type=int, default=3)
        p.add_argument("--tol", type=float, default=1e-8)
    args = ap.parse_args()
    if args.cmd == "capture":
        capture(args.model, args.out)
        return
    systems = _systems(args.systems) if args.cmd == "replay" else _plate(args.grid, args.k)
    sets = [{"nu": nu, "galerkin_scale": s} for nu, s in itertools.product(args.nu, args.scale)]
    _measure(systems, sets, args.runs, args.tol)


if __name__ == "__main__":
    main()
