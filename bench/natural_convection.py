"""Natural convection from correlations against a fixed film: time and Picard iterations.

    python bench/natural_convection.py [--cell 2.5e-3] [--fins 12]

An extruded aluminium heat sink standing in still air (base 100 x 100 x 5 mm, vertical, 12
fins 2 x 50 x 100 mm, 20 W into the base, 25 degC) solved twice through ``solver.api.solve``:
with ``ambient.natural_convection`` (h per patch from the correlations, under-relaxed Picard
loop) and with a fixed ``convection`` h of 5 W/(m^2 K) on every body (one linear solve).
Prints one JSON line: cells, wall time of each solve (the first includes numba compilation
unless the cache is warm: run twice), their ratio, outer iterations, the final heat-flow
residual and the base-to-air resistance (K/W).
"""

from __future__ import annotations

import argparse
import json
import time

from solver.api import solve
from solver.model import Body, BoxGeometry, Convection, Material, MeshSettings, Model


def heat_sink(cell: float, fins: int, natural: bool) -> Model:
    al = Material("al", 200.0, 2700.0, 900.0, 0.85)
    bodies = [Body("base", BoxGeometry([0, 0, 0], [0.005, 0.1, 0.1]), "al", power=20.0)]
    thick = 0.002
    pitch = (0.1 - thick) / (fins - 1)
    for i in range(fins):
        y = i * pitch
        bodies.append(Body(f"fin{i}", BoxGeometry([0.005, y, 0], [0.055, y + thick, 0.1]),
                           "al"))
    conditions = [] if natural else [Convection(b.name, 5.0) for b in bodies]
    m = Model(name="heat sink", materials=[al], bodies=bodies, conditions=conditions,
              mesh=MeshSettings(max_cell_size=cell))
    m.ambient.natural_convection = natural
    return m


def timed(model: Model) -> tuple[float, dict]:
    t0 = time.perf_counter()
    result = solve(model)
    return time.perf_counter() - t0, result.summary


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cell", type=float, default=2.5e-3, help="mesh.max_cell_size (m)")
    ap.add_argument("--fins", type=int, default=12)
    args = ap.parse_args()
    t_fixed, fixed = timed(heat_sink(args.cell, args.fins, natural=False))
    t_nat, nat = timed(heat_sink(args.cell, args.fins, natural=True))
    nc = nat["natural_convection"]
    print(json.dumps({
        "cells": nat["cells"], "t_fixed_h_s": round(t_fixed, 2),
        "t_natural_s": round(t_nat, 2), "ratio": round(t_nat / t_fixed, 2),
        "outer_iterations": nc["iterations"], "residual": nc["residual"],
        "patches": len(nc["patches"]),
        "R_natural_K_W": round((nat["bodies"]["base"]["t_mean_C"] - 25.0) / 20.0, 3),
        "R_fixed_h5_K_W": round((fixed["bodies"]["base"]["t_mean_C"] - 25.0) / 20.0, 3),
    }))


if __name__ == "__main__":
    main()
