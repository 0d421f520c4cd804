"""True-area correction of the staircase boundary faces of a voxelized body.

A voxelized curved surface is a staircase whose area overstates the real one (by up to
50 % on a sphere). Rule of :func:`true_face_areas`: every staircase face is assigned to the
nearest triangle of the body's mesh facing the same way as the face (exact point-to-triangle
distance from the face centre; the nearest of any facing only where no triangle faces its
way), hence to that triangle's face group; then all faces of a group are scaled by one
factor so that their total equals the group's true triangle area. Convective and radiative
exchange per group is therefore exact in total, distributed like the staircase.

The search is exact (a bounding-volume hierarchy of the triangles), not among the triangles
with the nearest centroids as it was: a large triangle (a wall's face of two triangles) has
its centroid far from most of its points, and beside a finely meshed detail (a slot, a hole)
the nearest centroids are all the detail's, which then took the wall's faces (slivers of a
few mm^2 spread over the wall, and inner walls labelled as the outer face behind them).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numba import njit

from solver.geometry.trimesh import triangle_areas


@dataclass
class AreaCorrection:
    """Corrected per-face areas, the group each face went to and the unit outward normal of
    its nearest triangle (the true surface's)."""

    area: np.ndarray
    group: np.ndarray
    missing_groups: list[int]  # groups with area but no staircase face (area not placed)
    normal: np.ndarray  # (n, 3)


@njit(cache=True)
def _dot(x0, x1, x2, y0, y1, y2):
    return x0 * y0 + x1 * y1 + x2 * y2


@njit(cache=True)
def _dist2(p, a, b, c):
    """Squared distance from p to triangle abc (Ericson's closest-point regions), in scalars
    (small-array temporaries would allocate in the hot loop)."""
    ab0, ab1, ab2 = b[0] - a[0], b[1] - a[1], b[2] - a[2]
    ac0, ac1, ac2 = c[0] - a[0], c[1] - a[1], c[2] - a[2]
    ap0, ap1, ap2 = p[0] - a[0], p[1] - a[1], p[2] - a[2]
    d1, d2 = _dot(ab0, ab1, ab2, ap0, ap1, ap2), _dot(ac0, ac1, ac2, ap0, ap1, ap2)
    u = v = 0.0  # closest point a + u ab + v ac
    if d1 > 0.0 or d2 > 0.0:
        bp0, bp1, bp2 = p[0] - b[0], p[1] - b[1], p[2] - b[2]
        d3, d4 = _dot(ab0, ab1, ab2, bp0, bp1, bp2), _dot(ac0, ac1, ac2, bp0, bp1, bp2)
        cp0, cp1, cp2 = p[0] - c[0], p[1] - c[1], p[2] - c[2]
        d5, d6 = _dot(ab0, ab1, ab2, cp0, cp1, cp2), _dot(ac0, ac1, ac2, cp0, cp1, cp2)
        vc = d1 * d4 - d3 * d2
        vb = d5 * d2 - d1 * d6
        va = d3 * d6 - d5 * d4
        if d3 >= 0.0 and d4 <= d3:
            u = 1.0
        elif vc <= 0.0 and d1 >= 0.0 and d3 <= 0.0:
            u = d1 / (d1 - d3)
        elif d6 >= 0.0 and d5 <= d6:
            v = 1.0
        elif vb <= 0.0 and d2 >= 0.0 and d6 <= 0.0:
            v = d2 / (d2 - d6)
        elif va <= 0.0 and (d4 - d3) >= 0.0 and (d5 - d6) >= 0.0:
            v = (d4 - d3) / ((d4 - d3) + (d5 - d6))
            u = 1.0 - v
        else:
            den = 1.0 / (va + vb + vc)
            u, v = vb * den, vc * den
    r0 = ap0 - u * ab0 - v * ac0
    r1 = ap1 - u * ab1 - v * ac1
    r2 = ap2 - u * ab2 - v * ac2
    return r0 * r0 + r1 * r1 + r2 * r2


LEAF_SIZE = 4  # triangles per leaf of the bounding-volume hierarchy


@njit(cache=True)
def _build_tree(box_lo, box_hi, centroid):
    """A bounding-volume hierarchy of the triangles (their boxes ``box_lo``..``box_hi``):
    each node's box, first child (its children are that and the next; -1: a leaf) and the
    range of ``perm`` (the triangles in tree order) it holds. Nodes split at the median
    centroid along the centroids' widest axis."""
    n = centroid.shape[0]
    cap = max(1, 2 * n)
    lo, hi = np.empty((cap, 3)), np.empty((cap, 3))
    child = np.full(cap, -1, dtype=np.int64)
    begin, end = np.zeros(cap, dtype=np.int64), np.zeros(cap, dtype=np.int64)
    perm = np.arange(n)
    end[0] = n
    count = 1
    stack = np.zeros(cap, dtype=np.int64)
    top = 1
    while top > 0:
        top -= 1
        node = stack[top]
        mine = perm[begin[node]:end[node]]
        for a in range(3):
            lo[node, a] = box_lo[mine, a].min()
            hi[node, a] = box_hi[mine, a].max()
        if mine.size <= LEAF_SIZE:
            continue
        c = centroid[mine]
        spread = np.array([c[:, a].max() - c[:, a].min() for a in range(3)])
        perm[begin[node]:end[node]] = mine[np.argsort(c[:, np.argmax(spread)])]
        mid = (begin[node] + end[node]) // 2
        child[node] = count
        begin[count], end[count] = begin[node], mid
        begin[count + 1], end[count + 1] = mid, end[node]
        stack[top], stack[top + 1] = count, count + 1
        top += 2
        count += 2
    return lo[:count], hi[:count], child[:count], begin[:count], end[:count], perm


@njit(cache=True)
def _box_gap2(q, lo, hi):
    """Squared distance from the point ``q`` to the box ``lo``..``hi``."""
    gap = 0.0
    for a in range(3):
        g = max(lo[a] - q[a], q[a] - hi[a], 0.0)
        gap += g * g
    return gap


@njit(cache=True)
def _nearest(points, normals, lo, hi, child, begin, end, perm, V, T, N):
    """Per point the nearest triangle facing its way (normals' dot > 0), exactly, by the
    hierarchy of :func:`_build_tree` (nodes farther than the best so far are skipped, the
    previous point's triangle the first guess); the nearest of any facing where none faces
    its way."""
    out = np.empty(points.shape[0], dtype=np.int64)
    stack = np.zeros(2 * lo.shape[0] + 2, dtype=np.int64)
    for f in range(points.shape[0]):
        best, best_d, best_any, best_any_d = -1, np.inf, -1, np.inf
        q, n = points[f], normals[f]
        if f > 0:  # the previous point's triangle bounds the search (neighbours in order)
            t = out[f - 1]
            d = _dist2(q, V[T[t, 0]], V[T[t, 1]], V[T[t, 2]])
            best_any, best_any_d = t, d
            if _dot(N[t, 0], N[t, 1], N[t, 2], n[0], n[1], n[2]) > 0.0:
                best, best_d = t, d
        stack[0] = 0
        top = 1
        while top > 0:
            top -= 1
            node = stack[top]
            if _box_gap2(q, lo[node], hi[node]) >= best_d:
                continue
            c = child[node]
            if c >= 0:
                near = _box_gap2(q, lo[c], hi[c]) <= _box_gap2(q, lo[c + 1], hi[c + 1])
                stack[top], stack[top + 1] = (c + 1, c) if near else (c, c + 1)
                top += 2
                continue
            for i in range(begin[node], end[node]):
                t = perm[i]
                d = _dist2(q, V[T[t, 0]], V[T[t, 1]], V[T[t, 2]])
                if d < best_any_d:
                    best_any, best_any_d = t, d
                if d < best_d and _dot(N[t, 0], N[t, 1], N[t, 2], n[0], n[1], n[2]) > 0.0:
                    best, best_d = t, d
        out[f] = best if best >= 0 else best_any
    return out


def true_face_areas(centers: np.ndarray, normals: np.ndarray, area: np.ndarray,
                    vertices: np.ndarray, triangles: np.ndarray,
                    groups: np.ndarray | None = None) -> AreaCorrection:
    """Staircase faces (centres, outward unit normals, areas) given the face group of their
    nearest triangle and areas scaled so each group's total equals its true triangle area."""
    V = np.ascontiguousarray(vertices, dtype=np.float64)
    T = np.ascontiguousarray(triangles, dtype=np.int64)
    G = np.zeros(T.shape[0], dtype=np.int64) if groups is None else np.asarray(groups)
    tri_area = triangle_areas(V, T)
    p = V[T]
    N = np.cross(p[:, 1] - p[:, 0], p[:, 2] - p[:, 0])
    nf = area.size
    if nf == 0:
        return AreaCorrection(area.copy(), np.zeros(0, dtype=np.int64),
                              sorted(int(g) for g in np.unique(G)), np.zeros((0, 3)))
    corners = np.ascontiguousarray(p)
    tree = _build_tree(corners.min(axis=1), corners.max(axis=1), corners.mean(axis=1))
    tri = _nearest(np.ascontiguousarray(centers, dtype=np.float64),
                   np.ascontiguousarray(normals, dtype=np.float64), *tree, V, T,
                   np.ascontiguousarray(N))
    face_group = G[tri]
    ids, inv = np.unique(G, return_inverse=True)
    true = np.bincount(inv.reshape(-1), weights=tri_area, minlength=ids.size)
    pos = np.searchsorted(ids, face_group)
    stair = np.bincount(pos, weights=area, minlength=ids.size)
    scale = np.divide(true, stair, out=np.zeros_like(true), where=stair > 0)
    unit = N[tri] / np.maximum(np.linalg.norm(N[tri], axis=1, keepdims=True), 1e-300)
    return AreaCorrection(area * scale[pos], face_group,
                          [int(g) for g, n in zip(ids, stair, strict=True) if n == 0], unit)
