"""Issue 7's performance figure: a board with ~100 components under natural convection and
surface-to-surface radiation against the same board with a fixed film coefficient.

The scene is ``bench/surface_radiation.py``'s board (FR-4 0.1 m x 0.1 m, 100 silicon boxes,
0.05-0.3 W each, emissivity 0.9). Two solves through ``solver.api.solve``:

* fixed h: ``convection`` h on every body, nothing else (one linear solve);
* physics: ``ambient.natural_convection`` (h per patch from the correlations) plus
  ``radiation`` with ``exchange: "surfaces"`` on every body (Picard loop).

    PYTHONPATH=$PWD python bench/board_natural_s2s.py [--cell 1.1e-3] [--runs 3] [--h 5]

Prints one JSON line per run and a last line with the medians (wall and CPU time) and
their ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time

from surface_radiation import board

from solver.api import solve
from solver.model import Model, Radiation
from solver.model.types import Convection


def variant(cell: float, physics: bool, h: float) -> Model:
    m = board(100, "surfaces", None)
    m.mesh.max_cell_size = cell
    if physics:
        m.conditions = [Radiation(b.name, exchange="surfaces") for b in m.bodies]
        m.ambient.natural_convection = True
    else:
        m.conditions = [Convection(b.name, h) for b in m.bodies]
    return m


def run(model: Model) -> dict:
    t0, c0 = time.perf_counter(), time.process_time()
    s = solve(model).summary
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    rad = s.get("surface_radiation", {})
    parts = {n: b["t_max_C"] for n, b in s["bodies"].items() if n != "board"}
    return {"cells": s["cells"], "wall_s": round(wall, 2), "cpu_s": round(cpu, 2),
            "outer_iterations": s["outer_iterations"], "patches": rad.get("patches", 0),
            "view_factor_time_s": round(rad.get("view_factor_time_s", 0.0), 3),
            "hottest_C": round(max(parts.values()), 2),
            "energy_balance_error": s["energy_balance_error"],
            "load": round(os.getloadavg()[0], 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cell", type=float, default=1.1e-3, help="mesh.max_cell_size (m)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--h", type=float, default=5.0, help="fixed film coefficient W/(m^2 K)")
    args = ap.parse_args()
    runs: dict[str, list[dict]] = {"fixed_h": [], "natural_s2s": []}
    for _ in range(args.runs):
        for name, physics in (("fixed_h", False), ("natural_s2s", True)):
            r = run(variant(args.cell, physics, args.h))
            runs[name].append(r)
            print(json.dumps({"case": name, **r}), flush=True)
    out = {}
    for key in ("wall_s", "cpu_s"):
        med = {k: statistics.median(r[key] for r in v) for k, v in runs.items()}
        out[f"median_{key}"] = med
        out[f"ratio_{key}"] = round(med["natural_s2s"] / med["fixed_h"], 2)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
