"""``lib:`` references in a model: checking them and embedding the items they name."""

from __future__ import annotations

import copy

from solver.library.store import PREFIX, Library, LibraryItem, default_library
from solver.model.problems import Problem
from solver.model.types import Material, Model


def material_from_item(item: LibraryItem) -> Material:
    """The solver material of a library ``material`` item (or a ``tim``, as a bulk layer),
    named ``lib:ID``. Left-out emissivity keeps the contract's default (0.9): give it on the
    radiation condition when the finish matters; left-out density or heat capacity is 0, which
    validation refuses in a transient."""
    d = item.data
    k = d["conductivity"]
    m = Material(name=PREFIX + item.id, conductivity=list(k) if isinstance(k, list) else k,
                 density=d.get("density") or 0.0, specific_heat=d.get("specific_heat") or 0.0,
                 source=f"library item {item.id}: {d['source']}")
    if d.get("emissivity") is not None:
        m.emissivity = d["emissivity"]
    return m


MATERIAL_KINDS = ("material", "tim")


def material_problems(name: str, path: str, library: Library | None = None) -> list[Problem]:
    """Why the body material ``name`` (not defined in the model) cannot be used."""
    if not name.startswith(PREFIX):
        return [Problem(path, f"unknown material {name!r}")]
    library = library or default_library()
    item = library.get(name)
    if item is None:
        return [Problem(path, library.unknown(name))]
    if item.kind not in MATERIAL_KINDS:
        return [Problem(path, f"library item {name!r} is a {item.kind}, not a material")]
    if item.data.get("conductivity") is None:
        return [Problem(path, f"library item {name!r} gives no bulk conductivity (its source "
                              "states only a resistance): use it as a contact, not a body")]
    return []


def embed_library_items(model: Model, library: Library | None = None) -> Model:
    """A copy of ``model`` with every library material its bodies use copied into
    ``materials`` (under its ``lib:ID`` name, with its source) and every library part its
    components use copied into their inline ``package``, completed by the component's
    ``package_overrides`` (``part`` and overrides kept to say where each figure came from),
    and every library TIM their interfaces and the contacts use into its ``tim_item`` (``tim``
    kept), so it solves without the library; materials and packages already in the model win.
    Unknown references and parts still lacking figures are left for validation to report."""
    from solver.library.parts import package_of
    from solver.library.tims import tim_figures

    library = library or default_library()
    out = copy.deepcopy(model)
    have = {m.name for m in out.materials}
    for body in out.bodies:
        name = body.material
        item = library.get(name) if name.startswith(PREFIX) else None
        if name not in have and item is not None and item.kind in MATERIAL_KINDS:
            out.materials.append(material_from_item(item))
            have.add(name)
    for comp in out.components:
        if comp.package is None and comp.part:
            comp.package = package_of(comp.part, library, comp.package_overrides, comp.model)
    interfaces = [c.interface for c in out.components if c.interface is not None]
    for holder in [*interfaces, *out.contacts]:
        if holder.tim and holder.tim_item is None:
            holder.tim_item = tim_figures(holder.tim, library)
    return out

