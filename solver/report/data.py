"""What a report shows, gathered from a results folder: the summary's tables and the
fields of ``result.npz`` (the hottest cell, a line and a cross-section through it)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from solver.sampling import Sampler


@dataclass
class Table:
    """A titled table of strings; ``note`` is a line printed under it."""

    title: str
    headers: list[str]
    rows: list[list[str]]
    note: str = ""


@dataclass
class ReportData:
    """Everything the HTML and the PDF render: the summary, its tables, and the arrays."""

    summary: dict[str, Any]
    tables: list[Table]
    lines: tuple[np.ndarray, np.ndarray, np.ndarray]
    owner: np.ndarray
    t: np.ndarray
    body_names: list[str]
    hottest: tuple[int, int, int]
    sampler: Sampler
    histories: dict[str, np.ndarray] = field(default_factory=dict)  # name -> (n, 2) s, degC


def _f(value: Any, fmt: str = ".2f") -> str:
    """A number formatted, or '-' when missing (None or NaN: no surface to average)."""
    return "-" if value is None or value != value else format(float(value), fmt)


def _r_cell(contact: dict[str, Any]) -> str:
    """A contact's R'' (m^2 K/W), with the TIM it comes from when there is one."""
    r = _f(contact.get("resistance_m2K_W"), ".4g")
    return f"{r} ({contact['tim']})" if contact.get("tim") else r


def load_report_data(result_dir: str | Path) -> ReportData:
    """Read ``summary.json`` and ``result.npz`` of a ``thermocraft solve`` folder;
    FileNotFoundError naming the missing file."""
    folder = Path(result_dir)
    for name in ("summary.json", "result.npz"):
        if not (folder / name).is_file():
            raise FileNotFoundError(f"{folder}: no {name} (not a 'thermocraft solve' folder)")
    s = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    with np.load(folder / "result.npz") as z:
        lines = (z["x"], z["y"], z["z"])
        owner, t = z["owner"], z["temperature_C"]
        names = [str(n) for n in z["body_names"]]
    hottest = hottest_cell(t, owner, names, s.get("components") or {})
    return ReportData(s, summary_tables(s), lines, owner, t, names, hottest,
                      Sampler.load(folder / "result.npz"), histories(s))


def hottest_cell(t: np.ndarray, owner: np.ndarray, names: list[str],
                 components: dict[str, Any]) -> tuple[int, int, int]:
    """Index of the hottest cell outside the components' package boxes (compact-model
    stand-ins, near-isothermal by construction: a line or a section through one shows
    nothing); of all cells when only packages are solid."""
    packages = [i for i, n in enumerate(names) if n in components]
    masked = np.where(np.isin(owner, packages), np.nan, t)
    field = masked if np.any(np.isfinite(masked)) else t
    return tuple(int(i) for i in np.unravel_index(np.nanargmax(field), t.shape))


def histories(s: dict[str, Any]) -> dict[str, np.ndarray]:
    """Time histories (s, degC) of a transient: probes, lumped nodes, component Tj."""
    out = {}
    if s.get("analysis") != "transient":
        return out
    for name, p in s.get("probes", {}).items():
        if isinstance(p, list) and p:
            out[f"probe {name}"] = np.asarray(p, dtype=float)
    for name, n in s.get("nodes", {}).items():
        if n.get("history"):
            out[f"node {name}"] = np.asarray(n["history"], dtype=float)
    for name, c in (s.get("components") or {}).items():
        if c.get("Tj_history"):
            out[f"Tj {name}"] = np.asarray(c["Tj_history"], dtype=float)
    return out


def summary_tables(s: dict[str, Any]) -> list[Table]:
    """The report's tables in order; sections without data in the summary are left out."""
    tables = [model_table(s), run_table(s), energy_table(s)]
    if s.get("components"):
        tables.append(component_table(s["components"]))
    tables += [body_table(s), condition_table(s)]
    if s.get("contacts"):
        tables.append(Table("Contacts", ["contact", "bodies", "area m2", "R m2K/W", "heat W"],
                            [[c.get("name") or "-", " - ".join(c["bodies"]),
                              _f(c["area_m2"], ".4g"), _r_cell(c),
                              _f(c["heat_W"], ".4g")] for c in s["contacts"]]))
    if s.get("enclosures"):
        tables.append(enclosure_table(s["enclosures"]))
    if s.get("nodes"):
        tables.append(Table("Lumped nodes", ["node", "T degC"],
                            [[n, _f(v["T_C"])] for n, v in s["nodes"].items()]))
    if s.get("probes"):
        tables.append(Table("Probes", ["probe", "T degC" + (" (final)" if s["analysis"]
                                                             == "transient" else "")],
                            [[n, _f(p["T_C"] if isinstance(p, dict) else p[-1][1])]
                             for n, p in s["probes"].items()]))
    return tables


def enclosure_table(enclosures: list[dict[str, Any]]) -> Table:
    """Each enclosure's internal air: its temperature, volume, the heat the hotter surfaces
    give it and, for a vented one, the stack-effect flow through the vents and the heat it
    carries out (summary ``enclosures``)."""
    rows = []
    for e in enclosures:
        v = e.get("vents") or {}
        flow = v.get("volume_flow_m3_s")
        rows.append([e["body"], _f(e["air_T_C"]), _f(e["volume_m3"] * 1e3, ".4g"),
                     _f(e["heat_in_W"], ".4g"), "-" if flow is None else _f(flow * 1e3, ".4g"),
                     _f(v.get("heat_out_W"), ".4g")])
    return Table("Enclosure air", ["enclosure", "air degC", "volume l", "heat in W",
                                   "vent flow l/s", "vent heat W"], rows,
                 "The air inside each enclosure is one well-mixed node; '-': sealed, no vents.")


def model_table(s: dict[str, Any]) -> Table:
    rows = [["model", str(s.get("model", ""))], ["analysis", str(s.get("analysis", ""))],
            ["bodies", ", ".join(s.get("bodies", {}))],
            ["maximum temperature degC", _f(s.get("max_temperature_C"))],
            ["minimum temperature degC", _f(s.get("min_temperature_C"))]]
    if s.get("materials"):
        rows.insert(3, ["materials", ", ".join(str(m) for m in s["materials"])])
    if s.get("analysis") == "transient":
        rows.append(["simulated time s", _f(s.get("time_s"), "g")])
    return Table("Model", ["item", "value"], rows)


def run_table(s: dict[str, Any]) -> Table:
    grid = s.get("grid") or []
    rows = [["cells", f"{s.get('cells', '-')} ({s.get('solid_cells', '-')} solid)"],
            ["grid", " x ".join(str(n) for n in grid)],
            ["linear iterations", str(s.get("linear_iterations", "-"))],
            ["outer iterations", str(s.get("outer_iterations", "-"))]]
    if s.get("analysis") == "transient":
        rows.append(["time steps (rejected)", f"{s.get('steps', '-')} "
                                               f"({s.get('rejected_steps', 0)})"])
    rows += [["mesh time s", _f(s.get("mesh_time_s"))], ["wall time s", _f(s.get("wall_time_s"))]]
    return Table("Mesh and convergence", ["item", "value"], rows)


def energy_table(s: dict[str, Any]) -> Table:
    if s.get("analysis") == "transient":
        rows = [["energy in J", _f(s.get("energy_in_J"), ".4g")],
                ["energy out J", _f(s.get("energy_out_J"), ".4g")],
                ["energy stored J", _f(s.get("energy_stored_J"), ".4g")]]
    else:
        rows = [["power W", _f(s.get("power_W"), ".4g")],
                ["heat out W", _f(s.get("heat_out_W"), ".4g")]]
    rows.append(["relative balance error", _f(s.get("energy_balance_error"), ".2e")])
    return Table("Energy balance", ["item", "value"], rows)


def component_table(components: dict[str, dict[str, Any]]) -> Table:
    """Tj, its limit, the margin and the status of every component (summary ``components``,
    keyed by name)."""
    rows = [[name, _f(c.get("Tj_C")), _f(c.get("Tj_max_C")), _f(c.get("margin_K")),
             str(c.get("status", "-"))] for name, c in components.items()]
    return Table("Components", ["component", "Tj degC", "Tj max degC", "margin K", "status"], rows)


def body_table(s: dict[str, Any]) -> Table:
    """Bodies from hottest to coolest, cell and surface temperatures."""
    bodies = sorted(s.get("bodies", {}).items(), key=lambda kv: -kv[1]["t_max_C"])
    rows = []
    for name, b in bodies:
        surf = b.get("surface") or {}
        rows.append([name, _f(b["t_min_C"]), _f(b["t_mean_C"]), _f(b["t_max_C"]),
                     _f(surf.get("t_min_C")), _f(surf.get("t_mean_C")), _f(surf.get("t_max_C"))])
    return Table("Hottest bodies", ["body", "min", "mean", "max", "surface min",
                                    "surface mean", "surface max"], rows,
                 "All temperatures in degC; bodies sorted by their maximum.")


def condition_table(s: dict[str, Any]) -> Table:
    """The conditions with the exposed area they act on; those acting on none (every face
    of theirs inside an enclosure, whose air takes the heat, or taken by another condition)
    are named in the note instead of as rows of zeros."""
    rows, idle = [], []
    for c in s.get("conditions", []):
        where = c["body"] + (f" ({', '.join(c['faces'])})" if c.get("faces") else "")
        if not c["area_m2"] and not c["heat_out_W"]:
            idle.append(f"{c['kind']} on {where}")
            continue
        surf = c.get("surface") or {}
        rows.append([c["kind"], where, _f(c["area_m2"], ".4g"), _f(surf.get("t_mean_C")),
                     _f(c["heat_out_W"], ".4g")])
    for name, area in s.get("adiabatic_area_m2", {}).items():
        if area > 0:
            rows.append(["adiabatic", name, _f(area, ".4g"), "-", "0"])
    note = (f"On no exposed face (inside an enclosure, whose air takes the heat; or taken by "
            f"another condition): {', '.join(idle)}." if idle else "")
    return Table("Surface conditions", ["condition", "where", "area m2", "mean degC",
                                        "heat out W"], rows, note)
