"""Checks of the model's flow regions (``flow_regions``): box, direction, exactly one way of
setting the flow, fan curves and library fans, inlet temperature, regions in series (one or
more upstream regions, no cycle), and their count and curve sizes against
:class:`~solver.model.limits.Limits`."""

from __future__ import annotations

import graphlib
from collections.abc import Iterator

from solver.model import ranges
from solver.model.checks import positive, temperature
from solver.model.limits import DEFAULT_LIMITS, Limits
from solver.model.problems import Problem, join
from solver.model.types import FLOW_DIRECTIONS, BoxGeometry, FlowRegion, Model

FLOW_SETTERS = ("velocity", "volume_flow", "fan", "fan_curve")


def flow_region_problems(model: Model, limits: Limits = DEFAULT_LIMITS) -> list[Problem]:
    """Every problem of every flow region, each with its path; only the count when there are
    more regions than ``limits`` allow (the pairwise checks would take long)."""
    if len(model.flow_regions) > limits.flow_regions:
        return [Problem("flow_regions", (
            f"{len(model.flow_regions)} flow regions, more than the limit of "
            f"{limits.flow_regions}"))]
    problems: list[Problem] = []
    seen: set[str] = set()
    for i, region in enumerate(model.flow_regions):
        path = join("flow_regions", i)
        curve = region.fan_curve
        if isinstance(curve, list) and len(curve) > limits.fan_curve_points:
            problems.append(Problem(join(path, "fan_curve"), (
                f"{len(curve)} points, more than the limit of {limits.fan_curve_points}")))
            continue
        if region.name in seen:
            problems.append(Problem(join(path, "name"),
                                    f"duplicate flow region name {region.name!r}"))
        seen.add(region.name)
        problems += _box(region, path, model)
        if region.direction not in FLOW_DIRECTIONS:
            problems.append(Problem(join(path, "direction"), (
                f"must be one of {', '.join(FLOW_DIRECTIONS)} (got {region.direction!r})")))
        problems += _flow(region, path)
        problems += temperature(region.inlet_temperature, join(path, "inlet_temperature"))
    problems += _overlaps(model.flow_regions)
    if not problems:
        problems += _series(model.flow_regions)
    return problems


def upstream_regions(regions: list[FlowRegion]) -> list[list[int]]:
    """Per region the indices of the regions it takes its air from: those along the same axis
    whose outlet face (the box's face at the end of the flow) holds this region's inlet face
    (overlapping it by a positive area, to a relative 1e-9 of the boxes' size)."""
    ends = []
    for r in regions:
        a, forward = "xyz".index(r.direction[1]), r.direction[0] == "+"
        inlet, outlet = (r.min[a], r.max[a]) if forward else (r.max[a], r.min[a])
        ends.append((a, inlet, outlet, max(h - lo for lo, h in zip(r.min, r.max, strict=True))))
    out: list[list[int]] = [[] for _ in regions]
    for j, (a, inlet, _, size_j) in enumerate(ends):
        for i, (b, _, outlet, size_i) in enumerate(ends):
            tol = 1e-9 * max(size_i, size_j)
            if i == j or a != b or abs(inlet - outlet) > tol:
                continue
            if all(min(regions[i].max[c], regions[j].max[c])
                   > max(regions[i].min[c], regions[j].min[c]) + tol
                   for c in range(3) if c != a):
                out[j].append(i)
    return out


def series_order(upstream: list[list[int]], names: list[str]) -> list[int]:
    """The regions in flow order (every region after those it takes air from); raises
    ValueError naming the regions of a cycle."""
    sorter = graphlib.TopologicalSorter({j: ups for j, ups in enumerate(upstream)})
    try:
        return list(sorter.static_order())
    except graphlib.CycleError as exc:
        cycle = " -> ".join(repr(names[i]) for i in exc.args[1])
        raise ValueError(f"flow regions in a cycle: {cycle}") from None


def _series(regions: list[FlowRegion]) -> Iterator[Problem]:
    """A region downstream of others takes their mixed air: no inlet temperature of its own,
    and no cycle."""
    upstream = upstream_regions(regions)
    for j, ups in enumerate(upstream):
        if ups and regions[j].inlet_temperature is not None:
            names = " and ".join(repr(regions[i].name) for i in ups)
            yield Problem(join(join("flow_regions", j), "inlet_temperature"), (
                f"flow region {regions[j].name!r} takes its air from {names} (its inlet "
                "lies on an upstream outlet): leave inlet_temperature unset"))
    try:
        series_order(upstream, [r.name for r in regions])
    except ValueError as exc:
        yield Problem("flow_regions", str(exc))


def _overlaps(regions: list[FlowRegion]) -> Iterator[Problem]:
    """Regions may touch but not overlap: a face belongs to one stream."""
    boxes = [(r.min, r.max) for r in regions]
    valid = [len(lo) == len(hi) == 3 and all(h > x for x, h in zip(lo, hi, strict=True))
             for lo, hi in boxes]
    for j in range(len(regions)):
        for i in range(j):
            if valid[i] and valid[j] and all(
                    min(boxes[i][1][a], boxes[j][1][a]) > max(boxes[i][0][a], boxes[j][0][a])
                    for a in range(3)):
                yield Problem(join("flow_regions", j), (
                    f"flow region {regions[j].name!r} overlaps {regions[i].name!r}: the "
                    "regions may touch, not overlap"))


def _box(region: FlowRegion, path: str, model: Model) -> Iterator[Problem]:
    lo_path, hi_path = join(path, "min"), join(path, "max")
    bad = [*ranges.coordinates(region.min, lo_path), *ranges.coordinates(region.max, hi_path)]
    if bad:
        yield from bad
        return
    if not all(h > lo for lo, h in zip(region.min, region.max, strict=True)):
        yield Problem(hi_path, "must be above min along every axis")
        return
    boxes = [b.geometry for b in model.bodies]
    if boxes and all(isinstance(g, BoxGeometry) for g in boxes):
        inside = any(all(min(h, g.max[a]) > max(lo, g.min[a]) for a, (lo, h) in
                         enumerate(zip(region.min, region.max, strict=True))) for g in boxes)
        if not inside:
            yield Problem(path, (f"flow region {region.name!r} contains no body: its box lies "
                                 "outside the grid"))


def _flow(region: FlowRegion, path: str) -> Iterator[Problem]:
    given = [name for name in FLOW_SETTERS if getattr(region, name) is not None]
    if len(given) != 1:
        what = "none" if not given else " and ".join(given)
        yield Problem(path, (f"set exactly one of velocity, volume_flow, fan or fan_curve "
                             f"(got {what})"))
    if region.velocity is not None:
        yield from positive(region.velocity, join(path, "velocity"))
        yield from ranges.within(region.velocity, join(path, "velocity"), 0.0, 1e3, " m/s")
    if region.volume_flow is not None:
        yield from positive(region.volume_flow, join(path, "volume_flow"))
        yield from ranges.within(region.volume_flow, join(path, "volume_flow"), 0.0, 1e3,
                                 " m^3/s")
    if region.fan_curve is not None:
        yield from _curve(region.fan_curve, join(path, "fan_curve"))
    if region.fan is not None:
        yield from _library_fan(region.fan, join(path, "fan"))
    if region.fan_count < 1:
        yield Problem(join(path, "fan_count"), f"must be at least 1 (got {region.fan_count})")
    yield from ranges.within(region.open_area, join(path, "open_area"), 0.0, 1.0,
                             lo_open=True)


def _curve(curve: list[list[float]], path: str) -> Iterator[Problem]:
    from solver.library.schema import fan_curve_problems

    problems = fan_curve_problems(curve, path)
    yield from problems
    if not problems and curve[-1][1] > 0.0 and not curve[-1][1] < curve[-2][1]:
        yield Problem(join(path, len(curve) - 1), (
            "the curve must end at zero pressure (free delivery) or fall along its last "
            "segment, so that it meets any flow resistance"))


def _library_fan(ref: str, path: str) -> Iterator[Problem]:
    from solver.library import PREFIX, default_library

    if not ref.startswith(PREFIX):
        yield Problem(path, f"a library fan is named 'lib:ID' (got {ref!r})")
        return
    library = default_library()
    item = library.get(ref)
    if item is None:
        yield Problem(path, library.unknown(ref, "fan"))
    elif item.kind != "fan":
        yield Problem(path, f"library item {ref!r} is a {item.kind}, not a fan")
