"""The result panel's summary text, from a result's ``summary.json`` (no FreeCAD, no Qt):
extremes, per body the temperature range and the heat it gives to the air by convection,
the natural-convection iteration, each flow region's operating point and air temperature
rise, the surface-to-surface radiation exchanged, the energy balance."""

from __future__ import annotations

import math

M3H_PER_M3S = 3600.0


def _flow_line(name: str, r: dict) -> str:
    drive = {"fan": f"{r.get('fan_count', 1)} x {r.get('fan', 'fan')}",
             "velocity": "set velocity", "volume_flow": "set volume flow"}.get(r["mode"],
                                                                                 r["mode"])
    return (f"Flow {name} ({drive}): {r['flow_m3_s'] * M3H_PER_M3S:.2f} m³/h at "
            f"{r['pressure_Pa']:.1f} Pa, {r['velocity_m_s']:.2f} m/s; air "
            f"{r['inlet_C']:.1f} → {r['outlet_C']:.1f} °C (+{r['air_temperature_rise_K']:.2f} K)"
            f", {r['heat_W']:.2f} W"
            + (f"; {r['unreached_faces']} faces on dead air, no forced film"
               if r.get("unreached_faces") else ""))  # absent before 2026-12-03


def summary_lines(summary: dict | None) -> list[str]:
    """Lines of the panel's summary; one line saying so when the result files are gone."""
    if summary is None:
        return ["The result files are missing: solve again."]
    lines = [f"Maximum {summary['max_temperature_C']:.2f} °C, minimum "
             f"{summary['min_temperature_C']:.2f} °C"]
    for name, b in summary.get("bodies", {}).items():
        line = f"{name}: {b['t_min_C']:.1f} .. {b['t_max_C']:.1f} °C"
        if b.get("convection_W"):
            line += f", convection {b['convection_W']:.2f} W"
        lines.append(line)
    natural = summary.get("natural_convection")
    if natural:
        off = sum(not p["in_range"] for p in natural["patches"])
        lines.append(f"Natural convection: {natural['heat_W']:.2f} W from "
                     f"{len(natural['patches'])} patches, {natural['iterations']} iterations"
                     + (f" ({off} patches outside their correlation's range)" if off else ""))
    lines += [_flow_line(name, r) for name, r in summary.get("flow_regions", {}).items()]
    s2s = summary.get("surface_radiation")
    if s2s:
        between = sum(max(v, 0.0) for row in s2s["exchange_W"] for v in row)
        lines.append(f"Surface-to-surface radiation: {s2s['patches']} patches, "
                     f"{between:.2f} W between bodies, {sum(s2s['to_surroundings_W']):.2f} W "
                     "to the surroundings")
    lines.append(f"Energy balance error {summary.get('energy_balance_error', math.nan):.2e}"
                 f", {summary.get('cells', 0)} cells")
    return lines
