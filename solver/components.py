"""Components as JEDEC two-resistor compact models (JESD15-3, "Two-Resistor Compact Thermal
Model Guideline", 2008).

Each component becomes (:func:`with_component_bodies`) a box body on its board's top or
bottom face, with the package's capacity and a high conductivity, and
(:func:`attach_junctions`) a junction node carrying its power, joined to the package's top
face by ``theta_jc`` and to the board face under the package (its footprint) by
``theta_jb``. The two-resistor model has no other path from junction to board: so that the
package box does not add a parallel one (double counting theta_JC + theta_JB), its interface
with the board is made adiabatic (a contact of :data:`ADIABATIC_RESISTANCE`). In the model
the case is one isothermal node (theta_JC is junction to that case surface), so the box is
given :data:`PACKAGE_CONDUCTIVITY`: it adds no resistance of its own in series with
theta_JC, spreads the top leg's heat over its surface and stores heat in a transient. Validity: what
JESD15-3 states for the two-resistor model, errors of up to ~30 % against detailed models
depending on the board and cooling; boards must be box bodies (mesh boards: not yet).
Library parts (``part: "lib:..."``) resolve through :func:`solver.library.package_of`,
completed by the component's ``package_overrides``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from solver.faces import find_exposed_faces
from solver.model import Body, BoxGeometry, Component, Contact, Material, Model, Package
from solver.physics.surface_balance import boundary_film_conductance

if TYPE_CHECKING:
    from solver.discretize import Discretization

PACKAGE_CONDUCTIVITY = 400.0  # W/(m K), copper-like: the near-isothermal case of JESD15-3
ADIABATIC_RESISTANCE = 1e9  # m^2 K/W between a package box and its board


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
    return library_package(comp.part, overrides=comp.package_overrides)


def footprint(comp: Component, pkg: Package) -> tuple[float, float]:
    """The package's extent along x and y after the rotation."""
    quarter = round(comp.rotation / 90.0) % 2
    return (pkg.width, pkg.length) if quarter else (pkg.length, pkg.width)


def package_box(comp: Component, pkg: Package, board: BoxGeometry) -> BoxGeometry:
    """The package body sitting on the board's top (zmax) or bottom (zmin) face."""
    dx, dy = footprint(comp, pkg)
    x, y = comp.position
    if comp.side == "top":
        z0, z1 = board.max[2], board.max[2] + pkg.height
    else:
        z0, z1 = board.min[2] - pkg.height, board.min[2]
    return BoxGeometry([x - dx / 2, y - dy / 2, z0], [x + dx / 2, y + dy / 2, z1])


def material_name(comp: Component) -> str:
    return f"{comp.name}.package"


def junction_name(comp: Component) -> str:
    return f"{comp.name}.junction"


def with_component_bodies(model: Model) -> Model:
    """``model`` with a package body, its material and its adiabatic board contact per
    component (the model assumed valid); unchanged without components."""
    if not model.components:
        return model
    boards = {b.name: b for b in model.bodies}
    materials, bodies, contacts = list(model.materials), list(model.bodies), list(model.contacts)
    for comp in model.components:
        pkg = package_of(comp)
        materials.append(Material(material_name(comp), PACKAGE_CONDUCTIVITY, pkg.density,
                                  pkg.specific_heat, pkg.emissivity, "component package"))
        bodies.append(Body(comp.name, package_box(comp, pkg, boards[comp.board].geometry),
                           material_name(comp)))
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


def leg_patch(disc: Discretization, body: int, axis_side: tuple[int, int],
              rect: tuple[float, float, float, float] | None, conductance: float) -> FacePatch:
    """The faces of ``body`` normal to ``axis_side`` (axis, +-1), optionally those whose
    centres lie in ``rect`` (xmin, xmax, ymin, ymax); the leg acts as a uniform film
    ``h = G / A`` in series with the half cell behind each face
    (:func:`~solver.physics.surface_balance.boundary_film_conductance`)."""
    bf = find_exposed_faces(disc.grid, disc.bodymap.owner == body)
    chosen = (bf.axis == axis_side[0]) & (bf.side == axis_side[1])
    if rect is not None:
        c = bf.centers(disc.grid, np.arange(len(bf)))
        chosen &= ((c[:, 0] > rect[0]) & (c[:, 0] < rect[1])
                   & (c[:, 1] > rect[2]) & (c[:, 1] < rect[3]))
    if not np.any(chosen):
        raise ValueError(f"body {disc.model.bodies[body].name!r} has no face for a junction leg")
    area = bf.area[chosen]
    k = np.array(disc.model.material(disc.model.bodies[body].material).k_xyz())
    k_over_d = k[bf.axis[chosen]] / bf.half[chosen]
    g = boundary_film_conductance(area, k_over_d, conductance / area.sum())
    return FacePatch(bf.cell[chosen], g, area, k_over_d * area)


@dataclass(eq=False)
class Junction:
    """A component's junction node and its two legs (indices into the network's links)."""

    component: Component
    package: Package
    node: int
    top: FacePatch
    board: FacePatch
    top_link: int
    board_link: int


def attach_junctions(disc: Discretization) -> list[Junction]:
    """Add each component's junction node and legs to ``disc.network``."""
    model, net = disc.model, disc.network
    index = {b.name: i for i, b in enumerate(model.bodies)}
    out = []
    for comp in model.components:
        pkg = package_of(comp)
        box = model.bodies[index[comp.name]].geometry
        up = 1 if comp.side == "top" else -1
        node = net.add_node(junction_name(comp), 0.0, comp.power)
        top = leg_patch(disc, index[comp.name], (2, up), None, 1.0 / pkg.theta_jc)
        rect = (box.min[0], box.max[0], box.min[1], box.max[1])
        board = leg_patch(disc, index[comp.board], (2, up), rect, 1.0 / pkg.theta_jb)
        net.link_cells(node, top.cells, top.g, f"theta_jc:{comp.name}", 1.0 / pkg.theta_jc)
        net.link_cells(node, board.cells, board.g, f"theta_jb:{comp.board}", 1.0 / pkg.theta_jb)
        out.append(Junction(comp, pkg, node, top, board, len(net.links) - 2, len(net.links) - 1))
    return out


def status(tj: float, tj_max: float | None, warning_margin: float) -> str:
    """``fail`` above Tj max, ``warning`` within ``warning_margin`` K of it, else ``pass``;
    ``unknown`` without a Tj max."""
    if tj_max is None:
        return "unknown"
    if tj > tj_max:
        return "fail"
    return "warning" if tj > tj_max - warning_margin else "pass"


def component_report(disc: Discretization, junctions: list[Junction], t: np.ndarray,
                     tn: np.ndarray) -> dict[str, dict]:
    """Per component: Tj, case-top and board temperatures, limit, margin, status, its board
    and the heat of each leg (W) with its temperature drop per watt (K/W); limit and margin
    are None (status ``unknown``) when the package gives no Tj max."""
    heat = disc.network.link_heat(t, tn)
    margin = disc.model.analysis.tj_warning_margin
    out = {}
    for j in junctions:
        tj = float(tn[j.node])
        t_case = j.top.face_temperature(t, tj)
        t_board = j.board.face_temperature(t, tj)
        q_top, q_board = float(heat[j.top_link]), float(heat[j.board_link])
        tj_max = j.package.tj_max
        out[j.component.name] = {
            "Tj_C": tj, "T_case_top_C": t_case, "T_board_C": t_board,
            "Tj_max_C": tj_max, "margin_K": None if tj_max is None else tj_max - tj,
            "status": status(tj, tj_max, margin), "power_W": j.component.power,
            "board": j.component.board,
            "legs": {"top": {"heat_W": q_top, "theta_K_W": j.package.theta_jc},
                     "board": {"heat_W": q_board, "theta_K_W": j.package.theta_jb}},
        }
    return out
