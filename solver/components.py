"""Components as JEDEC two-resistor compact models (JESD15-3, "Two-Resistor Compact Thermal
Model Guideline", 2008).

Each component becomes (:func:`with_component_bodies`) a box body on a planar face of its
board normal to x, y or z (a box board's top or bottom ``side``, or any ``face`` of a box or
mesh body: :mod:`solver.mounts`), with the package's capacity and a high conductivity, and
(:func:`attach_junctions`) a junction node carrying its power, joined to the package's top
face by ``theta_jc`` and to the board face under the package (its footprint) by
``theta_jb``. The two-resistor model has no other path from junction to board: so that the
package box does not add a parallel one (double counting theta_JC + theta_JB), its interface
with the board is made adiabatic (a contact of :data:`ADIABATIC_RESISTANCE`). In the model
the case is one isothermal node (theta_JC is junction to that case surface), so the box is
given :data:`PACKAGE_CONDUCTIVITY`: it adds no resistance of its own in series with
theta_JC, spreads the top leg's heat over its surface and stores heat in a transient. Validity: what
JESD15-3 states for the two-resistor model, errors of up to ~30 % against detailed models
depending on the board and cooling; boards are box or mesh bodies (STEP boards: not yet).
Library parts (``part: "lib:..."``) resolve through :func:`solver.library.package_of`,
completed by the component's ``package_overrides``.

A component with ``model: "pad"`` is the same network with theta_JC(bottom) on the board leg
in theta_JB's place, for packages whose sources give the junction-to-exposed-pad or tab
resistance (theta_JP; an LED's junction-to-solder-point R_th j-sp, stored as
``theta_jc_bottom``) and no theta_JB: a junction-to-case figure (cold plate, MIL-STD-883
method 1012.1; JESD51-14 transient dual interface) taken at the pad instead of the top
(shared/library-sources.md: "RθJC(bot) / θJP - to exposed pad/tab - bottom node for EP
packages, TO-220/263 tab"; TI SLVS055M's theta_JP, junction to the bottom of the exposed
pad, in the library's TL780 items). The pad or tab is taken as soldered to the board face
under the whole footprint with no solder-joint resistance (unless the component has an
interface, below), so the board's spreading (in theta_JB, board included by its JESD51-8
definition) is solved by the grid instead. A top leg joins the package top by theta_JC(top)
when the package gives it; without one (``legs.top`` None, the report says so) the package
body joins nothing but its surroundings and its capacity does not slow the junction in a
transient. Validity: that of the two-resistor topology (JESD15-3); Tj reads low where the
pad is smaller than the body (the pad leg's heat spreads from the whole footprint) and by
the solder joint's resistance.

A compact component's ``interface`` (a datasheet theta_CS, or a library TIM:
:mod:`solver.library.tims`) goes in series with its board leg, ``G = 1 / (theta + R_cs)``, a
lumped layer over the footprint without volume or lateral conduction (like a contact); the
summary gives it as a leg of its own (``legs.interface``, element ``theta_cs``).

A component with ``model: "detailed"`` is instead a stack of bodies (die, die attach, pad or
substrate, solder layer, inside a mould cap named after the component:
:mod:`solver.package_layers`), the die carrying the power; its junction node is a sensor
with no power or capacity, joined to every die cell by a tiny conductance proportional to
the cell's volume, so it carries no heat and reads the die's volume-mean temperature in the
steady state and at every transient step (Tj); the die's hottest cell is reported too.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from solver.faces import find_exposed_faces
from solver.model import Body, BoxGeometry, Component, Contact, Material, Model, Package
from solver.mounts import Mount, mount_of, placed_box
from solver.package_layers import K_MOULD, layers, mould_base
from solver.physics.surface_balance import boundary_film_conductance

if TYPE_CHECKING:
    from solver.discretize import Discretization

PACKAGE_CONDUCTIVITY = 400.0  # W/(m K), copper-like: the near-isothermal case of JESD15-3
ADIABATIC_RESISTANCE = 1e9  # m^2 K/W between a package box and its board
SENSOR_CONDUCTANCE = 1e-6  # W/K, a detailed component's junction node to its die, in all


def package_of(comp: Component) -> Package | None:
    """The component's inline package, else its library part's, with its
    ``package_overrides`` (None when neither is usable: validation says why)."""
    # the library imports the model
    from solver.library.parts import package_of as library_package
    from solver.library.parts import with_overrides

    if comp.package is not None:
        return with_overrides(comp.package, comp.package_overrides)
    if not comp.part:
        return None
    return library_package(comp.part, overrides=comp.package_overrides, model=comp.model)


def package_box(comp: Component, pkg: Package, mount: Mount) -> BoxGeometry:
    """The package body sitting on its board face."""
    return placed_box(comp, mount, (pkg.length, pkg.width), 0.0, pkg.height)


def material_name(comp: Component) -> str:
    return f"{comp.name}.package"


def junction_name(comp: Component) -> str:
    return f"{comp.name}.junction"


def is_detailed(comp: Component) -> bool:
    return comp.model == "detailed"


def board_leg(comp: Component, pkg: Package) -> tuple[str, float]:
    """The board leg's resistance: (its name, theta K/W) - the pad model's theta_JC(bottom),
    else theta_JB."""
    if comp.model == "pad":
        return "theta_jc_bottom", pkg.theta_jc_bottom
    return "theta_jb", pkg.theta_jb


def interface_of(comp: Component, pkg: Package) -> dict | None:
    """The (valid) component's interface over its package footprint: ``resistance_K_W``,
    ``source`` and ``rule`` (:func:`solver.library.tims.interface_resistance`); None
    without one."""
    from solver.library.tims import interface_resistance

    if comp.interface is None:
        return None
    return interface_resistance(comp.interface, pkg.length * pkg.width)


def layer_name(comp: Component, role: str) -> str:
    """A detailed component's body (and material) of ``role`` (die, die_attach, ...)."""
    return f"{comp.name}.{role}"


def component_bodies(comp: Component) -> list[str]:
    """The names of the bodies a component expands into (its package box first)."""
    if not is_detailed(comp):
        return [comp.name]
    return [comp.name, *(layer_name(comp, s.role) for s in layers(comp, package_of(comp)))]


def detailed_bodies(comp: Component, pkg: Package, mount: Mount
                    ) -> tuple[list[Material], list[Body]]:
    """A detailed component's materials and bodies: the mould cap (named after the
    component) first, then the stack bottom to top, the die carrying the power."""
    stack = layers(comp, pkg)
    d = comp.detailed
    k_mould = (d.mould_conductivity if d is not None else None) or K_MOULD
    box = placed_box(comp, mount, (pkg.length, pkg.width), mould_base(stack), pkg.height)
    materials = [Material(material_name(comp), k_mould, pkg.density, pkg.specific_heat,
                          pkg.emissivity, "mould compound (detailed model)")]
    bodies = [Body(comp.name, box, material_name(comp))]
    z = 0.0
    for layer in stack:
        name = layer_name(comp, layer.role)
        materials.append(Material(name, layer.conductivity, layer.density,
                                  layer.specific_heat, pkg.emissivity,
                                  f"{layer.role} (detailed model)"))
        die = layer.role == "die"
        bodies.append(Body(name, placed_box(comp, mount, layer.size, z, z + layer.thickness),
                           name,
                           power=comp.power if die else 0.0,
                           power_profile=comp.power_profile if die else None))
        z += layer.thickness
    return materials, bodies


def component_mounts(model: Model) -> dict[str, Mount]:
    """Each (valid) component's board face by component name: read once per
    discretization (a mesh board's triangles are parsed here)."""
    boards = {b.name: b.geometry for b in model.bodies}
    return {c.name: mount_of(c, boards[c.board]) for c in model.components}


def with_component_bodies(model: Model, mounts: dict[str, Mount] | None = None) -> Model:
    """``model`` with a package body, its material and its adiabatic board contact per
    component (a detailed component: its stack of bodies; the model assumed valid) on its
    board face (``mounts``: :func:`component_mounts`, read when not given); unchanged
    without components."""
    if not model.components:
        return model
    mounts = component_mounts(model) if mounts is None else mounts
    materials, bodies, contacts = list(model.materials), list(model.bodies), list(model.contacts)
    for comp in model.components:
        pkg = package_of(comp)
        mount = mounts[comp.name]
        if is_detailed(comp):
            new_materials, new_bodies = detailed_bodies(comp, pkg, mount)
            materials += new_materials
            bodies += new_bodies
            continue
        materials.append(Material(material_name(comp), PACKAGE_CONDUCTIVITY, pkg.density,
                                  pkg.specific_heat, pkg.emissivity, "component package"))
        bodies.append(Body(comp.name, package_box(comp, pkg, mount), material_name(comp)))
        contacts.append(Contact([comp.name, comp.board], ADIABATIC_RESISTANCE,
                                name=f"{comp.name}: package - board (adiabatic)"))
    return replace(model, materials=materials, bodies=bodies, contacts=contacts)


@dataclass(eq=False)
class FacePatch:
    """Cell faces a junction leg spreads over: the cell behind each, its conductance from the
    node (W/K), area (m^2) and cell-centre-to-face conductance ``k A / d`` (W/K)."""

    cells: np.ndarray
    g: np.ndarray
    area: np.ndarray
    g_cell: np.ndarray

    def face_temperature(self, t: np.ndarray, tn: float) -> float:
        """Area-mean temperature of the faces: each face between its cell and the node."""
        tc = t.ravel()[self.cells]
        ts = tc + self.g * (tn - tc) / self.g_cell
        return float(np.dot(self.area, ts) / self.area.sum())


Footprint = tuple[Mount, tuple[float, float], tuple[float, float]]


def footprint_of(model: Model, comp: Component, m: Mount) -> Footprint:
    """The component's board face ``m`` (:func:`component_mounts`) and its package box's
    (lo, hi) in the face's (u, v)."""
    box = model.bodies[[b.name for b in model.bodies].index(comp.name)].geometry
    u, v = m.in_plane
    return m, (box.min[u], box.min[v]), (box.max[u], box.max[v])


def _faces(disc: Discretization, body: int, axis: int, sign: int,
           on: Footprint | None = None):
    """``body``'s exposed faces and which of them face ``sign`` along ``axis``; ``on``:
    only those in the face's plane with centres inside the footprint."""
    bf = find_exposed_faces(disc.grid, disc.bodymap.owner == body)
    chosen = (bf.axis == axis) & (bf.side == sign)
    if on is not None:
        m, lo, hi = on
        (u, v), c = m.in_plane, bf.centers(disc.grid, np.arange(len(bf)))
        tol = 0.25 * disc.grid.widths(axis).min()
        chosen &= ((np.abs(c[:, axis] - m.plane) < tol) & (c[:, u] > lo[0]) & (c[:, u] < hi[0])
                   & (c[:, v] > lo[1]) & (c[:, v] < hi[1]))
    return bf, chosen


def leg_patch(disc: Discretization, body: int, axis_side: tuple[int, int],
              on: Footprint | None, conductance: float) -> FacePatch:
    """The faces of ``body`` facing ``axis_side`` (axis, +-1), optionally only those on the
    footprint ``on``; the leg acts as a uniform film ``h = G / A`` in series with the half
    cell behind each face
    (:func:`~solver.physics.surface_balance.boundary_film_conductance`)."""
    bf, chosen = _faces(disc, body, *axis_side, on)
    if not np.any(chosen):
        raise ValueError(f"body {disc.model.bodies[body].name!r} has no face for a junction leg")
    area = bf.area[chosen]
    k = np.array(disc.model.material(disc.model.bodies[body].material).k_xyz())
    k_over_d = k[bf.axis[chosen]] / bf.half[chosen]
    g = boundary_film_conductance(area, k_over_d, conductance / area.sum())
    return FacePatch(bf.cell[chosen], g, area, k_over_d * area)


@dataclass(eq=False)
class Junction:
    """A component's junction node and its two legs (indices into the network's links; a
    pad model's top leg None when its package gives no theta_JC(top)); a detailed
    component's: its sensor node, its die's cells and no legs (None). ``interface``: the
    interface in series with the board leg (:func:`interface_of`), None without one;
    ``footprint``: its board face and package box there (:func:`footprint_of`)."""

    component: Component
    package: Package
    node: int
    top: FacePatch | None
    board: FacePatch | None
    top_link: int | None
    board_link: int | None
    die: np.ndarray | None = None
    interface: dict | None = None
    footprint: Footprint | None = None


def _cells_of(disc: Discretization, name: str) -> np.ndarray:
    index = [b.name for b in disc.model.bodies].index(name)
    return np.flatnonzero(disc.bodymap.owner.ravel() == index)


def _sensor(disc: Discretization, comp: Component, pkg: Package, on: Footprint) -> Junction:
    """A detailed component's junction node: no power, no capacity, joined to each die cell
    by :data:`SENSOR_CONDUCTANCE` shared in proportion to the cell volumes."""
    net = disc.network
    die = _cells_of(disc, layer_name(comp, "die"))
    w = [disc.grid.widths(a) for a in range(3)]
    volume = np.multiply.outer(np.multiply.outer(w[0], w[1]), w[2]).ravel()[die]
    node = net.add_node(junction_name(comp), 0.0, 0.0)
    net.link_cells(node, die, SENSOR_CONDUCTANCE * volume / volume.sum(),
                   f"die sensor:{comp.name}")
    return Junction(comp, pkg, node, None, None, None, None, die, footprint=on)


def attach_junctions(disc: Discretization, mounts: dict[str, Mount]) -> list[Junction]:
    """Add each component's junction node and legs to ``disc.network`` (``mounts``: the
    components' board faces, :func:`component_mounts`)."""
    model, net = disc.model, disc.network
    index = {b.name: i for i, b in enumerate(model.bodies)}
    out = []
    for comp in model.components:
        pkg = package_of(comp)
        on = footprint_of(model, comp, mounts[comp.name])
        if is_detailed(comp):
            out.append(_sensor(disc, comp, pkg, on))
            continue
        face = (on[0].axis, on[0].sign)
        node = net.add_node(junction_name(comp), 0.0, comp.power)
        top = top_link = None
        if pkg.theta_jc is not None:
            top = leg_patch(disc, index[comp.name], face, None, 1.0 / pkg.theta_jc)
            net.link_cells(node, top.cells, top.g, f"theta_jc:{comp.name}", 1.0 / pkg.theta_jc)
            top_link = len(net.links) - 1
        label, theta = board_leg(comp, pkg)
        iface = interface_of(comp, pkg)
        if iface is not None:
            theta += iface["resistance_K_W"]
            label += "+theta_cs"
        board = leg_patch(disc, index[comp.board], face, on, 1.0 / theta)
        net.link_cells(node, board.cells, board.g, f"{label}:{comp.board}", 1.0 / theta)
        out.append(Junction(comp, pkg, node, top, board, top_link, len(net.links) - 1,
                            interface=iface, footprint=on))
    return out


def status(tj: float, tj_max: float | None, warning_margin: float) -> str:
    """``fail`` above Tj max, ``warning`` within ``warning_margin`` K of it, else ``pass``;
    ``unknown`` without a Tj max."""
    if tj_max is None:
        return "unknown"
    if tj > tj_max:
        return "fail"
    return "warning" if tj > tj_max - warning_margin else "pass"


def _face_cells_mean(disc: Discretization, t: np.ndarray, body: str, on: Footprint,
                     footprint_only: bool = False) -> float:
    """Area-mean cell-centre temperature behind ``body``'s faces facing outwards from the
    component's board face, optionally only those on the footprint ``on``."""
    index = [b.name for b in disc.model.bodies].index(body)
    bf, chosen = _faces(disc, index, on[0].axis, on[0].sign, on if footprint_only else None)
    area = bf.area[chosen]
    return float(np.dot(area, t.ravel()[bf.cell[chosen]]) / area.sum())


def _leg(heat: float, drop: float, theta: float | None = None,
         element: str | None = None) -> dict:
    """A leg's heat (W), temperature drop (K), drop per watt (K/W; None without heat) and the
    resistance it is (``theta_jc``, ``theta_jb``, ``theta_jc_bottom``: the pad leg)."""
    if theta is None:
        theta = drop / heat if abs(heat) > 1e-12 else None
    return {"heat_W": heat, "theta_K_W": theta, "dT_K": drop, "element": element}


def _detailed_entry(disc: Discretization, j: Junction, t: np.ndarray, tn: np.ndarray,
                    interfaces: list[dict]) -> dict:
    """Tj (the die's volume mean, the sensor node), the die's hottest cell, the mould top's
    and the board's (under the footprint) cell-centre temperatures; the board leg is the heat
    the component's bodies give the board (solved face flows); the top leg's heat (what the
    bodies give the air and other bodies) is set with the heat path
    (:func:`solver.heat_paths.component_paths`), None until then."""
    comp = j.component
    own = set(component_bodies(comp))
    on = j.footprint
    q_board = sum((1.0 if f["bodies"][0] in own else -1.0) * f["heat_W"] for f in interfaces
                  if comp.board in f["bodies"] and own & set(f["bodies"]))
    tj = float(tn[j.node])
    t_case = _face_cells_mean(disc, t, comp.name, on)
    t_board = _face_cells_mean(disc, t, comp.board, on, footprint_only=True)
    return {"Tj_C": tj, "T_die_max_C": float(t.ravel()[j.die].max()), "T_die_mean_C": tj,
            "T_case_top_C": t_case, "T_board_C": t_board,
            "legs": {"top": {"heat_W": None, "theta_K_W": None, "dT_K": tj - t_case,
                             "element": "theta_jc"},
                     "board": _leg(q_board, tj - t_board, element="theta_jb")}}


def _compact_entry(j: Junction, heat: np.ndarray, t: np.ndarray, tn: np.ndarray) -> dict:
    """A compact component's Tj, leg face temperatures and legs (the pad model's board leg
    is its pad leg, ``element`` ``theta_jc_bottom``; without a top leg ``legs.top`` and
    ``T_case_top_C`` are None and ``notes`` says why). With an interface, ``legs.interface``
    is its leg in series after the board leg (``element`` ``theta_cs``, its ``source`` and
    ``rule``) and ``T_case_bottom_C`` the pad's (tab's) temperature between the two."""
    tj = float(tn[j.node])
    label, theta = board_leg(j.component, j.package)
    q_board = float(heat[j.board_link])
    entry = {"Tj_C": tj, "T_case_top_C": None, "T_board_C": j.board.face_temperature(t, tj),
             "legs": {"top": None, "board": _leg(q_board, q_board * theta, theta, label)}}
    if j.interface is not None:
        r = j.interface["resistance_K_W"]
        entry["legs"]["interface"] = {**_leg(q_board, q_board * r, r, "theta_cs"),
                                      "source": j.interface["source"],
                                      "rule": j.interface["rule"]}
        entry["T_case_bottom_C"] = tj - q_board * theta
    if j.top is None:
        entry["notes"] = ["no top leg: the package gives no theta_JC(top), so all the "
                          "junction's heat goes through the pad leg"]
    else:
        q_top = float(heat[j.top_link])
        entry["T_case_top_C"] = j.top.face_temperature(t, tj)
        entry["legs"]["top"] = _leg(q_top, q_top * j.package.theta_jc, j.package.theta_jc,
                                    "theta_jc")
    return entry


def component_report(disc: Discretization, junctions: list[Junction], t: np.ndarray,
                     tn: np.ndarray) -> dict[str, dict]:
    """Per component: Tj, case-top and board temperatures, limit, margin, status, its board,
    its ``model`` and the heat of each leg (W) with its temperature drop (K) and drop per
    watt (K/W); limit and margin are None (status ``unknown``) when the package gives no Tj
    max. A detailed component's Tj is its die's volume mean (its hottest cell:
    ``T_die_max_C``), its legs' drops per watt come from the solve. Each leg names its
    resistance (``element``)."""
    from solver.heat_paths import interface_flows

    heat = disc.network.link_heat(t, tn)
    margin = disc.model.analysis.tj_warning_margin
    interfaces = interface_flows(disc, t) if any(j.die is not None for j in junctions) else []
    out = {}
    for j in junctions:
        if j.die is not None:
            entry = _detailed_entry(disc, j, t, tn, interfaces)
        else:
            entry = _compact_entry(j, heat, t, tn)
        tj, tj_max = entry["Tj_C"], j.package.tj_max
        out[j.component.name] = {
            **entry, "Tj_max_C": tj_max, "margin_K": None if tj_max is None else tj_max - tj,
            "status": status(tj, tj_max, margin), "power_W": j.component.power,
            "board": j.component.board, "model": j.component.model or "two_resistor"}
    return out
