"""Diffuse view factors among planar convex patches, with blocking by solids.

A patch is a planar convex polygon, its vertices counter-clockwise seen from the side it faces
(its normal by the right-hand rule). For a pair facing each other, ``A_i F_ij`` is integrated
over patch i with an analytic inner integral: the view factor from a point to a polygon,
``F_dA->j = (1/2 pi) sum_k gamma_k n . (R_k x R_k+1) / |R_k x R_k+1|`` (by contour
integration: Siegel & Howell, *Thermal Radiation Heat Transfer*, 4th ed., 2002, ch. 5;
Sparrow & Cess, *Radiation Heat Transfer*, 1978, ch. 4), over the part of j
in front of i; the outer integral is a Gauss-Legendre rule of ``resolution^2`` points on a
quadrilateral (the midpoint rule on sub-triangles of a fan otherwise) over the smaller patch of
the pair (both estimates averaged for patches of a size), and ``A_j F_ji = A_i F_ij`` by
reciprocity, so it holds to round-off. Pairs far apart for their size take one point and one
blocking segment (``FAR_FIELD_RATIO``; a patch cut by the other's plane counts with its part in
front of it). Blocking: each quadrature point's share of
j that it sees is the kernel-weighted fraction of unblocked segments to lattice points on j
(:mod:`solver.physics.ray_blocking`). Each row's remainder goes to the surroundings (open), or
the rows are scaled symmetrically to sum to one (a sealed enclosure).

Closed forms for two classic configurations (Howell, *A Catalog of Radiation Heat Transfer
Configuration Factors*, 3rd ed., C-11 and C-14; Siegel & Howell 4th ed., App. C) are kept for
tests and for checks by view-factor algebra.
"""

from __future__ import annotations

import math

import numpy as np
import scipy.sparse as sp
from numba import njit, prange

from solver.physics.ray_blocking import (
    point_in_solid,
    segment_blocked_by_grid,
    segment_blocked_by_polygons,
)

FRONT_TOLERANCE = 1e-9  # relative to the scene size: a vertex this close to a plane is on it
# A pair whose larger diameter is below this fraction of the centroid distance is in the far
# field: a one-point outer integral at the smaller patch's centroid (the inner one stays exact)
# and one centroid-to-centroid blocking segment; the error is second order in that ratio.
# Diameters and centroids are those of the parts in front of each other's plane (the clipped
# polygons): on the 5,000-patch board (bench/view_factors.py) the 0.8M such cut pairs differ
# from an 8 x 8 quadrature by 2.6e-4 (median), 1.0e-2 (99th percentile), 2.5e-2 (largest).
FAR_FIELD_RATIO = 0.25
SIZE_RATIO = 1.25  # patches within this ratio of diameters average the estimates of both sides


def view_factor_parallel_rectangles(a, b, c):
    """Directly opposed parallel rectangles a x b at distance c (Howell's catalogue C-11):
    with X = a/c, Y = b/c, ``F = 2/(pi X Y) {ln sqrt[(1+X^2)(1+Y^2)/(1+X^2+Y^2)]
    + X sqrt(1+Y^2) atan(X/sqrt(1+Y^2)) + Y sqrt(1+X^2) atan(Y/sqrt(1+X^2))
    - X atan X - Y atan Y}``."""
    x, y = a / c, b / c
    return 2.0 / (math.pi * x * y) * (
        0.5 * math.log((1 + x * x) * (1 + y * y) / (1 + x * x + y * y))
        + x * math.sqrt(1 + y * y) * math.atan(x / math.sqrt(1 + y * y))
        + y * math.sqrt(1 + x * x) * math.atan(y / math.sqrt(1 + x * x))
        - x * math.atan(x) - y * math.atan(y))


def view_factor_perpendicular_rectangles(length, width, height):
    """From rectangle 1 (``length`` x ``width``) to rectangle 2 (``length`` x ``height``),
    perpendicular, sharing the edge of length ``length`` (Howell's catalogue C-14): with
    H = height/length, W = width/length, ``F12 = 1/(pi W) {W atan(1/W) + H atan(1/H)
    - sqrt(H^2+W^2) atan(1/sqrt(H^2+W^2)) + 1/4 ln[(1+W^2)(1+H^2)/(1+W^2+H^2)
    (W^2 (1+W^2+H^2)/((1+W^2)(W^2+H^2)))^(W^2) (H^2 (1+H^2+W^2)/((1+H^2)(H^2+W^2)))^(H^2)]}``."""
    h, w = height / length, width / length
    hw = math.sqrt(h * h + w * w)
    w2, h2 = w * w, h * h
    log_term = (math.log((1 + w2) * (1 + h2) / (1 + w2 + h2))
                + w2 * math.log(w2 * (1 + w2 + h2) / ((1 + w2) * (w2 + h2)))
                + h2 * math.log(h2 * (1 + h2 + w2) / ((1 + h2) * (h2 + w2))))
    return (w * math.atan(1 / w) + h * math.atan(1 / h) - hw * math.atan(1 / hw)
            + 0.25 * log_term) / (math.pi * w)


class Patches:
    """Planar convex polygons: padded vertices ``(n, m, 3)``, vertex counts, unit normals (by
    Newell's method), areas and centroids."""

    def __init__(self, polygons):
        polygons = [np.asarray(p, dtype=np.float64) for p in polygons]
        if not polygons:
            raise ValueError("patches: at least one patch is needed")
        m = max(len(p) for p in polygons)
        n = len(polygons)
        self.vertices = np.zeros((n, m, 3))
        self.counts = np.zeros(n, np.int64)
        self.normals = np.zeros((n, 3))
        self.areas = np.zeros(n)
        self.centroids = np.zeros((n, 3))
        for i, poly in enumerate(polygons):
            if poly.ndim != 2 or poly.shape[1] != 3 or poly.shape[0] < 3:
                raise ValueError(f"patches[{i}]: a polygon needs at least 3 vertices (x, y, z)")
            newell = 0.5 * np.cross(poly, np.roll(poly, -1, axis=0)).sum(axis=0)
            area = float(np.linalg.norm(newell))
            size = float(np.ptp(poly, axis=0).max())
            if area <= 1e-12 * size * size:
                raise ValueError(f"patches[{i}]: the polygon has no area")
            normal = newell / area
            if np.abs((poly - poly[0]) @ normal).max() > 1e-6 * size:
                raise ValueError(f"patches[{i}]: the polygon is not planar")
            tri_c = (poly[0] + poly[1:-1] + poly[2:]) / 3.0
            tri_a = 0.5 * np.cross(poly[1:-1] - poly[0], poly[2:] - poly[0]) @ normal
            if np.any(tri_a <= 0.0):
                raise ValueError(f"patches[{i}]: the polygon is not convex and counter-clockwise")
            self.vertices[i, : len(poly)] = poly
            self.counts[i] = len(poly)
            self.normals[i] = normal
            self.areas[i] = area
            self.centroids[i] = tri_a @ tri_c / tri_a.sum()

    @classmethod
    def from_arrays(cls, vertices, counts):
        return cls([v[:c] for v, c in zip(vertices, counts, strict=True)])

    def __len__(self):
        return self.counts.size

    @property
    def size(self):
        """Diagonal of the bounding box of all patches (m)."""
        flat = np.concatenate([v[:c] for v, c in zip(self.vertices, self.counts, strict=True)])
        return float(np.linalg.norm(np.ptp(flat, axis=0)))


@njit(cache=True)
def _dot(a, b):
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]


@njit(cache=True)
def _cross(a, b):
    return np.array([a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2],
                     a[0] * b[1] - a[1] * b[0]])


@njit(cache=True)
def point_to_polygon_view_factor(p, n, verts, count):
    """View factor from a differential area at ``p`` with unit normal ``n`` to the polygon
    ``verts[:count]`` lying wholly in front of it (the contour-integral form, Siegel & Howell
    4th ed., ch. 5). Scalar arithmetic: no temporaries in the pair loop."""
    total = 0.0
    for k in range(count):
        m = (k + 1) % count
        a0, a1, a2 = verts[k, 0] - p[0], verts[k, 1] - p[1], verts[k, 2] - p[2]
        b0, b1, b2 = verts[m, 0] - p[0], verts[m, 1] - p[1], verts[m, 2] - p[2]
        c0 = a1 * b2 - a2 * b1
        c1 = a2 * b0 - a0 * b2
        c2 = a0 * b1 - a1 * b0
        cn = math.sqrt(c0 * c0 + c1 * c1 + c2 * c2)
        if cn == 0.0:
            continue
        gamma = math.atan2(cn, a0 * b0 + a1 * b1 + a2 * b2)
        total += gamma * (n[0] * c0 + n[1] * c1 + n[2] * c2) / cn
    return abs(total) / (2.0 * math.pi)


@njit(cache=True)
def _quadrature(verts, count, normal, s, nodes, weights, lattice, pts, wts):
    """Points and weights on a polygon; fills ``pts, wts`` and returns the point count.

    Quadrilateral, through the bilinear map: the s x s Gauss-Legendre rule (``nodes, weights``
    on [0, 1]), or with ``lattice`` the s^2-point golden-ratio lattice ``((k + 1/2)/N,
    frac(1/2 + k/phi))`` with equal weights -- not mirror-symmetric, so that the blocking test's
    segments do not all graze the edges of symmetric obstacles together. Other polygons: the
    midpoint rule on s^2 sub-triangles of each fan triangle (both cases)."""
    k = 0
    if count == 4:
        v0, v1, v2, v3 = verts[0], verts[1], verts[2], verts[3]
        n_pts = s * s
        for a in range(n_pts):
            if lattice:
                u = (a + 0.5) / n_pts
                v = (0.5 + a * 0.6180339887498949) % 1.0
                w = 1.0 / n_pts
            else:
                u = nodes[a // s]
                v = nodes[a % s]
                w = weights[a // s] * weights[a % s]
            pts[k] = ((1 - u) * (1 - v) * v0 + u * (1 - v) * v1 + u * v * v2
                      + (1 - u) * v * v3)
            du = (1 - v) * (v1 - v0) + v * (v2 - v3)
            dv = (1 - u) * (v3 - v0) + u * (v2 - v1)
            wts[k] = abs(_dot(_cross(du, dv), normal)) * w
            k += 1
        return k
    for t in range(1, count - 1):
        a, b, c = verts[0], verts[t], verts[t + 1]
        area = 0.5 * abs(_dot(_cross(b - a, c - a), normal)) / (s * s)
        eb = (b - a) / s
        ec = (c - a) / s
        for i in range(s):
            for j in range(s - i):
                pts[k] = a + (i + 1.0 / 3.0) * eb + (j + 1.0 / 3.0) * ec
                wts[k] = area
                k += 1
                if i + j < s - 1:
                    pts[k] = a + (i + 2.0 / 3.0) * eb + (j + 2.0 / 3.0) * ec
                    wts[k] = area
                    k += 1
    return k


@njit(cache=True)
def _plane_distance(p, origin, normal):
    return (normal[0] * (p[0] - origin[0]) + normal[1] * (p[1] - origin[1])
            + normal[2] * (p[2] - origin[2]))


@njit(cache=True)
def _clip_to_front(verts, count, origin, normal, tol, out):
    """Sutherland-Hodgman: the part of the polygon with ``normal . (x - origin) >= -tol``
    into ``out``; returns its vertex count and whether anything was cut. Scalar arithmetic:
    no temporaries in the pair loop."""
    m = 0
    cut = False
    for k in range(count):
        b = (k + 1) % count
        da = _plane_distance(verts[k], origin, normal)
        db = _plane_distance(verts[b], origin, normal)
        if da >= -tol:
            out[m, :] = verts[k]
            m += 1
        else:
            cut = True
        if (da >= -tol) != (db >= -tol) and (abs(da) > tol and abs(db) > tol):
            f = da / (da - db)
            for c in range(3):
                out[m, c] = verts[k, c] + f * (verts[b, c] - verts[k, c])
            m += 1
    return m, cut


def max_quadrature_points(counts, resolution):
    """Points the quadrature of a patch (or of its clipped part) may need."""
    m = int(counts.max()) + 1
    return max(resolution * resolution, (m - 2) * resolution * resolution)


@njit(cache=True)
def _patch_quadrature(verts, counts, normals, s, nodes, weights, lattice, kmax):
    n = counts.size
    pts = np.zeros((n, kmax, 3))
    wts = np.zeros((n, kmax))
    npts = np.zeros(n, np.int64)
    for i in range(n):
        npts[i] = _quadrature(verts[i], counts[i], normals[i], s, nodes, weights, lattice,
                              pts[i], wts[i])
    return pts, wts, npts


@njit(cache=True)
def facing_pairs(verts, counts, normals, tol):
    """Pairs ``i < j`` that can see each other: part of each strictly in front of the other's
    plane (coplanar and back-to-back pairs exchange nothing)."""
    n = counts.size
    total = 0
    for stage in range(2):
        if stage == 1:
            ii = np.empty(total, np.int64)
            jj = np.empty(total, np.int64)
            total = 0
        for i in range(n):
            for j in range(i + 1, n):
                if _in_front(verts[j], counts[j], verts[i, 0], normals[i], tol) and \
                        _in_front(verts[i], counts[i], verts[j, 0], normals[j], tol):
                    if stage == 1:
                        ii[total] = i
                        jj[total] = j
                    total += 1
    return ii, jj


@njit(cache=True)
def _in_front(verts, count, origin, normal, tol):
    for k in range(count):
        d = (normal[0] * (verts[k, 0] - origin[0]) + normal[1] * (verts[k, 1] - origin[1])
             + normal[2] * (verts[k, 2] - origin[2]))
        if d > tol:
            return True
    return False


@njit(cache=True)
def _points_of(i, clipped, poly, m, normal, s, nodes, weights, lattice, pts, wts, npts, kmax):
    """Patch i's precomputed points, or those of its clipped part ``poly[:m]``."""
    if not clipped:
        return pts[i], wts[i], npts[i]
    bp = np.empty((kmax, 3))
    bw = np.empty(kmax)
    k = _quadrature(poly, m, normal, s, nodes, weights, lattice, bp, bw)
    return bp, bw, k


@njit(cache=True)
def _blocked(p, q, grid_x, grid_y, grid_z, active, b_verts, b_counts, b_normals, b_lo, b_hi):
    if active.size > 0 and segment_blocked_by_grid(p, q, grid_x, grid_y, grid_z, active):
        return True
    return b_counts.size > 0 and segment_blocked_by_polygons(
        p, q, b_verts, b_counts, b_normals, b_lo, b_hi)


@njit(cache=True)
def _seen_share(pa, na, targets, tw, nt, normal_t, nudge, grid_x, grid_y, grid_z, active,
                b_verts, b_counts, b_normals, b_lo, b_hi):
    """Kernel-weighted share (``cos cos / r^2 dA``) of the target points that ``pa`` sees;
    target points inside a solid cell are not counted (a patch that does not fill its
    rectangle: a board's top around the components on it), and -1 when ``pa`` itself is in
    one."""
    num = 0.0
    den = 0.0
    start = pa + nudge * na
    if point_in_solid(start, grid_x, grid_y, grid_z, active):
        return -1.0
    end = np.empty(3)
    for b in range(nt):
        r0, r1, r2 = targets[b, 0] - pa[0], targets[b, 1] - pa[1], targets[b, 2] - pa[2]
        rr = r0 * r0 + r1 * r1 + r2 * r2
        cos_a = na[0] * r0 + na[1] * r1 + na[2] * r2
        cos_t = -(normal_t[0] * r0 + normal_t[1] * r1 + normal_t[2] * r2)
        if cos_a <= 0.0 or cos_t <= 0.0:
            continue
        kern = cos_a * cos_t / (rr * rr) * tw[b]
        for c in range(3):
            end[c] = targets[b, c] + nudge * normal_t[c]
        if point_in_solid(end, grid_x, grid_y, grid_z, active):
            continue
        den += kern
        if not _blocked(start, end, grid_x, grid_y, grid_z, active, b_verts, b_counts,
                        b_normals, b_lo, b_hi):
            num += kern
    return num / den if den > 0.0 else 1.0


@njit(cache=True)
def _diameter(verts, count):
    d = 0.0
    for a in range(count):
        for b in range(a + 1, count):
            r = verts[a] - verts[b]
            d = max(d, _dot(r, r))
    return math.sqrt(d)


@njit(cache=True)
def _part(cut, poly, m, normal, diameter, centroid, area, c):
    """Diameter and area of a patch's part ``poly[:m]`` in front of the other's plane, its
    centroid into ``c``: the patch's own when it was not cut, else those of the clipped polygon
    (its fan triangles' area-weighted centroids)."""
    if not cut:
        c[:] = centroid
        return diameter, area
    c[:] = 0.0
    total = 0.0
    for t in range(1, m - 1):
        e0, e1, e2 = (poly[t, 0] - poly[0, 0], poly[t, 1] - poly[0, 1],
                      poly[t, 2] - poly[0, 2])
        f0, f1, f2 = (poly[t + 1, 0] - poly[0, 0], poly[t + 1, 1] - poly[0, 1],
                      poly[t + 1, 2] - poly[0, 2])
        a = 0.5 * abs(normal[0] * (e1 * f2 - e2 * f1) + normal[1] * (e2 * f0 - e0 * f2)
                      + normal[2] * (e0 * f1 - e1 * f0))
        for d in range(3):
            c[d] += a * (poly[0, d] + poly[t, d] + poly[t + 1, d]) / 3.0
        total += a
    if total > 0.0:
        c /= total
    else:
        c[:] = poly[0]
    return _diameter(poly, m), total


@njit(cache=True, parallel=True)
def pair_exchange_areas(ii, jj, verts, counts, normals, centroids, areas, nodes, weights, tol,
                        nudge, grid_x, grid_y, grid_z, active, b_verts, b_counts, b_normals,
                        b_lo, b_hi):
    """``A_i F_ij`` for each pair (i, j), integrated over the smaller patch;
    ``nodes, weights``: the Gauss-Legendre rule on [0, 1] whose order is the resolution."""
    s = nodes.size
    kmax = max(s * s, (verts.shape[1] - 1) * s * s)
    gauss = _patch_quadrature(verts, counts, normals, s, nodes, weights, False, kmax)
    diameters = np.empty(counts.size)
    for i in range(counts.size):
        diameters[i] = _diameter(verts[i], counts[i])
    lattice = _patch_quadrature(verts, counts, normals, s, nodes, weights, True, kmax)
    blocking = active.size > 0 or b_counts.size > 0
    out = np.zeros(ii.size)
    chunk = 4096  # pairs per task: one set of scratch buffers each
    for c in prange((ii.size + chunk - 1) // chunk):
        poly_i = np.empty((verts.shape[1] + 1, 3))
        poly_j = np.empty((verts.shape[1] + 1, 3))
        ends = np.empty((4, 3))
        for k in range(c * chunk, min(ii.size, (c + 1) * chunk)):
            out[k] = _pair_exchange_area(
                ii[k], jj[k], verts, counts, normals, centroids, areas, diameters, nodes,
                weights, s, kmax, gauss, lattice, blocking, tol, nudge, grid_x, grid_y, grid_z,
                active, b_verts, b_counts, b_normals, b_lo, b_hi, poly_i, poly_j, ends)
    return out


@njit(cache=True)
def _one_sided(points, w, k, normal, targets, tw, kt, normal_t, poly, m, blocking, nudge,
               grid_x, grid_y, grid_z, active, b_verts, b_counts, b_normals, b_lo, b_hi):
    """``A F`` to the polygon ``poly`` integrated over the first ``k`` quadrature ``points``
    (weights ``w``) of one patch, each point's view shaded by the share of the other
    patch's lattice ``targets`` it sees when ``blocking``. Points in a solid cell are not on
    the surface: the others stand for the patch."""
    g, w_seen, w_all = 0.0, 0.0, 0.0
    for a in range(k):
        share = 1.0
        if blocking:
            share = _seen_share(points[a], normal, targets, tw, kt, normal_t, nudge, grid_x,
                                grid_y, grid_z, active, b_verts, b_counts, b_normals, b_lo,
                                b_hi)
        w_all += w[a]
        if share >= 0.0:
            w_seen += w[a]
            g += w[a] * share * point_to_polygon_view_factor(points[a], normal, poly, m)
    return g * w_all / w_seen if w_seen > 0.0 else 0.0


@njit(cache=True)
def _pair_exchange_area(i, j, verts, counts, normals, centroids, areas, diameters, nodes,
                        weights, s, kmax, gauss, lattice, blocking, tol, nudge, grid_x, grid_y,
                        grid_z, active, b_verts, b_counts, b_normals, b_lo, b_hi, poly_i,
                        poly_j, ends):
    """``A_i F_ij`` of one pair; ``poly_i, poly_j, ends``: scratch buffers."""
    ni, nj = normals[i], normals[j]
    mi, cut_i = _clip_to_front(verts[i], counts[i], verts[j, 0], nj, tol, poly_i)
    mj, cut_j = _clip_to_front(verts[j], counts[j], verts[i, 0], ni, tol, poly_j)
    if mi < 3 or mj < 3:
        return 0.0
    # The parts in front of each other's plane: a patch's own figures unless it was cut.
    ci, cj = ends[0], ends[1]
    di, ai = _part(cut_i, poly_i, mi, ni, diameters[i], centroids[i], areas[i], ci)
    dj, aj = _part(cut_j, poly_j, mj, nj, diameters[j], centroids[j], areas[j], cj)
    r2 = (cj[0] - ci[0]) ** 2 + (cj[1] - ci[1]) ** 2 + (cj[2] - ci[2]) ** 2
    if max(di, dj) ** 2 < FAR_FIELD_RATIO ** 2 * r2:
        if blocking:
            for c in range(3):
                ends[2, c] = ci[c] + nudge * ni[c]
                ends[3, c] = cj[c] + nudge * nj[c]
            if _blocked(ends[2], ends[3], grid_x, grid_y, grid_z, active, b_verts, b_counts,
                        b_normals, b_lo, b_hi):
                return 0.0
        if di <= dj:
            return ai * point_to_polygon_view_factor(ci, ni, poly_j, mj)
        return aj * point_to_polygon_view_factor(cj, nj, poly_i, mi)
    pi_, wi, ki = _points_of(i, cut_i, poly_i, mi, ni, s, nodes, weights, False, *gauss,
                             kmax)
    pj, wj, kj = _points_of(j, cut_j, poly_j, mj, nj, s, nodes, weights, False, *gauss,
                            kmax)
    li, lwi, kli, lj, lwj, klj = pi_, wi, 0, pj, wj, 0  # the lattices, when blocking
    if blocking:
        li, lwi, kli = _points_of(i, cut_i, poly_i, mi, ni, s, nodes, weights, True,
                                  *lattice, kmax)
        lj, lwj, klj = _points_of(j, cut_j, poly_j, mj, nj, s, nodes, weights, True,
                                  *lattice, kmax)
    # The outer integral is resolved best over the smaller patch: integrate over it alone,
    # or average both estimates when the two are of a size.
    g_ij = _one_sided(pi_, wi, ki if di <= SIZE_RATIO * dj else 0, ni, lj, lwj, klj, nj,
                      poly_j, mj, blocking, nudge, grid_x, grid_y, grid_z, active, b_verts,
                      b_counts, b_normals, b_lo, b_hi)
    g_ji = _one_sided(pj, wj, kj if dj <= SIZE_RATIO * di else 0, nj, li, lwi, kli, ni,
                      poly_i, mi, blocking, nudge, grid_x, grid_y, grid_z, active, b_verts,
                      b_counts, b_normals, b_lo, b_hi)
    if di > SIZE_RATIO * dj:
        return g_ji
    if dj > SIZE_RATIO * di:
        return g_ij
    return 0.5 * (g_ij + g_ji)


class ViewFactors:
    """View factors among patches: ``matrix`` (sparse CSR, ``F[i, j]``), ``surroundings``
    (each row's remainder, zero for a sealed enclosure), ``areas``; reciprocity
    ``A_i F_ij = A_j F_ji`` holds to round-off."""

    def __init__(self, matrix, surroundings, areas):
        self.matrix = matrix
        self.surroundings = surroundings
        self.areas = areas

    @property
    def row_sums(self):
        return np.asarray(self.matrix.sum(axis=1)).ravel()


def compute_view_factors(patches, resolution=2, grid=None, blockers=None, sealed=False):
    """View factors among ``patches`` (:class:`Patches`).

    ``resolution``: Gauss points per side of a quadrilateral patch (sub-triangles per side of
    other polygons) in the area quadrature; the blocking test casts, from each of those points,
    segments to resolution^2 lattice points of the other patch. ``grid``: ``(x, y, z, active)``
    -- grid lines and the boolean array of solid cells -- blocking every segment through a
    solid cell; ``blockers``: further
    :class:`Patches` (convex polygons) that block. ``sealed``: the patches close an enclosure;
    rows are scaled symmetrically (keeping reciprocity) to sum to one, instead of sending each
    row's remainder to the surroundings. Rows that sum above one by quadrature error are
    scaled down the same way in both cases.
    """
    if resolution < 1:
        raise ValueError("view factors: resolution must be at least 1")
    size = patches.size
    tol = FRONT_TOLERANCE * size
    ii, jj = facing_pairs(patches.vertices, patches.counts, patches.normals, tol)
    gx, gy, gz, active = _grid_arrays(grid)
    bv, bc, bn, blo, bhi = _blocker_arrays(blockers)
    nodes, weights = np.polynomial.legendre.leggauss(int(resolution))
    g = pair_exchange_areas(ii, jj, patches.vertices, patches.counts, patches.normals,
                            patches.centroids, patches.areas, 0.5 * (nodes + 1.0),
                            0.5 * weights, tol, 1e-7 * size, gx, gy, gz, active, bv, bc, bn,
                            blo, bhi)
    # Only the pairs that see each other enter the matrix (most facing pairs are hidden).
    seen = g > 0.0
    ii, jj, g = ii[seen], jj[seen], g[seen]
    n = len(patches)
    exchange = sp.coo_matrix((np.concatenate([g, g]), (np.concatenate([ii, jj]),
                                                       np.concatenate([jj, ii]))),
                             shape=(n, n)).tocsr()
    exchange = scale_rows_symmetrically(exchange, patches.areas, sealed)
    matrix = sp.diags(1.0 / patches.areas) @ exchange
    surroundings = np.maximum(0.0, 1.0 - np.asarray(matrix.sum(axis=1)).ravel())
    if sealed:
        surroundings[:] = 0.0
    return ViewFactors(matrix.tocsr(), surroundings, patches.areas.copy())


def scale_rows_symmetrically(exchange, areas, sealed, sweeps=200, tol=1e-12):
    """Scale the symmetric exchange-area matrix ``A_i F_ij`` as ``D G D`` (D diagonal) so that
    its rows sum to ``A_i`` -- every row if ``sealed``, otherwise only the rows above it --
    keeping the symmetry (reciprocity); the fixed point of symmetric Sinkhorn sweeps."""
    scale = np.ones(areas.size)
    for _ in range(sweeps):
        sums = scale * (exchange @ scale)
        ratio = sums / areas
        target = np.ones_like(ratio) if sealed else np.minimum(ratio, 1.0)
        with np.errstate(divide="ignore", invalid="ignore"):
            step = np.where(sums > 0.0, np.sqrt(target / ratio), 1.0)
        if np.abs(step - 1.0).max() < tol:
            break
        scale *= step
    d = sp.diags(scale)
    return (d @ exchange @ d).tocsr()


def _grid_arrays(grid):
    if grid is None:
        empty = np.zeros(2)
        return empty, empty, empty, np.zeros((0, 0, 0), dtype=np.bool_)
    x, y, z, active = grid
    active = np.ascontiguousarray(active, dtype=np.bool_)
    lines = [np.ascontiguousarray(v, dtype=np.float64) for v in (x, y, z)]
    if active.shape != tuple(v.size - 1 for v in lines):
        raise ValueError("view factors: the active array must have one cell per grid interval")
    return (*lines, active)


def _blocker_arrays(blockers):
    if blockers is None:
        return np.zeros((0, 3, 3)), np.zeros(0, np.int64), np.zeros((0, 3)), np.zeros(
            (0, 3)), np.zeros((0, 3))
    lo = np.array([v[:c].min(axis=0) for v, c in zip(blockers.vertices, blockers.counts,
                                                     strict=True)])
    hi = np.array([v[:c].max(axis=0) for v, c in zip(blockers.vertices, blockers.counts,
                                                     strict=True)])
    return blockers.vertices, blockers.counts, blockers.normals, lo, hi
