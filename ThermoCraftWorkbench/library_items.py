"""The component library (:mod:`solver.library`) as the palette shows it: items by category,
search and package filters (type, body size, theta values), an item's data with its source,
and the Component properties a package is placed with. No FreeCAD, no Qt."""

from __future__ import annotations

import math
from dataclasses import dataclass

from solver.library import PREFIX, Library, LibraryItem, default_library

CATEGORIES = {"package": "Packages", "material": "Materials", "heat_sink": "Heat sinks",
              "fan": "Fans", "tim": "Thermal interface materials", "stackup": "Board stack-ups",
              "via_array": "Thermal vias"}
THETAS = {"theta_jc_top": "θJC (top)", "theta_jc_bottom": "θJC (bottom)",
          "theta_jb": "θJB", "psi_jt": "ΨJT", "psi_jb": "ΨJB"}
MM = 1e3  # millimetres per metre


@dataclass(frozen=True)
class PackageFilter:
    """What the palette's filters ask for; None / empty: no limit. Sizes in mm (the body's
    longer side), thetas in K/W (an item without the value does not pass a limit on it)."""

    text: str = ""
    family: str | None = None
    size_min_mm: float | None = None
    size_max_mm: float | None = None
    theta_jc_max: float | None = None
    theta_jb_max: float | None = None

    def accepts(self, item: LibraryItem) -> bool:
        d = item.data
        hay = " ".join(str(d.get(k, "")) for k in
                       ("id", "name", "notes", "source", "family", "category", "outline"))
        if not all(word in hay.lower() for word in self.text.lower().split()):
            return False
        if item.kind != "package":
            return self.family is None and self.size_min_mm is None and \
                self.size_max_mm is None and self.theta_jc_max is None and \
                self.theta_jb_max is None
        if self.family and d["family"] != self.family:
            return False
        side = body_side_mm(item)
        if (self.size_min_mm is not None or self.size_max_mm is not None) and side is None:
            return False
        if self.size_min_mm is not None and side < self.size_min_mm:
            return False
        if self.size_max_mm is not None and side > self.size_max_mm:
            return False
        for key, limit in (("theta_jc_top", self.theta_jc_max), ("theta_jb", self.theta_jb_max)):
            if limit is not None and not (key in d and d[key] <= limit):
                return False
        return True


def body_side_mm(item: LibraryItem) -> float | None:
    """The longer side of a package's body (mm), None when the source gives no body."""
    body = item.data.get("body")
    return max(body["length"], body["width"]) * MM if body else None


def families(library: Library | None = None) -> list[str]:
    lib = library or default_library()
    return sorted({i.data["family"] for i in lib.items.values() if i.kind == "package"})


def by_category(flt: PackageFilter, library: Library | None = None) \
        -> dict[str, list[LibraryItem]]:
    """Category title -> the items passing the filter, sorted by id (empty categories left
    out), in the order of :data:`CATEGORIES`."""
    lib = library or default_library()
    out: dict[str, list[LibraryItem]] = {}
    for kind, title in CATEGORIES.items():
        items = sorted((i for i in lib.items.values() if i.kind == kind and flt.accepts(i)),
                       key=lambda i: i.id.lower())
        if items:
            out[title] = items
    return out


def _value(key: str, value) -> str:
    if key in THETAS or key == "typical_power":
        return f"{value:g} {'W' if key == 'typical_power' else 'K/W'}"
    if key in ("body", "exposed_pad") and isinstance(value, dict):
        dims = [f"{value[k] * MM:g}" for k in ("length", "width", "height") if k in value]
        return " x ".join(dims) + " mm" + (" (nominal)" if value.get("nominal") else "")
    if key == "tj_max":
        return f"{value:g} °C"
    if key == "theta_ja" and isinstance(value, list):
        return "; ".join(f"{v['value']:g} K/W ({v['board']}"
                         + (f", {v['airflow_mps']:g} m/s" if "airflow_mps" in v else "") + ")"
                         for v in value)
    return str(value)


def describe(item: LibraryItem) -> list[tuple[str, str]]:
    """(field, text) rows of an item's data, its source last; units spelled out."""
    names = {**THETAS, "theta_ja": "θJA", "tj_max": "Tj max", "body": "Body",
             "exposed_pad": "Exposed pad", "typical_power": "Typical power"}
    rows = [("Library id", PREFIX + item.id)]
    rows += [(names.get(k, k.replace("_", " ").capitalize()), _value(k, v))
             for k, v in item.data.items() if k not in ("id", "source")]
    rows.append(("Source", item.source))
    rows.append(("File", str(item.origin)))
    return rows


def placement_problem(item: LibraryItem) -> str | None:
    """Why a library item cannot be placed as a component (None: it can)."""
    if item.kind != "package":
        return "only packages are placed as components"
    body = item.data.get("body")
    if not body:
        return "the source gives no body dimensions"
    if "height" not in body:
        return "the source gives no body height"
    return None


def component_values(item: LibraryItem) -> dict:
    """Component properties (mm, K/W, degC, W) of a package, from what its source gives:
    unknown thetas stay 0 (unknown), an unknown Tj max is NaN (Tj is reported with status
    ``unknown``) and an unknown power keeps the Component's default. The compact model is
    "Pad" for an item with theta_JC(bottom) and no theta_JB (TO-220, DPAK, SOT-223...), else
    "Two-resistor"."""
    problem = placement_problem(item)
    if problem:
        raise ValueError(f"{PREFIX}{item.id}: {problem}")
    d, body = item.data, item.data["body"]
    values = {"PartName": PREFIX + item.id, "BodyLength": body["length"] * MM,
              "BodyWidth": body["width"] * MM, "BodyHeight": body["height"] * MM,
              "ThetaJC": d.get("theta_jc_top", 0.0), "ThetaJB": d.get("theta_jb", 0.0),
              "ThetaJCBottom": d.get("theta_jc_bottom", 0.0)}
    values["CompactModel"] = "Pad" if "theta_jc_bottom" in d and "theta_jb" not in d \
        else "Two-resistor"
    values["TjMax"] = float(d.get("tj_max", math.nan))
    if "typical_power" in d:
        values["Power"] = float(d["typical_power"])
    return values
