"""View factors on a board of box components: all pairs of 5,000 patches with blocking by the
voxel grid, and a comparison with pyviewfactor on unobstructed pairs.

Scene: a 0.2 m x 0.2 m board (1.6 mm) with 1,000 components (boxes 1.5-5 mm, 1-4 mm high) on
a jittered 32 x 32 layout (a few slots empty), snapped to the grid; patches: each
component's top and four sides (5,000; the board's top is left out). The voxel grid is
800 x 800 x 11 cells (0.25 mm in x-y, 0.5 mm layers to 4 mm, then one to 20 mm); its
active cells are the board and the components.

    PYTHONPATH=$PWD python bench/view_factors.py [--patches 5000] [--resolution 2] [--pairs 300]
        [--reference-order 16] [--no-blocking-run]

Prints one JSON line: patch and facing-pair counts, wall and CPU time (all threads) of the
first call (numba compile, cached afterwards) and of a repeat, the row sums; then, on the
pairs wholly in front of each other and without blocking, apart for the near pairs and
those of the far-field rule: ThermoCraft's time per pair over all of them, and on a random
sample of ``--pairs`` of each the relative differences (median, 99th
percentile, largest) of ThermoCraft's kernel and of pyviewfactor (the ``bench`` extra; its
public per-pair call and its jitted SA-30 kernel, with their times per pair) from a Gauss
reference (``--reference-order`` points per side over the smaller patch, the exact contour
form inside; checked against twice that order).
"""

from __future__ import annotations

import argparse
import json
import os
import time

import numba
import numpy as np

from solver.physics.view_factors import (
    FAR_FIELD_RATIO,
    FRONT_TOLERANCE,
    Patches,
    compute_view_factors,
    facing_pairs,
    pair_exchange_areas,
    point_to_polygon_view_factor,
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


def wholly_in_front(patches, ii, jj, tol):
    """Per pair, every vertex of ``jj`` on the front side of ``ii``'s plane."""
    rel = patches.vertices[jj] - patches.vertices[ii, :1]
    dist = np.einsum("pvk,pk->pv", rel, patches.normals[ii])
    padding = np.arange(patches.vertices.shape[1]) >= patches.counts[jj][:, None]
    return np.all((dist >= -tol) | padding, axis=1)


def gauss_reference(patches, i, j, order):
    """``F_ij`` of two rectangles by a Gauss-Legendre rule of ``order^2`` points over the
    smaller one (the outer area integral, no far-field shortcut) and the exact contour form
    of the inner one (``point_to_polygon_view_factor``); reciprocity for the other side."""
    a, b = (i, j) if patches.areas[i] <= patches.areas[j] else (j, i)
    v = patches.vertices[a]
    u, w = v[1] - v[0], v[3] - v[0]
    x, wt = np.polynomial.legendre.leggauss(order)
    x, wt = 0.5 * (x + 1.0), 0.5 * wt
    target = np.ascontiguousarray(patches.vertices[b])
    total = sum(wt[p] * wt[q] * point_to_polygon_view_factor(
        v[0] + x[p] * u + x[q] * w, patches.normals[a], target, patches.counts[b])
        for p in range(order) for q in range(order))
    return total * patches.areas[a] / patches.areas[i]


def pyviewfactor_pairs(patches, ii, jj):
    """pyviewfactor's ``F_ij`` of each pair by its public per-pair call
    (``compute_viewfactor`` on two pyvista cells) and by its jitted SA-30 kernel
    (``compute_viewfactor_sa30`` on vertex arrays), and the CPU time per pair of each (both
    compiled first; one thread)."""
    import pyviewfactor as pvf
    import pyvista as pv

    def cell(i):
        pts = patches.vertices[i, : patches.counts[i]]
        return pv.PolyData(pts, faces=np.r_[len(pts), np.arange(len(pts))])

    cells = {i: cell(i) for i in set(ii) | set(jj)}
    pvf.compute_viewfactor(cells[jj[0]], cells[ii[0]])  # compile
    t0 = time.process_time()
    f = np.array([pvf.compute_viewfactor(cells[j], cells[i]) for i, j in zip(ii, jj,
                                                                              strict=True)])
    t_call = (time.process_time() - t0) / len(f)
    verts = [np.ascontiguousarray(patches.vertices[k, : patches.counts[k]])
             for k in range(len(patches))]
    const = 4.0 * np.pi * patches.areas
    pvf.compute_viewfactor_sa30(verts[jj[0]], verts[ii[0]], const[ii[0]])  # compile
    t0 = time.process_time()
    f_kernel = np.array([pvf.compute_viewfactor_sa30(verts[j], verts[i], const[i])
                         for i, j in zip(ii, jj, strict=True)])
    t_kernel = (time.process_time() - t0) / len(f_kernel)
    return f, f_kernel, t_call, t_kernel


def _relative(a, b):
    """Median, 99th percentile and largest relative difference of a from b."""
    rel = np.abs(a / b - 1.0)
    return [float(f"{v:.2g}") for v in (np.median(rel), np.percentile(rel, 99), rel.max())]


def compare_unobstructed(patches, args, out):
    """The pairs wholly in front of each other, without blocking: ThermoCraft's kernel (all of
    them, for the time per pair), a Gauss reference and pyviewfactor (a random sample)."""
    tol = FRONT_TOLERANCE * patches.size
    ii, jj = facing_pairs(patches.vertices, patches.counts, patches.normals, tol)
    out["facing_pairs"] = int(ii.size)
    # pyviewfactor integrates whole polygons: compare pairs wholly in front of each other.
    whole = wholly_in_front(patches, ii, jj, tol) & wholly_in_front(patches, jj, ii, tol)
    ii, jj = ii[whole], jj[whole]
    out["wholly_facing_pairs"] = int(ii.size)
    # The kernel's far-field pairs: the larger diameter (a rectangle's diagonal) under
    # FAR_FIELD_RATIO of the centroid distance. Timed and sampled apart: most pairs are far.
    diameter = np.linalg.norm(np.ptp(patches.vertices[:, :4], axis=1), axis=1)
    far = np.maximum(diameter[ii], diameter[jj]) < FAR_FIELD_RATIO * np.linalg.norm(
        patches.centroids[ii] - patches.centroids[jj], axis=1)
    unobstructed(patches, ii[:1], jj[:1], args.resolution, tol)  # load the compiled kernel
    rng = np.random.default_rng(0)
    for name, where in (("near", np.flatnonzero(~far)), ("far", np.flatnonzero(far))):
        f, wall, cpu = unobstructed(patches, ii[where], jj[where], args.resolution, tol)
        pick = rng.choice(where.size, size=min(args.pairs, where.size), replace=False)
        out[name] = {"pairs": int(where.size), "us_per_pair_ours": round(1e6 * wall, 3),
                     "us_per_pair_ours_cpu": round(1e6 * cpu, 3),
                     **compare_sample(patches, ii[where[pick]], jj[where[pick]], f[pick],
                                      args.reference_order)}


def unobstructed(patches, ii, jj, resolution, tol):
    """ThermoCraft's ``F_ij`` of the pairs without blocking, and the wall and CPU time (all
    threads) per pair."""
    nodes, weights = np.polynomial.legendre.leggauss(resolution)
    empty = np.zeros(2)
    none = (np.zeros((0, 3, 3)), np.zeros(0, np.int64), np.zeros((0, 3)), np.zeros((0, 3)),
            np.zeros((0, 3)))
    t0, c0 = time.perf_counter(), time.process_time()
    g = pair_exchange_areas(ii, jj, patches.vertices, patches.counts, patches.normals,
                            patches.centroids, patches.areas, 0.5 * (nodes + 1),
                            0.5 * weights, tol, 1e-7 * patches.size, empty, empty, empty,
                            np.zeros((0, 0, 0), dtype=np.bool_), *none)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    return g / patches.areas[ii], wall / ii.size, cpu / ii.size


def compare_sample(patches, ii, jj, ours, order):
    """Relative differences of ThermoCraft's ``ours`` and of pyviewfactor from the Gauss
    reference on the pairs ``ii, jj`` (those with a reference above 1e-6)."""
    ref = np.array([gauss_reference(patches, i, j, order) for i, j in zip(ii, jj, strict=True)])
    check = np.array([gauss_reference(patches, i, j, 2 * order)
                      for i, j in zip(ii, jj, strict=True)])
    keep = ref > 1e-6
    out = {"compared_pairs": int(keep.sum()), "reference_order": order,
           "reference_vs_double_order": _relative(ref[keep], check[keep]),
           "ours_vs_reference": _relative(ours[keep], ref[keep])}
    try:
        theirs, theirs_kernel, t_call, t_kernel = pyviewfactor_pairs(patches, ii, jj)
    except ImportError:  # pyviewfactor is in the bench extra only
        out["pyviewfactor"] = "not installed"
        return out
    import pyviewfactor

    out.update(pyviewfactor=pyviewfactor.__version__,
               pyviewfactor_vs_reference=_relative(theirs[keep], ref[keep]),
               ours_vs_pyviewfactor=_relative(ours[keep], theirs[keep]),
               kernel_vs_call=_relative(theirs_kernel[keep], theirs[keep]),
               us_per_pair_pyviewfactor_call_cpu=round(1e6 * t_call, 1),
               us_per_pair_pyviewfactor_kernel_cpu=round(1e6 * t_kernel, 2))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--patches", type=int, default=5000)
    ap.add_argument("--resolution", type=int, default=2)
    ap.add_argument("--pairs", type=int, default=300, help="sampled unobstructed pairs")
    ap.add_argument("--reference-order", type=int, default=16,
                    help="Gauss points per side of the reference (checked at twice that)")
    ap.add_argument("--repeats", type=int, default=2, help="timed calls (the first compiles)")
    ap.add_argument("--no-blocking-run", action="store_true",
                    help="only the unobstructed comparison")
    args = ap.parse_args()
    polys, grid = board(args.patches // 5)
    patches = Patches(polys)
    out = {"patches": len(patches), "resolution": args.resolution,
           "grid_cells": int(grid[3].size), "numba_threads": numba.get_num_threads()}
    for key in () if args.no_blocking_run else ("t_first", "t_repeat")[:max(1, args.repeats)]:
        t0, c0 = time.perf_counter(), time.process_time()
        vf = compute_view_factors(patches, resolution=args.resolution, grid=grid)
        out[key] = round(time.perf_counter() - t0, 3)
        out[key + "_cpu"] = round(time.process_time() - c0, 3)  # all threads: robust to load
        out["threading_layer"] = numba.threading_layer()
        sums = vf.row_sums
        out.update(nonzero_pairs=int(vf.matrix.nnz // 2), row_sum_mean=float(sums.mean()),
                   row_sum_max=float(sums.max()))
    compare_unobstructed(patches, args, out)
    out["load"] = round(os.getloadavg()[0], 1)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
