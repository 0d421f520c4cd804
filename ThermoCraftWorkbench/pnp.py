"""Pick-and-place (component placement) CSV files, as KiCad or any EDA tool writes them.

Columns (case-insensitive; the first row names them): reference designator (``Ref``,
``Designator``, ``RefDes``), part (``Package``, ``Footprint``, ``Part``, ``Val``), ``x``/``PosX``,
``y``/``PosY`` (mm), rotation (``Rot``, degrees), side (``Side``/``Layer``: top or bottom) and
optionally ``Power`` (W, default 0). No FreeCAD import.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

COLUMNS = {
    "refdes": ("ref", "refdes", "designator", "reference"),
    "part": ("package", "footprint", "part", "val", "value"),
    "x": ("x", "posx", "mid x", "center-x(mm)", "x (mm)"),
    "y": ("y", "posy", "mid y", "center-y(mm)", "y (mm)"),
    "rotation": ("rot", "rotation", "angle"),
    "side": ("side", "layer", "tb"),
    "power": ("power", "power (w)", "power_w"),
}
REQUIRED = ("refdes", "part", "x", "y")


@dataclass(frozen=True)
class Placement:
    refdes: str
    part: str
    x: float
    y: float
    rotation: float
    side: str  # "Top" or "Bottom"
    power: float


class PlacementError(ValueError):
    """Every problem of a placement file, one per line (``line 4: ...``)."""


def _number(text: str) -> float:
    return float(text.strip().lower().removesuffix("mm").strip())


def read_placements(text: str) -> list[Placement]:
    """The placements of a CSV text; raises PlacementError listing every bad line."""
    rows = [r for r in csv.reader(io.StringIO(text)) if r and not r[0].lstrip().startswith("#")]
    if not rows:
        raise PlacementError("the placement file is empty")
    header = [h.strip().lower() for h in rows[0]]
    col = {}
    for key, names in COLUMNS.items():
        col[key] = next((header.index(n) for n in names if n in header), None)
    missing = [k for k in REQUIRED if col[k] is None]
    if missing:
        raise PlacementError(f"line 1: no column for {', '.join(missing)} (header: "
                             f"{', '.join(rows[0])})")
    out, problems = [], []
    for line, row in enumerate(rows[1:], start=2):
        def get(key, row=row):
            i = col[key]
            return row[i].strip() if i is not None and i < len(row) else ""
        try:
            side = get("side").lower() or "top"
            if side not in ("top", "bottom", "t", "b", "front", "back"):
                raise ValueError(f"side must be top or bottom (got {get('side')!r})")
            out.append(Placement(
                refdes=get("refdes"), part=get("part"), x=_number(get("x")),
                y=_number(get("y")), rotation=_number(get("rotation") or "0"),
                side="Top" if side in ("top", "t", "front") else "Bottom",
                power=_number(get("power") or "0")))
            if not out[-1].refdes:
                raise ValueError("empty reference designator")
        except ValueError as exc:
            problems.append(f"line {line}: {exc}")
    if problems:
        raise PlacementError("\n".join(problems))
    return out
