"""The material library offered by material assignments: FreeCAD's own material cards that
carry a thermal conductivity (0.20/0.21: INI cards in ``Mod/Material/StandardMaterial``;
1.0+: YAML cards under ``Mod/Material/Resources/Materials``), and the ThermoCraft
library's materials and board stack-ups (``library_data/``, named ``lib:ID``), read once.
A stack-up is offered as the effective orthotropic board of its layers
(:func:`solver.library.stackups.stackup_conductivity`).
"""

from __future__ import annotations

import configparser
import functools
import re
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class LibraryMaterial:
    name: str
    conductivity: float | tuple[float, float, float]  # W/(m K); (kx, ky, kz): orthotropic
    density: float  # kg/m^3 (0 = unknown)
    specific_heat: float  # J/(kg K) (0 = unknown)
    source: str
    emissivity: float | None = None  # None: the source gives none


def _si(text: str | None, unit: str) -> float:
    import FreeCAD
    if not text:
        return 0.0
    return float(FreeCAD.Units.Quantity(text).getValueAs(unit))


_YAML_VALUE = re.compile(r"""^\s+(\w+):\s*["']?([^"'#\n]*?)["']?\s*$""", re.M)


def card_values(text: str) -> dict[str, str]:
    """A card's ``key: value`` pairs, of either format: FreeCAD 1.0's YAML cards
    (``---``, ``General:``/``Models:`` maps, quoted values: the Materials rework of FreeCAD
    PR #10690) or the INI cards of 0.20/0.21. Inherited values (YAML ``Inherits``) are not
    followed: a card counts only with its own thermal conductivity."""
    if text.lstrip().startswith("---") or re.search(r"^General:\s*$", text, re.M):
        return {k: v for k, v in _YAML_VALUE.findall(text) if v}
    cfg = configparser.ConfigParser(interpolation=None, strict=False)
    cfg.optionxform = str
    cfg.read_string(text)
    return {k: v for section in cfg.sections() for k, v in cfg.items(section)}


def read_card(path: Path) -> LibraryMaterial | None:
    """One FCMat card, or None when it has no thermal conductivity."""
    values = card_values(path.read_text(encoding="utf-8"))
    if "ThermalConductivity" not in values:
        return None
    return LibraryMaterial(
        name=values.get("Name", path.stem),
        conductivity=_si(values["ThermalConductivity"], "W/m/K"),
        density=_si(values.get("Density"), "kg/m^3"),
        specific_heat=_si(values.get("SpecificHeat"), "J/kg/K"),
        source=f"FreeCAD material card {path.name}")


def thermocraft_materials(library=None) -> list[LibraryMaterial]:
    """The ThermoCraft library's ``material`` items and ``stackup`` items (as boards: in-plane
    and through-plane conductivity of the layers, no density or heat capacity: the library
    gives none for a stack-up), each named ``lib:ID`` with its source."""
    from solver.library import PREFIX, default_library
    from solver.library.references import material_from_item
    from solver.library.stackups import stackup_conductivity
    library = library or default_library()
    out = []
    for item in sorted(library.items.values(), key=lambda i: i.id.lower()):
        if item.kind == "material":
            m = material_from_item(item)
            k = m.conductivity
            out.append(LibraryMaterial(
                m.name, tuple(k) if isinstance(k, list) else k, m.density, m.specific_heat,
                m.source, item.data.get("emissivity")))
        elif item.kind == "stackup":
            k_in, k_z = stackup_conductivity(item, library)
            out.append(LibraryMaterial(
                PREFIX + item.id, (k_in, k_in, k_z), 0.0, 0.0,
                f"library stack-up {item.id} (layers in parallel in the plane, in series "
                f"through it: solver.physics.pcb): {item.source}"))
    return out


@functools.cache
def library() -> dict[str, LibraryMaterial]:
    """Name -> material, from every card folder FreeCAD ships and the ThermoCraft library."""
    import FreeCAD
    material = Path(FreeCAD.getResourceDir()) / "Mod" / "Material"
    paths = [*sorted((material / "StandardMaterial").glob("*.FCMat")),  # 0.20, 0.21
             *sorted((material / "Resources" / "Materials").rglob("*.FCMat"))]  # 1.0+
    cards = (read_card(p) for p in paths)
    out = {m.name: m for m in cards if m is not None}
    out.update((m.name, m) for m in thermocraft_materials())
    return out
