"""Components on a board from a pick-and-place list (x, y in the board's own coordinates). A
part named ``lib:ID`` is that library package (its body, thetas and Tj max, as the library
palette places it); any other name gives only the body size (:mod:`.packages`). The list's
power is the component's."""

from __future__ import annotations

import re

import FreeCAD as App

from ThermoCraftWorkbench.objects.component import make_component
from ThermoCraftWorkbench.packages import package_size
from ThermoCraftWorkbench.pnp import PlacementError, read_placements


def board_face(board, side: str) -> str:
    """``FaceN`` of the board's largest planar face looking up (Top) or down (Bottom)."""
    sign = 1 if side == "Top" else -1
    best, area = None, 0.0
    for i, face in enumerate(board.Shape.Faces, start=1):
        if face.Surface.TypeId != "Part::GeomPlane":
            continue
        u0, u1, v0, v1 = face.ParameterRange
        n = face.normalAt((u0 + u1) / 2, (v0 + v1) / 2)
        if sign * n.z > 0.99 and face.Area > area:
            best, area = f"Face{i}", face.Area
    if best is None:
        raise PlacementError(f"{board.Label} has no planar face looking "
                             f"{'up' if sign > 0 else 'down'} (+Z / -Z)")
    return best


def place_components(analysis, board, text: str) -> list:
    """Add one component per line of a placement CSV to the analysis; returns them.
    Raises PlacementError listing every line that cannot be placed (nothing is added then)."""
    placements = read_placements(text)
    packages, problems = [], []
    for line, p in enumerate(placements, start=2):
        try:
            packages.append(package_values(p.part))
        except ValueError as exc:
            problems.append(f"line {line} ({p.refdes}): {exc}")
    if problems:
        raise PlacementError("\n".join(problems))
    faces = {side: board_face(board, side) for side in {p.side for p in placements}}
    frame = board.getGlobalPlacement()
    doc, made = board.Document, []
    for p, values in zip(placements, packages, strict=True):
        comp = make_component(
            doc, name=re.sub(r"\W", "_", p.refdes), support=(board, [faces[p.side]]),
            RefDes=p.refdes, Position=frame.multVec(App.Vector(p.x, p.y, 0)),
            Rotation=p.rotation, Side=p.side, **{**values, "Power": p.power})
        comp.Label = p.refdes
        analysis.addObject(comp)
        made.append(comp)
    return made


def package_values(part: str) -> dict:
    """Component properties of a placement's part: a library package's values
    (:func:`~ThermoCraftWorkbench.library_items.component_values`) for ``lib:ID``, else the
    name and its body size. Raises ValueError saying why the part cannot be placed."""
    from solver.library import PREFIX, default_library
    if part.startswith(PREFIX):
        from ThermoCraftWorkbench.library_items import component_values
        library = default_library()
        item = library.get(part)
        if item is None:
            raise ValueError(library.unknown(part, "package", what="library part"))
        return component_values(item)
    length, width, height = package_size(part)
    return {"PartName": part, "BodyLength": length, "BodyWidth": width, "BodyHeight": height}
