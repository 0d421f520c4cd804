"""Cost of compact components: a 160 x 160 mm board with ``m`` JEDEC two-resistor packages
(one junction node each), convection and radiation on everything (so Picard iterations
change the operator). One JSON line per run, best of ``--repeat`` for the times (iteration
counts do not depend on the machine's load)::

    OPENBLAS_NUM_THREADS=1 PYTHONPATH=$PWD python bench/compact_components.py --components 20

Run with ``PYTHONPATH`` on another checkout to measure that tree's solver on the same model.
"""

from __future__ import annotations

import argparse
import json
import math
import time

from solver.api import solve
from solver.model import (
    Body,
    BoxGeometry,
    Component,
    Convection,
    Material,
    MeshSettings,
    Model,
    Package,
    Radiation,
)

PKG = Package(length=0.008, width=0.008, height=0.0015, theta_jc=3.0, theta_jb=10.0,
              tj_max=125.0)
SIDE = 0.16


def board(m: int, cell: float) -> Model:
    """``m`` packages on a square grid, 0.5 W each; board FR4-like, anisotropic."""
    per_row = math.ceil(math.sqrt(m))
    pitch = SIDE / per_row
    comps = [Component(f"U{i}", "pcb", [pitch * (i % per_row + 0.5), pitch * (i // per_row + 0.5)],
                       0.5, PKG) for i in range(m)]
    names = ["pcb"] + [c.name for c in comps]
    return Model(
        materials=[Material("fr4", [20.0, 20.0, 0.4], 1850, 1100)],
        bodies=[Body("pcb", BoxGeometry([0, 0, 0], [SIDE, SIDE, 0.0016]), "fr4")],
        conditions=[Convection(n, 8.0) for n in names] + [Radiation(n, 0.9) for n in names],
        components=comps, mesh=MeshSettings(max_cell_size=cell))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--components", type=int, default=2)
    ap.add_argument("--cell", type=float, default=0.001, help="max cell size (m)")
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()
    model = board(args.components, args.cell)
    best = math.inf
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        s = solve(model).summary
        best = min(best, time.perf_counter() - t0)
    tj = [c["Tj_C"] for c in s["components"].values()]
    print(json.dumps({"components": args.components, "cells": s["cells"],
                      "iterations": s["linear_iterations"], "t_best_s": round(best, 2),
                      "Tj_max_C": max(tj), "energy_balance_error": s["energy_balance_error"]}))


if __name__ == "__main__":
    main()
