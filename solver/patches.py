"""Surface patches: the exposed faces grouped per body face (group), orientation class and
the air region they face, each with its true area, mean outward normal, centroid and extent.
Correlations (natural convection), view factors and the per-patch report use them.

Orientation class: the dominant axis and sign of a face's true outward normal (the nearest
triangle's for mesh and STEP bodies, the axis normal for boxes), numbered like
:data:`solver.model.BOX_FACES` (``2 axis + (sign > 0)``), so a box has six patches and a
curved face is split by its dominant normal direction. Air regions: the inactive cells
labelled into connected components; the one touching the edge of the grid (the open
outside) is 0, sealed cavities are 1, 2, ...; a face on the grid's edge faces region 0.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

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
    ``n_regions`` counts the air regions (the outside and the sealed cavities)."""

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
    n_regions: int

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

    def extent_along(self, direction: np.ndarray) -> np.ndarray:
        """Length (m) of every patch along the unit vectors ``direction`` (n x 3): the spread
        of its faces' rectangles projected on it."""
        d = direction[np.maximum(self.face_patch, 0)]
        mid = 0.5 * (self.face_lo + self.face_hi)
        half = 0.5 * np.sum(np.abs(d) * (self.face_hi - self.face_lo), axis=1)
        proj = np.sum(d * mid, axis=1)
        on = self.face_patch >= 0
        top = np.full(len(self), -np.inf)
        bottom = np.full(len(self), np.inf)
        np.maximum.at(top, self.face_patch[on], (proj + half)[on])
        np.minimum.at(bottom, self.face_patch[on], (proj - half)[on])
        return np.maximum(top - bottom, 0.0)


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
                  active: np.ndarray) -> PatchTable:
    """The patch table of the exposed ``faces`` (``face_normal``: their true outward unit
    normals; ``faces.area`` their true areas), one patch per (group, orientation class, air
    region), ordered by that key."""
    regions, n_regions = air_regions(active)
    region = face_regions(grid, faces, regions)
    key = (face_group.astype(np.int64) * 6 + orientation_class(face_normal)) * n_regions + region
    keys, face_patch = np.unique(key, return_inverse=True)
    first = np.zeros(keys.size, dtype=np.int64)
    first[face_patch[::-1]] = np.arange(len(faces))[::-1]
    lo, hi = face_bounds(grid, faces)
    return _tabulate(face_patch.reshape(-1), face_body[first].astype(np.int64),
                     face_group[first].astype(np.int64), region[first], face_normal, lo, hi,
                     faces.area, n_regions)


def _tabulate(face_patch: np.ndarray, body: np.ndarray, group: np.ndarray, region: np.ndarray,
              face_normal: np.ndarray, face_lo: np.ndarray, face_hi: np.ndarray,
              face_area: np.ndarray, n_regions: int) -> PatchTable:
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
    lo = np.full((n, 3), np.inf)
    hi = np.full((n, 3), -np.inf)
    np.minimum.at(lo, fp, face_lo[on])
    np.maximum.at(hi, fp, face_hi[on])
    return PatchTable(face_patch, area, normal, centroid, lo, hi, body, group, region,
                      face_normal, face_lo, face_hi, face_area, n_regions)


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
        start = np.full(n, np.inf)
        np.minimum.at(start, fp[on], (proj - half)[on])
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
                     table.face_area, table.n_regions)
