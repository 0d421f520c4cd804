"""Where a triangle-mesh body is thin along each grid axis, for local grid refinement.

A rotated board or a fin of an imported heat sink is thin along a direction that is not a
grid axis, so its bounding box says nothing about its thickness. Rule of
:func:`thin_ranges`: for each axis ``a``, rays parallel to ``a`` are cast through a lattice
over the body's bounding box in the two other axes; each ray's sorted crossings pair up into
inside intervals ``[s0, s1]``. An interval whose entry and exit triangles face opposite ways
(unit normals with ``n_in . n_out <= -OPPOSING``) crosses a wall of the body: the grid must
put ``min_cells_across`` cells into it, so ``[s0, s1]`` along ``a`` gets the size cap
``(s1 - s0) / min_cells_across``. Intervals whose end triangles are not opposed (a ray that
clips an edge or a corner of the body, where the crossing length goes to zero) are ignored.
For a flat wall of thickness ``t`` and unit normal ``n`` the interval along ``a`` is
``t / |n_a|``, so the staircase of the voxelized wall is ``min_cells_across`` cells thick
along every axis it crosses. Overlapping and nearly adjacent ranges of similar caps merge
(the smallest cap wins), which keeps the number of new grid keypoints small: a flat wall
yields one range per axis, a fin the two planes of its faces. Ranges of dissimilar caps are
kept apart (see :func:`merge_ranges`): in a hollow body a ray running inside a wall crosses
the whole body, and that range must not take the cap of the walls it overlaps.

Cost: ``O(rays x triangles per lattice column)``; the lattice has at most ``MAX_RAYS`` lines
per axis, so features narrower than ``extent / MAX_RAYS`` across the ray direction may be
missed.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numba import njit

from solver.meshing.predicates import orient2d_sign
from solver.meshing.voxelize import _bin_triangles, _ray_z

#: Entry and exit triangles whose unit normals have ``n_in . n_out <= -OPPOSING`` bound a wall.
OPPOSING = 0.5
#: Rays per lattice axis: at most this many, at least ``MIN_RAYS``.
MAX_RAYS = 96
MIN_RAYS = 8
#: Crossings shorter than this fraction of the body's diagonal are not refined (slivers).
MIN_WALL = 1e-3

Range = tuple[float, float, float]  # (lo, hi, cap) along one axis


@njit(cache=True)
def _wall_intervals(ul, vl, verts, tris, normals, start, items, out):
    """For the ray at the centre of every lattice column, the inside intervals whose entry
    and exit triangles are opposed; writes ``(s0, s1)`` rows into ``out``, returns the count.
    Coordinates are permuted so that the ray runs along the third one."""
    nu, nv = ul.size - 1, vl.size - 1
    m = tris.shape[0]
    sign = np.empty(m, dtype=np.int64)
    for t in range(m):
        a, b, c = tris[t, 0], tris[t, 1], tris[t, 2]
        sign[t] = orient2d_sign(verts[a, 0], verts[a, 1], verts[b, 0], verts[b, 1],
                                verts[c, 0], verts[c, 1])
    maxbin = 0
    for c in range(nu * nv):
        maxbin = max(maxbin, start[c + 1] - start[c])
    zs = np.empty(maxbin)
    ts = np.empty(maxbin, dtype=np.int64)
    count = 0
    for i in range(nu):
        px = 0.5 * (ul[i] + ul[i + 1])
        for j in range(nv):
            py = 0.5 * (vl[j] + vl[j + 1])
            n = 0
            for q in range(start[i * nv + j], start[i * nv + j + 1]):
                t = items[q]
                if sign[t] == 0:
                    continue
                z = _ray_z(verts, tris[t], sign[t], px, py)
                if not np.isnan(z):
                    zs[n] = z
                    ts[n] = t
                    n += 1
            if n % 2 == 1:  # a ray through a silhouette edge: no reliable pairing
                continue
            for a in range(1, n):  # insertion sort by z: n is small
                z, t = zs[a], ts[a]
                b = a - 1
                while b >= 0 and zs[b] > z:
                    zs[b + 1], ts[b + 1] = zs[b], ts[b]
                    b -= 1
                zs[b + 1], ts[b + 1] = z, t
            for k in range(0, n, 2):
                t0, t1 = ts[k], ts[k + 1]
                dot = normals[t0, 0] * normals[t1, 0] + normals[t0, 1] * normals[t1, 1] \
                    + normals[t0, 2] * normals[t1, 2]
                if dot <= -OPPOSING and zs[k + 1] > zs[k] and count < out.shape[0]:
                    out[count, 0] = zs[k]
                    out[count, 1] = zs[k + 1]
                    count += 1
    return count


def _lattice(lo: float, hi: float, spacing: float) -> np.ndarray:
    n = int(min(max(np.ceil((hi - lo) / spacing), MIN_RAYS), MAX_RAYS))
    return np.linspace(lo, hi, n + 1)


def merge_ranges(ranges: list[Range], growth: float) -> list[Range]:
    """Ranges of similar caps (within ``growth**4`` of each other) that overlap or lie closer
    than their cap merged into one (the smallest cap wins). Ranges of dissimilar caps stay
    apart even where they overlap: the grid generator takes the smallest cap of the ranges
    covering each interval, so a ray along a hollow body's wall (one crossing of the whole
    body, a large cap) leaves the fine cap of the wall it crosses to the wall's own range,
    and a thin fin beside a thick wall keeps its own."""
    limit = growth ** 4
    done: list[list[float]] = []
    open_: list[list[float]] = []  # [lo, hi, smallest cap, largest cap], by lo
    for lo, hi, cap in sorted(ranges):
        still = []
        for r in open_:  # lo only grows: a range ended more than its cap before lo is done
            (still if lo - r[1] <= r[2] else done).append(r)
        open_ = still
        for r in reversed(open_):
            if lo - r[1] <= min(cap, r[2]) and max(cap, r[3]) <= limit * min(cap, r[2]):
                r[1], r[2], r[3] = max(r[1], hi), min(r[2], cap), max(r[3], cap)
                break
        else:
            open_.append([lo, hi, cap, cap])
    return sorted((lo, hi, cap) for lo, hi, cap, _ in done + open_)


def thin_ranges(vertices: np.ndarray, triangles: np.ndarray, min_cells_across: int,
                spacing: float, growth: float = 1.3,
                check: Callable[[], None] | None = None) -> list[list[Range]]:
    """Per axis, the ``(lo, hi, cap)`` ranges where the mesh is a wall of crossing length
    ``min_cells_across * cap``; ``spacing`` is the ray lattice's target spacing (m).
    Crossings shorter than ``MIN_WALL`` times the body's diagonal are ignored (slivers);
    ``check`` is called between axes (it raises to cancel)."""
    V = np.ascontiguousarray(vertices, dtype=np.float64)
    T = np.ascontiguousarray(triangles, dtype=np.int64)
    p = V[T]
    nrm = np.cross(p[:, 1] - p[:, 0], p[:, 2] - p[:, 0])
    nrm /= np.maximum(np.linalg.norm(nrm, axis=1, keepdims=True), 1e-300)
    lo, hi = V.min(axis=0), V.max(axis=0)
    shortest = MIN_WALL * float(np.linalg.norm(hi - lo))
    out = []
    for a in range(3):
        if check is not None:
            check()
        u, v = (a + 1) % 3, (a + 2) % 3  # cyclic: keeps the triangles' handedness
        perm = np.ascontiguousarray(V[:, [u, v, a]])
        ul, vl = _lattice(lo[u], hi[u], spacing), _lattice(lo[v], hi[v], spacing)
        start, items = _bin_triangles(ul, vl, perm, T)
        buf = np.empty((items.size // 2 + 1, 2))
        n = _wall_intervals(ul, vl, perm, T, nrm, start, items, buf)
        ranges = [(float(s0), float(s1), float(s1 - s0) / min_cells_across)
                  for s0, s1 in buf[:n] if s1 - s0 >= shortest]
        out.append(merge_ranges(ranges, growth))
    return out
