"""Cost of lumped nodes: PLATE-CHIP with ``m`` junction nodes on the chip's top face.

The chip's 2 W move into ``m`` nodes (2/m W each), each linked to the chip's top face with
1 W/K. Solved through :func:`solver.api.solve` (the bordered CG of
:mod:`solver.linalg.bordered`), against ``--bordered``: the first prototype, PCG on the
whole bordered system preconditioned by the field's V-cycle and the node block's diagonal
alone (numpy operator, numba V-cycle), on the same discretization. One JSON line::

    OPENBLAS_NUM_THREADS=1 python bench/lumped_nodes.py --grid G1M --k aniso --nodes 4
    OPENBLAS_NUM_THREADS=1 python bench/lumped_nodes.py --grid G1M --k aniso --nodes 4 --bordered
    OPENBLAS_NUM_THREADS=1 python bench/lumped_nodes.py --grid G50k --k iso --nodes 1 --transient
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from plate_chip import plate_chip_model

from solver.api import solve
from solver.model import Node, NodeLink


def with_nodes(grid: str, k: str, m: int, transient: bool = False):
    model = plate_chip_model(grid, k, transient)
    if m:
        model.bodies[1].power = 0.0
        model.nodes = [Node(f"j{i}", [NodeLink(1.0, body="chip", faces=["zmax"])],
                            power=2.0 / m) for i in range(m)]
    return model


def bordered_pcg(result, tol: float = 1e-8, maxiter: int = 500):
    """PCG on [[A', -C], [-C^T, N]] with M = diag(V-cycle(A'), diag(N)); the field operator
    and right-hand side rebuilt from the result's discretization."""
    from solver.linalg.gmg import apply_preconditioner, build_hierarchy
    from solver.system import ThermalSystem

    disc = result.disc
    system = ThermalSystem(disc, disc.model.solver)
    coupling, diag, block, fixed = system.network_terms()
    b = system.boundary(None)
    st = disc.conduction.with_extra(b.extra + diag)
    t0 = time.perf_counter()
    h = build_hierarchy(st)
    rhs = np.concatenate([(system.source([0.0, 0.0]) + b.rhs).ravel(),
                          np.array(disc.network.power) + fixed])
    n = disc.grid.n_cells
    shape = disc.grid.shape

    def op(v):
        x, y = v[:n], v[n:]
        return np.concatenate([st.matvec(x.reshape(shape)).ravel() - coupling @ y,
                               block @ y - coupling.T @ x])

    def prec(r):
        return np.concatenate([apply_preconditioner(h, np.ascontiguousarray(r[:n])),
                               r[n:] / np.diag(block)])

    x = np.zeros(n + block.shape[0])
    r = rhs - op(x)
    z = prec(r)
    p = z.copy()
    rz = r @ z
    norm_b = np.linalg.norm(rhs)
    it = 0
    while np.linalg.norm(r) > tol * norm_b and it < maxiter:
        q = op(p)
        alpha = rz / (p @ q)
        x += alpha * p
        r -= alpha * q
        z = prec(r)
        rz, rz_old = r @ z, rz
        p = z + (rz / rz_old) * p
        it += 1
    return x, it, time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--grid", default="G50k")
    ap.add_argument("--k", default="aniso", choices=["iso", "aniso"])
    ap.add_argument("--nodes", type=int, default=1)
    ap.add_argument("--bordered", action="store_true", help="steady only")
    ap.add_argument("--transient", action="store_true",
                    help="PLATE-CHIP's 600 Euler steps of 1 s (nodes without capacity)")
    args = ap.parse_args()
    model = with_nodes(args.grid, args.k, args.nodes, args.transient)
    solve(model)  # warm-up: numba cache loads, page faults
    t0 = time.perf_counter()
    result = solve(model)
    s = result.summary
    out = {"grid": args.grid, "k": args.k, "nodes": args.nodes, "cells": s["cells"],
           "t_api": time.perf_counter() - t0, "t_solve": s["wall_time_s"] - s["mesh_time_s"],
           "iterations": s["linear_iterations"], "Tmax": s["max_temperature_C"],
           "energy_balance_error": s["energy_balance_error"]}
    if args.nodes:
        out["T_nodes"] = [v["T_C"] for v in s["nodes"].values()]
    if args.bordered and args.nodes and not args.transient:
        x, it, seconds = bordered_pcg(result)
        n = result.disc.grid.n_cells
        out.update(bordered_iterations=it, bordered_t_solve=seconds,
                   bordered_max_diff_K=float(max(
                       np.max(np.abs(x[:n] - np.nan_to_num(result.t).ravel())[
                           result.disc.active.ravel()]),
                       np.max(np.abs(x[n:] - result.node_t)))))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
