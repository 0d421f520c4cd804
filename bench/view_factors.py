"""View factors on a board of box components: all pairs of 5,000 patches with blocking by the
voxel grid, and a comparison with pyviewfactor on unobstructed pairs.

Scene: a 0.2 m x 0.2 m board (1.6 mm) with 1,000 components (boxes 1.5-5 mm, 1-4 mm high) on
a jittered 32 x 32 layout (a few slots empty), snapped to the grid; patches: each
component's top and four sides (5,000; the board's top is left out). The voxel grid is
800 x 800 x 11 cells (0.25 mm in x-y, 0.5 mm layers to 4 mm, then one to 20 mm); its
active cells are the board and the components.

    PYTHONPATH=$PWD python bench/view_factors.py [--patches 5000] [--resolution 2] [--pairs 300]

Prints one JSON line: patch and facing-pair counts, wall and CPU time (all threads) of the
first call (numba compile, cached afterwards) and of a repeat, the row sums, and the
pyviewfactor comparison (max and median relative difference, times per pair), when
pyviewfactor is installed.
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np

from solver.physics.view_factors import (
    FRONT_TOLERANCE,
    Patches,
    compute_view_factors,
    facing_pairs,
    pair_exchange_areas,
)


def rect(o, u, v):
    o, u, v = (np.asarray(a, dtype=np.float64) for a in (o, u, v))
    return [o, o + u, o + u + v, o + v]


def board(n_components, seed=1):
    rng = np.random.default_rng(seed)
    side = int(np.ceil(np.sqrt(n_components)))
    pitch = 0.2 / side
    t = 1.6e-3
    boxes = []
    for k in range(n_components):
        i, j = divmod(k, side)
        w, d = rng.uniform(1.5e-3, min(5e-3, 0.9 * pitch), 2)
        h = rng.uniform(1e-3, 4e-3)
        x0 = i * pitch + rng.uniform(0, pitch - w)
        y0 = j * pitch + rng.uniform(0, pitch - d)
        # Snapped to a 0.25 mm x-y / 0.5 mm z lattice, so the grid is that of a solver model.
        x0, y0, x1, y1 = (np.round(np.array([x0, y0, x0 + w, y0 + d]) / 2.5e-4) * 2.5e-4)
        boxes.append((x0, y0, t, x1, y1, t + np.round(h / 5e-4) * 5e-4))
    polys = []
    for x0, y0, z0, x1, y1, z1 in boxes:
        dx, dy, dz = x1 - x0, y1 - y0, z1 - z0
        polys += [rect([x0, y0, z1], [dx, 0, 0], [0, dy, 0]),
                  rect([x0, y0, z0], [dx, 0, 0], [0, 0, dz]),
                  rect([x0, y1, z0], [0, 0, dz], [dx, 0, 0]),
                  rect([x0, y0, z0], [0, 0, dz], [0, dy, 0]),
                  rect([x1, y0, z0], [0, dy, 0], [0, 0, dz])]
    lines = [np.linspace(0.0, 0.2, 801), np.linspace(0.0, 0.2, 801),
             np.r_[0.0, t, t + 5e-4 * np.arange(1, 9), 0.02]]
    centres = [0.5 * (g[1:] + g[:-1]) for g in lines]
    active = np.zeros(tuple(g.size - 1 for g in lines), dtype=bool)
    active[:, :, centres[2] < t] = True
    for x0, y0, z0, x1, y1, z1 in boxes:
        sx = (centres[0] > x0) & (centres[0] < x1)
        sy = (centres[1] > y0) & (centres[1] < y1)
        sz = (centres[2] > z0) & (centres[2] < z1)
        active[np.ix_(sx, sy, sz)] = True
    return polys, (*lines, active)


def _wholly_in_front(patches, i, j, tol):
    """Every vertex of j on the front side of i's plane."""
    rel = patches.vertices[j, : patches.counts[j]] - patches.vertices[i, 0]
    return bool(np.all(rel @ patches.normals[i] >= -tol))


def pyviewfactor_pairs(patches, ii, jj):
    import pyviewfactor as pvf
    import pyvista as pv

    def cell(i):
        pts = patches.vertices[i, : patches.counts[i]]
        return pv.PolyData(pts, faces=np.r_[len(pts), np.arange(len(pts))])

    cells = {i: cell(i) for i in set(ii) | set(jj)}
    t0 = time.perf_counter()
    f = np.array([pvf.compute_viewfactor(cells[j], cells[i]) for i, j in zip(ii, jj,
                                                                              strict=True)])
    return f, time.perf_counter() - t0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--patches", type=int, default=5000)
    ap.add_argument("--resolution", type=int, default=2)
    ap.add_argument("--pairs", type=int, default=300)
    ap.add_argument("--repeats", type=int, default=2, help="timed calls (the first compiles)")
    args = ap.parse_args()
    polys, grid = board(args.patches // 5)
    patches = Patches(polys)
    out = {"patches": len(patches), "resolution": args.resolution,
           "grid_cells": int(grid[3].size)}
    for key in ("t_first", "t_repeat")[:max(1, args.repeats)]:
        t0, c0 = time.perf_counter(), time.process_time()
        vf = compute_view_factors(patches, resolution=args.resolution, grid=grid)
        out[key] = round(time.perf_counter() - t0, 3)
        out[key + "_cpu"] = round(time.process_time() - c0, 3)  # all threads: robust to load
    sums = vf.row_sums
    out.update(nonzero_pairs=int(vf.matrix.nnz // 2), row_sum_mean=float(sums.mean()),
               row_sum_max=float(sums.max()))
    # Unobstructed pairs: the same pairs through our kernel without blocking and pyviewfactor.
    tol = FRONT_TOLERANCE * patches.size
    ii, jj = facing_pairs(patches.vertices, patches.counts, patches.normals, tol)
    out["facing_pairs"] = int(ii.size)
    # pyviewfactor integrates whole polygons: compare pairs wholly in front of each other.
    whole = np.array([_wholly_in_front(patches, i, j, tol) and _wholly_in_front(patches, j, i, tol)
                      for i, j in zip(ii, jj, strict=True)])
    ii, jj = ii[whole], jj[whole]
    out["wholly_facing_pairs"] = int(ii.size)
    pick = np.random.default_rng(0).choice(ii.size, size=min(args.pairs, ii.size),
                                           replace=False)
    ii, jj = ii[pick], jj[pick]
    nodes, weights = np.polynomial.legendre.leggauss(args.resolution)
    empty = np.zeros(2)
    none = (np.zeros((0, 3, 3)), np.zeros(0, np.int64), np.zeros((0, 3)), np.zeros((0, 3)),
            np.zeros((0, 3)))
    t0 = time.perf_counter()
    g = pair_exchange_areas(ii, jj, patches.vertices, patches.counts, patches.normals,
                            patches.centroids, patches.areas, 0.5 * (nodes + 1),
                            0.5 * weights, tol, 1e-7 * patches.size, empty, empty, empty,
                            np.zeros((0, 0, 0), dtype=np.bool_), *none)
    t_ours = time.perf_counter() - t0
    ours = g / patches.areas[ii]
    out["us_per_pair_ours"] = round(1e6 * t_ours / ii.size, 2)
    try:
        theirs, t_pvf = pyviewfactor_pairs(patches, ii, jj)
    except ImportError:  # pyviewfactor is a dev-only dependency
        out["pyviewfactor"] = "not installed"
        print(json.dumps(out))
        return
    keep = theirs > 1e-6
    rel = np.abs(ours[keep] / theirs[keep] - 1.0)
    out.update(compared_pairs=int(keep.sum()), rel_diff_max=float(rel.max()),
               rel_diff_median=float(np.median(rel)),
               us_per_pair_pyviewfactor=round(1e6 * t_pvf / ii.size, 1))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
