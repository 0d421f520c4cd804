"""Sealed enclosures: the air sealed inside a body marked ``enclosure`` as one lumped node.

Every sealed air region (:func:`solver.patches.air_regions`, region >= 1) that faces of an
``enclosure`` body bound gets an air node (:class:`~solver.network.LumpedNetwork`), with the
heat capacity ``rho c_p V`` of the region's cells (air at the ambient temperature). Every
exposed face on that region, of any body (the walls' inner faces, the board and the parts
inside), is linked to the node by its patch's natural-convection film in series with the
half cell behind the face, unless a convective condition naming the face or a fixed
temperature covers it (whole-body films to the surroundings leave these faces to the air:
:func:`solver.surface.map_conditions`). The walls conduct, and their outer faces carry the
model's conditions (e.g. ``ambient.natural_convection`` and radiation) to the room.

The film of each patch is the plate correlation of :mod:`solver.patch_films` (Churchill-Chu,
Raithby-Hollands / Lloyd-Moran, Bar-Cohen-Rohsenow channels where walls face each other)
with the fluid temperature = the air node's temperature. That is the standard lumped
treatment of a closed electronics box (Ellison, *Thermal Computations for Electronics*, 2nd
ed., 2020, ch. 9 on sealed enclosures; Steinberg, *Cooling Techniques for Electronic
Equipment*, 2nd ed., 1991, ch. 6): each surface sees a well-mixed core through its own
boundary layer, which holds where the boundary layers are thin against the cavity (Ra on
the surfaces above ~1e4, the boundary-layer regime of cavity flow, Ostrach, Adv. Heat
Transfer 8, 1972). The cavity correlations of :mod:`solver.physics.enclosure_convection`
(Catton, MacGregor-Emery, Hollands) relate two walls of one layer directly and have no core
temperature, so they do not fit a node with several surfaces at different temperatures. Where
they do fit better is a thin air layer between two facing surfaces (a board just under the
lid, a package over its board): there the boundary layers fill the gap and the layer conducts
between its two walls, not to the mixed air: such a layer is a node of its own between the
faces bounding it (:mod:`solver.air_layers`), and those faces leave the air node.

The films follow the Picard loop like the open-air ones: :meth:`EnclosureAir.settle` gives
the target films at the current face and air temperatures and the relative mismatch of the
heat flows, :meth:`~EnclosureAir.relax` moves the links' conductances towards them
(under-relaxed; :attr:`~solver.network.LumpedNetwork.revision` makes the system re-assemble
the network), transients take them once per step (:meth:`~EnclosureAir.lag`). A body with
``vents`` adds the stack-effect flow through them to its air node's balance
(:mod:`solver.enclosure_vents`), iterated with the films. Its vents may be cut in the
geometry, so that it seals nothing: then the open air within its bounding box on the grid
(:func:`open_rooms`) is its air, a region of its own whose faces leave the open-air
conditions to it; the vents stay data for the stack flow (the cut slots only show them), and
the faces inside radiate through the slots to the surroundings
(:mod:`solver.surface_radiation`: the room's view-factor rows are not closed).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from solver.air_layers import AirLayers
from solver.conditions import REGISTRY
from solver.enclosure_vents import VentFlow
from solver.model import Model, ModelError, Problem
from solver.model.problems import join
from solver.patch_films import CORRELATION_NAMES, START_DELTA_T, PlateGeometry
from solver.physics.air import ATMOSPHERIC_PRESSURE, air_properties
from solver.physics.surface_balance import boundary_film_conductance, surface_temperature
from solver.physics.validity import IN_RANGE

if TYPE_CHECKING:
    from solver.discretize import Discretization

@dataclass(eq=False)
class Enclosure:
    """One sealed air region (``region``) of the enclosure body ``body``: its air ``node``,
    the network ``link`` to the faces ``faces`` (exposed-face indices), its air ``volume``
    (m^3), the patches ``patches`` (indices into ``disc.patches``) those faces form and the
    conducting air ``layers`` whose faces it leaves to them."""

    body: int
    region: int
    node: int
    link: int
    faces: np.ndarray
    patches: np.ndarray
    volume: float
    layers: AirLayers


def open_rooms(model: Model, owner: np.ndarray, regions: np.ndarray) -> list[np.ndarray]:
    """The cells of the bounding box on the grid of every vented enclosure that seals nothing
    (its box holds open air and no sealed cavity, by the cells' ``regions`` from
    :func:`solver.patches.air_regions`): the open air in them is that enclosure's air
    (:func:`solver.patches.with_rooms`). Boxes that overlap are a problem at the later
    body's ``vents``."""
    rooms: list[tuple[int, np.ndarray]] = []
    problems = []
    for b, body in enumerate(model.bodies):
        cells = np.nonzero(owner == b)
        if not (body.enclosure and body.vents is not None) or cells[0].size == 0:
            continue
        box = tuple(slice(int(i.min()), int(i.max()) + 1) for i in cells)
        if (regions[box] > 0).any() or not (regions[box] == 0).any():
            continue  # sealed (modelled closed), or no air: EnclosureAir tells
        room = np.zeros(regions.shape, dtype=bool)
        room[box] = True
        for a, other in rooms:
            if (other & room).any():
                problems.append(Problem(join(join("bodies", b), "vents"), (
                    f"body {body.name!r} has its vents cut and its bounding box overlaps "
                    f"that of the vented enclosure {model.bodies[a].name!r}: the open air "
                    "of each box is its air, so the boxes must not overlap")))
        rooms.append((b, room))
    if problems:
        raise ModelError(problems)
    return [room for _, room in rooms]


def enclosure_regions(model: Model, face_body: np.ndarray, face_region: np.ndarray
                      ) -> dict[int, list[int]]:
    """Per enclosure body (index) the sealed air regions its exposed faces bound."""
    return {b: [int(r) for r in np.unique(face_region[face_body == b]) if r > 0]
            for b, body in enumerate(model.bodies) if body.enclosure}


def enclosed_faces(model: Model, face_body: np.ndarray, face_region: np.ndarray
                   ) -> np.ndarray | None:
    """Which exposed faces are on an enclosure's air (None: no enclosure)."""
    regions = enclosure_regions(model, face_body, face_region)
    if not regions:
        return None
    return np.isin(face_region, [r for rs in regions.values() for r in rs])


def _linked_faces(disc: Discretization) -> np.ndarray:
    """Faces an enclosure's air may couple to: no convective condition, no fixed
    temperature."""
    c = disc.conditions
    rows = [row for row, kind in enumerate(REGISTRY.values()) if kind.convective]
    return np.all(c.origin[rows] < 0, axis=0) & np.isnan(c.fixed_t)


class EnclosureAir:
    """The air nodes of a discretization's enclosures, their links and films, and the
    conducting layers of the outside air (``open``, :func:`solver.air_layers.open_air_layers`
    marks their faces ``layered``)."""

    def __init__(self, disc: Discretization, layered: np.ndarray | None = None) -> None:
        self.disc = disc
        p, net = disc.patches, disc.network
        face_region = np.where(p.face_patch >= 0, p.region[np.maximum(p.face_patch, 0)], 0)
        free = _linked_faces(disc)
        volumes = p.region_volume
        t_amb = disc.model.ambient.temperature
        props = air_properties(t_amb, ATMOSPHERIC_PRESSURE)
        rho_cp = props[0] * props[1]
        self.items: list[Enclosure] = []
        problems = []
        owner: dict[int, int] = {}
        self.vents = VentFlow(disc.model, net)
        for b, bounded in enclosure_regions(disc.model, disc.face_body, face_region).items():
            body = disc.model.bodies[b]
            regions = [r for r in bounded if r not in owner]  # a lid and its base: one air
            if not bounded:
                problems.append(Problem(join(join("bodies", b), "enclosure"), (
                    f"body {body.name!r} is marked as an enclosure but seals no air inside it "
                    "on the grid: close it, or refine the mesh (mesh.max_cell_size) so its "
                    "walls have no gaps" + (
                        "; a vented enclosure is modelled closed, its openings given as "
                        "vents, or has its vents cut, the open air within its bounding box "
                        "then its air, which that box must hold, with no sealed cavity (such "
                        "as another enclosure's air)" if body.vents is not None else ""))))
            elif body.vents is not None and len(regions) > 1:
                problems.append(Problem(join(join("bodies", b), "vents"), (
                    f"body {body.name!r} has vents but seals {len(regions)} separate air "
                    "cavities: vents need one cavity (join them, or split the box into "
                    "bodies)")))
                continue
            for k, r in enumerate(regions):
                owner[r] = b
                faces = np.nonzero((face_region == r) & free)[0]
                if faces.size == 0:
                    continue
                name = f"air:{body.name}" + (f":{k + 1}" if len(regions) > 1 else "")
                layers = AirLayers(disc, faces, name)
                faces = np.setdiff1d(faces, layers.faces)
                node = net.add_node(name, rho_cp * volumes[r])
                net.link_cells(node, disc.faces.cell[faces], np.ones(faces.size),
                               f"enclosure:{name}")
                self.items.append(Enclosure(b, r, node, len(net.links) - 1, faces,
                                            np.unique(p.face_patch[faces]), float(volumes[r]),
                                            layers))
                if body.vents is not None:
                    self.vents.add(node, body.vents)
        if problems:
            raise ModelError(problems)
        outside = np.zeros(0, np.int64) if layered is None else np.nonzero(layered & free)[0]
        self.open = AirLayers(disc, outside, "air:outside", open_air=True)
        none = np.zeros(0, np.int64)
        self.faces = np.concatenate([none] + [e.faces for e in self.items])
        self.patches = np.concatenate([none] + [e.patches for e in self.items])
        self.face_node = np.concatenate([none] + [np.full(e.faces.size, e.node)
                                                  for e in self.items])
        self.patch_node = np.concatenate([none] + [np.full(e.patches.size, e.node)
                                                   for e in self.items])
        self.on = np.zeros(len(disc.faces), dtype=bool)
        self.on[self.faces] = True
        for layers in self.layers:
            self.on[layers.faces] = True
        self.h_patch, self.face_slot = np.zeros(0), np.zeros(0, np.int64)
        self.target: np.ndarray | None = None
        self.residual = 0.0
        if not self.items:
            return
        self.geometry = PlateGeometry.of(disc, self.patches)
        where = np.full(len(p), -1)
        where[self.patches] = np.arange(self.patches.size)
        self.face_slot = where[p.face_patch[self.faces]]  # each face's patch in self.patches
        self.h_patch = np.zeros(self.patches.size)
        self._set(self._films(None, None)[0])

    @classmethod
    def attach(cls, disc: Discretization, layered: np.ndarray | None = None
               ) -> EnclosureAir | None:
        """The air nodes of ``disc``'s enclosure bodies and the outside air's layers on the
        ``layered`` faces, added to ``disc.network``; None when there are neither."""
        if not any(b.enclosure for b in disc.model.bodies) and (
                layered is None or not layered.any()):
            return None
        air = cls(disc, layered)
        return air if air.items or air.open.items else None

    @property
    def layers(self) -> list[AirLayers]:
        """Every set of conducting layers: the enclosures' and the outside air's."""
        return [e.layers for e in self.items] + [self.open]

    # --- films --------------------------------------------------------------------------------

    def face_temperature(self, t: np.ndarray, tn: np.ndarray) -> np.ndarray:
        """Temperature of the linked faces: the balance of the half cell and the film in use
        to the air node (:func:`~solver.physics.surface_balance.surface_temperature`)."""
        d = self.disc
        return surface_temperature(t.ravel()[d.faces.cell[self.faces]],
                                   d.k_over_d[self.faces], self.h_patch[self.face_slot],
                                   tn[self.face_node], 0.0)

    def _films(self, t: np.ndarray | None, tn: np.ndarray | None) -> tuple:
        """The correlations' films per patch at the field ``t`` and air temperatures ``tn``
        (None: the surfaces 10 K above air at the ambient temperature), with the surface
        and air temperatures they were taken at."""
        if t is None:
            tf = np.full(self.patches.size, self.disc.model.ambient.temperature)
            ts = tf + START_DELTA_T
        else:
            tf = tn[self.patch_node]
            area = self.disc.faces.area[self.faces]
            ts = np.bincount(self.face_slot, weights=area * self.face_temperature(t, tn),
                             minlength=self.patches.size) / np.bincount(
                self.face_slot, weights=area, minlength=self.patches.size)
        return (*self.geometry.films(ts, tf), ts, tf)

    def _set(self, h_patch: np.ndarray) -> None:
        """Use the patch films ``h_patch``: the links' conductances (film and half cell)."""
        self.h_patch = h_patch
        d = self.disc
        g = boundary_film_conductance(d.faces.area[self.faces], d.k_over_d[self.faces],
                                      np.maximum(h_patch[self.face_slot], 1e-9))
        for e in self.items:
            d.network.set_cell_conductances(e.link, g[self.face_node == e.node])

    def settle(self, t: np.ndarray, tn: np.ndarray) -> float:
        """The target films at the field ``t`` and air temperatures ``tn`` and the relative
        mismatch of the patches', the layers' and the vents' heat flows (as
        :meth:`solver.patch_films.NaturalConvectionFilms.settle`)."""
        off, heat = self.vents.settle(tn)
        for layers in self.layers:
            miss, flow = layers.settle(t, tn)
            off, heat = off + miss, heat + flow
        self.target = self.h_patch
        if self.items:  # the enclosures' patch films (none: the outside air's layers only)
            h, *_, ts, tf = self._films(t, tn)
            self.target = h
            area = self.disc.patches.area[self.patches]
            dt = np.abs(ts - tf)
            heat += float(np.sum(area * h * dt))
            off += float(np.sum(area * np.abs(h - self.h_patch) * dt))
        self.residual = off / heat if heat > 0.0 else 0.0
        return self.residual

    def relax(self, factor: float) -> None:
        """Move the films a fraction ``factor`` towards the last targets."""
        self._set(self.h_patch + factor * (self.target - self.h_patch))
        self.vents.relax(factor)
        for layers in self.layers:
            layers.relax(factor)

    def lag(self, t: np.ndarray, tn: np.ndarray) -> None:
        """Transient: the films at the start-of-step temperatures, used for the step."""
        self.settle(t, tn)
        self._set(self.target)
        self.vents.take_targets()
        for layers in self.layers:
            layers.relax(1.0)

    def overlay(self, t: np.ndarray, tn: np.ndarray, t_surface: np.ndarray,
                h_convection: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The per-face results with the linked faces' own: their temperature from the film
        to the air node or an air layer's (the face conditions see them bare) and that film
        added to the convective film."""
        t_surface, h_convection = t_surface.copy(), h_convection.copy()
        t_surface[self.faces] = self.face_temperature(t, tn)
        h_convection[self.faces] += self.h_patch[self.face_slot]
        for layers in self.layers:
            layers.overlay(t, tn, t_surface, h_convection)
        return t_surface, h_convection

    # --- report -------------------------------------------------------------------------------

    def report(self, t: np.ndarray, tn: np.ndarray) -> list[dict[str, Any]]:
        """``summary.json``'s ``enclosures``: per enclosure its body, air node and
        temperature, air volume and capacity, the heat the hotter surfaces give the air
        (= what the colder ones take back in steady state), the net heat each body gives it
        (``bodies``) and per patch its body, face,
        film in use, correlation, length, Ra, validity, mean surface temperature and heat
        to the air (W, positive into the air, over its faces on the air); its conducting
        ``layers`` (:meth:`solver.air_layers.AirLayers.report`); a vented one's ``vents``
        (:meth:`solver.enclosure_vents.VentFlow.report`)."""
        d, p, net = self.disc, self.disc.patches, self.disc.network
        _, length, which, ra, flag, ts, _ = self._films(t, tn)
        ts_face = self.face_temperature(t, tn)
        face_heat = self.h_patch[self.face_slot] * d.faces.area[self.faces] * (
            ts_face - tn[self.face_node])
        patch_heat = np.bincount(self.face_slot, weights=face_heat,
                                 minlength=self.patches.size)
        out = []
        for e in self.items:
            rows = []
            for j in np.nonzero(self.patch_node == e.node)[0]:
                i = self.patches[j]
                body, face = d.group_names[p.group[i]]
                rows.append({
                    "patch": int(i), "body": d.model.bodies[body].name, "face": face,
                    "area_m2": float(p.area[i]), "h_W_m2K": float(self.h_patch[j]),
                    "correlation": CORRELATION_NAMES[which[j]],
                    "length_m": float(length[j]),
                    "Ra": float(ra[j]), "in_range": bool(flag[j] == IN_RANGE),
                    "t_surface_C": float(ts[j]), "heat_to_air_W": float(patch_heat[j])})
            heat = np.array([r["heat_to_air_W"] for r in rows])
            bodies: dict[str, float] = {}
            for r in rows:
                bodies[r["body"]] = bodies.get(r["body"], 0.0) + r["heat_to_air_W"]
            out.append({
                "body": d.model.bodies[e.body].name, "node": net.names[e.node],
                "air_T_C": float(tn[e.node]), "volume_m3": e.volume,
                "capacity_J_K": net.capacity[e.node],
                "heat_in_W": float(heat[heat > 0].sum()),
                "heat_out_W": float(-heat[heat < 0].sum()), "bodies": bodies,
                "residual": self.residual, "patches": rows,
                "layers": e.layers.report(t, tn)})
            vents = self.vents.report(e.node, float(tn[e.node]))
            if vents is not None:
                out[-1]["vents"] = vents
        return out
