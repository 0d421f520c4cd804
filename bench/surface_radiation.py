"""Surface-to-surface radiation in a solve: a board with 100 components (boxes), convection
and radiation on every body, solved once with radiation to the surroundings only and once
with ``exchange: "surfaces"`` (view factors among the patches with blocking by the grid).

Scene: a 0.1 m x 0.1 m FR-4 board (1.6 mm) with a 10 x 10 layout of silicon boxes
(3-6 mm, 1-3 mm high, 0.05-0.3 W each, jittered), h = 5 W/(m^2 K), emissivity 0.9.

    PYTHONPATH=$PWD python bench/surface_radiation.py [--components 100] [--patch-size M]

Prints one JSON line per run: cells, patches, view-factor time, outer iterations, wall time,
the hottest component and the heat radiated.
"""

from __future__ import annotations

import argparse
import json

import numpy as np

from solver.api import solve
from solver.model import Body, BoxGeometry, Material, MeshSettings, Model, Radiation
from solver.model.types import Convection


def board(n_components: int, exchange: str | None, patch_size: float | None,
          seed: int = 1) -> Model:
    rng = np.random.default_rng(seed)
    side = int(np.ceil(np.sqrt(n_components)))
    pitch, t = 0.1 / side, 1.6e-3
    bodies = [Body("board", BoxGeometry([0, 0, 0], [0.1, 0.1, t]), "fr4")]
    for k in range(n_components):
        i, j = divmod(k, side)
        w, d = rng.uniform(3e-3, min(6e-3, 0.8 * pitch), 2)
        x0 = i * pitch + rng.uniform(0, pitch - w)
        y0 = j * pitch + rng.uniform(0, pitch - d)
        x0, y0, x1, y1 = np.round(np.array([x0, y0, x0 + w, y0 + d]) / 5e-4) * 5e-4
        h = np.round(rng.uniform(1e-3, 3e-3) / 5e-4) * 5e-4
        bodies.append(Body(f"U{k}", BoxGeometry([x0, y0, t], [x1, y1, t + h]), "si",
                           power=float(rng.uniform(0.05, 0.3))))
    conditions = []
    for b in bodies:
        conditions += [Convection(b.name, 5.0), Radiation(b.name, exchange=exchange)]
    return Model(name="board-s2s", materials=[Material("fr4", 0.3, emissivity=0.9),
                                              Material("si", 100.0, emissivity=0.9)],
                 bodies=bodies, conditions=conditions,
                 mesh=MeshSettings(max_cell_size=1e-3, max_patch_size=patch_size))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--components", type=int, default=100)
    ap.add_argument("--patch-size", type=float, default=None)
    args = ap.parse_args()
    for exchange in (None, "surfaces"):
        s = solve(board(args.components, exchange, args.patch_size)).summary
        rad = s.get("surface_radiation", {})
        parts = {n: b["t_max_C"] for n, b in s["bodies"].items() if n != "board"}
        hottest = max(parts, key=parts.get)
        print(json.dumps({
            "exchange": exchange or "surroundings", "cells": s["cells"],
            "patches": rad.get("patches", 0),
            "view_factor_time_s": round(rad.get("view_factor_time_s", 0.0), 3),
            "outer_iterations": s["outer_iterations"], "wall_time_s": round(s["wall_time_s"], 2),
            "hottest": hottest, "hottest_C": round(parts[hottest], 2),
            "radiated_W": round(sum(c["heat_out_W"] for c in s["conditions"]
                                    if c["kind"] == "radiation"), 4),
            "energy_balance_error": s["energy_balance_error"]}))


if __name__ == "__main__":
    main()
