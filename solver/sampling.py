"""Temperatures at arbitrary points of a result: probes, the workbench's surface overlay.

A point is located in the cell that contains it; a point on a cell boundary (within a
round-off tolerance) may belong to any cell it touches, so a point exactly on a body's face
is inside that body. The value is a tensor-product (trilinear) interpolation at the point
between nodes of the same body only, one pair of nodes per axis: the containing cell's
centre and, on the point's side, the neighbouring cell's centre if that cell belongs to the
same body, else the exposed face between them (its temperature from the exact half-cell and
film balance, see :meth:`solver.surface.FaceConditions.surface_temperature`). So between the
last cell centre and an exposed face the value goes linearly along the normal to the face
temperature, and on a face it interpolates tangentially between face temperatures of the
same face group. A corner of the tensor product that is no node of the body (a diagonal
cell outside it, a neighbour's face of another group, an edge of the cell) is completed
from its sub-corners, ``T(a, b) = T(a) + T(b) - T(0)`` and its 3-D analogue, so linear
fields are reproduced exactly; on a face's plane an edge is instead extrapolated along that
plane from the same-group face behind (held where there is none), so a fixed temperature
reads its value up to its edges (on an edge line itself: the mean of both planes'
extrapolations). Toward a face shared with another body the value is held
at the body's own cell centre, so values never blend across a material or contact jump
(first order there: the result holds no interface temperatures yet).

Which body: ``sample(points, body=name)`` evaluates the named body (NaN where a point is
not in it); with ``body=None`` a point on a face between two bodies takes the later body in
``model.bodies`` (as the overlap rule does). Points outside the solid are NaN; ``reach`` (m,
at most one cell) moves points within that distance of a body onto it, for vertices of a
curved CAD surface that the staircase cells miss.
"""

from __future__ import annotations

import types
from functools import cache
from pathlib import Path

import numpy as np
from numba import njit
from numba.core.dispatcher import Dispatcher

from solver.jit_cache import cache_is_warm

ROUND_OFF = 1e-9  # on a cell boundary: within this fraction of the grid's largest extent
_CELL, _FACE, _HOLD = 0, 1, 2
#: Points a process samples with the kernels run as plain Python while they are neither
#: compiled nor in numba's cache: a solve's few probes then cost no compile (about 2.5 s of
#: CPU on a first run, docs/performance.md "First run"); at 0.03-0.07 ms a point (measured)
#: that is at most about 0.1 s. A larger call, or one past this budget, compiles (or loads)
#: the kernel.
INTERPRETED_POINTS = 1000
_budget = {"points": INTERPRETED_POINTS, "cached": None}


@njit(cache=True, nogil=True)
def _face_index(keys, first, cell, axis, side):
    """Position of the face (cell, axis, side) in the sorted face keys, -1 if none;
    ``first[cell]`` is the position of the cell's first face (-1: none)."""
    key = cell * 6 + axis * 2 + (1 if side > 0 else 0)
    i = first[cell]
    if i < 0:
        return -1
    while i < keys.size and keys[i] <= key:
        if keys[i] == key:
            return i
        i += 1
    return -1


@njit(cache=True, nogil=True)
def _gap(p, lo, hi):
    """Distance from ``p`` to the interval [lo, hi]."""
    return lo - p if p < lo else (p - hi if p > hi else 0.0)


@njit(cache=True, nogil=True)
def _cell_along(lines, a, n, p):
    """The cell ``i`` in [0, n) of axis ``a`` with ``lines[a, i] <= p < lines[a, i + 1]``,
    clipped to the grid (a point on the last line is in the last cell)."""
    if p >= lines[a, n - 1]:
        return n - 1
    lo, hi = 0, n - 1
    while hi - lo > 1:
        mid = (lo + hi) >> 1
        if lines[a, mid] <= p:
            lo = mid
        else:
            hi = mid
    return lo


@njit(cache=True, nogil=True)
def _locate(p, lines, shape, owner, body, reach, lo, hi):
    """The cell (i, j, k) of ``body`` (-1: any body, ties to the later one) nearest to ``p``
    within ``reach``; i = -1 when there is none. ``lo``, ``hi``: work arrays."""
    for a in range(3):
        n = shape[a]
        if not lines[a, 0] - reach <= p[a] <= lines[a, n] + reach:  # NaN too
            return -1, 0, 0
        i = _cell_along(lines, a, n, p[a])
        lo[a] = i - 1 if i > 0 and p[a] - lines[a, i] <= reach else i
        hi[a] = i + 1 if i < n - 1 and lines[a, i + 1] - p[a] <= reach else i
    best = np.inf
    bi, bj, bk, bo = -1, 0, 0, -1
    for i in range(lo[0], hi[0] + 1):
        for j in range(lo[1], hi[1] + 1):
            for k in range(lo[2], hi[2] + 1):
                o = owner[i, j, k]
                if o < 0 or (body >= 0 and o != body):
                    continue
                d2 = (_gap(p[0], lines[0, i], lines[0, i + 1]) ** 2
                      + _gap(p[1], lines[1, j], lines[1, j + 1]) ** 2
                      + _gap(p[2], lines[2, k], lines[2, k + 1]) ** 2)
                if d2 > reach * reach:
                    continue
                if d2 < best - reach * reach or (d2 <= best + reach * reach and o > bo):
                    best = min(best, d2)
                    bi, bj, bk, bo = i, j, k, o
    return bi, bj, bk


@njit(cache=True, nogil=True)
def _flat(c, shape):
    return (c[0] * shape[1] + c[1]) * shape[2] + c[2]


@njit(cache=True, nogil=True)
def _along_plane(c, a, b, step, own, lines, shape, owner, keys, first, group, face_t, cb):
    """Face ``a`` of cell ``c`` extrapolated along its plane to the cell's edge on the
    ``step[b]`` side of axis ``b``, from the same-group face ``a`` of the cell behind (held
    constant when there is none: a fixed temperature stays exact up to its edges)."""
    f0 = own[a]
    cb[0], cb[1], cb[2] = c[0], c[1], c[2]
    cb[b] = c[b] - step[b]
    if not 0 <= cb[b] < shape[b] or owner[cb[0], cb[1], cb[2]] != owner[c[0], c[1], c[2]]:
        return face_t[f0]
    f = _face_index(keys, first, _flat(cb, shape), a, step[a])
    if f < 0 or group[f] != group[f0]:
        return face_t[f0]
    i, io = c[b], cb[b]
    xc = 0.5 * (lines[b, i] + lines[b, i + 1])
    xo = 0.5 * (lines[b, io] + lines[b, io + 1])
    half = 0.5 * (lines[b, i + 1] - lines[b, i])
    return face_t[f0] + (face_t[f0] - face_t[f]) * half / abs(xc - xo)


@njit(cache=True, nogil=True)
def _interpolate(q, c, lines, shape, owner, t, keys, first, group, face_t, kind, step, own,
                 w, cc, cb, vals):
    """Temperature at ``q`` (inside cell ``c``) from nodes of the cell's body only. Per axis
    the nodes are the cell centre and, toward ``q``, the neighbour's centre (same body), the
    exposed face, or none (held: a face shared with another body). The 8 tensor-product
    corners are the cell, neighbours, faces of neighbours (same group), edges and corners;
    a corner that does not exist is completed from its sub-corners so that linear fields
    are reproduced (an edge on a face's plane by extrapolation along that plane). The rest
    are work arrays."""
    b = owner[c[0], c[1], c[2]]
    for a in range(3):
        i = c[a]
        xc = 0.5 * (lines[a, i] + lines[a, i + 1])
        d = 1 if q[a] >= xc else -1
        step[a] = d
        own[a] = -1
        w[a] = 0.0
        nb = i + d
        o = -1
        if 0 <= nb < shape[a]:
            cc[0], cc[1], cc[2] = c[0], c[1], c[2]
            cc[a] = nb
            o = owner[cc[0], cc[1], cc[2]]
        if o == b:
            kind[a] = _CELL
            w[a] = min(abs(q[a] - xc) / abs(0.5 * (lines[a, nb] + lines[a, nb + 1]) - xc), 1.0)
        elif o < 0:
            own[a] = _face_index(keys, first, _flat(c, shape), a, d)
            kind[a] = _FACE if own[a] >= 0 else _HOLD
            if own[a] >= 0:
                w[a] = min(abs(q[a] - xc) / (0.5 * (lines[a, i + 1] - lines[a, i])), 1.0)
        else:
            kind[a] = _HOLD
        if w[a] == 0.0:  # on the centre plane: the other node has no weight
            kind[a] = _HOLD
    if kind[0] == _CELL and kind[1] == _CELL and kind[2] == _CELL:
        value, whole = 0.0, True  # inside the body's cell centres: plain trilinear
        for corner in range(8):
            i = c[0] + step[0] if corner & 1 else c[0]
            j = c[1] + step[1] if corner & 2 else c[1]
            k = c[2] + step[2] if corner & 4 else c[2]
            if owner[i, j, k] != b:
                whole = False
                break
            value += ((w[0] if corner & 1 else 1.0 - w[0]) * (w[1] if corner & 2 else 1.0 - w[1])
                      * (w[2] if corner & 4 else 1.0 - w[2]) * t[i, j, k])
        if whole:
            return value
    value = 0.0
    for corner in range(8):  # every proper subset of a corner comes before it
        held, faces, count = False, 0, 0
        for a in range(3):
            if (corner >> a) & 1:
                count += 1
                held |= kind[a] == _HOLD
                faces += kind[a] == _FACE
        vals[corner] = 0.0
        if held:  # a zero weight, and so are the corners above it
            continue
        if corner == 0:
            vals[0] = t[c[0], c[1], c[2]]
        else:
            for a in range(3):
                cc[a] = c[a] + step[a] if (corner >> a) & 1 and kind[a] == _CELL else c[a]
            direct = owner[cc[0], cc[1], cc[2]] == b
            if direct and faces == 0:
                vals[corner] = t[cc[0], cc[1], cc[2]]
            elif direct and faces == 1:
                a = 0
                while not ((corner >> a) & 1 and kind[a] == _FACE):
                    a += 1
                f = (own[a] if count == 1
                     else _face_index(keys, first, _flat(cc, shape), a, step[a]))
                direct = f >= 0 and group[f] == group[own[a]]
                if direct:
                    vals[corner] = face_t[f]
            elif faces == 2 and count == 2:  # an edge of the cell
                a0 = 0 if (corner & 1) else 1
                a1 = 2 if (corner & 4) else 1
                on0, on1 = w[a0] > 1.0 - 1e-6, w[a1] > 1.0 - 1e-6
                if on0 or on1:  # on a face's plane: along that plane (both: their mean)
                    edge = 0.0
                    if on0:
                        edge += _along_plane(c, a0, a1, step, own, lines, shape, owner, keys,
                                             first, group, face_t, cb)
                    if on1:
                        edge += _along_plane(c, a1, a0, step, own, lines, shape, owner, keys,
                                             first, group, face_t, cb)
                    vals[corner] = edge / (int(on0) + int(on1))
                else:
                    vals[corner] = vals[1 << a0] + vals[1 << a1] - vals[0]
            else:
                direct = False
            if not direct and not (faces == 2 and count == 2):
                for sub in range(corner):  # inclusion-exclusion: exact for (tri)linear data
                    if sub & corner == sub:
                        gap = count - ((sub & 1) + ((sub >> 1) & 1) + ((sub >> 2) & 1))
                        vals[corner] += vals[sub] if gap % 2 == 1 else -vals[sub]
        weight = 1.0
        for a in range(3):
            weight *= w[a] if (corner >> a) & 1 else 1.0 - w[a]
        value += weight * vals[corner]
    return value


@njit(cache=True, nogil=True)
def _sample_points(points, body, reach, lines, owner, t, keys, first, group, face_t,
                   values, bodies):
    """Locate and interpolate every point (serial: a thread pool only lost time to the
    solver's threads when measured, see docs/performance.md)."""
    shape = np.array(owner.shape, np.int64)
    c = np.empty(3, np.int64)
    q = np.empty(3)
    kind = np.empty(3, np.int64)
    step = np.empty(3, np.int64)
    own = np.empty(3, np.int64)
    cc = np.empty(3, np.int64)
    cb = np.empty(3, np.int64)
    lo = np.empty(3, np.int64)
    hi = np.empty(3, np.int64)
    w = np.empty(3)
    vals = np.empty(8)
    for n in range(points.shape[0]):
        p = points[n]
        i, j, k = _locate(p, lines, shape, owner, body, reach, lo, hi)
        if i < 0:
            values[n] = np.nan
            bodies[n] = -1
            continue
        c[0], c[1], c[2] = i, j, k
        for a in range(3):
            q[a] = min(max(p[a], lines[a, c[a]]), lines[a, c[a] + 1])
        values[n] = _interpolate(q, c, lines, shape, owner, t, keys, first, group, face_t,
                                 kind, step, own, w, cc, cb, vals)
        bodies[n] = owner[i, j, k]


@cache
def _python_sample_points():
    """:func:`_sample_points` and the kernels it calls as plain Python functions (the same
    code, interpreted: no compile)."""
    space = dict(globals())
    for name, obj in globals().items():
        if isinstance(obj, Dispatcher):
            space[name] = types.FunctionType(obj.py_func.__code__, space, name)
    return space["_sample_points"]


def _sample_kernel(n: int):
    """The compiled :func:`_sample_points` once it is compiled or cached, or for more points
    than the process's interpreted budget has left; else the same code interpreted."""
    if _budget["cached"] is None:
        _budget["cached"] = cache_is_warm(Path(__file__), "sampling._sample_points-*.nbi")
    if _sample_points.signatures or _budget["cached"] or n > _budget["points"]:
        return _sample_points
    _budget["points"] -= n
    return _python_sample_points()


class Sampler:
    """Point temperatures of one field, built from arrays only (no model, no solver): grid
    lines, cell owner (body index, -1 outside), cell temperatures (degC), and per exposed
    face its cell (flat C-order index), axis, side (-1/+1), group (the body face it lies on)
    and temperature. ``body_names`` lets callers pick a body by name."""

    def __init__(self, lines, owner, t, face_cell, face_axis, face_side, face_group,
                 surface_t, body_names=()) -> None:
        self.lines = tuple(np.ascontiguousarray(ln, dtype=np.float64) for ln in lines)
        self.owner = np.ascontiguousarray(owner, dtype=np.int32)
        self.body_names = [str(name) for name in body_names]
        keys = (np.asarray(face_cell, np.int64) * 6 + np.asarray(face_axis, np.int64) * 2
                + (np.asarray(face_side) > 0))
        self._order = np.argsort(keys, kind="stable")
        self._keys = keys[self._order]
        self._first = np.full(self.owner.size, -1, np.int32)
        cells = self._keys // 6
        starts = np.flatnonzero(np.r_[True, cells[1:] != cells[:-1]]) if cells.size else cells
        self._first[cells[starts]] = starts
        self._group = np.asarray(face_group, np.int64)[self._order]
        self.extent = max(float(ln[-1] - ln[0]) for ln in self.lines)
        self._lines = np.full((3, max(ln.size for ln in self.lines)), np.inf)
        for a, ln in enumerate(self.lines):
            self._lines[a, :ln.size] = ln
        self._t = self._face_t = None
        self._set_values(t, surface_t)

    def _set_values(self, t, surface_t) -> None:
        self._t = np.ascontiguousarray(t, dtype=np.float64).reshape(self.owner.shape)
        self._face_t = np.ascontiguousarray(np.asarray(surface_t, np.float64)[self._order])

    @classmethod
    def from_result(cls, result) -> Sampler:
        """The final field of a :class:`solver.results.Result`."""
        d = result.disc
        return cls(d.grid.lines, d.bodymap.owner, result.t, d.faces.cell, d.faces.axis,
                   d.faces.side, d.face_group, result.surface_t,
                   [b.name for b in d.model.bodies])

    @classmethod
    def load(cls, path: str | Path, time: float | None = None) -> Sampler:
        """The final field of a ``result.npz`` written by
        :func:`solver.output.write_results`, or a transient's field at the output ``time``
        (s); ValueError if the file has no field at that time."""
        with np.load(path) as z:
            t, surface_t = z["temperature_C"], z["surface_temperature_C"]
            if time is not None:
                times = z["output_times_s"] if "output_times_s" in z.files else np.empty(0)
                hit = np.flatnonzero(np.isclose(times, time, rtol=1e-9, atol=0.0))
                if not hit.size:
                    listed = ", ".join(f"{x:g}" for x in times) or "none"
                    raise ValueError(f"{path}: no field at t = {time:g} s (output times: "
                                     f"{listed})")
                i = int(hit[0])
                t = z[f"field_{i}_t_{times[i]:g}s"]
                surface_t = z[f"surface_{i}_t_{times[i]:g}s"]
            return cls((z["x"], z["y"], z["z"]), z["owner"], t, z["face_cell"],
                       z["face_axis"], z["face_side"], z["face_group"], surface_t,
                       z["body_names"])

    def with_values(self, t: np.ndarray, surface_t: np.ndarray) -> Sampler:
        """The same geometry with other cell and face temperatures (e.g. a later step)."""
        out = object.__new__(Sampler)
        out.__dict__.update(self.__dict__)
        out._set_values(t, surface_t)
        return out

    def body_index(self, body: str | int | None) -> int:
        """-1 for None (any body), else the body's index; ValueError if unknown."""
        if body is None:
            return -1
        if isinstance(body, str):
            if body not in self.body_names:
                raise ValueError(f"no body {body!r} (bodies: {', '.join(self.body_names)})")
            return self.body_names.index(body)
        if not 0 <= int(body) < max(int(self.owner.max()) + 1, len(self.body_names)):
            raise ValueError(f"no body with index {body}")
        return int(body)

    def locate_and_sample(self, points, body: str | int | None = None,
                          reach: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
        """Temperatures (degC, NaN outside) at ``points`` (n, 3) in metres, and the body
        index each point was evaluated in (-1 outside)."""
        pts = np.ascontiguousarray(np.atleast_2d(np.asarray(points, dtype=np.float64)))
        if pts.shape[1] != 3:
            raise ValueError(f"points must have shape (n, 3), got {pts.shape}")
        values = np.empty(len(pts))
        bodies = np.empty(len(pts), np.int32)
        if not len(pts):
            return values, bodies
        tol = max(float(reach), ROUND_OFF * self.extent)
        _sample_kernel(len(pts))(pts, self.body_index(body), tol, self._lines, self.owner,
                                 self._t, self._keys, self._first, self._group, self._face_t,
                                 values, bodies)
        return values, bodies

    def sample(self, points, body: str | int | None = None, reach: float = 0.0) -> np.ndarray:
        """Temperatures (degC) at ``points`` (n, 3) in metres; NaN where a point is not in
        the solid (or not in ``body``, a name or an index)."""
        return self.locate_and_sample(points, body, reach)[0]

    def locate(self, points, body: str | int | None = None, reach: float = 0.0) -> np.ndarray:
        """The body index each point is sampled in, -1 for points outside."""
        return self.locate_and_sample(points, body, reach)[1]
