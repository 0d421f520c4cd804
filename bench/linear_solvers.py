"""Benchmark the linear solvers of :mod:`solver.linalg` on PLATE-CHIP (v1).

The operator is built here as a :class:`Stencil7` exactly as /work/shared/benchmarks/PLATE-CHIP.md
states (harmonic face means, boundary ``G = A / (1/h + d/k)`` into ``extra``, 2 W in the chip
box). One JSON line per run::

    OPENBLAS_NUM_THREADS=1 python bench/linear_solvers.py --grid G1M --k aniso --method gmg
    OPENBLAS_NUM_THREADS=1 python bench/linear_solvers.py --grid G50k --k iso --transient
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

from solver.linalg.solve import make_linear_solver  # noqa: E402
from solver.linalg.stencil import Stencil7  # noqa: E402

L = (0.1, 0.1, 0.0016)
SRC = ((0.045, 0.055), (0.045, 0.055), (0.0, 0.0016))
P_TOTAL, H, TAMB, RHO_CP = 2.0, 10.0, 25.0, 1850.0 * 1100.0
K = {"iso": (0.3, 0.3, 0.3), "aniso": (20.0, 20.0, 0.4)}
GRIDS = {"G50k": (100, 100, 5), "G500k": (320, 320, 5), "G1M": (400, 400, 8),
         "G2M": (500, 500, 8)}


def plate_chip(nx: int, ny: int, nz: int, k: tuple[float, float, float]):
    """``(stencil, b, g_boundary, volume)``: the PLATE-CHIP operator and right-hand side."""
    shape = (nx, ny, nz)
    d = [L[a] / n for a, n in enumerate(shape)]
    area = (d[1] * d[2], d[0] * d[2], d[0] * d[1])
    kf = [np.full(shape, k[a]) for a in range(3)]
    g = []
    for a in range(3):
        lo = [slice(None)] * 3
        hi = [slice(None)] * 3
        lo[a], hi[a] = slice(None, -1), slice(1, None)
        g.append(area[a] / (0.5 * d[a] / kf[a][tuple(lo)] + 0.5 * d[a] / kf[a][tuple(hi)]))
    extra = np.zeros(shape)
    for a in range(3):
        for end in (0, -1):
            sl = [slice(None)] * 3
            sl[a] = end
            extra[tuple(sl)] += area[a] / (1.0 / H + 0.5 * d[a] / kf[a][tuple(sl)])
    ov = []
    for a, n in enumerate(shape):
        e = np.linspace(0.0, L[a], n + 1)
        ov.append(np.clip(np.minimum(e[1:], SRC[a][1]) - np.maximum(e[:-1], SRC[a][0]), 0, None))
    q = P_TOTAL / np.prod([s[1] - s[0] for s in SRC])
    src = q * ov[0][:, None, None] * ov[1][None, :, None] * ov[2][None, None, :]
    b = src + extra * TAMB
    st = Stencil7(g[0], g[1], g[2], extra, np.ones(shape, dtype=bool))
    return st, b, extra, d[0] * d[1] * d[2]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--grid", default="G50k")
    ap.add_argument("--k", default="iso", choices=sorted(K))
    ap.add_argument("--method", default="auto")
    ap.add_argument("--tol", type=float, default=1e-8)
    ap.add_argument("--transient", action="store_true")
    ap.add_argument("--steps", type=int, default=600)
    ap.add_argument("--dt", type=float, default=1.0)
    ap.add_argument("--repeat", type=int, default=1, help="solve again (warm) this many times")
    args = ap.parse_args()
    shape = GRIDS.get(args.grid) or tuple(int(v) for v in args.grid.split("x"))
    threads = int(os.environ.get("NUMBA_NUM_THREADS", os.cpu_count() or 1))
    out = {"grid": args.grid, "cells": int(np.prod(shape)), "k": args.k, "method": args.method,
           "transient": args.transient, "numba_threads": threads,
           "t_import": time.perf_counter() - T_START}

    def make(st):
        return make_linear_solver(st, method=args.method, tol=args.tol)

    t0 = time.perf_counter()
    st, b, g_b, vol = plate_chip(*shape, K[args.k])
    t1 = time.perf_counter()
    out["t_assembly"] = t1 - t0
    if not args.transient:
        for rep in range(args.repeat):
            t1 = time.perf_counter()
            c1 = time.process_time()
            solver = make(st)
            t2 = time.perf_counter()
            sol = solver.solve(b)
            t3 = time.perf_counter()
            out.update({f"t_setup_{rep}": t2 - t1, f"t_solve_{rep}": t3 - t2,
                        f"t_linear_{rep}": t3 - t1, f"cpu_linear_{rep}": time.process_time() - c1})
        out.update(iterations=sol.iterations, residual=sol.residual, used=sol.method)
        temp = sol.x
        out["t_total_mesh_asm_solve"] = out["t_assembly"] + out[f"t_linear_{args.repeat - 1}"]
    else:
        c = RHO_CP * vol / args.dt
        t1 = time.perf_counter()
        c1 = time.process_time()
        solver = make(st.with_extra(st.extra + c))
        t2 = time.perf_counter()
        temp = np.full(shape, TAMB)
        its = 0
        for _ in range(args.steps):
            sol = solver.solve(b + c * temp, x0=temp)
            temp = sol.x
            its += sol.iterations
        t3 = time.perf_counter()
        out["cpu_linear"] = time.process_time() - c1
        out.update(t_setup=t2 - t1, t_steps=t3 - t2, t_linear=t3 - t1, iterations=its,
                   iterations_per_step=its / args.steps, used=sol.method)
    out["Tmax"] = float(temp.max())
    out["Tmean"] = float(temp.mean())
    out["Qout"] = float(np.sum(g_b * (temp - TAMB)))
    out["maxrss_MB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out["t_script"] = time.perf_counter() - T_START
    print(json.dumps(out))


if __name__ == "__main__":
    main()
