"""Lumped nodes: a few extra unknowns beside the grid, solved together with the field.

A node has a heat capacity ``C`` (J/K, 0: none), a power ``P`` (W) and conductances (W/K) to
cells, to other nodes and to fixed temperatures. Its heat balance is
``C dTn/dt = P - sum_links G (Tn - T_other)``; each cell it links to gains ``G_i (Tn - T_i)``.
Model nodes (``nodes`` in the model) are built by :func:`build_network`; code adds its own
(junction nodes of compact package models, the air of a sealed enclosure) through the same
:class:`LumpedNetwork` methods, with :func:`body_link` and :func:`face_link` to spread a
conductance over a body's cells or faces. Add nodes before the first solve of a
:class:`~solver.system.ThermalSystem`: it assembles the network once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import scipy.sparse as sp

from solver.faces import find_exposed_faces
from solver.meshing.surface_area import true_face_areas
from solver.model import BOX_FACES, Model, ModelError, Problem
from solver.physics.surface_balance import boundary_film_conductance

if TYPE_CHECKING:
    from solver.discretize import Discretization


@dataclass(eq=False)
class NetworkLink:
    """One conductance from ``node``: to ``cells`` (flat indices, conductance ``g`` each), to
    node ``other``, or to a fixed ``temperature``; ``label`` names it in the report."""

    node: int
    label: str
    cells: np.ndarray | None = None
    g: np.ndarray | None = None
    other: int = -1
    temperature: float | None = None
    conductance: float = 0.0


@dataclass(eq=False)
class LumpedNetwork:
    """The nodes (``names``, ``capacity`` J/K, ``power`` W) and their links; ``revision``
    counts the changes of link conductances (:meth:`set_cell_conductances`,
    :meth:`set_conductance`)."""

    n_cells: int
    names: list[str] = field(default_factory=list)
    capacity: list[float] = field(default_factory=list)
    power: list[float] = field(default_factory=list)
    links: list[NetworkLink] = field(default_factory=list)
    revision: int = 0

    def __len__(self) -> int:
        return len(self.names)

    def add_node(self, name: str, capacity: float = 0.0, power: float = 0.0) -> int:
        """A new node; returns its index."""
        if name in self.names:
            raise ValueError(f"duplicate node name {name!r}")
        self.names.append(name)
        self.capacity.append(float(capacity))
        self.power.append(float(power))
        return len(self.names) - 1

    def link_cells(self, node: int, cells: np.ndarray, g: np.ndarray, label: str,
                   nominal: float | None = None) -> None:
        """Conductances ``g`` (W/K, one per entry; repeated cells add up) to ``cells``;
        ``nominal`` is the conductance reported (default: the sum of ``g``)."""
        cells = np.asarray(cells, dtype=np.int64)
        g = np.broadcast_to(np.asarray(g, dtype=np.float64), cells.shape).copy()
        if cells.size == 0 or np.any(g <= 0.0) or not np.all(np.isfinite(g)):
            raise ValueError(f"link {label!r}: needs cells and positive finite conductances")
        self.links.append(NetworkLink(node, label, cells, g, conductance=float(
            g.sum() if nominal is None else nominal)))

    def set_cell_conductances(self, link: int, g: np.ndarray) -> None:
        """New conductances (W/K, positive, one per cell) of the cell link ``link`` (same
        cells): films updated by an outer loop. Its nominal conductance becomes their sum."""
        old = self.links[link]
        g = np.asarray(g, dtype=np.float64)
        if old.cells is None or g.shape != old.cells.shape or np.any(g <= 0.0) or \
                not np.all(np.isfinite(g)):
            raise ValueError(f"link {old.label!r}: needs one positive finite conductance per "
                             "cell")
        old.g = g.copy()
        old.conductance = float(g.sum())
        self.revision += 1

    def set_conductance(self, link: int, conductance: float) -> None:
        """A new conductance (W/K, positive) of the node or fixed-temperature link ``link``
        (a film updated by an outer loop)."""
        old = self.links[link]
        if old.cells is not None:
            raise ValueError(f"link {old.label!r} links cells: use set_cell_conductances")
        _check_conductance(conductance)
        old.conductance = float(conductance)
        self.revision += 1

    def link_nodes(self, a: int, b: int, conductance: float, label: str = "") -> None:
        """A conductance between nodes ``a`` and ``b`` (listed once)."""
        if a == b:
            raise ValueError(f"node {self.names[a]!r} cannot link to itself")
        _check_conductance(conductance)
        self.links.append(NetworkLink(a, label or f"node:{self.names[b]}", other=b,
                                      conductance=float(conductance)))

    def link_temperature(self, node: int, temperature: float, conductance: float,
                         label: str = "") -> None:
        """A conductance from ``node`` to a fixed temperature (degC)."""
        _check_conductance(conductance)
        self.links.append(NetworkLink(node, label or f"temperature:{temperature:g}",
                                      temperature=float(temperature),
                                      conductance=float(conductance)))

    # --- assembled forms ------------------------------------------------------------------

    def coupling(self) -> sp.csc_matrix:
        """``C`` (cells x nodes): the conductance between every cell and node."""
        rows, cols, vals = [np.zeros(0, np.int64)], [np.zeros(0, np.int64)], [np.zeros(0)]
        for link in self.links:
            if link.cells is not None:
                rows.append(link.cells)
                cols.append(np.full(link.cells.size, link.node, dtype=np.int64))
                vals.append(link.g)
        return sp.csc_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                             shape=(self.n_cells, len(self)))

    def node_matrix(self) -> np.ndarray:
        """The node block of the operator: every link's conductance on its node's diagonal,
        ``-G`` between linked nodes (no capacity terms)."""
        m = np.zeros((len(self), len(self)))
        for link in self.links:
            m[link.node, link.node] += link.conductance if link.g is None else link.g.sum()
            if link.other >= 0:
                m[link.other, link.other] += link.conductance
                m[link.node, link.other] -= link.conductance
                m[link.other, link.node] -= link.conductance
        return m

    def fixed_source(self) -> np.ndarray:
        """``sum G T_fixed`` per node (W): what the links to fixed temperatures bring in."""
        q = np.zeros(len(self))
        for link in self.links:
            if link.temperature is not None:
                q[link.node] += link.conductance * link.temperature
        return q

    def link_heat(self, t: np.ndarray, tn: np.ndarray) -> np.ndarray:
        """Heat (W) through every link, positive from its node to the other end."""
        flat = t.ravel()
        out = np.empty(len(self.links))
        for i, link in enumerate(self.links):
            if link.cells is not None:
                out[i] = float(np.dot(link.g, tn[link.node] - flat[link.cells]))
            elif link.other >= 0:
                out[i] = link.conductance * (tn[link.node] - tn[link.other])
            else:
                out[i] = link.conductance * (tn[link.node] - link.temperature)
        return out

    def fixed_heat(self, t: np.ndarray, tn: np.ndarray) -> np.ndarray:
        """Heat (W) leaving through each link to a fixed temperature."""
        fixed = [i for i, link in enumerate(self.links) if link.temperature is not None]
        return self.link_heat(t, tn)[fixed] if fixed else np.zeros(0)

    def cooled_pieces(self, piece: np.ndarray, cooled: np.ndarray) -> np.ndarray:
        """Which connected pieces of solid (``piece``: label per flat cell, 0 outside) reach
        a heat sink, given those that touch one themselves (``cooled``, indexed by label),
        now also through nodes: pieces and nodes joined by links share their sinks."""
        n_pieces = cooled.size
        parent = np.arange(n_pieces + len(self))
        sink = np.zeros(parent.size, dtype=bool)
        sink[:n_pieces] = cooled

        def root(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        def join(a: int, b: int) -> None:
            ra, rb = root(a), root(b)
            parent[ra] = rb
            sink[rb] |= sink[ra]

        for link in self.links:
            node = n_pieces + link.node
            if link.cells is not None:
                for p in np.unique(piece[link.cells]):
                    join(node, int(p))
            elif link.other >= 0:
                join(node, n_pieces + link.other)
            else:
                sink[root(node)] = True
        return np.array([sink[root(p)] for p in range(n_pieces)])


def _check_conductance(g: float) -> None:
    if not (np.isfinite(g) and g > 0.0):
        raise ValueError(f"a link conductance must be positive and finite (got {g!r})")


# --- spreading a conductance over a body ----------------------------------------------------

def body_link(disc: Discretization, body: int, conductance: float) -> tuple[np.ndarray, ...]:
    """Cells of ``body`` and their shares of ``conductance`` by volume, so the link's heat is
    ``G (Tn - volume-mean temperature of the body)``."""
    bc = disc.body_cells[body]
    return bc.cells, conductance * bc.weights


def face_link(disc: Discretization, body: int, faces: list[str],
              conductance: float) -> tuple[np.ndarray, np.ndarray]:
    """Cells behind the named ``faces`` of ``body`` (exposed or touching another body) and
    their conductances: the link acts as a uniform film ``h = G / A`` (A the faces' area)
    between the node and the face, in series with the half cell behind each face patch
    (:func:`~solver.physics.surface_balance.boundary_film_conductance`)."""
    grid = disc.grid
    own = disc.bodymap.owner == body
    bf = find_exposed_faces(grid, own)
    names, area = _face_labels(disc, body, bf)
    chosen = np.isin(names, faces)
    if not np.any(chosen):
        raise ValueError(f"body {disc.model.bodies[body].name!r} has no cell face on "
                         f"{', '.join(faces)}")
    area = area[chosen]
    k = np.array(disc.model.material(disc.model.bodies[body].material).k_xyz())
    k_over_d = k[bf.axis[chosen]] / bf.half[chosen]
    h = conductance / area.sum()
    return bf.cell[chosen], boundary_film_conductance(area, k_over_d, h)


def _face_labels(disc: Discretization, body: int, bf) -> tuple[np.ndarray, np.ndarray]:
    """Face name and area of every boundary face of ``body``: box faces by direction, mesh
    faces by the nearest triangle's face (areas corrected to the true surface)."""
    resolved = disc.resolved[body]
    if resolved.is_box:
        return np.array(BOX_FACES, dtype=object)[bf.box_face_names()], bf.area
    corr = true_face_areas(bf.centers(disc.grid, np.arange(len(bf))),
                           bf.normals(np.arange(len(bf))), bf.area, resolved.vertices,
                           resolved.triangles, resolved.triangle_faces)
    return np.array(resolved.face_names, dtype=object)[corr.group], corr.area


def build_network(model: Model, disc: Discretization) -> LumpedNetwork:
    """The model's ``nodes`` as a :class:`LumpedNetwork` (the model assumed valid)."""
    net = LumpedNetwork(disc.grid.n_cells)
    body_index = {b.name: i for i, b in enumerate(model.bodies)}
    for node in model.nodes:
        net.add_node(node.name, node.capacity, node.power)
    problems = []
    for i, node in enumerate(model.nodes):
        for j, link in enumerate(node.links):
            g = link.conductance
            if link.node is not None:
                net.link_nodes(i, net.names.index(link.node), g)
            elif link.temperature is not None:
                net.link_temperature(i, link.temperature, g)
            elif link.faces is None:
                net.link_cells(i, *body_link(disc, body_index[link.body], g),
                               f"body:{link.body}")
            else:
                try:
                    cells, gc = face_link(disc, body_index[link.body], link.faces, g)
                except ValueError as exc:
                    problems.append(Problem(f"nodes[{i}].links[{j}].faces", str(exc)))
                    continue
                net.link_cells(i, cells, gc, f"face:{link.body}:{','.join(link.faces)}", g)
    if problems:
        raise ModelError(problems)
    return net


def node_report(net: LumpedNetwork, t: np.ndarray, tn: np.ndarray) -> dict[str, Any]:
    """Per node: temperature, power, capacity and the heat through each of its links."""
    heat = net.link_heat(t, tn)
    out: dict[str, Any] = {}
    for n, name in enumerate(net.names):
        links = []
        for link, q in zip(net.links, heat, strict=True):
            if link.node == n:
                links.append({"to": link.label, "conductance_W_K": link.conductance,
                              "heat_W": float(q)})
            elif link.other == n:
                links.append({"to": f"node:{net.names[link.node]}",
                              "conductance_W_K": link.conductance, "heat_W": float(-q)})
        out[name] = {"T_C": float(tn[n]), "power_W": net.power[n],
                     "capacity_J_K": net.capacity[n], "links": links}
    return out
