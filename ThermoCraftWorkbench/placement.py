"""Components on a board from a pick-and-place list (x, y in the board's own coordinates)."""

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
    sizes, problems = [], []
    for line, p in enumerate(placements, start=2):
        try:
            sizes.append(package_size(p.part))
        except ValueError as exc:
            problems.append(f"line {line} ({p.refdes}): {exc}")
    if problems:
        raise PlacementError("\n".join(problems))
    faces = {side: board_face(board, side) for side in {p.side for p in placements}}
    frame = board.getGlobalPlacement()
    doc, made = board.Document, []
    for p, (length, width, height) in zip(placements, sizes, strict=True):
        comp = make_component(
            doc, name=re.sub(r"\W", "_", p.refdes), support=(board, [faces[p.side]]),
            RefDes=p.refdes, PartName=p.part, Position=frame.multVec(App.Vector(p.x, p.y, 0)),
            Rotation=p.rotation, Side=p.side, BodyLength=length, BodyWidth=width,
            BodyHeight=height, Power=p.power)
        comp.Label = p.refdes
        analysis.addObject(comp)
        made.append(comp)
    return made
