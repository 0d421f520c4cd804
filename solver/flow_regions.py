"""The model's flow regions on the grid: which exposed faces each one cools, the free
cross-section and channels between the solids, the operating point, and the report.

Along the flow the box is cut into slices at the grid lines. A slice's free area is the box's
cross-section less the solid cells in it; its wetted perimeter every edge between free air
and the solid or the box's sides (the duct walls); the channels (connected free cells) give
the aspect ratio of the friction law. The faces inside the box parallel to the flow (their
centre in the box, not facing out of it) get the ``forced_flow`` film
(:mod:`solver.conditions.forced_flow`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import ndimage

from solver.faces import ExposedFaces
from solver.grid import Grid
from solver.model import FlowRegion, Model, ModelError, Problem
from solver.physics.air import ATMOSPHERIC_PRESSURE, air_properties
from solver.physics.fan_flow import (
    duct_series_pressure_drop,
    fan_operating_point,
    loss_coefficient_perforated_plate,
)

KIND = "forced_flow"
CORRELATIONS = ("flat plate (Churchill-Ozoe laminar, Incropera 7.38 mixed)",
                "duct, fully developed (Shah-London laminar, Gnielinski turbulent)")


@dataclass(eq=False)
class RegionFlow:
    """One flow region solved for its flow: the exposed ``faces`` it cools (sorted indices)
    with their channel data (``face_data``: running lengths ``x0``/``x1`` m, hydraulic
    diameter ``dh`` m, ``mass_flux`` kg/(m^2 s), ``aspect``, ``slice`` in flow order,
    ``area`` m^2), the operating point and the slices' free areas."""

    index: int
    region: FlowRegion
    faces: np.ndarray
    face_data: dict[str, np.ndarray]
    flow: float  # m^3/s at the inlet
    pressure: float  # Pa, the region's pressure drop at that flow
    density: float  # kg/m^3 at the inlet
    box_area: float
    free_area: np.ndarray  # per slice, m^2
    reynolds: np.ndarray  # per slice, on the hydraulic diameter
    mode: str
    extra: dict[str, Any] = field(default_factory=dict)

    def inlet_temperature(self, model: Model) -> float:
        return inlet_temperature(self.region, model)

    def capacity_rate(self, t_inlet: float) -> float:
        """``m_dot cp`` (W/K) of the stream."""
        return self.density * self.flow * float(air_properties(t_inlet, ATMOSPHERIC_PRESSURE)[1])


def inlet_temperature(region: FlowRegion, model: Model) -> float:
    """The air's inlet temperature (degC): the region's, else the ambient's."""
    t = region.inlet_temperature
    return model.ambient.temperature if t is None else t


def axis_and_sign(direction: str) -> tuple[int, int]:
    """``"-y"`` -> (1, -1)."""
    return "xyz".index(direction[1]), (1 if direction[0] == "+" else -1)


def build_flow_regions(model: Model, grid: Grid, active: np.ndarray, faces: ExposedFaces,
                       face_body: np.ndarray) -> list[RegionFlow]:
    """Every flow region of ``model`` on the grid; raises ModelError naming the regions that
    cool no face or are blocked."""
    out, problems = [], []
    centres = faces.centers(grid, np.arange(len(faces)))
    for i, region in enumerate(model.flow_regions):
        try:
            out.append(_region_flow(i, region, model, grid, active, faces, face_body, centres))
        except _Unusable as exc:
            problems.append(Problem(f"flow_regions[{i}]", f"flow region {region.name!r} {exc}"))
    if problems:
        raise ModelError(problems)
    return out


class _Unusable(Exception):
    pass


def _region_flow(index: int, region: FlowRegion, model: Model, grid: Grid,
                 active: np.ndarray, faces: ExposedFaces, face_body: np.ndarray,
                 centres: np.ndarray) -> RegionFlow:
    a, sign = axis_and_sign(region.direction)
    lo, hi = np.array(region.min, float), np.array(region.max, float)
    tol = 1e-9 + 1e-6 * float(np.max(hi - lo))
    b, c = (ax for ax in range(3) if ax != a)
    lines = grid.lines
    # the box cut at the grid lines inside it: slices along the flow, bands across
    (cuts, lengths, cell), (_, wb, cb), (_, wc, cc) = (_cuts(lines[ax], lo[ax], hi[ax])
                                                       for ax in (a, b, c))
    mids = 0.5 * (cuts[:-1] + cuts[1:])
    box_area = float(wb.sum() * wc.sum())
    n = lengths.size
    free, perimeter, aspect_sum = np.zeros(n), np.zeros(n), np.zeros(n)
    kb, kc = np.nonzero(cb >= 0)[0], np.nonzero(cc >= 0)[0]
    for j in range(n):
        plane = np.zeros((wb.size, wc.size), dtype=bool)  # solid; beyond the grid: none
        if cell[j] >= 0:
            plane[np.ix_(kb, kc)] = np.take(active, cell[j], axis=a)[np.ix_(cb[kb], cc[kc])]
        free[j], perimeter[j], aspect_sum[j] = _channels(~plane, wb, wc)
    if np.any(free <= 1e-12 * box_area):
        at = mids[np.argmin(free)]
        raise _Unusable(f"is blocked: no free cross-section at {'xyz'[a]} = {at:g} m")
    # the faces it cools: parallel to the flow, centre in the box, not facing out of it
    in_box = np.all((centres >= lo - tol) & (centres <= hi + tol), axis=1)
    ax_f = faces.axis.astype(np.int64)
    rows = np.arange(len(faces))
    on_lo = np.abs(centres[rows, ax_f] - lo[ax_f]) <= tol
    on_hi = np.abs(centres[rows, ax_f] - hi[ax_f]) <= tol
    facing_out = (on_lo & (faces.side < 0)) | (on_hi & (faces.side > 0))
    chosen = np.nonzero(in_box & (ax_f != a) & ~facing_out)[0]
    if chosen.size == 0:
        raise _Unusable("cools nothing: no exposed face parallel to the flow lies in its box "
                        "(is it outside the bodies?)")
    slice_of = np.clip(np.searchsorted(cuts, centres[chosen, a]) - 1, 0, n - 1)
    aspect = float((aspect_sum * lengths).sum() / (free * lengths).sum())
    rho, _, mu, *_ = air_properties(inlet_temperature(region, model), ATMOSPHERIC_PRESSURE)
    k_grille = loss_coefficient_perforated_plate(region.open_area)

    def system(q: float) -> float:
        return duct_series_pressure_drop(q, rho, mu, free, perimeter, lengths, aspect,
                                         box_area, k_grille)

    mode, flow, extra = _operating_flow(region, box_area, system)
    pressure = system(flow)
    dh = 4.0 * free / perimeter
    mass_flux = rho * flow / free
    # running length from the leading edge of each body's faces in the region
    idx_a = np.unravel_index(faces.cell[chosen], grid.shape)[a]
    edge_lo, edge_hi = lines[a][idx_a], lines[a][idx_a + 1]
    body = face_body[chosen]
    if sign > 0:
        lead = np.full(len(model.bodies), np.inf)
        np.minimum.at(lead, body, edge_lo)
        x0, x1 = edge_lo - lead[body], edge_hi - lead[body]
    else:
        lead = np.full(len(model.bodies), -np.inf)
        np.maximum.at(lead, body, edge_hi)
        x0, x1 = lead[body] - edge_hi, lead[body] - edge_lo
    order = slice_of if sign > 0 else n - 1 - slice_of
    face_data = {"x0": x0, "x1": x1, "dh": dh[slice_of], "mass_flux": mass_flux[slice_of],
                 "aspect": np.full(chosen.size, aspect), "slice": order.astype(float),
                 "area": faces.area[chosen]}
    reynolds = mass_flux * dh / mu
    extra.update({"aspect": aspect, "open_area_loss": float(k_grille)})
    return RegionFlow(index, region, chosen, face_data, flow, pressure, float(rho), box_area,
                      free, reynolds, mode, extra)


def _cuts(lines: np.ndarray, lo: float, hi: float
          ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``[lo, hi]`` cut at the grid ``lines`` inside it: the cut points, the pieces' lengths
    and the grid cell each piece lies in (-1: beyond the grid)."""
    cuts = np.unique(np.concatenate([[lo, hi], lines[(lines > lo) & (lines < hi)]]))
    mids = 0.5 * (cuts[:-1] + cuts[1:])
    inside = (mids > lines[0]) & (mids < lines[-1])
    return cuts, np.diff(cuts), np.where(inside, np.searchsorted(lines, mids) - 1, -1)


def _channels(free: np.ndarray, over_b: np.ndarray, over_c: np.ndarray
              ) -> tuple[float, float, float]:
    """Free area (m^2), wetted perimeter (m: every edge between a free cell and the solid or
    the box's walls) and area-weighted sum of the channels' aspect ratios in one slice's
    plane of bands ``over_b`` x ``over_c`` (m). A channel is a connected free region; its
    aspect is that of the rectangle with its area A and perimeter P (sides the roots of
    ``t^2 - (P/2) t + A``; 1 when none is real), which stays the fins' spacing over their
    height when a tip gap joins the channels of a heat sink."""
    labels, count = ndimage.label(free)
    if count == 0:
        return 0.0, 0.0, 0.0
    area = ndimage.sum(np.outer(over_b, over_c), labels, index=np.arange(1, count + 1))
    perimeter = np.zeros(count + 1)  # label 0: the solid and the walls
    padded = np.pad(labels, 1)
    band_b, band_c = np.pad(over_b, 1), np.pad(over_c, 1)
    for a, b, length in ((padded[:-1], padded[1:], band_c[None, :]),
                         (padded[:, :-1], padded[:, 1:], band_b[:, None])):
        cut = a != b
        edge = np.broadcast_to(length, a.shape)[cut]
        np.add.at(perimeter, a[cut], edge)
        np.add.at(perimeter, b[cut], edge)
    half = perimeter[1:] / 2.0
    root = np.sqrt(np.maximum(half**2 - 4.0 * area, 0.0))
    aspect = (half - root) / (half + root)
    return float(area.sum()), float(perimeter[1:].sum()), float(aspect @ area)


def _operating_flow(region: FlowRegion, box_area: float, system) -> tuple[str, float, dict]:
    """How the flow is set and its volume flow (m^3/s)."""
    if region.velocity is not None:
        return "velocity", region.velocity * box_area, {}
    if region.volume_flow is not None:
        return "volume_flow", region.volume_flow, {}
    curve = region.fan_curve
    extra: dict[str, Any] = {"fan_count": region.fan_count}
    if curve is None:
        from solver.library import default_library

        curve = default_library().get(region.fan).data["curve"]
        extra["fan"] = region.fan
    table = np.asarray(curve, dtype=float)
    flow, _ = fan_operating_point(table[:, 0], table[:, 1], system, region.fan_count)
    return "fan", flow, extra


def flow_report(conditions, area: np.ndarray, t_surface: np.ndarray,
                t_lin: np.ndarray | None, net_out: np.ndarray) -> dict[str, dict[str, Any]]:
    """Per flow region of ``conditions`` (linearised at ``t_lin``): operating point, air
    temperatures, heat picked up (W, the faces' ``forced_flow`` share at ``t_surface``), mean
    film coefficient and the correlations used."""
    from solver.conditions import REGISTRY
    from solver.conditions.forced_flow import stream_state

    regions = conditions.items.get(KIND, [])
    if not regions:
        return {}
    values = conditions.values[KIND]
    face_heat = REGISTRY[KIND].face_heat(values, area, t_surface, t_lin, net_out)
    h, _, which, clamped, outlet = stream_state(values, t_lin)
    on_row = conditions.on(KIND)
    out = {}
    for r in regions:
        on = on_row == r.index
        wet = values["area"][on]
        t_in = float(values["t_inlet"][on][0]) if on.any() else float("nan")
        t_out = outlet.get(r.index, t_in)
        out[r.region.name] = {
            "mode": r.mode, **{k: v for k, v in r.extra.items() if k != "aspect"},
            "flow_m3_s": r.flow, "pressure_Pa": r.pressure,
            "velocity_m_s": r.flow / r.box_area,
            "channel_velocity_m_s": float(r.flow / r.free_area.min()),
            "reynolds_max": float(r.reynolds.max()), "channel_aspect": r.extra["aspect"],
            "inlet_C": t_in, "outlet_C": t_out, "air_temperature_rise_K": t_out - t_in,
            "heat_W": float(face_heat[on].sum()), "faces": int(on.sum()),
            "area_m2": float(wet.sum()),
            "h_mean_W_m2K": float(h[on] @ wet / wet.sum()) if on.any() else 0.0,
            "correlations": [CORRELATIONS[w] for w in np.unique(which[on]) if w >= 0],
            "out_of_range_faces": int(clamped[on].sum()),
        }
    return out
