"""Surface patches: the exposed faces grouped per body face (group), orientation class and
the air region they face, each with its true area, mean outward normal, centroid and extent.
Correlations (natural convection), view factors and the per-patch report use them.

Orientation class: the dominant axis and sign of a face's true outward normal (the nearest
triangle's for mesh and STEP bodies, the axis normal for boxes), numbered like
:data:`solver.model.BOX_FACES` (``2 axis + (sign > 0)``), so a box has six patches and a
curved face is split by its dominant normal direction. Air regions: the inactive cells
labelled into connected components; the one touching the edge of the grid (the open
outside) is 0, sealed cavities are 1, 2, ...; a face on the grid's edge faces region 0. The
open air within a ``room`` (a vented enclosure with its vents cut,
:func:`solver.enclosure.open_rooms`) is a region of its own after them, like a sealed one.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from numba import njit

from solver.connectivity import label_pieces
from solver.faces import ExposedFaces
from solver.grid import Grid


@dataclass(eq=False)
class PatchTable:
    """Per exposed face its patch (``face_patch``, -1: none), true outward unit normal
    (``face_normal``, n_faces x 3) and rectangle bounds (``face_lo``/``face_hi``); per patch
    the true ``area`` (m^2), mean outward unit ``normal``, area-weighted ``centroid``,
    bounding box ``lo``/``hi`` (m), ``body`` index, ``group`` (index into
    ``Discretization.group_names``) and ``region`` (air region faced, 0: the outside);
    per air region its ``region_volume`` (m^3 of air cells; inf for the outside) and whether
    it is ``region_open`` to the surroundings (the outside, and the rooms of vented
    enclosures with their vents cut, open through them)."""

    face_patch: np.ndarray
    area: np.ndarray
    normal: np.ndarray
    centroid: np.ndarray
    lo: np.ndarray
    hi: np.ndarray
    body: np.ndarray
    group: np.ndarray
    region: np.ndarray
    face_normal: np.ndarray
    face_lo: np.ndarray
    face_hi: np.ndarray
    face_area: np.ndarray
    region_volume: np.ndarray
    region_open: np.ndarray

    @property
    def n_regions(self) -> int:
        """How many air regions there are (the outside, the sealed cavities, the rooms)."""
        return int(self.region_volume.size)

    def __len__(self) -> int:
        return int(self.area.size)

    def faces(self, patch: int) -> np.ndarray:
        """Indices of the exposed faces of ``patch`` (their cells: ``faces.cell[...]``)."""
        return np.nonzero(self.face_patch == patch)[0]

    def total(self, values: np.ndarray, where: np.ndarray | None = None) -> np.ndarray:
        """Per-patch sum of a per-face quantity (over the faces ``where`` is True)."""
        on = self.face_patch >= 0 if where is None else (self.face_patch >= 0) & where
        return np.bincount(self.face_patch[on], weights=values[on], minlength=len(self))

    def mean(self, values: np.ndarray, where: np.ndarray | None = None) -> np.ndarray:
        """Per-patch area-weighted mean of a per-face quantity (NaN on patches without faces
        where ``where`` is True)."""
        area = self.total(self.face_area, where)
        with np.errstate(invalid="ignore", divide="ignore"):
            return self.total(values * self.face_area, where) / area

    @cached_property
    def surface(self) -> np.ndarray:
        """Per patch the surface it is part of (computed once), numbered 0, 1, ...: a patch
        joins the largest patch of its body face and air region that touches it (bounding
        boxes) with a mean normal within :data:`SURFACE_ANGLE` of its own, so that the sliver
        a few faces' orientation class split off a curved face (a fillet's last degrees past
        45) is part of that face, while the faces of one group meeting at an edge (a box's
        sides named as one face) stay apart."""
        key = self.group.astype(np.int64) * max(self.n_regions, 1) + self.region
        out = np.arange(len(self))
        keys, counts = np.unique(key, return_counts=True)
        for k in keys[counts > 1]:
            mine = np.flatnonzero(key == k)
            mine = mine[np.argsort(-self.area[mine], kind="stable")]
            for a, i in enumerate(mine[1:], start=1):
                big = mine[:a]
                near = np.all((self.lo[big] <= self.hi[i] + 1e-9)
                              & (self.lo[i] <= self.hi[big] + 1e-9), axis=1)
                near &= self.normal[big] @ self.normal[i] > math.cos(SURFACE_ANGLE)
                if near.any():
                    out[i] = out[big[np.argmax(near)]]
        return np.unique(out, return_inverse=True)[1].reshape(-1)

    def extent_along(self, direction: np.ndarray, whole: bool = False) -> np.ndarray:
        """Length (m) of every patch along the unit vectors ``direction`` (n x 3): the spread
        of its faces' rectangles projected on it; ``whole``: of all the faces of the body
        face it is part of (:attr:`surface`) instead."""
        on = np.flatnonzero(self.face_patch >= 0)
        if whole:  # every patch paired with every face of its surface
            surface = self.surface
            face_surface = surface[self.face_patch[on]]
            by_surface = on[np.argsort(face_surface, kind="stable")]
            per = np.bincount(face_surface, minlength=surface.max(initial=-1) + 1)
            count, start = per[surface], (np.cumsum(per) - per)[surface]
            patch = np.repeat(np.arange(len(self)), count)
            offset = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
            face = by_surface[np.repeat(start, count) + offset]
        else:
            patch, face = self.face_patch[on], on
        d = direction[patch]
        mid = 0.5 * (self.face_lo + self.face_hi)[face]
        half = 0.5 * np.sum(np.abs(d) * (self.face_hi - self.face_lo)[face], axis=1)
        proj = np.sum(d * mid, axis=1)
        top = _reduce_by(np.maximum, patch, proj + half, len(self), -np.inf)
        bottom = _reduce_by(np.minimum, patch, proj - half, len(self), np.inf)
        return np.maximum(top - bottom, 0.0)


# patches of one body face whose mean normals differ by less than this are one surface
SURFACE_ANGLE = math.radians(60.0)


def _reduce_by(ufunc, index: np.ndarray, values: np.ndarray, n: int, empty: float) -> np.ndarray:
    """``ufunc`` (np.minimum, np.maximum) of ``values`` per ``index`` in ``0..n-1`` (``empty``
    where an index has none): a sort and ``reduceat``, not the slow ``ufunc.at``."""
    out = np.full((n, *values.shape[1:]), empty)
    if index.size == 0:
        return out
    order = np.argsort(index, kind="stable")
    sorted_index = index[order]
    starts = np.flatnonzero(np.r_[True, sorted_index[1:] != sorted_index[:-1]])
    out[sorted_index[starts]] = ufunc.reduceat(values[order], starts, axis=0)
    return out


def air_regions(active: np.ndarray) -> tuple[np.ndarray, int]:
    """Air region of every inactive cell (0: connected to the edge of the grid, 1..: sealed
    cavities in flat-index order of their first cell; -1 on active cells) and the count of
    regions including the outside."""
    labels, count = label_pieces(~active)
    edge = np.zeros(count + 1, dtype=bool)
    for axis in range(3):
        for end in (0, -1):
            edge[np.take(labels, end, axis=axis).ravel()] = True
    edge[0] = False
    remap = np.zeros(count + 1, dtype=np.int64)
    sealed = np.nonzero(~edge[1:])[0] + 1
    remap[sealed] = np.arange(1, sealed.size + 1)
    out = remap[labels]
    out[active] = -1
    return out, int(sealed.size) + 1


def with_rooms(regions: np.ndarray, n_regions: int, rooms: Sequence[np.ndarray]
               ) -> tuple[np.ndarray, int]:
    """The air regions of :func:`air_regions` with the open air within each of the disjoint
    cell masks ``rooms`` that holds some made a region of its own, numbered after the
    others."""
    out, n = regions.copy(), n_regions
    for room in rooms:
        here = room & (out == 0)
        if here.any():
            out[here] = n
            n += 1
    return out, n


def face_regions(grid: Grid, faces: ExposedFaces, regions: np.ndarray) -> np.ndarray:
    """The air region across every exposed face (0 beyond the grid's edge)."""
    idx = np.array(np.unravel_index(faces.cell, grid.shape))
    rows = np.arange(len(faces))
    idx[faces.axis, rows] += faces.side
    shape = np.array(grid.shape)[:, None]
    inside = np.all((idx >= 0) & (idx < shape), axis=0)
    out = np.zeros(len(faces), dtype=np.int64)
    out[inside] = regions[tuple(idx[:, inside])]
    return out


def face_bounds(grid: Grid, faces: ExposedFaces) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper corners (n x 3) of every exposed face's rectangle."""
    idx = np.unravel_index(faces.cell, grid.shape)
    lo = np.stack([grid.lines[a][idx[a]] for a in range(3)], axis=1)
    hi = np.stack([grid.lines[a][idx[a] + 1] for a in range(3)], axis=1)
    rows = np.arange(len(faces))
    plane = np.where(faces.side > 0, hi[rows, faces.axis], lo[rows, faces.axis])
    lo[rows, faces.axis] = plane
    hi[rows, faces.axis] = plane
    return lo, hi


def orientation_class(normals: np.ndarray) -> np.ndarray:
    """``2 axis + (sign > 0)`` of every normal's dominant component (as BOX_FACES)."""
    axis = np.argmax(np.abs(normals), axis=1)
    sign = normals[np.arange(len(normals)), axis] > 0
    return 2 * axis + sign


def build_patches(grid: Grid, faces: ExposedFaces, face_body: np.ndarray,
                  face_group: np.ndarray, face_normal: np.ndarray,
                  regions: np.ndarray, n_regions: int, first_room: int | None = None
                  ) -> PatchTable:
    """The patch table of the exposed ``faces`` (``face_normal``: their true outward unit
    normals; ``faces.area`` their true areas), one patch per (group, orientation class, air
    region: ``regions`` per cell, as :func:`air_regions` or :func:`with_rooms` label them,
    the rooms from ``first_room`` on, None: none), ordered by that key."""
    region = face_regions(grid, faces, regions)
    volume = np.bincount(np.maximum(regions.ravel(), 0), weights=grid.cell_volumes().ravel(),
                         minlength=n_regions)
    volume[0] = np.inf
    number = np.arange(n_regions)
    open_region = (number == 0) | (number >= (n_regions if first_room is None else first_room))
    key = (face_group.astype(np.int64) * 6 + orientation_class(face_normal)) * n_regions + region
    keys, face_patch = np.unique(key, return_inverse=True)
    first = np.zeros(keys.size, dtype=np.int64)
    first[face_patch[::-1]] = np.arange(len(faces))[::-1]
    lo, hi = face_bounds(grid, faces)
    return _tabulate(face_patch.reshape(-1), face_body[first].astype(np.int64),
                     face_group[first].astype(np.int64), region[first], face_normal, lo, hi,
                     faces.area, volume, open_region)


def _tabulate(face_patch: np.ndarray, body: np.ndarray, group: np.ndarray, region: np.ndarray,
              face_normal: np.ndarray, face_lo: np.ndarray, face_hi: np.ndarray,
              face_area: np.ndarray, region_volume: np.ndarray, region_open: np.ndarray
              ) -> PatchTable:
    """Per-patch area, normal, centroid and bounds from the faces' patch numbers."""
    n = body.size
    on = face_patch >= 0
    fp, w = face_patch[on], face_area[on]

    def sums(v: np.ndarray) -> np.ndarray:
        return np.stack([np.bincount(fp, weights=w * v[on, a], minlength=n) for a in range(3)],
                        axis=1)

    area = np.bincount(fp, weights=w, minlength=n)
    normal = sums(face_normal)
    normal /= np.maximum(np.linalg.norm(normal, axis=1, keepdims=True), 1e-300)
    centroid = sums(0.5 * (face_lo + face_hi)) / np.maximum(area, 1e-300)[:, None]
    lo = _reduce_by(np.minimum, fp, face_lo[on], n, np.inf)
    hi = _reduce_by(np.maximum, fp, face_hi[on], n, -np.inf)
    return PatchTable(face_patch, area, normal, centroid, lo, hi, body, group, region,
                      face_normal, face_lo, face_hi, face_area, region_volume, region_open)


def _tangents(normal: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Two unit vectors spanning the plane normal to every ``normal`` (n x 3)."""
    axis = np.argmin(np.abs(normal), axis=1)
    seed = np.zeros_like(normal)
    seed[np.arange(len(normal)), axis] = 1.0
    t1 = np.cross(normal, seed)
    t1 /= np.linalg.norm(t1, axis=1, keepdims=True)
    return t1, np.cross(normal, t1)


def split_patches(table: PatchTable, max_size: float) -> PatchTable:
    """The patches cut into tiles at most about ``max_size`` (m) long in both directions of
    their plane (equal tiles per patch; a face goes to the tile holding its centre); body,
    group and region carry over, patch order follows the original patches."""
    if not max_size > 0.0:
        raise ValueError(f"max_size must be positive (got {max_size!r})")
    n = len(table)
    if n == 0:
        return table
    t1, t2 = _tangents(table.normal)
    fp = table.face_patch
    on = fp >= 0
    mid = 0.5 * (table.face_lo + table.face_hi)
    tile = np.zeros(fp.size, dtype=np.int64)
    counts = np.ones(n, dtype=np.int64)
    for t in (t1, t2):
        length = table.extent_along(t)
        bins = np.maximum(1, np.ceil(length / max_size - 1e-9).astype(np.int64))
        d = t[np.maximum(fp, 0)]
        half = 0.5 * np.sum(np.abs(d) * (table.face_hi - table.face_lo), axis=1)
        proj = np.sum(d * mid, axis=1)
        start = _reduce_by(np.minimum, fp[on], (proj - half)[on], n, np.inf)
        width = np.maximum(length, 1e-300) / bins
        k = np.floor((proj - start[np.maximum(fp, 0)]) / width[np.maximum(fp, 0)])
        k = np.clip(k, 0, bins[np.maximum(fp, 0)] - 1).astype(np.int64)
        tile = tile * bins[np.maximum(fp, 0)] + k
        counts *= bins
    offset = np.concatenate([[0], np.cumsum(counts)])
    key = np.where(on, offset[np.maximum(fp, 0)] + tile, -1)
    keys, new = np.unique(key[on], return_inverse=True)
    face_patch = np.full(fp.size, -1, dtype=np.int64)
    face_patch[on] = new.reshape(-1)
    parent = np.searchsorted(offset, keys, side="right") - 1
    return _tabulate(face_patch, table.body[parent], table.group[parent],
                     table.region[parent], table.face_normal, table.face_lo, table.face_hi,
                     table.face_area, table.region_volume, table.region_open)


def _bisect(table: PatchTable, axis: np.ndarray, cut: np.ndarray) -> tuple[PatchTable,
                                                                         np.ndarray]:
    """Every patch with ``axis >= 0`` cut in two at ``cut`` along that grid axis (faces by
    their centre), the others kept; patch order follows the original patches. Also returns
    each new patch's original index."""
    fp = table.face_patch
    on = fp >= 0
    p = np.maximum(fp, 0)
    mid = 0.5 * (table.face_lo + table.face_hi)[np.arange(fp.size), np.maximum(axis, 0)[p]]
    key = np.where(on, 2 * p + ((axis[p] >= 0) & (mid >= cut[p])), -1)
    keys, new = np.unique(key[on], return_inverse=True)
    face_patch = np.full(fp.size, -1, dtype=np.int64)
    face_patch[on] = new.reshape(-1)
    parent = keys // 2
    return _tabulate(face_patch, table.body[parent], table.group[parent], table.region[parent],
                     table.face_normal, table.face_lo, table.face_hi, table.face_area,
                     table.region_volume, table.region_open), parent


@njit(cache=True)
def _beyond(lo, hi, normal, point):
    """How far the box ``lo, hi`` reaches in front of the plane through ``point`` with unit
    ``normal``."""
    d = 0.0
    for c in range(3):
        d += normal[c] * (0.5 * (lo[c] + hi[c]) - point[c]) + abs(normal[c]) * 0.5 * (
            hi[c] - lo[c])
    return d


# A patch is cut while its extent along an in-plane axis exceeds this many times its length
# scale to a body face in front of it: at 2 it spans at most a right angle (2 atan(1)) seen
# from that length.
NEAR_FIELD_RATIO = 2.0


@njit(cache=True)
def _near_field(lo, hi, normal, normal_axis, centroid, which, parent, edges, q_lo, q_hi,
                q_normal, q_centroid, ratio, tol):
    """Per patch ``which``: the grid axis to cut (-1: none) and where (see near_field)."""
    axis = np.full(which.size, -1, np.int64)
    cut = np.zeros(which.size)
    for a in range(which.size):
        p = which[a]
        diameter = math.sqrt(np.sum((hi[p] - lo[p]) ** 2))
        worst = ratio
        for q in range(q_lo.shape[0]):
            if q == parent[p]:
                continue
            gap, reach = 0.0, 0.0
            for c in range(3):
                g = max(0.0, lo[p, c] - q_hi[q, c], q_lo[q, c] - hi[p, c])
                gap += g * g
                reach += abs(normal[p, c]) * (q_hi[q, c] - q_lo[q, c])
            gap = math.sqrt(gap)
            if diameter <= worst * (gap + reach):
                continue
            if not (_beyond(lo[p], hi[p], q_normal[q], q_centroid[q]) > tol
                    and _beyond(q_lo[q], q_hi[q], normal[p], centroid[p]) > tol):
                continue
            for t in range(3):
                if t == normal_axis[p]:
                    continue
                ext = hi[p, t] - lo[p, t]
                scale = gap + reach + (q_hi[q, t] - q_lo[q, t])
                if ext > worst * scale:
                    worst = ext / scale
                    axis[a] = t
                    cut[a] = 0.5 * (lo[p, t] + hi[p, t])
                    if edges[p]:
                        best = ext
                        for x in (q_lo[q, t], q_hi[q, t]):
                            if lo[p, t] + tol < x < hi[p, t] - tol and abs(x - cut[a]) < best:
                                best = abs(x - cut[a])
                                cut[a] = x
    return axis, cut


def near_field(table: PatchTable, faces_of: PatchTable, parent: np.ndarray, ratio: float,
               which: np.ndarray, edges: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For the patches ``which`` of ``table``: the grid axis along which to cut (-1: none)
    and where. A patch P faces a patch Q of ``faces_of`` (not its own, ``parent``) when each
    reaches in front of the other's plane; along an in-plane axis t the point view factor
    from P to Q changes on the length ``l_t = gap + reach + ext_t(Q)`` (the gap between
    their boxes, Q's extent along P's normal, Q's extent along t), so P is cut along the axis
    where ``ext_t(P) / l_t`` exceeds ``ratio`` most: at the edge of Q's box nearest P's
    middle where that lies inside P and ``edges`` allows (a footprint or shadow edge), else
    at P's middle."""
    size = float(np.linalg.norm(np.max(faces_of.hi, axis=0) - np.min(faces_of.lo, axis=0)))
    return _near_field(table.lo, table.hi, table.normal, orientation_class(table.normal) // 2,
                       table.centroid, which.astype(np.int64), parent.astype(np.int64), edges,
                       faces_of.lo, faces_of.hi, faces_of.normal, faces_of.centroid,
                       float(ratio), 1e-9 * size)


def refine_patches(table: PatchTable, start_size: float, ratio: float = NEAR_FIELD_RATIO,
                   max_rounds: int = 64) -> PatchTable:
    """Tiles of at most ``start_size`` (:func:`split_patches`), then cut in two while
    :func:`near_field` with ``ratio`` asks for it: patches are spent where a body face
    stands close in front of them (a board around its components), large tiles stay where
    nothing is near. Each piece stays within one patch of ``table`` (one body face,
    orientation and air region); a piece of one face is not cut. Deterministic; patch order
    follows ``table``'s."""
    tiles = split_patches(table, start_size)
    parent = table.face_patch[_first_faces(tiles)]
    todo = np.arange(len(tiles))
    edges = np.ones(len(tiles), dtype=bool)
    for _ in range(max_rounds):
        axis = np.full(len(tiles), -1, dtype=np.int64)
        cut = np.zeros(len(tiles))
        axis[todo], cut[todo] = near_field(tiles, table, parent, ratio, todo, edges)
        split = axis >= 0
        if not split.any():
            break
        tiles, origin = _bisect(tiles, axis, cut)
        children = np.bincount(origin, minlength=split.size)[origin]
        stuck = split[origin] & (children == 1)
        todo = np.flatnonzero((split[origin] & (children == 2)) | (stuck & edges[origin]))
        edges = ~stuck
        parent = parent[origin]
    return tiles


def _first_faces(table: PatchTable) -> np.ndarray:
    """The first exposed face of every patch."""
    on = np.flatnonzero(table.face_patch >= 0)
    first = np.full(len(table), -1, dtype=np.int64)
    first[table.face_patch[on][::-1]] = on[::-1]
    return first
