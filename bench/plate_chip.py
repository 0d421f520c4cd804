"""PLATE-CHIP (v1) as a ThermoCraft model, solved through the public API the CLI uses.

The problem (/work/shared/benchmarks/PLATE-CHIP.md): a 0.1 x 0.1 x 0.0016 m board, isotropic
k = 0.3 or orthotropic (20, 20, 0.4) W/(m K), 2 W in the full-thickness chip box
[0.045, 0.055]^2, h = 10 W/(m^2 K) to 25 degC on all six faces. Here it is two bodies of the
same material (board, then the chip: the later body wins), convection on both, and a uniform
grid (``mesh.uniform``); :func:`solver.api.solve` meshes, assembles and solves it with no
special case. One JSON line with the reference's keys (``Tmax``, ``Tmean``, ``Qout``,
``energy_err_pct``, ``t_total_script``, ``maxrss_MB_self``) plus the mesh/solve split::

    OPENBLAS_NUM_THREADS=1 python bench/plate_chip.py --grid G1M --k aniso
    OPENBLAS_NUM_THREADS=1 python bench/plate_chip.py --grid G50k --k iso --transient
    python bench/plate_chip.py --grid G50k --k iso --write-model plate.json   # for the CLI

Transient: rho = 1850 kg/m^3, cp = 1100 J/(kg K), 600 implicit Euler steps of 1 s from 25 degC.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time

T_START = time.perf_counter()

import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from solver.api import solve  # noqa: E402
from solver.model import (  # noqa: E402
    Ambient,
    Analysis,
    Body,
    BoxGeometry,
    Convection,
    Material,
    MeshSettings,
    Model,
    SolverOptions,
    model_to_json,
)

T_IMPORT = time.perf_counter()

L = (0.1, 0.1, 0.0016)
SRC = ((0.045, 0.055), (0.045, 0.055), (0.0, 0.0016))
P_TOTAL, H, TAMB, RHO, CP = 2.0, 10.0, 25.0, 1850.0, 1100.0
K = {"iso": 0.3, "aniso": [20.0, 20.0, 0.4]}
GRIDS = {"G50k": (100, 100, 5), "G500k": (320, 320, 5), "G1M": (400, 400, 8),
         "G2M": (500, 500, 8)}


def plate_chip_model(grid: str, k: str, transient: bool = False, solver: str = "auto",
                     steps: int = 600, dt: float = 1.0) -> Model:
    """The PLATE-CHIP problem as a ThermoCraft model."""
    shape = GRIDS.get(grid) or tuple(int(v) for v in grid.lower().split("x"))
    analysis = (Analysis("transient", duration=steps * dt, time_step=dt, scheme="euler",
                         initial_temperature=TAMB) if transient else Analysis())
    return Model(
        name=f"PLATE-CHIP {grid} {k}{' transient' if transient else ''}",
        materials=[Material("board", K[k], density=RHO, specific_heat=CP,
                            source="PLATE-CHIP v1 (FR4-like iso / copper-plane aniso)")],
        bodies=[Body("board", BoxGeometry([0.0, 0.0, 0.0], list(L)), "board"),
                Body("chip", BoxGeometry([s[0] for s in SRC], [s[1] for s in SRC]), "board",
                     power=P_TOTAL)],
        conditions=[Convection("board", H, TAMB), Convection("chip", H, TAMB)],
        ambient=Ambient(temperature=TAMB),
        mesh=MeshSettings(uniform=list(shape), max_cells=10_000_000),
        analysis=analysis,
        solver=SolverOptions(linear_solver=solver, tolerance=1e-8),
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--grid", default="G50k", help="G50k, G500k, G1M, G2M or NXxNYxNZ")
    ap.add_argument("--k", default="iso", choices=sorted(K))
    ap.add_argument("--transient", action="store_true")
    ap.add_argument("--solver", default="auto", choices=["auto", "gmg", "pyamg", "scipy"])
    ap.add_argument("--steps", type=int, default=600)
    ap.add_argument("--dt", type=float, default=1.0)
    ap.add_argument("--repeat", type=int, default=0,
                    help="solve again this many times in the same process (t_api_repeat: best)")
    ap.add_argument("--write-model", metavar="PATH",
                    help="write the model JSON (for `thermocraft solve`) and exit")
    args = ap.parse_args()
    model = plate_chip_model(args.grid, args.k, args.transient, args.solver, args.steps,
                             args.dt)
    if args.write_model:
        with open(args.write_model, "w", encoding="utf-8") as f:
            f.write(model_to_json(model))
        return
    t0 = time.perf_counter()
    result = solve(model)
    t1 = time.perf_counter()
    s = result.summary
    t = result.t
    out = {"tool": "thermocraft", "grid": args.grid, "cells": s["cells"], "k": args.k,
           "solver": args.solver, "transient": args.transient,
           "numba_threads": int(os.environ.get("NUMBA_NUM_THREADS", os.cpu_count() or 1)),
           "t_import": T_IMPORT - T_START,
           "t_mesh": s["mesh_time_s"],  # validate + grid + voxelize + stencil assembly
           "t_solve": s["wall_time_s"] - s["mesh_time_s"],
           "t_api": t1 - t0,  # mesh + assembly + solve through solver.api.solve, first call
           "iterations": s["linear_iterations"]}
    if args.transient:
        e_in, e_out, e_st = s["energy_in_J"], s["energy_out_J"], s["energy_stored_J"]
        out.update(steps=s["steps"],
                   iterations_per_step=s["linear_iterations"] / max(s["steps"], 1),
                   E_in=e_in, E_out=e_out, E_stored=e_st,
                   energy_err_pct=(e_st + e_out - e_in) / e_in * 100.0)
        q = float(np.sum(result.face_heat_out))
    else:
        q = s["heat_out_W"]
        out["energy_err_pct"] = (q - P_TOTAL) / P_TOTAL * 100.0
    out.update(Tmax=float(np.nanmax(t)), Tmean=float(np.nanmean(t)), Qout=q,
               energy_balance_error=s["energy_balance_error"],
               t_total_script=time.perf_counter() - T_START,
               maxrss_MB_self=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    if args.repeat:  # after the totals: the repeats are not part of t_total_script or maxrss
        times = []
        for _ in range(args.repeat):
            t2 = time.perf_counter()
            solve(model)
            times.append(time.perf_counter() - t2)
        out["t_api_repeat"] = min(times)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
