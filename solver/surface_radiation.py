"""Surface-to-surface radiation in a solve: the faces of ``radiation`` conditions with
``exchange: "surfaces"`` exchange grey, diffuse radiation by view factors among their patches
(:class:`solver.patches.PatchTable`), and with the surroundings.

Per connected air region (:attr:`PatchTable.region`) the view factors of its participating
patches are computed once (:func:`solver.physics.view_factors.compute_view_factors`, ray
casting with blocking by every solid cell of the grid, reciprocity to round-off). In the open
region (0) each row's remainder goes to the surroundings (the conditions'
``surroundings_temperature``), and so it does in the room of a vented enclosure with its vents
cut (:func:`solver.enclosure.open_rooms`): what its patches see through the slots (rays that
leave the grid) is the surroundings; a sealed cavity whose every patch takes part has its rows
closed, otherwise its remainder goes to the surroundings too. Faces that do not take part
(adiabatic, convection only) are not seen: what a patch sees of them counts as surroundings.

Coupling into the Picard loop (:class:`solver.surface.FaceCoupling`): at the surface
temperatures of an outer iteration, the radiosity solve
(:class:`solver.physics.radiosity.RadiosityExchange`) gives each patch's irradiation G; every
face of the patch then carries the radiation film to ``T_irr = (G / sigma)^(1/4)``
(:func:`solver.physics.radiation.radiation_tangent`: ``h = 4 eps sigma Ts^3`` to
``t_ref``, so that ``h (Ts - t_ref) = eps (sigma Ts^4 - G)`` exactly) and the grid matrix keeps
its structure. The patch's temperature in the radiosity solve is its faces'
emissive-power mean (``sigma T_p^4 = mean sigma Ts^4`` over the area), so the faces' heat adds
up to the patch's net radiation. A transient iterates this within each step like radiation to
the surroundings.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np
import scipy.sparse as sp

from solver.conditions.base import Values
from solver.patches import refine_patches, split_patches
from solver.physics.constants import KELVIN, STEFAN_BOLTZMANN
from solver.physics.radiosity import RadiosityExchange, group_exchange
from solver.physics.view_factors import Patches, ViewFactors, compute_view_factors

RESOLUTION = 2  # Gauss points per patch side in the view factors' area quadrature
# default: tiles of the model's largest extent over this, refined in the near field
# (solver.patches.refine_patches); max_patch_size gives uniform tiles instead
DEFAULT_PATCHES_ACROSS = 8
FLAT = 1e-9  # relative to the scene: a patch this thin along its normal axis is planar


def exchange_faces(conditions) -> np.ndarray:
    """Indices of the faces that exchange radiation with surfaces."""
    values = conditions.values["radiation"]
    return np.flatnonzero((values["surfaces"] > 0.0) & (values["emissivity"] > 0.0))


def patch_polygons(patches, which: np.ndarray, size: float) -> list[np.ndarray]:
    """A planar rectangle of each patch ``which`` of the table, counter-clockwise about its
    normal and of the patch's area. An axis-aligned flat patch is its bounding box; another
    (a staircase of a curved body) a rectangle about its centroid at the outer extent of its
    bounding box along its mean normal, sides in the ratio of the box's extents."""
    out = []
    for p in which:
        n = patches.normal[p] / np.linalg.norm(patches.normal[p])
        lo, hi, c = patches.lo[p], patches.hi[p], patches.centroid[p]
        axis = int(np.argmax(np.abs(n)))
        ext = hi - lo
        if abs(n[axis]) > 1.0 - 1e-9 and ext[axis] <= FLAT * size:
            b, d = (axis + 1) % 3, (axis + 2) % 3
            shrink = np.sqrt(min(1.0, patches.area[p] / (ext[b] * ext[d])))
            u, v = np.zeros(3), np.zeros(3)
            u[b], v[d] = shrink * ext[b], shrink * ext[d]
            if n[axis] < 0:
                u, v = v, u
            o = c - 0.5 * (u + v)
            o[axis] = lo[axis]
            out.append(np.array([o, o + u, o + u + v, o + v]))
            continue
        corners = np.array([[x, y, z] for x in (lo[0], hi[0]) for y in (lo[1], hi[1])
                            for z in (lo[2], hi[2])])
        rel = corners - c
        centre = c + n * max(0.0, float((rel @ n).max()))
        tang = ext - (ext @ n) * n
        if np.linalg.norm(tang) < 1e-12 * size:
            tang = np.eye(3)[(axis + 1) % 3]
        e1 = tang - (tang @ n) * n
        e1 /= np.linalg.norm(e1)
        e2 = np.cross(n, e1)
        l1 = max(float(np.abs(rel @ e1).max()), 1e-12 * size)
        l2 = max(float(np.abs(rel @ e2).max()), 1e-12 * size)
        scale = np.sqrt(patches.area[p] / (4.0 * l1 * l2))
        a, b = scale * l1 * e1, scale * l2 * e2
        out.append(np.array([centre - a - b, centre + a - b, centre + a + b, centre - a + b]))
    return out


class SurfaceRadiation:
    """The surface-to-surface coupling of one discretization (see the module's doc). The
    view factors and the radiosity system are built on first use and kept."""

    def __init__(self, disc) -> None:
        self.disc = disc
        self.faces = exchange_faces(disc.conditions)
        g = disc.grid
        self.size = float(np.linalg.norm([g.x[-1] - g.x[0], g.y[-1] - g.y[0],
                                          g.z[-1] - g.z[0]]))
        extent = max(g.x[-1] - g.x[0], g.y[-1] - g.y[0], g.z[-1] - g.z[0])
        max_size = disc.model.mesh.max_patch_size
        self.table = table = (refine_patches(disc.patches, extent / DEFAULT_PATCHES_ACROSS)
                              if max_size is None else split_patches(disc.patches, max_size))
        face_patch = table.face_patch[self.faces]
        self.patch, self.local = np.unique(face_patch, return_inverse=True)
        self.area = np.bincount(self.local, weights=disc.faces.area[self.faces])
        self.body = np.asarray(table.body)[self.patch]
        self.region = np.asarray(table.region)[self.patch]
        self.view_factors: ViewFactors | None = None
        self.exchange: RadiosityExchange | None = None
        self.emissivity: np.ndarray | None = None
        self.sealed: list[int] = []
        self.view_factor_time_s = 0.0
        self._last: tuple[np.ndarray, np.ndarray, tuple] | None = None

    def __len__(self) -> int:
        return int(self.patch.size)

    def _patch_mean(self, per_face: np.ndarray) -> np.ndarray:
        a = self.disc.faces.area[self.faces]
        return np.bincount(self.local, weights=a * per_face[self.faces]) / self.area

    def build(self, values: Values) -> RadiosityExchange:
        """View factors per air region and the radiosity system (once)."""
        if self.exchange is not None:
            return self.exchange
        started = time.perf_counter()
        disc, table = self.disc, self.table
        g = disc.grid
        polygons = patch_polygons(table, self.patch, self.size)
        grid = (g.x, g.y, g.z, disc.active)
        n = len(self)
        rows, cols, data = [], [], []
        surroundings = np.ones(n)
        for r in np.unique(self.region):
            mine = np.flatnonzero(self.region == r)
            sealed = bool(not table.region_open[r] and np.isin(
                np.flatnonzero(np.asarray(table.region) == r), self.patch).all())
            if sealed:
                self.sealed.append(int(r))
            if mine.size < 2:
                surroundings[mine] = 0.0 if sealed else 1.0
                continue
            vf = compute_view_factors(Patches([polygons[i] for i in mine]),
                                      resolution=RESOLUTION, grid=grid, sealed=sealed)
            m = vf.matrix.tocoo()
            rows.append(mine[m.row])
            cols.append(mine[m.col])
            data.append(m.data)
            surroundings[mine] = vf.surroundings
        matrix = sp.coo_matrix((np.concatenate(data) if data else np.zeros(0),
                                (np.concatenate(rows) if rows else np.zeros(0, int),
                                 np.concatenate(cols) if cols else np.zeros(0, int))),
                               shape=(n, n)).tocsr()
        self.view_factors = ViewFactors(matrix, surroundings, self.area.copy())
        self.emissivity = self._patch_mean(values["emissivity"])
        self.exchange = RadiosityExchange(self.view_factors, self.emissivity)
        self.view_factor_time_s = time.perf_counter() - started
        return self.exchange

    def patch_temperature(self, t_surface: np.ndarray) -> np.ndarray:
        """Each patch's emissive-power mean temperature (degC) of its faces."""
        e = self._patch_mean((t_surface + KELVIN) ** 4)
        return e**0.25 - KELVIN

    def solve(self, values: Values, t_surface: np.ndarray):
        """``(J, G, q, T_sur)`` per patch at the surface temperatures (cached for the last)."""
        t_sur = self._patch_mean(values["t_surroundings"])
        last = self._last
        if last is not None and np.array_equal(last[0], t_surface) and np.array_equal(
                last[1], t_sur):
            return last[2]
        out = (*self.build(values).solve(self.patch_temperature(t_surface), t_sur), t_sur)
        self._last = (t_surface.copy(), t_sur, out)
        return out

    def values(self, values: Values, t_lin: np.ndarray) -> Values:
        """Every face's irradiation temperature (the surroundings' off the exchange)."""
        _, g, _, _ = self.solve(values, t_lin)
        out = values["t_surroundings"].copy()
        out[self.faces] = ((g / STEFAN_BOLTZMANN) ** 0.25 - KELVIN)[self.local]
        return {"t_irradiation": out}

    def report(self, values: Values, t_surface: np.ndarray) -> dict[str, Any]:
        """For the summary: per body the net radiation to the surroundings and the matrix of
        the heat exchanged between bodies (W, row to column), per patch its body, face name,
        area, emissivity, view-factor sum to the surroundings and net heat."""
        j, _, q, t_sur = self.solve(values, t_surface)
        e_sur = STEFAN_BOLTZMANN * (t_sur + KELVIN) ** 4
        model = self.disc.model
        nb = len(model.bodies)
        between, to_sur = group_exchange(self.view_factors, j, e_sur, self.body, nb)
        names = self.disc.group_names
        group = np.asarray(self.table.group)[self.patch]
        return {
            "patches": len(self),
            "sealed_regions": self.sealed,
            "view_factor_time_s": self.view_factor_time_s,
            "bodies": [b.name for b in model.bodies],
            "to_surroundings_W": [float(v) for v in to_sur],
            "exchange_W": [[float(v) for v in row] for row in between],
            "patch_table": [
                {"patch": int(p), "body": model.bodies[int(b)].name, "face": names[int(g)][1],
                 "area_m2": float(a), "emissivity": float(e), "F_surroundings": float(f),
                 "heat_out_W": float(h)}
                for p, b, g, a, e, f, h in zip(self.patch, self.body, group, self.area,
                                               self.emissivity, self.view_factors.surroundings,
                                               q, strict=True)],
        }


def attach_surface_radiation(disc) -> None:
    """Couple the radiation kind's faces when any condition exchanges with surfaces."""
    if exchange_faces(disc.conditions).size:
        disc.conditions.coupled["radiation"] = SurfaceRadiation(disc)
