"""A plain-text table of a solve's summary, for the terminal and the logs."""

from __future__ import annotations

from typing import Any


def format_summary(s: dict[str, Any]) -> str:
    """Temperatures per body and probe, heat per condition, and the run's figures."""
    lines = [f"Model: {s['model']} ({s['analysis']})",
             f"Maximum temperature: {s['max_temperature_C']:.2f} degC", "",
             f"{'body':<24}{'min degC':>10}{'mean degC':>11}{'max degC':>10}"]
    for name, b in s["bodies"].items():
        lines.append(f"{name:<24}{b['t_min_C']:>10.2f}{b['t_mean_C']:>11.2f}{b['t_max_C']:>10.2f}")
    if s["probes"]:
        lines += ["", f"{'probe':<24}{'degC':>10}"]
        for name, p in s["probes"].items():
            value = p["T_C"] if isinstance(p, dict) else p[-1][1]
            lines.append(f"{name:<24}{value:>10.2f}")
    if s.get("nodes"):
        lines += ["", f"{'node':<24}{'degC':>10}"]
        for name, n in s["nodes"].items():
            lines.append(f"{name:<24}{n['T_C']:>10.2f}")
    if s.get("components"):
        lines += ["", f"{'component':<16}{'Tj degC':>9}{'case degC':>10}{'board degC':>11}"
                      f"{'Tj max':>8}{'margin K':>9}  status"]
        for name, c in s["components"].items():
            lines.append(f"{name:<16}{c['Tj_C']:>9.2f}{_limit(c['T_case_top_C'], 10, '.2f')}"
                         f"{c['T_board_C']:>11.2f}{_limit(c['Tj_max_C'], 8, '.1f')}"
                         f"{_limit(c['margin_K'], 9, '.2f')}"
                         f"  {c['status']}")
        lines += ["", *_legs(s["components"])]
    lines += ["", f"{'condition':<40}{'area m2':>10}{'heat out W':>12}"]
    for c in s["conditions"]:
        where = c["body"] + (f" {','.join(c['faces'])}" if c["faces"] else "")
        label = f"{c['kind']} on {where}"
        lines.append(f"{label:<40}{c['area_m2']:>10.4g}{c['heat_out_W']:>12.4g}")
    for name, area in s["adiabatic_area_m2"].items():
        if area > 0:
            lines.append(f"{'adiabatic (no condition) on ' + name:<40}{area:>10.4g}{0.0:>12.4g}")
    if s.get("natural_convection"):
        lines += ["", *_natural_convection(s["natural_convection"])]
    for e in s.get("enclosures", []):
        lines += ["", f"Enclosure {e['body']}: internal air {e['air_T_C']:.2f} degC "
                      f"({e['volume_m3']:.4g} m3), {e['heat_in_W']:.4g} W from the hotter "
                      f"surfaces, {e['heat_out_W']:.4g} W to the colder ones"]
        lines += _layers(e.get("layers", []))
        if e.get("vents"):
            v = e["vents"]
            lines.append(f"  vents: {v['volume_flow_m3_s'] * 1000:.4g} l/s of room air "
                         f"through {v['effective_area_m2'] * 1e4:.4g} cm2 effective, "
                         f"{v['heat_out_W']:.4g} W out")
    if s.get("air_layers"):
        lines += ["", "Air layers of the outside air (conducting)", *_layers(s["air_layers"])]
    if s.get("flow_regions"):
        lines += ["", f"{'flow region':<20}{'m3/s':>10}{'Pa':>8}{'m/s':>7}{'h W/m2K':>9}"
                      f"{'air in':>8}{'rise K':>8}{'heat W':>9}"]
        for name, f in s["flow_regions"].items():
            lines.append(f"{name:<20}{f['flow_m3_s']:>10.3g}{f['pressure_Pa']:>8.3g}"
                         f"{f['velocity_m_s']:>7.3g}{f['h_mean_W_m2K']:>9.3g}"
                         f"{f['inlet_C']:>8.2f}{f['air_temperature_rise_K']:>8.3g}"
                         f"{f['heat_W']:>9.4g}")
        lines += _flow_notes(s["flow_regions"])
    if s.get("surface_radiation"):
        r = s["surface_radiation"]
        lines += ["", f"Surface-to-surface radiation: {r['patches']} patches, view factors in "
                      f"{r['view_factor_time_s']:.2f} s",
                  f"{'body':<24}{'to surroundings W':>18}{'to other bodies W':>18}"]
        for i, name in enumerate(r["bodies"]):
            others = sum(r["exchange_W"][i]) - r["exchange_W"][i][i]
            if r["to_surroundings_W"][i] or others:
                lines.append(f"{name:<24}{r['to_surroundings_W'][i]:>18.4g}{others:>18.4g}")
    if s.get("contacts"):
        lines += ["", f"{'contact':<40}{'area m2':>10}{'heat W':>12}"]
        for c in s["contacts"]:
            label = c["name"] or " - ".join(c["bodies"]) + ("" if len(c["bodies"]) > 1
                                                           else " - neighbours")
            lines.append(f"{label:<40}{c['area_m2']:>10.4g}{c['heat_W']:>12.4g}")
    lines += ["", f"Energy balance error: {s['energy_balance_error']:.2e}",
              f"Cells: {s['cells']} ({s['solid_cells']} solid, grid {s['grid']}), "
              f"linear iterations {s['linear_iterations']}, wall time {s['wall_time_s']:.2f} s"]
    return "\n".join(lines)


def _flow_notes(regions: dict[str, Any]) -> list[str]:
    """Per flow region, where its inlet air comes from when it mixes several regions' outlets,
    how many of its faces have an estimated film (back faces in the wake) and which faces in
    its box its through-flow does not reach."""
    lines = []
    for name, f in regions.items():
        if len(f.get("inlet_mix", {})) > 1:  # absent from summaries before they were added
            mix = ", ".join(f"{u} {100 * w:.0f} %" for u, w in f["inlet_mix"].items())
            lines.append(f"  {name}: inlet air mixed from {mix}")
        if f.get("estimated_faces"):
            lines.append(f"  {name}: {f['estimated_faces']} back faces in the wake, film "
                         "estimated (the front face's value)")
        if f.get("unreached_faces"):
            where = ", ".join(f"{p['body']} {p['face']}" for p in f["unreached_patches"][:4])
            more = len(f["unreached_patches"]) - 4
            lines.append(f"  {name}: {f['unreached_faces']} faces "
                         f"({f['unreached_area_m2'] * 1e4:.4g} cm2) in the box that no "
                         f"through-flow reaches (dead air), no forced film: {where}"
                         + (f" and {more} more" if more > 0 else ""))
    return lines


NATURAL_CONVECTION_ROWS = 12  # patches listed, the largest heat first


def _natural_convection(nc: dict[str, Any]) -> list[str]:
    """The natural-convection patches: film, Ra and heat (the largest first), flagged where a
    correlation was used outside its range."""
    lines = [f"Natural convection: {len(nc['patches'])} patches, {nc['heat_W']:.4g} W to the "
             f"air, {nc['iterations']} outer iterations (heat flows settled to "
             f"{nc['residual']:.1e}, target {nc['tolerance']:.0e})",
             f"{'patch':<32}{'area m2':>10}{'h W/m2K':>9}{'Ra':>10}{'heat W':>10}  correlation"]
    rows = sorted(nc["patches"], key=lambda p: -abs(p["heat_W"]))
    for p in rows[:NATURAL_CONVECTION_ROWS]:
        where = f"{p['body']} {p['face']}"
        mark = "" if p["in_range"] else " (outside its range: nearest valid value)"
        lines.append(f"{where:<32}{p['area_m2']:>10.4g}{p['h_W_m2K']:>9.3g}{p['Ra']:>10.3g}"
                     f"{p['heat_W']:>10.4g}  {p['correlation']}{mark}")
    if len(rows) > NATURAL_CONVECTION_ROWS:
        lines.append(f"... {len(rows) - NATURAL_CONVECTION_ROWS} more patches in summary.json")
    return lines


def _layers(layers: list[dict[str, Any]]) -> list[str]:
    """One line per conducting air layer: gap, the two sides and the heat across."""
    lines = []
    for layer in layers:
        a, b = layer["sides"]
        lines.append(f"  air layer {layer['gap_m'] * 1000:.3g} mm: {a['body']}/{a['face']} "
                     f"-> {b['body']}/{b['face']}, {a['heat_W']:.4g} W across "
                     f"{a['area_m2'] * 1e6:.4g} mm2")
    return lines


LEG_NAMES = {"theta_jc": "top", "theta_jb": "board", "theta_jc_bottom": "pad",
             "theta_cs": "interface"}


def _legs(components: dict[str, Any]) -> list[str]:
    """Each component's legs: name (the pad model's board leg is its pad leg; an interface
    after it, with its source), resistance, heat and drop; a missing top leg is said."""
    lines = [f"{'component leg':<24}{'element':<17}{'K/W':>8}{'heat W':>10}{'dT K':>9}"]
    for name, c in components.items():
        for key, leg in c["legs"].items():
            if key not in ("top", "board", "interface"):
                continue
            if leg is None:
                lines.append(f"{name + ' ' + key:<24}none (no theta_JC(top) given)")
                continue
            element = leg.get("element") or ""
            label = f"{name} {LEG_NAMES.get(element, key)}"
            lines.append(f"{label:<24}{element:<17}{_limit(leg['theta_K_W'], 8, '.3g')}"
                         f"{_limit(leg['heat_W'], 10, '.4g')}{_limit(leg['dT_K'], 9, '.3g')}"
                         + (f"  ({leg['source']})" if leg.get("source") else ""))
    return lines


def _limit(value: float | None, width: int, fmt: str) -> str:
    """A figure (a Tj limit, a margin, a leg's) right-aligned in ``width``, '-' when there is
    none."""
    return f"{'-' if value is None else format(value, fmt):>{width}}"
