"""The model's flow regions on the grid: which exposed faces each one cools, the free
cross-section and channels between the solids, the operating point, and the report.

Along the flow the box is cut into slices at the grid lines. A slice's free area is the box's
cross-section less the solid cells in it; its wetted perimeter every edge between free air
and the solid or the box's sides (the duct walls); the channels (connected free cells) give
the aspect ratio of the friction law. Only the through-flow counts: the free cells of the
box connected, through free cells in it, to both its inlet and its outlet plane where they
open onto free air (:func:`_through_flow`); a pocket closed by solids, a blind cavity, the
part of the box a wall seals off from the inlet hold dead air, no part of the free area, and
their faces are ``unreached``. The other faces inside the box (their centre in the box, not
facing out of it), parallel to the flow or across it, get the ``forced_flow`` film
(:mod:`solver.conditions.forced_flow`). A region whose inlet lies on other regions' outlets
(:func:`solver.model.flow_checks.upstream_regions`) takes their outlet air, mixed
(:func:`mixing_shares`): the streams are marched in flow order. Where the air they pass on is
less than the region's own mass flow (its fan or velocity draws more, or its inlet reaches
past their outlets), the room makes up the rest at the ambient temperature; where it is more,
the surplus spills at the mixed temperature: either way the stream carries on exactly the
heat that arrives with the air it takes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import ndimage

from solver.faces import ExposedFaces
from solver.grid import Grid
from solver.model import FlowRegion, Model, ModelError, Problem
from solver.model.flow_checks import series_order, upstream_regions
from solver.patches import PatchTable
from solver.physics.air import ATMOSPHERIC_PRESSURE, air_properties
from solver.physics.fan_flow import (
    duct_series_pressure_drop,
    fan_operating_point,
    loss_coefficient_perforated_plate,
)
from solver.physics.stream_heating import ACROSS, DUCT, PLATE, WAKE

KIND = "forced_flow"
CORRELATIONS = {PLATE: "flat plate (Churchill-Ozoe laminar, Incropera 7.38 mixed)",
                DUCT: "duct (VDI G2 developing laminar, Gnielinski turbulent)",
                ACROSS: "face across the flow (flat plate from its centre)",
                WAKE: "back face in the wake (the front face's value: an estimate)"}


@dataclass(eq=False)
class RegionFlow:
    """One flow region solved for its flow: the exposed ``faces`` it cools (sorted indices)
    with their channel data (``face_data``: running lengths ``x0``/``x1`` m, hydraulic
    diameter ``dh`` m, ``mass_flux`` kg/(m^2 s), ``aspect``, ``across`` 1 for a face across
    the flow (its run in ``x1``; 2 for a back face, facing downstream), ``slice`` in flow
    order, ``area`` m^2), the operating point, the slices' free areas, the regions it takes
    its air from (``upstream``, none: the room or ``inlet_temperature``) with each one's share
    of its inlet air (``mix``, summing to 1), its place in flow order (``rank``) and the air's
    temperature at its inlet with no heat picked up upstream (``t_inlet``: its
    ``inlet_temperature`` or the ambient, else the mix of its upstream regions' ``t_inlet``
    and the room's); ``room`` the share of its inlet air drawn from the room at the ambient
    temperature (``mix`` and ``room`` sum to 1); ``unreached`` the faces in the box left out,
    their air not on the through-flow (:func:`_through_flow`)."""

    index: int
    region: FlowRegion
    upstream: tuple[RegionFlow, ...]
    mix: tuple[float, ...]
    rank: int
    t_inlet: float
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
    room: float = 0.0
    # faces in the box whose air the through-flow does not reach: no film of the region
    unreached: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    def capacity_rate(self, t_inlet: float) -> float:
        """``m_dot cp`` (W/K) of the stream."""
        return self.mass_flow * float(air_properties(t_inlet, ATMOSPHERIC_PRESSURE)[1])

    @property
    def mass_flow(self) -> float:
        """kg/s."""
        return self.density * self.flow


def mixing_shares(regions: list[FlowRegion], j: int, upstream: list[RegionFlow],
                  mass_flow: float | None = None) -> tuple[float, ...]:
    """Each ``upstream`` region's share of region ``j``'s inlet air: its mass flow times the
    fraction of its outlet face that ``j``'s inlet covers (a uniform outlet), over the larger
    of their sum and ``j``'s own ``mass_flow`` (None: their sum; below it the room makes up
    the rest, :func:`room_share`). With cp constant, the steady first law of adiabatic
    mixing, ``sum m_i cp T_i = (sum m_i) cp T_mix`` (Cengel & Boles, Thermodynamics: An
    Engineering Approach, 7th ed., sec. 5-4, mixing chambers), makes the inlet temperature
    the share-weighted mean of their outlet temperatures and the room's."""
    a = axis_and_sign(regions[j].direction)[0]

    def face(r: FlowRegion, other: FlowRegion | None = None) -> float:
        lo, hi = np.array(r.min, float), np.array(r.max, float)
        if other is not None:
            lo, hi = np.maximum(lo, other.min), np.minimum(hi, other.max)
        return float(np.prod(np.delete(np.maximum(hi - lo, 0.0), a)))

    weights = np.array([u.mass_flow * face(u.region, regions[j]) / face(u.region)
                        for u in upstream])
    return tuple(float(w) for w in weights / max(weights.sum(), mass_flow or 0.0))


def room_share(mix: tuple[float, ...]) -> float:
    """The share of a region's inlet air the room makes up, given its upstream ``mix``."""
    rest = 1.0 - float(sum(mix)) if mix else 0.0
    return rest if rest > 1e-12 else 0.0  # round-off of shares summing to 1


def axis_and_sign(direction: str) -> tuple[int, int]:
    """``"-y"`` -> (1, -1)."""
    return "xyz".index(direction[1]), (1 if direction[0] == "+" else -1)


def build_flow_regions(model: Model, grid: Grid, active: np.ndarray, faces: ExposedFaces,
                       face_body: np.ndarray, patches: PatchTable) -> list[RegionFlow]:
    """Every flow region of ``model`` on the grid; raises ModelError naming the regions that
    cool no face or are blocked."""
    problems: list[tuple[int, Problem]] = []
    if not model.flow_regions:
        return []
    centres = faces.centers(grid, np.arange(len(faces)))
    links = upstream_regions(model.flow_regions)
    try:
        order = series_order(links, [r.name for r in model.flow_regions])
    except ValueError as exc:
        raise ModelError([Problem("flow_regions", str(exc))]) from None
    built: dict[int, RegionFlow] = {}
    for rank, i in enumerate(order):  # upstream regions first: their flows set the mix
        region = model.flow_regions[i]
        ups = [built[u] for u in links[i] if u in built]  # a refused one is reported below
        mix = mixing_shares(model.flow_regions, i, ups) if ups else ()
        t_own = model.ambient.temperature if region.inlet_temperature is None else (
            region.inlet_temperature)
        t_in = sum(w * u.t_inlet for w, u in zip(mix, ups, strict=True)) if ups else t_own
        series = (tuple(ups), mix, rank, t_in)
        try:
            built[i] = _region_flow(i, region, series, grid, active, faces, face_body,
                                    patches, centres)
            if ups:  # its own flow known: the room makes up what the upstream ones lack
                flow = built[i]
                flow.mix = mixing_shares(model.flow_regions, i, ups, flow.mass_flow)
                flow.room = room_share(flow.mix)
                flow.t_inlet = flow.room * t_own + sum(
                    w * u.t_inlet for w, u in zip(flow.mix, ups, strict=True))
        except _Unusable as exc:
            problems.append((i, Problem(f"flow_regions[{i}]",
                                        f"flow region {region.name!r} {exc}")))
    if problems:
        raise ModelError([p for _, p in sorted(problems, key=lambda ip: ip[0])])
    return [built[i] for i in sorted(built)]


class _Unusable(Exception):
    pass


@dataclass(eq=False)
class _Slices:
    """The box cut along the flow at the grid lines: each slice's ``cuts`` (n + 1 points),
    ``lengths``, free ``area``, wetted ``perimeter`` and channel ``aspect`` (area-weighted
    sum) of its through-flow, and the box's cross-section ``box_area``. ``through`` marks the
    through-flow's pieces of the box (axes: along the flow, then the other two in order, cut
    at the grid lines), ``piece`` per axis the piece of every grid cell (index + 1: the ends
    beyond the grid; -1 outside the box)."""

    cuts: np.ndarray
    lengths: np.ndarray
    area: np.ndarray
    perimeter: np.ndarray
    aspect_sum: np.ndarray
    box_area: float
    through: np.ndarray
    piece: tuple[np.ndarray, ...]

    @property
    def aspect(self) -> float:
        return float((self.aspect_sum * self.lengths).sum() / (self.area * self.lengths).sum())


def _region_flow(index: int, region: FlowRegion,
                 series: tuple[tuple[RegionFlow, ...], tuple[float, ...], int, float], grid: Grid,
                 active: np.ndarray, faces: ExposedFaces, face_body: np.ndarray,
                 patches: PatchTable, centres: np.ndarray) -> RegionFlow:
    a, sign = axis_and_sign(region.direction)
    lo, hi = np.array(region.min, float), np.array(region.max, float)
    sl = _slices(grid, active, a, lo, hi, sign)
    n = sl.lengths.size
    chosen = _wetted_faces(faces, centres, lo, hi, a, 0 if series[0] else sign)
    reached = _reached_faces(grid, faces, chosen, sl, a)
    chosen, unreached = chosen[reached], chosen[~reached]
    if chosen.size == 0:
        raise _Unusable(f"cools nothing: its {unreached.size} faces in its box all lie in air "
                        "its through-flow does not reach (closed pockets, blind cavities)"
                        if unreached.size else "cools nothing: no exposed face lies in its "
                        "box (is it outside the bodies?)")
    across = faces.axis[chosen] == a
    # a face across the flow gives its heat to the slice on its air side
    at = centres[chosen, a] + np.where(across, faces.side[chosen], 0) * 1e-9 * (hi[a] - lo[a])
    slice_of = np.clip(np.searchsorted(sl.cuts, at) - 1, 0, n - 1)
    upstream, mix, rank, t_inlet = series
    rho, _, mu, *_ = air_properties(t_inlet, ATMOSPHERIC_PRESSURE)
    k_grille = loss_coefficient_perforated_plate(region.open_area)
    aspect = sl.aspect

    def system(q: float) -> float:
        return duct_series_pressure_drop(q, rho, mu, sl.area, sl.perimeter, sl.lengths, aspect,
                                         sl.box_area, k_grille)

    mode, flow, extra = _operating_flow(region, sl.box_area, system)
    dh = 4.0 * sl.area / sl.perimeter
    mass_flux = rho * flow / sl.area
    face_flux = mass_flux[slice_of]
    face_flux[(at < lo[a]) | (at > hi[a])] = rho * flow / sl.box_area  # meets the approach
    x0, x1 = _running_lengths(grid, faces.cell[chosen], face_body[chosen], a, sign)
    x0[across] = 0.0
    x1[across] = _across_runs(patches, chosen[across], a, lo, hi)
    order = slice_of if sign > 0 else n - 1 - slice_of
    face_data = {"x0": x0, "x1": x1, "dh": dh[slice_of], "mass_flux": face_flux,
                 "aspect": np.full(chosen.size, aspect),
                 "across": np.where(across, np.where(faces.side[chosen] == sign, 2.0, 1.0), 0.0),
                 "slice": order.astype(float), "area": faces.area[chosen]}
    extra.update({"channel_aspect": aspect, "open_area_loss": float(k_grille)})
    return RegionFlow(index, region, upstream, mix, rank, t_inlet, chosen, face_data, flow,
                      system(flow), float(rho), sl.box_area, sl.area, mass_flux * dh / mu,
                      mode, extra, unreached=unreached)


def _slices(grid: Grid, active: np.ndarray, a: int, lo: np.ndarray, hi: np.ndarray,
            sign: int) -> _Slices:
    """The box ``[lo, hi]`` cut into slices along axis ``a`` (flow along ``sign``) and bands
    across at the grid lines (beyond the grid: free air), its through-flow
    (:func:`_through_flow`); raises _Unusable where no air gets through."""
    b, c = (ax for ax in range(3) if ax != a)
    lines = grid.lines
    pieces = [_cuts(lines[ax], lo[ax], hi[ax]) for ax in (a, b, c)]
    (cuts, lengths, cell), (_, wb, cb), (_, wc, cc) = pieces
    n = lengths.size
    solid = np.zeros((n, wb.size, wc.size), dtype=bool)  # beyond the grid: none
    ka, kb, kc = (np.nonzero(k >= 0)[0] for k in (cell, cb, cc))
    solid[np.ix_(ka, kb, kc)] = active.transpose(a, b, c)[np.ix_(cell[ka], cb[kb], cc[kc])]
    open_area = (~solid).reshape(n, -1) @ np.outer(wb, wc).ravel()
    if np.any(open_area <= 1e-12 * wb.sum() * wc.sum()):
        at = 0.5 * (cuts[:-1] + cuts[1:])[np.argmin(open_area)]
        raise _Unusable(f"is blocked: no free cross-section at {'xyz'[a]} = {at:g} m")
    ends = [_open_end(grid, active, a, x, side, (cb, cc), 1e-9 * (hi[a] - lo[a]))
            for x, side in ((lo[a], -1), (hi[a], 1))]
    through = _through_flow(~solid, ends, cuts, a, sign)
    area, perimeter, aspect_sum = np.zeros(n), np.zeros(n), np.zeros(n)
    for j in range(n):
        area[j], perimeter[j], aspect_sum[j] = _channels(through[j], wb, wc)
    piece = tuple(_piece_of_cell(lines[ax], p[0], p[2])
                  for ax, p in zip((a, b, c), pieces, strict=True))
    return _Slices(cuts, lengths, area, perimeter, aspect_sum, float(wb.sum() * wc.sum()),
                   through, piece)


def _open_end(grid: Grid, active: np.ndarray, a: int, x: float, side: int,
              cells: tuple[np.ndarray, np.ndarray], tol: float) -> np.ndarray:
    """Which pieces of the box's end plane at ``x`` on axis ``a`` (``side`` -1: its lower
    end, 1: its upper; ``tol`` m: a grid line that close counts as the plane) open onto free
    air just beyond it: the grid cell there is not solid (beyond the grid: free). ``cells``
    are the cells of the bands across, the other two axes in order (:func:`_cuts`)."""
    cb, cc = cells
    lines = grid.lines[a]
    i = int(np.searchsorted(lines, x + side * tol, side="right")) - 1
    out = np.ones((cb.size, cc.size), dtype=bool)
    if 0 <= i < lines.size - 1:
        kb, kc = np.nonzero(cb >= 0)[0], np.nonzero(cc >= 0)[0]
        out[np.ix_(kb, kc)] = ~np.take(active, i, axis=a)[np.ix_(cb[kb], cc[kc])]
    return out


def _through_flow(free: np.ndarray, ends: list[np.ndarray], cuts: np.ndarray, a: int,
                  sign: int) -> np.ndarray:
    """The free pieces of a box (``free``: slices along the flow first) that the air passing
    through reaches: those connected through free pieces (sharing a face) to both its end
    planes, the first and the last slice, where they open onto free air beyond (``ends``,
    :func:`_open_end`: the room, or the regions up- and downstream). A pocket sealed by
    solids, a blind cavity open only sideways (the box's sides are walls) or to one end, the
    part of the box a wall across it seals off hold dead air. Raises _Unusable, saying how
    far the air from the inlet gets along axis ``a`` (flow along ``sign``), when no air gets
    through."""
    labels, _ = ndimage.label(free)
    first, last = labels[0][ends[0]], labels[-1][ends[1]]
    both = np.intersect1d(first, last)
    through = np.isin(labels, both[both > 0])
    if through.any():
        return through
    entry = first if sign > 0 else last
    inlet = cuts[0] if sign > 0 else cuts[-1]
    wet = np.nonzero(np.isin(labels, entry[entry > 0]).any(axis=(1, 2)))[0]
    if wet.size == 0:
        raise _Unusable(f"has no air path from its inlet to its outlet: solids close its inlet "
                        f"at {'xyz'[a]} = {inlet:g} m")
    stop = cuts[wet[-1] + 1] if sign > 0 else cuts[wet[0]]
    raise _Unusable(f"has no air path from its inlet to its outlet: the air entering at "
                    f"{'xyz'[a]} = {inlet:g} m gets no further than {'xyz'[a]} = {stop:g} m "
                    "(solids close the box across the flow there)")


def _piece_of_cell(lines: np.ndarray, cuts: np.ndarray, cell: np.ndarray) -> np.ndarray:
    """Per grid cell along one axis, index + 1 (0 and the last: beyond the grid's ends), the
    box's piece in it (:func:`_cuts`; -1: the cell is outside the box)."""
    out = np.full(lines.size + 1, -1, dtype=np.int64)
    inside = cell >= 0
    out[cell[inside] + 1] = np.nonzero(inside)[0]
    mids = 0.5 * (cuts[:-1] + cuts[1:])
    for j in np.nonzero(~inside)[0]:
        out[0 if mids[j] < lines[0] else -1] = j
    return out


def _reached_faces(grid: Grid, faces: ExposedFaces, chosen: np.ndarray, sl: _Slices, a: int
                   ) -> np.ndarray:
    """Per face of ``chosen`` whether the air beside it (the cell across it) is on the
    through-flow; air outside the box (a face on the inlet meeting the oncoming air) is."""
    idx = np.array(np.unravel_index(faces.cell[chosen], grid.shape))
    idx[faces.axis[chosen], np.arange(chosen.size)] += faces.side[chosen]
    order = (a, *(ax for ax in range(3) if ax != a))
    at = np.array([sl.piece[k][idx[ax] + 1] for k, ax in enumerate(order)])
    outside = np.any(at < 0, axis=0)
    reached = np.ones(chosen.size, dtype=bool)
    reached[~outside] = sl.through[tuple(at[:, ~outside])]
    return reached


def _wetted_faces(faces: ExposedFaces, centres: np.ndarray, lo: np.ndarray,
                  hi: np.ndarray, a: int, sign: int) -> np.ndarray:
    """Indices of the exposed faces whose centre lies in the box (to a relative 1e-6 of its
    size), those on its sides facing into it, and with ``sign`` != 0 (flow along ``sign`` on
    axis ``a``, no region upstream) those on its inlet face facing the oncoming air."""
    tol = 1e-9 + 1e-6 * float(np.max(hi - lo))
    in_box = np.all((centres >= lo - tol) & (centres <= hi + tol), axis=1)
    axis = faces.axis.astype(np.int64)
    normal_c = centres[np.arange(len(faces)), axis]
    facing_out = (((np.abs(normal_c - lo[axis]) <= tol) & (faces.side < 0))
                  | ((np.abs(normal_c - hi[axis]) <= tol) & (faces.side > 0)))
    inlet = lo[a] if sign > 0 else hi[a]
    meets = (axis == a) & (faces.side == -sign) & (np.abs(normal_c - inlet) <= tol)
    return np.nonzero(in_box & (~facing_out | meets))[0]


def _across_runs(patches: PatchTable, chosen: np.ndarray, a: int, lo: np.ndarray,
                 hi: np.ndarray) -> np.ndarray:
    """Per face across the flow along ``a``: half the smaller extent (m) of its patch (its
    body face; the face itself when it has none) within the box, the run of the air from the
    face's centre to its edge."""
    patch = patches.face_patch[chosen]
    has = patch >= 0
    f_lo, f_hi = patches.face_lo[chosen].copy(), patches.face_hi[chosen].copy()
    f_lo[has], f_hi[has] = patches.lo[patch[has]], patches.hi[patch[has]]
    extent = np.minimum(f_hi, hi) - np.maximum(f_lo, lo)
    return 0.5 * np.min(np.delete(extent, a, axis=1), axis=1)


def _running_lengths(grid: Grid, cells: np.ndarray, body: np.ndarray, a: int, sign: int
                     ) -> tuple[np.ndarray, np.ndarray]:
    """Start and end of every face's span along the flow, measured from the leading edge of
    its body's faces in the region (m)."""
    lines = grid.lines[a]
    idx = np.unravel_index(cells, grid.shape)[a]
    edge_lo, edge_hi = lines[idx], lines[idx + 1]
    n_bodies = int(body.max()) + 1
    if sign > 0:
        lead = np.full(n_bodies, np.inf)
        np.minimum.at(lead, body, edge_lo)
        return edge_lo - lead[body], edge_hi - lead[body]
    lead = np.full(n_bodies, -np.inf)
    np.maximum.at(lead, body, edge_hi)
    return lead[body] - edge_hi, lead[body] - edge_lo


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


def flow_report(disc, conditions, t_surface: np.ndarray, t_lin: np.ndarray | None,
                net_out: np.ndarray) -> dict[str, dict[str, Any]]:
    """Per flow region of ``conditions`` (linearised at ``t_lin``): operating point, air
    temperatures, heat picked up (W, the faces' ``forced_flow`` share at ``t_surface``), mean
    film coefficient, the correlations used, the regions it takes its air from and their
    shares, the faces in its box its through-flow does not reach, and per
    patch (body face) its area, film, correlation, air temperature and heat."""
    from solver.conditions import REGISTRY
    from solver.conditions.forced_flow import stream_state

    regions = conditions.items.get(KIND, [])
    if not regions:
        return {}
    values = conditions.values[KIND]
    face_heat = REGISTRY[KIND].face_heat(values, disc.faces.area, t_surface, t_lin, net_out)
    h, t_air, which, clamped, inlet, outlet = stream_state(values, t_lin)
    on_row = conditions.on(KIND)
    out = {}
    for r in regions:
        on = on_row == r.index
        wet = values["area"][on]
        t_in = inlet.get(r.index, r.t_inlet)
        t_out = outlet.get(r.index, t_in)  # none: every face held at a fixed temperature
        out[r.region.name] = {
            "mode": r.mode, **r.extra,
            "upstream": [u.region.name for u in r.upstream],
            "inlet_mix": {u.region.name: w for u, w in zip(r.upstream, r.mix, strict=True)}
            | ({"room": r.room} if r.room > 0.0 else {}),
            "flow_m3_s": r.flow, "pressure_Pa": r.pressure,
            "velocity_m_s": r.flow / r.box_area,
            "channel_velocity_m_s": float(r.flow / r.free_area.min()),
            "reynolds_max": float(r.reynolds.max()),
            "inlet_C": t_in, "outlet_C": t_out, "air_temperature_rise_K": t_out - t_in,
            "heat_W": float(face_heat[on].sum()), "faces": int(on.sum()),
            "area_m2": float(wet.sum()),
            "h_mean_W_m2K": float(h[on] @ wet / wet.sum()) if on.any() else 0.0,
            "correlations": [CORRELATIONS[w] for w in np.unique(which[on]) if w >= 0],
            "out_of_range_faces": int(clamped[on].sum()),
            "estimated_faces": int((which[on] == WAKE).sum()),
            "unreached_faces": int(r.unreached.size),
            "unreached_area_m2": float(disc.faces.area[r.unreached].sum()),
            "unreached_patches": _unreached_rows(disc, r.unreached),
            "patches": _patch_rows(disc, np.nonzero(on)[0], values["area"], h, t_air, which,
                                   face_heat),
        }
    return out


def _patch_rows(disc, faces: np.ndarray, area: np.ndarray, h: np.ndarray, t_air: np.ndarray,
                which: np.ndarray, heat: np.ndarray) -> list[dict[str, Any]]:
    """One row per patch of the region's ``faces``: its wetted area, area-mean film and air
    temperature, the correlation of most of its area, whether any of its film is an
    estimate (a back face in the wake) and the heat it gives the air."""
    p = disc.patches
    patch = p.face_patch[faces]
    rows = []
    for i in np.unique(patch[patch >= 0]):
        sel = faces[patch == i]
        a = area[sel]
        body, face = disc.group_names[p.group[i]]
        share = np.bincount(which[sel].clip(0), weights=a)
        rows.append({
            "patch": int(i), "body": disc.model.bodies[body].name, "face": face,
            "area_m2": float(a.sum()), "h_W_m2K": float(h[sel] @ a / a.sum()),
            "correlation": CORRELATIONS[int(np.argmax(share))],
            "estimate": bool(np.any(which[sel] == WAKE)),
            "t_air_C": float(t_air[sel] @ a / a.sum()), "heat_W": float(heat[sel].sum())})
    return rows


def _unreached_rows(disc, faces: np.ndarray) -> list[dict[str, Any]]:
    """Per body face holding some of ``faces`` (in the box, off the through-flow): its body,
    face name and the area of those faces on it."""
    area = np.bincount(disc.face_group[faces], weights=disc.faces.area[faces],
                       minlength=len(disc.group_names))
    return [{"body": disc.model.bodies[disc.group_names[g][0]].name,
             "face": disc.group_names[g][1], "area_m2": float(area[g])}
            for g in np.nonzero(area > 0.0)[0]]
