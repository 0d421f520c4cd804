"""A/B of the multigrid PCG kernel: another copy of ``gmg_serial.py`` against this tree's.

    python bench/pcg_ab.py OLD/solver/linalg/gmg_serial.py [--grid G1M] [--k aniso] [--runs 7]

Both ``pcg`` kernels run alternately in one process on the same PLATE-CHIP hierarchy (built
by this tree), so load on a shared machine hits both alike; prints the minimum and median
CPU time of each (the first run of each, which may load or compile, is dropped).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import linear_solvers as ls

from solver.linalg import gmg
from solver.linalg import gmg_serial as new


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("old", help="path of the other gmg_serial.py")
    ap.add_argument("--grid", default="G1M")
    ap.add_argument("--k", default="aniso", choices=sorted(ls.K))
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    spec = importlib.util.spec_from_file_location("gmg_serial_old", args.old)
    old = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = old  # numba's cache re-imports it by name
    spec.loader.exec_module(old)
    st, b, _, _ = ls.plate_chip(*ls.GRIDS[args.grid], ls.K[args.k])
    h = gmg.build_hierarchy(st)
    bf = np.ascontiguousarray(b.ravel())
    times: dict[str, list[float]] = {"old": [], "new": []}
    its = {}
    for _ in range(args.runs):
        for name, mod in (("old", old), ("new", new)):
            x = np.zeros(bf.size)
            work = [np.empty(bf.size) for _ in range(4)]
            t0 = time.process_time()
            its[name], _ = mod.pcg(bf, x, *work, 1e-8, 500, *h.args())
            times[name].append(time.process_time() - t0)
    out = {"grid": args.grid, "k": args.k}
    for name, v in times.items():
        v = sorted(v[1:])
        out[name] = {"min_s": round(v[0], 4), "median_s": round(v[len(v) // 2], 4),
                     "iterations": int(its[name])}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
