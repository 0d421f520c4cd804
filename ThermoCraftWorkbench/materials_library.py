"""The material library offered by material assignments: FreeCAD's own material cards that
carry a thermal conductivity (``Mod/Material/StandardMaterial/*.FCMat``), read once.

The ThermoCraft component/material library (``library_data/``, another issue) joins here when
it lands.
"""

from __future__ import annotations

import configparser
import functools
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class LibraryMaterial:
    name: str
    conductivity: float  # W/(m K)
    density: float  # kg/m^3 (0 = unknown)
    specific_heat: float  # J/(kg K) (0 = unknown)
    source: str


def _si(text: str | None, unit: str) -> float:
    import FreeCAD
    if not text:
        return 0.0
    return float(FreeCAD.Units.Quantity(text).getValueAs(unit))


def read_card(path: Path) -> LibraryMaterial | None:
    """One FCMat card, or None when it has no thermal conductivity."""
    cfg = configparser.ConfigParser(interpolation=None, strict=False)
    cfg.optionxform = str
    cfg.read(path, encoding="utf-8")
    values = {k: v for section in cfg.sections() for k, v in cfg.items(section)}
    if "ThermalConductivity" not in values:
        return None
    return LibraryMaterial(
        name=values.get("Name", path.stem),
        conductivity=_si(values["ThermalConductivity"], "W/m/K"),
        density=_si(values.get("Density"), "kg/m^3"),
        specific_heat=_si(values.get("SpecificHeat"), "J/kg/K"),
        source=f"FreeCAD material card {path.name}")


@functools.cache
def library() -> dict[str, LibraryMaterial]:
    """Name -> material, from every card folder FreeCAD ships."""
    import FreeCAD
    folder = Path(FreeCAD.getResourceDir()) / "Mod" / "Material" / "StandardMaterial"
    cards = (read_card(p) for p in sorted(folder.glob("*.FCMat")))
    return {m.name: m for m in cards if m is not None}
