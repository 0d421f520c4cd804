"""Checks of the model's contacts and lumped nodes, every problem with its path."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from solver.model.problems import Problem, join
from solver.model.types import Model, NodeLink

ABSOLUTE_ZERO_C = -273.15


def contact_problems(model: Model) -> Iterator[Problem]:
    """Each contact names one or two distinct known bodies and exactly one of
    ``resistance`` (>= 0), ``layer`` (thickness and conductivity > 0) or a TIM
    (:func:`solver.library.tims.contact_tim_problems`)."""
    from solver.library.tims import contact_tim_problems  # the library imports the model

    bodies = {b.name for b in model.bodies}
    for i, c in enumerate(model.contacts):
        path = join("contacts", i)
        if len(c.bodies) not in (1, 2):
            yield Problem(join(path, "bodies"), (
                f"needs one body (contact with all its neighbours) or two, got {len(c.bodies)}"))
        for j, name in enumerate(c.bodies):
            if name not in bodies:
                yield Problem(join(join(path, "bodies"), j), f"unknown body {name!r}")
        if len(c.bodies) == 2 and c.bodies[0] == c.bodies[1]:
            yield Problem(join(path, "bodies"), f"names body {c.bodies[0]!r} twice")
        given = [c.resistance is not None, c.layer is not None,
                 c.tim is not None or c.tim_item is not None]
        if sum(given) != 1:
            yield Problem(path, "needs exactly one of 'resistance' (m^2 K/W), 'layer' or "
                                "'tim' (lib:ID)")
        elif given[2] or c.thickness is not None:
            yield from contact_tim_problems(c, path)
        if c.resistance is not None and not c.resistance >= 0.0:
            yield Problem(join(path, "resistance"), f"must not be negative ({c.resistance:g})")
        if c.layer is not None:
            for key in ("thickness", "conductivity"):
                value = getattr(c.layer, key)
                if not value > 0.0:
                    yield Problem(join(join(path, "layer"), key),
                                  f"must be positive (got {value:g})")


def node_problems(model: Model, face_names: Callable[[object], set[str] | None]
                  ) -> Iterator[Problem]:
    """Unique names, non-negative capacity and power, valid links (``face_names(geometry)``
    gives a body's face names, None when known only after tessellation), and every group of
    linked nodes reaching a body, a face or a fixed temperature."""
    bodies = {b.name: b for b in model.bodies}
    index: dict[str, int] = {}
    for i, node in enumerate(model.nodes):
        path = join("nodes", i)
        if not node.name:
            yield Problem(join(path, "name"), "must not be empty")
        elif node.name in index:
            yield Problem(join(path, "name"), f"duplicate node name {node.name!r}")
        index.setdefault(node.name, i)
        for key in ("capacity", "power"):
            value = getattr(node, key)
            if not value >= 0.0:
                yield Problem(join(path, key), f"must not be negative ({value:g})")
        if not node.links:
            yield Problem(join(path, "links"), f"node {node.name!r} has no links")
        for j, link in enumerate(node.links):
            yield from _link_problems(link, join(join(path, "links"), j), node.name, bodies,
                                      index, model, face_names)
    yield from _floating_groups(model, index)


def _link_problems(link: NodeLink, path: str, own: str, bodies: dict, index: dict[str, int],
                   model: Model, face_names) -> Iterator[Problem]:
    targets = [k for k in ("body", "node", "temperature") if getattr(link, k) is not None]
    if len(targets) != 1:
        yield Problem(path, "needs exactly one of 'body' (with optional 'faces'), 'node' or "
                            f"'temperature' (got {', '.join(targets) or 'none'})")
    if not link.conductance > 0.0:
        yield Problem(join(path, "conductance"), f"must be positive (got {link.conductance:g})")
    if link.faces is not None and link.body is None:
        yield Problem(join(path, "faces"), "faces need a 'body'")
    if link.body is not None:
        body = bodies.get(link.body)
        if body is None:
            yield Problem(join(path, "body"), f"unknown body {link.body!r}")
        elif link.faces is not None:
            if not link.faces:
                yield Problem(join(path, "faces"), "must name at least one face")
            names = face_names(body.geometry)
            for f, face in enumerate(link.faces):
                if names is not None and face not in names:
                    known = ", ".join(sorted(names)) or "none: the mesh has no face_names"
                    yield Problem(join(join(path, "faces"), f), (
                        f"body {link.body!r} has no face {face!r} (faces: {known})"))
    if link.node is not None:
        if link.node == own:
            yield Problem(join(path, "node"), f"node {own!r} links to itself")
        elif link.node not in {n.name for n in model.nodes}:
            yield Problem(join(path, "node"), f"unknown node {link.node!r}")
    if link.temperature is not None and link.temperature <= ABSOLUTE_ZERO_C:
        yield Problem(join(path, "temperature"),
                      f"{link.temperature:g} degC is below absolute zero")


def _floating_groups(model: Model, index: dict[str, int]) -> Iterator[Problem]:
    """Nodes joined only to each other have no defined temperature: report each group."""
    parent = list(range(len(model.nodes)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    anchored = set()
    for i, node in enumerate(model.nodes):
        for link in node.links:
            if link.node is not None and link.node in index:
                parent[root(i)] = root(index[link.node])
            elif link.body is not None or link.temperature is not None:
                anchored.add(i)
    anchored_roots = {root(i) for i in anchored}
    reported = set()
    for i, node in enumerate(model.nodes):
        r = root(i)
        if node.links and r not in anchored_roots and r not in reported:
            reported.add(r)
            yield Problem(join("nodes", i), (
                f"node {node.name!r} reaches no body, face or fixed temperature through its "
                "links: its temperature is undefined"))


def node_heat_sinks(model: Model) -> bool:
    """Whether a node links to a fixed temperature (a path for heat to leave)."""
    return any(link.temperature is not None for n in model.nodes for link in n.links)
