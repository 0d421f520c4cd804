"""How much of the surface-to-surface radiation effect a patch size catches, and at what cost.

The board of ``bench/surface_radiation.py`` (FR-4 0.1 m x 0.1 m, 100 silicon boxes of
0.05-0.3 W, h = 5 W/(m^2 K), emissivity 0.9, 1 mm cells) is solved once with radiation to the
surroundings only and then with ``exchange: "surfaces"`` at each ``mesh.max_patch_size``
(``--sizes``, mm: uniform tiles; "default" is the solver's default, tiles of the largest
extent / 8 = 12.5 mm refined in the near field, ``solver.patches.refine_patches``). The effect
of S2S is each part's temperature change (``t_max_C``, S2S minus surroundings only) and the
board's (``t_mean_C``); the finest size is the reference.

    PYTHONPATH=$PWD python bench/patch_size.py [--sizes default,12.5,8,6.25,4,3,2,1.5,1] [--natural]

Prints one JSON line per run (patches, view-factor wall and CPU time, wall and CPU time of the
solve, outer iterations, the effect on the hottest part, the mean part and the board) and a last
line per size comparing its effects with the reference's: the parts' summed effect as a
fraction of the reference's, the largest error of one part's effect, and the board's.
"""

from __future__ import annotations

import argparse
import json
import os
import time

import numpy as np
from surface_radiation import board

import solver.surface_radiation
from solver.api import solve
from solver.physics.view_factors import compute_view_factors

VIEW_FACTOR_CPU = []  # CPU time (all threads) of each view-factor computation of a solve


def _timed_view_factors(*args, **kwargs):
    c0 = time.process_time()
    out = compute_view_factors(*args, **kwargs)
    VIEW_FACTOR_CPU.append(time.process_time() - c0)
    return out


solver.surface_radiation.compute_view_factors = _timed_view_factors


def run(exchange: str | None, patch_mm: float | None, natural: bool) -> dict:
    model = board(100, exchange, None if patch_mm is None else patch_mm * 1e-3)
    model.ambient.natural_convection = natural
    VIEW_FACTOR_CPU.clear()
    t0, c0 = time.perf_counter(), time.process_time()
    s = solve(model).summary
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    rad = s.get("surface_radiation", {})
    names = sorted((n for n in s["bodies"] if n != "board"), key=lambda n: int(n[1:]))
    return {"exchange": exchange or "surroundings", "patch_mm": patch_mm,
            "patches": rad.get("patches", 0),
            "view_factor_time_s": round(rad.get("view_factor_time_s", 0.0), 3),
            "view_factor_cpu_s": round(sum(VIEW_FACTOR_CPU), 3),
            "wall_s": round(wall, 2), "cpu_s": round(cpu, 2),
            "outer_iterations": s["outer_iterations"],
            "parts_C": [s["bodies"][n]["t_max_C"] for n in names],
            "board_mean_C": s["bodies"]["board"]["t_mean_C"],
            "load": round(os.getloadavg()[0], 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="default,12.5,8,6.25,4,3,2,1.5,1",
                    help="max_patch_size values in mm, coarse to fine; the last is the reference")
    ap.add_argument("--natural", action="store_true", help="natural convection instead of h")
    args = ap.parse_args()
    base = run(None, None, args.natural)
    parts0 = np.array(base["parts_C"])
    print(json.dumps({k: v for k, v in base.items() if k != "parts_C"}), flush=True)
    effects = {}
    for size in args.sizes.split(","):
        r = run("surfaces", None if size == "default" else float(size), args.natural)
        d = np.array(r.pop("parts_C")) - parts0
        effects[size] = (d, r["board_mean_C"] - base["board_mean_C"])
        print(json.dumps({**r, "hottest_effect_K": round(float(d[np.argmax(parts0)]), 3),
                          "mean_part_effect_K": round(float(d.mean()), 3),
                          "board_effect_K": round(effects[size][1], 3)}), flush=True)
    ref, ref_board = effects[args.sizes.split(",")[-1]]
    for size, (d, b) in effects.items():
        print(json.dumps({"patch_mm": size, "parts_effect_fraction": round(d.sum() / ref.sum(), 3),
                          "largest_part_error_K": round(float(np.abs(d - ref).max()), 3),
                          "board_effect_fraction": round(b / ref_board, 3)}))


if __name__ == "__main__":
    main()
