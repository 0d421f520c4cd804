"""True-area correction of the staircase boundary faces of a voxelized body.

A voxelized curved surface is a staircase whose area overstates the real one (by up to
50 % on a sphere). Rule of :func:`true_face_areas`: every staircase face is assigned to the
nearest triangle of the body's mesh facing the same way as the face (exact point-to-triangle
distance from the face centre; the nearest of any facing only where no triangle faces its
way), hence to that triangle's face group; then all faces of a group are scaled by one
factor so that their total equals the group's true triangle area. Convective and radiative
exchange per group is therefore exact in total, distributed like the staircase.

The search is exact, not among the triangles with the nearest centroids: a large triangle
(a wall's face of two triangles) has its centroid far from most of its points, and beside a
finely meshed detail (a slot, a hole) the nearest centroids are all the detail's, which then
took the wall's faces (slivers of a few mm^2 spread over the wall, and inner walls labelled
as the outer face behind them).
"""

from __future__ import annotations

import itertools
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


@njit(cache=True)
def _nearest(points, normals, start, cand, V, T, N):
    """Per point ``f`` the nearest of its candidate triangles ``cand[start[f]:start[f+1]]``
    facing its way (the nearest of any where none does), that triangle's squared distance
    and whether it faces the point's way."""
    nf = points.shape[0]
    out = np.empty(nf, dtype=np.int64)
    dist = np.empty(nf)
    same = np.zeros(nf, dtype=np.bool_)
    for f in range(nf):
        best, best_d, best_any, best_any_d = -1, np.inf, -1, np.inf
        n = normals[f]
        for c in range(start[f], start[f + 1]):
            t = cand[c]
            d = _dist2(points[f], V[T[t, 0]], V[T[t, 1]], V[T[t, 2]])
            if d < best_any_d:
                best_any, best_any_d = t, d
            if _dot(N[t, 0], N[t, 1], N[t, 2], n[0], n[1], n[2]) > 0.0 and d < best_d:
                best, best_d = t, d
        same[f] = best >= 0
        out[f] = best if same[f] else best_any
        dist[f] = best_d if same[f] else best_any_d
    return out, dist, same


def _flatten(lists, offset: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The candidate lists of a kd-tree ball query, flat, with the point each belongs to;
    ``offset`` maps the tree's indices to triangles."""
    counts = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
    flat = np.fromiter(itertools.chain.from_iterable(lists), dtype=np.int64,
                       count=int(counts.sum()))
    return np.repeat(np.arange(len(lists)), counts), offset[flat]


def _nearest_triangles(centers: np.ndarray, normals: np.ndarray, V: np.ndarray,
                       T: np.ndarray, N: np.ndarray, k: int) -> np.ndarray:
    """Per point its nearest triangle facing its way (:func:`_nearest`), exactly: the
    nearest such among the ``k`` (or more) triangles with the nearest centroids bounds the
    distance ``d``; a triangle of circumradius about its centroid ``r`` can only be nearer
    when its centroid is within ``d + r``, which a ball query per class of ``r`` (powers of
    two) finds."""
    from scipy.spatial import cKDTree  # on demand: it costs start-up time for box models

    nf, nt = centers.shape[0], T.shape[0]
    corners = V[T]
    centroid = corners.mean(axis=1)
    tree = cKDTree(centroid)
    bound = np.zeros(nf)
    todo, kk = np.arange(nf), min(k, nt)
    while todo.size:  # more candidates where none of them faces the point's way
        _, cand = tree.query(centers[todo], k=kk)
        cand = np.ascontiguousarray(np.asarray(cand, dtype=np.int64).reshape(todo.size, kk))
        _, dist, same = _nearest(centers[todo], normals[todo], np.arange(todo.size + 1) * kk,
                                 cand.ravel(), V, T, N)
        bound[todo] = dist
        todo = todo[~same] if kk < nt else todo[:0]
        kk = min(4 * kk, nt)
    radius = np.linalg.norm(corners - centroid[:, None, :], axis=2).max(axis=1)
    top = float(radius.max())
    level = np.minimum(np.floor(np.log2(top / np.maximum(radius, 1e-300))), 40.0) \
        if top > 0.0 else np.zeros(nt)
    reach = np.sqrt(bound) * (1.0 + 1e-9) + 1e-12 * (1.0 + top)
    owner, tri = [], []
    for lev in np.unique(level):
        sub = np.nonzero(level == lev)[0]
        lists = cKDTree(centroid[sub]).query_ball_point(centers, reach + radius[sub].max())
        o, t = _flatten(lists, sub)
        owner.append(o)
        tri.append(t)
    owner, tri = np.concatenate(owner), np.concatenate(tri)
    order = np.argsort(owner, kind="stable")
    start = np.concatenate([[0], np.cumsum(np.bincount(owner, minlength=nf))])
    out, _, _ = _nearest(centers, normals, start, np.ascontiguousarray(tri[order]), V, T, N)
    return out


def true_face_areas(centers: np.ndarray, normals: np.ndarray, area: np.ndarray,
                    vertices: np.ndarray, triangles: np.ndarray,
                    groups: np.ndarray | None = None, k: int = 16) -> AreaCorrection:
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
    tri = _nearest_triangles(np.ascontiguousarray(centers, dtype=np.float64),
                             np.ascontiguousarray(normals, dtype=np.float64), V, T,
                             np.ascontiguousarray(N), k)
    face_group = G[tri]
    ids, inv = np.unique(G, return_inverse=True)
    true = np.bincount(inv.reshape(-1), weights=tri_area, minlength=ids.size)
    pos = np.searchsorted(ids, face_group)
    stair = np.bincount(pos, weights=area, minlength=ids.size)
    scale = np.divide(true, stair, out=np.zeros_like(true), where=stair > 0)
    unit = N[tri] / np.maximum(np.linalg.norm(N[tri], axis=1, keepdims=True), 1e-300)
    return AreaCorrection(area * scale[pos], face_group,
                          [int(g) for g, n in zip(ids, stair, strict=True) if n == 0], unit)
