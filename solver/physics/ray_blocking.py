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
def point_in_solid(p, gx, gy, gz, active):
    """True when the point lies in an active cell of the grid (outside the grid is empty)."""
    if active.size == 0:
        return False
    for a, lines in enumerate((gx, gy, gz)):
        if p[a] < lines[0] or p[a] > lines[-1]:
            return False
    return active[_cell_index(gx, p[0]), _cell_index(gy, p[1]), _cell_index(gz, p[2])]


@njit(cache=True)
def segment_blocked_by_grid(p, q, gx, gy, gz, active):
    """True when the open segment p-q crosses an active cell of the grid with lines
    ``gx, gy, gz`` (``active`` of shape (nx, ny, nz)). Outside the grid is empty. The end points
    are meant to lie in empty cells (surface points moved a little off their surface)."""
    d = (q[0] - p[0], q[1] - p[1], q[2] - p[2])
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
    ix, sx, nx_t, dx_t = _axis_start(gx, p[0], d[0], tm)
    iy, sy, ny_t, dy_t = _axis_start(gy, p[1], d[1], tm)
    iz, sz, nz_t, dz_t = _axis_start(gz, p[2], d[2], tm)
    nx, ny, nz = gx.size - 1, gy.size - 1, gz.size - 1
    while True:
        if active[ix, iy, iz]:
            return True
        if nx_t <= ny_t and nx_t <= nz_t:
            if nx_t >= t1:
                return False
            ix += sx
            if ix < 0 or ix >= nx:
                return False
            nx_t = _next_crossing(gx, ix, sx, p[0], dx_t)
        elif ny_t <= nz_t:
            if ny_t >= t1:
                return False
            iy += sy
            if iy < 0 or iy >= ny:
                return False
            ny_t = _next_crossing(gy, iy, sy, p[1], dy_t)
        else:
            if nz_t >= t1:
                return False
            iz += sz
            if iz < 0 or iz >= nz:
                return False
            nz_t = _next_crossing(gz, iz, sz, p[2], dz_t)


@njit(cache=True)
def _axis_start(lines, p, d, tm):
    """Cell index at parameter ``tm``, step direction, parameter of the next line crossed."""
    i = _cell_index(lines, p + tm * d)
    if d > 0.0:
        return i, 1, (lines[i + 1] - p) / d, d
    if d < 0.0:
        return i, -1, (lines[i] - p) / d, d
    return i, 0, np.inf, d


@njit(cache=True)
def _next_crossing(lines, i, step, p, d):
    if step > 0:
        return (lines[i + 1] - p) / d
    return (lines[i] - p) / d


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
