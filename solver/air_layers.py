"""Thin air layers that conduct: one lumped node per layer between the two surfaces bounding it.

A patch of an enclosure's air (:mod:`solver.enclosure`) facing patches of other bodies on
the same air region across a gap ``S`` (opposite normals within 8 deg, the nearest such
patches in front of it, together covering at least half of its extent across the normal, as
:func:`solver.patch_films.facing_gaps`) bounds an air layer. Walls of one body facing each
other (the fins of a sink, the slats of a vent) are left out: the gap between them carries
no heat from one solid to another, it is a channel of the air (Bar-Cohen-Rohsenow films
between vertical walls). The layer conducts when its
Rayleigh number ``Ra_S`` on the gap is below the onset of convection, taken at the first
guess of the films (the surface :data:`~solver.patch_films.START_DELTA_T` above the ambient
air): 1708 for a horizontal layer (heated from below; heated from above it is stable,
Hollands et al., J. Heat Transfer 98, 1976; Incropera et al., 7th ed., 2011, sec. 9.8),
1e3 for a vertical one (the cavity correlations' conduction regime,
:func:`solver.physics.enclosure_convection.nu_vertical_cavity`). The pairing is fixed for
the solve (the network's links are), so a layer stays a layer if its walls' difference grows
past the onset later; wider vertical gaps keep the Bar-Cohen-Rohsenow channel films of
:mod:`solver.patch_films`.

The layer's node (capacity: the air in it, ``rho c_p A S`` at the ambient temperature) links
to the faces of the patch that face those of the facing patches across the gap and to those
(the patch's shadow on them: the faces normal to the layer in the same grid columns), each
by the conducting layer's film ``2 k / S``
(:func:`~solver.physics.enclosure_convection.h_conducting_layer_wall`, ``k`` at the node's
temperature) in series with the half cell behind the face, so the two solids see ``k / S``
between them, the ``Nu = 1`` floor of the cavity correlations. Those faces leave the
enclosure's air node; the rest of each patch (a board around a package, a stair step of a
curved face) keeps its film to it. A face claimed by a thinner layer stays in it.

In open air (the outside, region 0: :func:`open_air_layers`) a layer conducts on the same
onsets and, when it is vertical, only where the air drawn up through it by buoyancy carries
next to nothing: an open vertical gap is a channel, whose fully developed flow (the narrow
limit of Elenbaas's parallel plates, Elenbaas, Physica 9, 1942; Bar-Cohen & Rohsenow, J.
Heat Transfer 106, 1984; Incropera eq. 9.37's first term) gives ``Nu_S = Ra_S (S/L) / 24``
to the room, ``L`` the layer's height. It is a conducting layer when that is below 1 % of the
conduction's ``Nu_S = 1`` (``Ra_S S/L <`` :data:`OPEN_VERTICAL_CHANNEL`): a package's
standoff on a vertical board (Ra_S S/L ~ 1e-5); the fins of a sink (~5) stay channels. A
horizontal layer has no buoyant through-flow (its air only rises across it, and not below
the onset), so its open edges change nothing: a package's underside over its board, a board
over a chassis floor. Only faces whose film to the room is natural convection on the whole
body (or the model-wide default) take part: where the model says the air is there and still
(a flow region's faces, faces with a given film or a fixed temperature, and models without
natural convection, radiation alone, keep theirs). The faces of an open-air layer leave the
whole-body films to the surroundings (natural convection, convection, radiation to the
surroundings) as an enclosure's faces do (:func:`solver.surface.map_conditions`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from solver.patch_films import GAP_TOLERANCE, MAX_CHANNEL_TILT, START_DELTA_T, buoyancy
from solver.physics.air import ATMOSPHERIC_PRESSURE, air_properties
from solver.physics.enclosure_convection import h_conducting_layer_wall
from solver.physics.surface_balance import boundary_film_conductance, surface_temperature

if TYPE_CHECKING:
    from solver.discretize import Discretization

ONSET_HORIZONTAL = 1708.0  # Ra_S, Hollands et al. 1976 (Incropera sec. 9.8)
ONSET_VERTICAL = 1e3  # Ra_S, Incropera sec. 9.8 (vertical cavities conduct below it)
MIN_COVER = 0.5  # the facing patches cover at least this share of the patch's extent
# open air: a vertical layer conducts while Elenbaas's channel Nu_S = Ra_S (S/L)/24 is under
# 1 % of the conduction's Nu_S = 1
OPEN_VERTICAL_CHANNEL = 0.24


@dataclass(eq=False)
class AirLayer:
    """One conducting layer: its ``node`` and ``link``, the ``gap`` (m), the patch ``a`` and
    the facing patches ``b`` (indices into ``disc.patches``), and the faces on each side."""

    node: int
    link: int
    gap: float
    a: int
    b: np.ndarray
    faces_a: np.ndarray
    faces_b: np.ndarray


def _overlap(lo, hi, lo2, hi2, axes) -> np.ndarray:
    """Area of the overlap across the normal of one rectangle with each of several."""
    out = np.ones(len(lo2))
    for b in axes:
        out *= np.maximum(0.0, np.minimum(hi[b], hi2[:, b]) - np.maximum(lo[b], lo2[:, b]))
    return out


def _columns(disc: Discretization, faces: np.ndarray, axis: int) -> np.ndarray:
    """The grid column across ``axis`` of each face (faces normal to ``axis`` in one column
    face each other: their rectangles coincide across the normal)."""
    idx = np.unravel_index(disc.faces.cell[faces], disc.grid.shape)
    b, c = (a for a in range(3) if a != axis)
    return idx[b] * disc.grid.shape[c] + idx[c]


def find_layers(disc: Discretization, faces: np.ndarray, open_air: bool = False
                ) -> list[tuple]:
    """The conducting layers among the exposed ``faces`` (one air region's linked faces;
    ``open_air``: the outside's, with the channel criterion for vertical layers): ``(gap, a,
    b, faces_a, faces_b)`` each, thinnest first, no face in two. ``disc`` needs ``model``,
    ``grid``, ``faces`` and ``patches``."""
    p = disc.patches
    patches = np.unique(p.face_patch[faces])
    g = np.asarray(disc.model.ambient.gravity, dtype=float)
    gravity = float(np.linalg.norm(g))
    up = -g / gravity if gravity > 0.0 else np.array([0.0, 0.0, 1.0])
    t_amb = disc.model.ambient.temperature
    per_l3 = buoyancy(t_amb + START_DELTA_T, t_amb, gravity, ATMOSPHERIC_PRESSURE)[2]
    found = []
    for i in patches:
        axis = int(np.argmax(np.abs(p.normal[i])))
        axes = [b for b in range(3) if b != axis]
        others = patches[(p.normal[patches] @ p.normal[i] < -0.99)
                         & (p.body[patches] != p.body[i])]
        gap = (p.centroid[others] - p.centroid[i]) @ p.normal[i]
        share = _overlap(p.lo[i], p.hi[i], p.lo[others], p.hi[others], axes)
        ahead = (gap > GAP_TOLERANCE) & (share > 0.0)
        if not ahead.any():
            continue
        s = float(gap[ahead].min())
        facing = ahead & (gap <= s + GAP_TOLERANCE)
        own = float(np.prod([p.hi[i, b] - p.lo[i, b] for b in axes]))
        vertical = abs(p.normal[i] @ up) < MAX_CHANNEL_TILT
        ra_s = per_l3 * s**3
        if share[facing].sum() < MIN_COVER * own or ra_s >= (
                ONSET_VERTICAL if vertical else ONSET_HORIZONTAL):
            continue
        height = float(np.abs(up) @ (p.hi[i] - p.lo[i]))
        if open_air and vertical and ra_s * s / max(height, 1e-300) >= OPEN_VERTICAL_CHANNEL:
            continue
        found.append((s, int(i), others[facing], axis))
    out, claimed = [], np.zeros(len(disc.faces), dtype=bool)
    on = np.zeros(len(disc.faces), dtype=bool)
    on[faces] = True
    for s, i, b, axis in sorted(found, key=lambda f: f[0]):
        free = on & ~claimed & (disc.faces.axis == axis)
        side_a = np.nonzero(free & (p.face_patch == i))[0]
        side_b = np.nonzero(free & np.isin(p.face_patch, b))[0]
        col_a, col_b = _columns(disc, side_a, axis), _columns(disc, side_b, axis)
        side_a, side_b = side_a[np.isin(col_a, col_b)], side_b[np.isin(col_b, col_a)]
        if side_a.size and side_b.size:
            claimed[side_a] = claimed[side_b] = True
            out.append((s, i, b, side_a, side_b))
    return out


class AirLayers:
    """The conducting layers' nodes, links and films (``h`` per layer, W/(m^2 K) each side)."""

    def __init__(self, disc: Discretization, faces: np.ndarray, name: str,
                 open_air: bool = False) -> None:
        self.disc = disc
        net = disc.network
        t_amb = disc.model.ambient.temperature
        props = air_properties(t_amb, ATMOSPHERIC_PRESSURE)
        self.items: list[AirLayer] = []
        for s, a, b, fa, fb in find_layers(disc, faces, open_air):
            both = np.concatenate([fa, fb])
            area = float(disc.faces.area[fa].sum())
            node = net.add_node(f"{name}:layer:{len(self.items) + 1}",
                                props[0] * props[1] * area * s)
            net.link_cells(node, disc.faces.cell[both], np.ones(both.size),
                           f"air layer:{name}:{len(self.items) + 1}")
            self.items.append(AirLayer(node, len(net.links) - 1, s, a, b, fa, fb))
        self.faces = np.concatenate([np.zeros(0, np.int64)] + [
            np.concatenate([e.faces_a, e.faces_b]) for e in self.items])
        self.face_layer = np.concatenate([np.zeros(0, np.int64)] + [
            np.full(e.faces_a.size + e.faces_b.size, n) for n, e in enumerate(self.items)])
        self.gap = np.array([e.gap for e in self.items])
        self.node = np.array([e.node for e in self.items], dtype=np.int64)
        self.h = np.zeros(len(self.items))
        self.target = self.h
        if self.items:
            self._set(self._films(np.full(len(self.items), t_amb + START_DELTA_T)))

    def _films(self, t_layer: np.ndarray) -> np.ndarray:
        k = np.array([air_properties(t, ATMOSPHERIC_PRESSURE)[3] for t in t_layer])
        return h_conducting_layer_wall(k, self.gap)

    def _set(self, h: np.ndarray) -> None:
        self.h = h
        d = self.disc
        g = boundary_film_conductance(d.faces.area[self.faces], d.k_over_d[self.faces],
                                      h[self.face_layer])
        for n, e in enumerate(self.items):
            d.network.set_cell_conductances(e.link, g[self.face_layer == n])

    def face_temperature(self, t: np.ndarray, tn: np.ndarray) -> np.ndarray:
        """Temperature of the layers' faces (the half cell and the film to the node)."""
        d = self.disc
        return surface_temperature(t.ravel()[d.faces.cell[self.faces]],
                                   d.k_over_d[self.faces], self.h[self.face_layer],
                                   tn[self.node[self.face_layer]], 0.0)

    def settle(self, t: np.ndarray, tn: np.ndarray) -> tuple[float, float]:
        """The target films at the nodes' temperatures ``tn``: the heat-flow mismatch and the
        heat flow (W) of the faces, for the caller's relative residual."""
        if not self.items:
            return 0.0, 0.0
        self.target = self._films(tn[self.node])
        area = self.disc.faces.area[self.faces]
        dt = np.abs(self.face_temperature(t, tn) - tn[self.node[self.face_layer]])
        return (float(np.sum(area * np.abs(self.target - self.h)[self.face_layer] * dt)),
                float(np.sum(area * self.target[self.face_layer] * dt)))

    def relax(self, factor: float) -> None:
        """Move the films a fraction ``factor`` towards the last targets."""
        if self.items:
            self._set(self.h + factor * (self.target - self.h))

    def overlay(self, t: np.ndarray, tn: np.ndarray, t_surface: np.ndarray,
                h_convection: np.ndarray) -> None:
        """Put the layers' faces' temperatures and films into the per-face results."""
        if self.items:
            t_surface[self.faces] = self.face_temperature(t, tn)
            h_convection[self.faces] += self.h[self.face_layer]

    def report(self, t: np.ndarray, tn: np.ndarray) -> list[dict[str, Any]]:
        """Per layer: node and temperature, gap, film each side, the two sides (body, face,
        area, mean surface temperature, heat into the layer in W)."""
        d, p = self.disc, self.disc.patches
        ts = self.face_temperature(t, tn) if self.items else np.zeros(0)
        heat = self.h[self.face_layer] * d.faces.area[self.faces] * (
            ts - tn[self.node[self.face_layer]])
        out = []
        for n, e in enumerate(self.items):
            sides = []
            for side in (e.faces_a, e.faces_b):
                rows = np.isin(self.faces, side) & (self.face_layer == n)
                area = d.faces.area[self.faces[rows]]
                body, face = d.group_names[p.group[p.face_patch[side[0]]]]
                sides.append({"body": d.model.bodies[body].name, "face": face,
                              "area_m2": float(area.sum()),
                              "t_surface_C": float(np.dot(area, ts[rows]) / area.sum()),
                              "heat_W": float(heat[rows].sum())})
            out.append({"node": d.network.names[e.node], "T_C": float(tn[e.node]),
                        "gap_m": e.gap, "h_W_m2K": float(self.h[n]),
                        "correlation": "air layer between facing surfaces, conduction (Nu = 1)",
                        "sides": sides})
        return out


def open_air_layers(disc: Discretization, natural: np.ndarray) -> np.ndarray:
    """Which exposed faces bound a conducting layer of the outside air (region 0) among those
    whose film to the room is natural convection (``natural``, a face mask: the air is
    modelled there; a flow region's faces and faces with other films are not): the faces to
    leave to the layer. ``disc`` needs what :func:`find_layers` does."""
    p = disc.patches
    outside = natural & (p.face_patch >= 0) & (p.region[np.maximum(p.face_patch, 0)] == 0)
    on = np.zeros(len(disc.faces), dtype=bool)
    for layer in find_layers(disc, np.nonzero(outside)[0], open_air=True):
        on[layer[3]] = on[layer[4]] = True
    return on
