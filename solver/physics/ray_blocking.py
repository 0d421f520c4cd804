"""Does a straight segment between two surface points pass through a solid? Two kinds of
obstacle: the solver's Cartesian voxel grid (its ``active`` cells, traversed cell by cell with
the DDA of Amanatides & Woo, "A fast voxel traversal algorithm for ray tracing", Eurographics
1987, on non-uniform grid lines), and a set of planar convex polygons (tests, and scenes
without a grid).
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def _cell_index(lines, value):
    """Index of the cell of ``lines`` that holds ``value``, clamped into the grid."""
    i = np.searchsorted(lines, value, side="right") - 1
    return min(max(i, 0), lines.size - 2)


@njit(cache=True)
def segment_blocked_by_grid(p, q, gx, gy, gz, active):
    """True when the open segment p-q crosses an active cell of the grid with lines
    ``gx, gy, gz`` (``active`` of shape (nx, ny, nz)). Outside the grid is empty. The end points
    are meant to lie in empty cells (surface points moved a little off their surface)."""
    d = q - p
    t0, t1 = 0.0, 1.0
    lines = (gx, gy, gz)
    for a in range(3):
        lo, hi = lines[a][0], lines[a][-1]
        if d[a] == 0.0:
            if p[a] < lo or p[a] > hi:
                return False
            continue
        ta = (lo - p[a]) / d[a]
        tb = (hi - p[a]) / d[a]
        if ta > tb:
            ta, tb = tb, ta
        t0 = max(t0, ta)
        t1 = min(t1, tb)
    if t0 >= t1:
        return False
    tm = t0 + 1e-9 * (t1 - t0)
    idx = np.empty(3, np.int64)
    step = np.empty(3, np.int64)
    t_next = np.empty(3)
    for a in range(3):
        idx[a] = _cell_index(lines[a], p[a] + tm * d[a])
        if d[a] > 0.0:
            step[a] = 1
            t_next[a] = (lines[a][idx[a] + 1] - p[a]) / d[a]
        elif d[a] < 0.0:
            step[a] = -1
            t_next[a] = (lines[a][idx[a]] - p[a]) / d[a]
        else:
            step[a] = 0
            t_next[a] = np.inf
    n = (gx.size - 1, gy.size - 1, gz.size - 1)
    while True:
        if active[idx[0], idx[1], idx[2]]:
            return True
        a = 0
        if t_next[1] < t_next[a]:
            a = 1
        if t_next[2] < t_next[a]:
            a = 2
        if t_next[a] >= t1:
            return False
        idx[a] += step[a]
        if idx[a] < 0 or idx[a] >= n[a]:
            return False
        if step[a] > 0:
            t_next[a] = (lines[a][idx[a] + 1] - p[a]) / d[a]
        else:
            t_next[a] = (lines[a][idx[a]] - p[a]) / d[a]


@njit(cache=True)
def segment_blocked_by_polygons(p, q, verts, counts, normals, lo, hi):
    """True when the open segment p-q crosses one of the planar convex polygons ``verts[b,
    :counts[b]]`` (counter-clockwise about ``normals[b]``), whose bounding boxes are
    ``lo[b]``-``hi[b]``."""
    d = q - p
    seg_lo = np.minimum(p, q)
    seg_hi = np.maximum(p, q)
    for b in range(counts.size):
        if np.any(seg_hi < lo[b]) or np.any(seg_lo > hi[b]):
            continue
        nb = normals[b]
        denom = nb[0] * d[0] + nb[1] * d[1] + nb[2] * d[2]
        if denom == 0.0:
            continue
        v0 = verts[b, 0]
        t = (nb[0] * (v0[0] - p[0]) + nb[1] * (v0[1] - p[1]) + nb[2] * (v0[2] - p[2])) / denom
        if t <= 0.0 or t >= 1.0:
            continue
        x = p + t * d
        inside = True
        m = counts[b]
        for k in range(m):
            a = verts[b, k]
            e = verts[b, (k + 1) % m] - a
            r = x - a
            c0 = e[1] * r[2] - e[2] * r[1]
            c1 = e[2] * r[0] - e[0] * r[2]
            c2 = e[0] * r[1] - e[1] * r[0]
            if nb[0] * c0 + nb[1] * c1 + nb[2] * c2 < 0.0:
                inside = False
                break
        if inside:
            return True
    return False
