"""Closed triangle meshes: validation, volume/area, and test shapes.

A mesh is ``vertices`` (N, 3) float and ``triangles`` (M, 3) int, outward normals by the
right-hand rule; ``groups`` (M,) int optionally names the face each triangle belongs to.
Errors are :class:`GeometryError` with messages a caller can prefix with a path.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np
from numba import njit

from solver.errors import GeometryError


@dataclass
class MeshInfo:
    """A validated mesh (orientation fixed if it was inside out) and its measures."""

    vertices: np.ndarray
    triangles: np.ndarray
    groups: np.ndarray
    volume: float
    area: float
    group_areas: dict[int, float] = field(default_factory=dict)
    flipped: bool = False


# ---------------------------------------------------------------------------- measures
def triangle_areas(vertices: np.ndarray, triangles: np.ndarray) -> np.ndarray:
    """Area of every triangle."""
    p = vertices[triangles]
    return 0.5 * np.linalg.norm(np.cross(p[:, 1] - p[:, 0], p[:, 2] - p[:, 0]), axis=1)


def surface_area(vertices: np.ndarray, triangles: np.ndarray) -> float:
    return float(triangle_areas(vertices, triangles).sum())


def signed_volume(vertices: np.ndarray, triangles: np.ndarray) -> float:
    """Enclosed volume, positive for outward-oriented closed meshes."""
    p = vertices[triangles]
    c = p.mean(axis=(0, 1))  # shift for accuracy far from the origin
    a, b, d = p[:, 0] - c, p[:, 1] - c, p[:, 2] - c
    return float(np.einsum("ij,ij->", a, np.cross(b, d)) / 6.0)


def group_areas(vertices: np.ndarray, triangles: np.ndarray,
                groups: np.ndarray) -> dict[int, float]:
    """Total triangle area per group id."""
    areas = triangle_areas(vertices, triangles)
    ids, inv = np.unique(np.asarray(groups), return_inverse=True)
    sums = np.bincount(inv, weights=areas, minlength=ids.size)
    return {int(g): float(s) for g, s in zip(ids, sums, strict=True)}


def flip(triangles: np.ndarray) -> np.ndarray:
    """Triangles with reversed orientation."""
    return np.ascontiguousarray(triangles[:, ::-1])


# ---------------------------------------------------------------------------- checks
def check_edges(triangles: np.ndarray) -> None:
    """Raise unless every edge is used exactly twice, once in each direction."""
    t = np.asarray(triangles, dtype=np.int64)
    a = t.reshape(-1)
    b = t[:, [1, 2, 0]].reshape(-1)
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    n = int(t.max()) + 1 if t.size else 1
    key = lo * n + hi
    fwd = (a < b).astype(np.int64)
    keys, inv, counts = np.unique(key, return_inverse=True, return_counts=True)
    nfwd = np.bincount(inv, weights=fwd, minlength=keys.size).astype(np.int64)

    def first(mask: np.ndarray) -> str:
        k = int(keys[np.argmax(mask)])
        return f"{k // n}-{k % n}"

    if np.any(a == b):
        raise GeometryError("mesh has triangles repeating a vertex "
                            f"(first triangle {int(np.argmax((a == b).reshape(-1, 3).any(1)))})")
    bad = counts == 1
    if bad.any():
        raise GeometryError(f"mesh is not closed: {int(bad.sum())} open edges "
                            f"(first at vertices {first(bad)})")
    bad = counts > 2
    if bad.any():
        raise GeometryError(f"mesh is not manifold: {int(bad.sum())} edges shared by more "
                            f"than two triangles (first at vertices {first(bad)})")
    bad = nfwd != 1
    if bad.any():
        raise GeometryError(f"mesh is not consistently oriented: {int(bad.sum())} edges run "
                            f"the same way in both triangles (first at vertices {first(bad)})")


def orient_patches(triangles: np.ndarray, patches: np.ndarray) -> np.ndarray:
    """Flip whole patches (e.g. CAD faces, each internally consistent) so that every edge
    shared by two patches runs opposite ways; the global sign is left to the caller.
    Use ``patches = np.arange(M)`` to orient triangle by triangle."""
    T = np.array(triangles, dtype=np.int64)
    pid = np.unique(np.asarray(patches), return_inverse=True)[1].reshape(-1)
    npatch = int(pid.max()) + 1 if pid.size else 0
    a = T.reshape(-1)
    b = T[:, [1, 2, 0]].reshape(-1)
    tp = np.repeat(pid, 3)
    n = int(T.max()) + 1
    key = np.minimum(a, b) * n + np.maximum(a, b)
    fwd = a < b
    order = np.argsort(key, kind="stable")
    k, f, p = key[order], fwd[order], tp[order]
    pair = np.flatnonzero(k[1:] == k[:-1])
    adj: dict[int, list[tuple[int, bool]]] = {}
    for i in pair:
        pa, pb = int(p[i]), int(p[i + 1])
        if pa != pb:
            same = bool(f[i] == f[i + 1])  # same direction: one patch must flip
            adj.setdefault(pa, []).append((pb, same))
            adj.setdefault(pb, []).append((pa, same))
    flip_p = np.full(npatch, -1, dtype=np.int64)
    for root in range(npatch):
        if flip_p[root] >= 0:
            continue
        flip_p[root] = 0
        stack = [root]
        while stack:
            q = stack.pop()
            for r, same in adj.get(q, ()):
                if flip_p[r] < 0:
                    flip_p[r] = flip_p[q] ^ int(same)
                    stack.append(r)
    rev = flip_p[pid] == 1
    T[rev] = T[rev][:, ::-1]
    return T


def degenerate_triangles(vertices: np.ndarray, triangles: np.ndarray,
                         rel_tol: float = 1e-12) -> np.ndarray:
    """Indices of triangles with area ≤ rel_tol × (bounding-box diagonal)²."""
    diag2 = float(np.sum(np.ptp(vertices, axis=0) ** 2)) if vertices.size else 0.0
    return np.flatnonzero(triangle_areas(vertices, triangles) <= rel_tol * diag2)


@njit(cache=True, inline="always")
def _triple(ux, uy, uz, vx, vy, vz, wx, wy, wz):
    return ux * (vy * wz - vz * wy) + uy * (vz * wx - vx * wz) + uz * (vx * wy - vy * wx)


@njit(cache=True)
def _seg_hits_tri(p, q, a, b, c):
    """Segment pq crosses triangle abc (proper crossing of its plane, closed triangle)."""
    abx, aby, abz = b[0] - a[0], b[1] - a[1], b[2] - a[2]
    acx, acy, acz = c[0] - a[0], c[1] - a[1], c[2] - a[2]
    o1 = _triple(abx, aby, abz, acx, acy, acz, p[0] - a[0], p[1] - a[1], p[2] - a[2])
    o2 = _triple(abx, aby, abz, acx, acy, acz, q[0] - a[0], q[1] - a[1], q[2] - a[2])
    if not ((o1 > 0.0 and o2 < 0.0) or (o1 < 0.0 and o2 > 0.0)):
        return False
    dx, dy, dz = q[0] - p[0], q[1] - p[1], q[2] - p[2]
    pa = (a[0] - p[0], a[1] - p[1], a[2] - p[2])
    pb = (b[0] - p[0], b[1] - p[1], b[2] - p[2])
    pc = (c[0] - p[0], c[1] - p[1], c[2] - p[2])
    u = _triple(dx, dy, dz, pc[0], pc[1], pc[2], pb[0], pb[1], pb[2])
    v = _triple(dx, dy, dz, pa[0], pa[1], pa[2], pc[0], pc[1], pc[2])
    w = _triple(dx, dy, dz, pb[0], pb[1], pb[2], pa[0], pa[1], pa[2])
    return (u >= 0.0 and v >= 0.0 and w >= 0.0) or (u <= 0.0 and v <= 0.0 and w <= 0.0)


@njit(cache=True)
def _tris_intersect(P, ta, tb):
    for k in range(3):
        if _seg_hits_tri(P[ta[k]], P[ta[(k + 1) % 3]], P[tb[0]], P[tb[1]], P[tb[2]]):
            return True
        if _seg_hits_tri(P[tb[k]], P[tb[(k + 1) % 3]], P[ta[0]], P[ta[1]], P[ta[2]]):
            return True
    return False


@njit(cache=True)
def _first_intersection(P, T, lo, hi, order, ax):
    m = order.size
    for ii in range(m):
        t = order[ii]
        for jj in range(ii + 1, m):
            u = order[jj]
            if lo[u, ax] > hi[t, ax]:
                break
            if lo[u, 0] > hi[t, 0] or hi[u, 0] < lo[t, 0] \
                    or lo[u, 1] > hi[t, 1] or hi[u, 1] < lo[t, 1] \
                    or lo[u, 2] > hi[t, 2] or hi[u, 2] < lo[t, 2]:
                continue
            shared = False
            for k in range(3):
                for l in range(3):
                    if T[t, k] == T[u, l]:
                        shared = True
            if shared:
                continue
            if _tris_intersect(P, T[t], T[u]):
                return min(t, u), max(t, u)
    return -1, -1


def find_self_intersection(vertices: np.ndarray,
                           triangles: np.ndarray) -> tuple[int, int] | None:
    """First pair of triangles (not sharing a vertex) whose interiors cross, else None.

    Sweep-and-prune of bounding boxes sorted along the axis where they spread most, then
    edge-versus-triangle tests (numba).
    Coplanar overlaps are not detected.
    """
    P = np.ascontiguousarray(vertices, dtype=np.float64)
    T = np.ascontiguousarray(triangles, dtype=np.int64)
    if T.shape[0] < 2:
        return None
    pts = P[T]
    lo, hi = pts.min(axis=1), pts.max(axis=1)
    spread = np.ptp(lo, axis=0) / np.maximum((hi - lo).mean(axis=0), 1e-300)
    ax = int(np.argmax(spread))
    order = np.argsort(lo[:, ax], kind="stable")
    a, b = _first_intersection(P, T, lo, hi, order, ax)
    return None if a < 0 else (int(a), int(b))


def check_mesh(vertices: np.ndarray, triangles: np.ndarray, groups: np.ndarray | None = None,
               *, fix_orientation: bool = True, self_intersection: bool = True,
               degenerate_tol: float = 1e-12) -> MeshInfo:
    """Validate a closed triangle mesh and measure it.

    Checks: shapes and indices, closed and consistently oriented (each edge used twice, once
    per direction), no degenerate triangles, no self-intersection, positive volume (an
    inside-out mesh is flipped when ``fix_orientation``, else rejected).
    """
    V = np.asarray(vertices, dtype=np.float64)
    T = np.asarray(triangles, dtype=np.int64)
    if V.ndim != 2 or V.shape[1] != 3 or T.ndim != 2 or T.shape[1] != 3 or T.shape[0] == 0:
        raise GeometryError(f"mesh must be vertices (N, 3) and triangles (M, 3); got "
                            f"{V.shape} and {T.shape}")
    if not np.all(np.isfinite(V)):
        raise GeometryError("mesh has non-finite vertex coordinates")
    if T.min() < 0 or T.max() >= V.shape[0]:
        raise GeometryError(f"mesh triangle indices outside 0..{V.shape[0] - 1}")
    G = np.zeros(T.shape[0], dtype=np.int64) if groups is None else np.asarray(groups)
    if G.shape != (T.shape[0],):
        raise GeometryError(f"face groups must have one id per triangle ({T.shape[0]})")
    check_edges(T)
    deg = degenerate_triangles(V, T, degenerate_tol)
    if deg.size:
        raise GeometryError(f"mesh has {deg.size} degenerate (zero-area) triangles "
                            f"(first: triangle {int(deg[0])})")
    if self_intersection:
        pair = find_self_intersection(V, T)
        if pair is not None:
            raise GeometryError(f"mesh intersects itself: triangles {pair[0]} and {pair[1]} "
                                "cross")
    vol = signed_volume(V, T)
    flipped = False
    if vol < 0.0:
        if not fix_orientation:
            raise GeometryError(f"mesh is inside out (signed volume {vol:.6g}); "
                                "its triangles need reversing")
        T, vol, flipped = flip(T), -vol, True
    if vol == 0.0:
        raise GeometryError("mesh encloses no volume")
    return MeshInfo(V, T, G, vol, surface_area(V, T), group_areas(V, T, G), flipped)


_CHECKED: OrderedDict[bytes, MeshInfo | GeometryError] = OrderedDict()
_CHECKED_SIZE = 8


def checked_mesh(vertices: np.ndarray, triangles: np.ndarray) -> MeshInfo:
    """:func:`check_mesh` with default options, remembered by content for the last few
    meshes: ``validate`` and the solve that follows it check each mesh once. Raises the
    same :class:`GeometryError` again for a mesh already found bad."""
    V = np.ascontiguousarray(vertices, dtype=np.float64)
    T = np.ascontiguousarray(triangles, dtype=np.int64)
    h = hashlib.blake2b(digest_size=20)
    for a in (V, T):
        h.update(repr(a.shape).encode())
        h.update(a.tobytes())
    key = h.digest()
    hit = _CHECKED.get(key)
    if hit is None:
        try:
            hit = check_mesh(V, T)
        except GeometryError as exc:
            hit = exc
        _CHECKED[key] = hit
        while len(_CHECKED) > _CHECKED_SIZE:
            _CHECKED.popitem(last=False)
    else:
        _CHECKED.move_to_end(key)
    if isinstance(hit, GeometryError):
        raise GeometryError(str(hit))
    return hit


# ---------------------------------------------------------------------------- test shapes
def box_mesh(lo, hi) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Closed outward mesh of an axis-aligned box: (vertices, triangles, face groups 0..5).

    Groups: 0 -x, 1 +x, 2 -y, 3 +y, 4 -z, 5 +z.
    """
    lo, hi = np.asarray(lo, dtype=float), np.asarray(hi, dtype=float)
    corner = np.array([[i, j, k] for i in (0, 1) for j in (0, 1) for k in (0, 1)])
    V = np.where(corner == 1, hi, lo)
    idx = lambda i, j, k: 4 * i + 2 * j + k  # noqa: E731
    quads = [
        (idx(0, 0, 0), idx(0, 0, 1), idx(0, 1, 1), idx(0, 1, 0)),  # -x
        (idx(1, 0, 0), idx(1, 1, 0), idx(1, 1, 1), idx(1, 0, 1)),  # +x
        (idx(0, 0, 0), idx(1, 0, 0), idx(1, 0, 1), idx(0, 0, 1)),  # -y
        (idx(0, 1, 0), idx(0, 1, 1), idx(1, 1, 1), idx(1, 1, 0)),  # +y
        (idx(0, 0, 0), idx(0, 1, 0), idx(1, 1, 0), idx(1, 0, 0)),  # -z
        (idx(0, 0, 1), idx(1, 0, 1), idx(1, 1, 1), idx(0, 1, 1)),  # +z
    ]
    T = []
    for a, b, c, d in quads:
        T += [(a, b, c), (a, c, d)]
    return V.astype(float), np.array(T, dtype=np.int64), np.repeat(np.arange(6), 2)


def cylinder_mesh(radius: float, length: float, n: int = 64
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Closed outward mesh of an n-sided prism inscribed in a cylinder along z from z = 0 to
    ``length``: (vertices, triangles, face groups 0 side, 1 bottom, 2 top)."""
    a = np.linspace(0, 2 * np.pi, n, endpoint=False)
    ring = np.stack([radius * np.cos(a), radius * np.sin(a)], axis=1)
    V = np.concatenate([np.column_stack([ring, np.zeros(n)]),
                        np.column_stack([ring, np.full(n, length)]),
                        [[0, 0, 0], [0, 0, length]]])
    tris, groups = [], []
    for i in range(n):
        j = (i + 1) % n
        tris += [[i, j, n + j], [i, n + j, n + i], [2 * n, j, i], [2 * n + 1, n + i, n + j]]
        groups += [0, 0, 1, 2]
    return V, np.array(tris, dtype=np.int64), np.array(groups, dtype=np.int64)


def sphere_mesh(radius: float, center=(0.0, 0.0, 0.0),
                subdivisions: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """Icosphere: 20·4^subdivisions outward triangles with vertices on the sphere."""
    t = (1.0 + 5.0 ** 0.5) / 2.0
    V = np.array([[-1, t, 0], [1, t, 0], [-1, -t, 0], [1, -t, 0], [0, -1, t], [0, 1, t],
                  [0, -1, -t], [0, 1, -t], [t, 0, -1], [t, 0, 1], [-t, 0, -1], [-t, 0, 1]],
                 dtype=float)
    T = np.array([[0, 11, 5], [0, 5, 1], [0, 1, 7], [0, 7, 10], [0, 10, 11], [1, 5, 9],
                  [5, 11, 4], [11, 10, 2], [10, 7, 6], [7, 1, 8], [3, 9, 4], [3, 4, 2],
                  [3, 2, 6], [3, 6, 8], [3, 8, 9], [4, 9, 5], [2, 4, 11], [6, 2, 10],
                  [8, 6, 7], [9, 8, 1]], dtype=np.int64)
    V /= np.linalg.norm(V, axis=1, keepdims=True)
    for _ in range(subdivisions):
        e = np.concatenate([T[:, [0, 1]], T[:, [1, 2]], T[:, [2, 0]]])
        e.sort(axis=1)
        uniq, inv = np.unique(e, axis=0, return_inverse=True)
        inv = inv.reshape(-1)
        mid = V[uniq[:, 0]] + V[uniq[:, 1]]
        mid /= np.linalg.norm(mid, axis=1, keepdims=True)
        m = V.shape[0] + inv.reshape(3, -1).T  # midpoint ids of edges 01, 12, 20
        V = np.vstack([V, mid])
        a, b, c = T[:, 0], T[:, 1], T[:, 2]
        m01, m12, m20 = m[:, 0], m[:, 1], m[:, 2]
        T = np.concatenate([np.stack([a, m01, m20], 1), np.stack([b, m12, m01], 1),
                            np.stack([c, m20, m12], 1), np.stack([m01, m12, m20], 1)])
    return V * radius + np.asarray(center, dtype=float), T
