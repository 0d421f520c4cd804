"""Does a straight segment between two surface points pass through a solid? Two kinds of
obstacle: the solver's Cartesian voxel grid (its ``active`` cells, traversed cell by cell with
the DDA of Amanatides & Woo, "A fast voxel traversal algorithm for ray tracing", Eurographics
1987, on non-uniform grid lines, over a coarse level of blocks first), and a set of planar
convex polygons (tests, and scenes without a grid).
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def _cell_index(lines, value):
    """Index of the cell of ``lines`` that holds ``value``, clamped into the grid."""
    i = np.searchsorted(lines, value, side="right") - 1
    return min(max(i, 0), lines.size - 2)


BLOCK = 8  # cells per side of a block of the coarse occupancy level


def block_grid(gx, gy, gz, active, block=BLOCK):
    """The grid for :func:`segment_blocked_by_grid`: its lines and ``active`` cells, and a
    coarse level of blocks of ``block`` cells a side (their lines and whether any cell of a
    block is active), which lets a segment skip empty blocks whole."""
    lines = [np.ascontiguousarray(v, dtype=np.float64) for v in (gx, gy, gz)]
    active = np.ascontiguousarray(active, dtype=np.bool_)
    starts = [np.arange(0, v.size - 1, block) for v in lines]
    occupied = active
    if active.size:
        for a in range(3):
            occupied = np.logical_or.reduceat(occupied, starts[a], axis=a)
    coarse = [np.append(v[st], v[-1]) for v, st in zip(lines, starts, strict=True)]
    return (*lines, active, *coarse, np.ascontiguousarray(occupied))


@njit(cache=True)
def segment_blocked_by_grid(p, q, grid):
    """True when the open segment p-q crosses an active cell of ``grid`` (from
    :func:`block_grid`). Outside the grid is empty. The end points are meant to lie in empty
    cells (surface points moved a little off their surface). Exact: blocks without an active
    cell are crossed in one step, the others cell by cell."""
    gx, gy, gz, active, cx, cy, cz, occupied = grid
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
    while t0 < t1:
        ta, tb = _first_occupied(p, d, t0, t1, cx, cy, cz, occupied)
        if ta >= t1:
            return False
        if _first_occupied(p, d, ta, tb, gx, gy, gz, active)[0] < tb:
            return True
        t0 = tb
    return False


@njit(cache=True)
def _first_occupied(p, d, t0, t1, gx, gy, gz, occupied):
    """Entry and exit parameters of the first cell of the lines ``gx, gy, gz`` that the
    segment ``p + t d`` crosses for t in (t0, t1) and that is ``occupied`` (inf, inf: none),
    by the DDA of Amanatides & Woo."""
    tm = t0 + 1e-9 * (t1 - t0)
    ix, sx, nx_t, dx_t = _axis_start(gx, p[0], d[0], tm)
    iy, sy, ny_t, dy_t = _axis_start(gy, p[1], d[1], tm)
    iz, sz, nz_t, dz_t = _axis_start(gz, p[2], d[2], tm)
    nx, ny, nz = gx.size - 1, gy.size - 1, gz.size - 1
    enter = t0
    while True:
        leave = min(nx_t, ny_t, nz_t, t1)
        if occupied[ix, iy, iz]:
            return enter, leave
        if leave >= t1:
            return np.inf, np.inf
        enter = leave
        if nx_t <= ny_t and nx_t <= nz_t:
            ix += sx
            if ix < 0 or ix >= nx:
                return np.inf, np.inf
            nx_t = _next_crossing(gx, ix, sx, p[0], dx_t)
        elif ny_t <= nz_t:
            iy += sy
            if iy < 0 or iy >= ny:
                return np.inf, np.inf
            ny_t = _next_crossing(gy, iy, sy, p[1], dy_t)
        else:
            iz += sz
            if iz < 0 or iz >= nz:
                return np.inf, np.inf
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
