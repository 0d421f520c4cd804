"""A/B of the multigrid kernels: another copy of ``gmg_serial.py`` against this tree's.

    python bench/pcg_ab.py OLD/solver/linalg/gmg_serial.py [--grid G1M] [--k aniso] [--runs 7]
    python bench/pcg_ab.py OLD/solver/linalg/gmg_serial.py --demo /tmp/demo_field.npz

Both trees' ``vcycle`` (10 calls per run) and ``pcg`` kernels run alternately in one process
on the same hierarchy (built by this tree; each kernel gets the arguments its own signature
names), so load on a shared machine hits both alike; prints the minimum and median CPU time
of each (the first run of each, which may load or compile, is dropped), the iterations and
the largest difference between the two trees' V-cycle outputs and PCG solutions. The system
is PLATE-CHIP, or with ``--demo`` the field operator of the FreeCAD demo's golden model
(``tests/workbench/golden/vented_box.json``, its last outer iteration: recorded by one solve
into the given file when it does not exist yet) with a random right-hand side.
"""

from __future__ import annotations

import argparse
import importlib.util
import inspect
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
from solver.linalg.stencil import Stencil7

FIELDS = ("gx", "gy", "gz", "extra", "active")


def demo_field(path: str) -> Stencil7:
    """The demo golden model's last field operator (recorded once into ``path``)."""
    if not os.path.exists(path):
        import demo_golden

        from solver.linalg import solve
        seen: list[Stencil7] = []
        init = solve.GMGSolver.__init__

        def recording_init(self, stencil, *args, **kwargs):
            init(self, stencil, *args, **kwargs)
            seen.append(stencil)
        solve.GMGSolver.__init__ = recording_init
        demo_golden.measure({})
        solve.GMGSolver.__init__ = init
        np.savez(path, **{f: getattr(seen[-1], f) for f in FIELDS})
    d = np.load(path)
    return Stencil7(*(d[f] for f in FIELDS))


def _arguments(kernel, values: dict) -> tuple:
    """The hierarchy's arguments of ``kernel`` in the order of its own parameters."""
    names = list(inspect.signature(kernel.py_func).parameters)
    return tuple(values[n] for n in names[names.index("shp"):])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("old", help="path of the other gmg_serial.py")
    ap.add_argument("--grid", default="G1M")
    ap.add_argument("--k", default="aniso", choices=sorted(ls.K))
    ap.add_argument("--demo", metavar="NPZ", help="the demo's field operator instead")
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    spec = importlib.util.spec_from_file_location("solver.linalg.gmg_serial_old", args.old)
    old = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = old  # numba's cache re-imports it by name
    spec.loader.exec_module(old)
    if args.demo:
        st = demo_field(args.demo)
        b = np.random.default_rng(0).normal(size=st.shape)
    else:
        st, b, _, _ = ls.plate_chip(*ls.GRIDS[args.grid], ls.K[args.k])
    h = gmg.build_hierarchy(st)
    bf = np.ascontiguousarray(b.ravel())
    names = ("shp", "off", "fac", "gx", "gy", "gz", "diag", "cpr", "inv_den", "xs", "bs", "rs",
             "lower", "alpha", "nu", "rp", "runs", "dense", "t")
    values = dict(zip(names, h.args(), strict=True))
    mods = {"old": old, "new": new}
    kargs = {k: (_arguments(m.vcycle, values), _arguments(m.pcg, values)) for k, m in mods.items()}
    times: dict[str, dict[str, list[float]]] = {k: {"vcycle": [], "pcg": []} for k in mods}
    its, out_z, out_x = {}, {}, {}
    for _ in range(args.runs):
        for name, mod in mods.items():
            va, pa = kargs[name]
            z = np.empty(bf.size)
            t0 = time.process_time()
            for _ in range(10):
                mod.vcycle(bf, z, *va)
            times[name]["vcycle"].append((time.process_time() - t0) / 10)
            x = np.zeros(bf.size)
            work = [np.empty(bf.size) for _ in range(4)]
            t0 = time.process_time()
            its[name], _ = mod.pcg(bf, x, *work, 1e-8, 500, *pa)
            times[name]["pcg"].append(time.process_time() - t0)
            out_z[name], out_x[name] = z, x
    out = {"system": "demo" if args.demo else f"{args.grid} {args.k}", "cells": int(bf.size),
           "active": int(np.count_nonzero(st.active)), "levels": h.describe()}
    for name, kinds in times.items():
        out[name] = {"iterations": int(its[name])}
        for kind, v in kinds.items():
            v = sorted(v[1:])
            out[name][f"{kind}_min_s"] = round(v[0], 4)
            out[name][f"{kind}_median_s"] = round(v[len(v) // 2], 4)
    out["max_diff_vcycle"] = float(np.abs(out_z["old"] - out_z["new"]).max())
    out["max_diff_pcg"] = float(np.abs(out_x["old"] - out_x["new"]).max())
    out["load"] = open("/proc/loadavg").read().split()[:3]
    print(json.dumps(out))


if __name__ == "__main__":
    main()
