"""A model's size against :class:`~solver.model.limits.Limits`, worked out from the model
alone: grid cells from the bodies' boxes and the mesh settings (no grid is built before the
count is known to fit), time steps, stored fields and profile breakpoints."""

from __future__ import annotations

import math
from collections.abc import Iterator

import numpy as np

from solver.model.limits import Limits
from solver.model.problems import Problem, join
from solver.model.profile_checks import MIN_PERIOD_FRACTION
from solver.model.types import Model, PiecewiseLinearPower, PulseTrainPower, StepPower

DEFAULT_CELLS_PER_EXTENT = 40  # as solver.gridding: max_cell_size defaults to extent / 40
_EXACT_AXIS_CELLS = 1_000_000  # axes up to this long are also counted by building their lines


def size_problems(model: Model, limits: Limits, boxes: list) -> list[Problem]:
    """Every size over its limit. ``boxes`` holds each body's bounding box (None when its
    geometry is invalid: the grid is then not estimated)."""
    problems = list(_grid(model, limits, boxes))
    problems += _transient(model, limits)
    return problems


def cell_cap(model: Model, limits: Limits) -> int:
    """The most cells the model may use: ``mesh.max_cells`` can lower the limit, not raise
    it."""
    return min(model.mesh.max_cells, limits.cells)


def _grid(model: Model, limits: Limits, boxes: list) -> Iterator[Problem]:
    mesh = model.mesh
    cap = cell_cap(model, limits)
    where = "mesh.max_cells" if mesh.max_cells < limits.cells else "mesh"
    if mesh.uniform is not None:
        if len(mesh.uniform) == 3 and min(mesh.uniform) >= 1 and math.prod(mesh.uniform) > cap:
            yield Problem("mesh.uniform", (
                f"{math.prod(mesh.uniform)} cells exceed {_cap_text(model, limits)}"))
        return
    if not boxes or any(b is None for b in boxes) or not _settings_ok(model):
        return
    lo = np.min([b[0] for b in boxes], axis=0)
    hi = np.max([b[1] for b in boxes], axis=0)
    size = mesh.max_cell_size or float(np.max(hi - lo)) / DEFAULT_CELLS_PER_EXTENT
    counts = [axis_cells_lower_bound([b[0][a] for b in boxes], [b[1][a] for b in boxes],
                                     lo[a], hi[a], float(np.max(hi - lo)), size,
                                     mesh.min_cells_across) for a in range(3)]
    need, exact = math.prod(counts), False
    if need <= cap and max(counts) <= _EXACT_AXIS_CELLS:
        need, counts, exact = _exact_cells(boxes, size, mesh, counts)
    if need > cap:
        shape = " x ".join(str(n) for n in counts)
        yield Problem(where, (
            f"the grid needs {'' if exact else 'at least '}{need} cells "
            f"({shape}), more than {_cap_text(model, limits)}: raise mesh.max_cell_size"))


def _cap_text(model: Model, limits: Limits) -> str:
    if model.mesh.max_cells < limits.cells:
        return f"mesh.max_cells ({model.mesh.max_cells})"
    note = " (mesh.max_cells can lower it, not raise it)" if \
        model.mesh.max_cells > limits.cells else ""
    return f"the limit of {limits.cells} cells{note}"


def _settings_ok(model: Model) -> bool:
    m = model.mesh
    size_ok = m.max_cell_size is None or (math.isfinite(m.max_cell_size)
                                          and m.max_cell_size > 0.0)
    return size_ok and m.min_cells_across >= 1 and m.max_growth > 1.0


def axis_cells_lower_bound(los, his, dlo: float, dhi: float, extent: float, size: float,
                           min_cells_across: int) -> int:
    """A lower bound of the snapped grid's cells along one axis, following the rules of
    :mod:`solver.meshing.gridgen` (box faces are keypoints merged within 1e-9 of the extent;
    no cell wider than ``size`` nor than a body's thickness / ``min_cells_across``), in
    O(bodies) work: every keypoint interval needs at least its length / its cap cells."""
    tol = 1e-9 * extent
    pts = np.unique(np.clip(np.concatenate([los, his]), dlo, dhi))
    keys = [dlo]
    for p in pts[(pts > dlo) & (pts < dhi)]:
        if p - keys[-1] > tol:
            keys.append(float(p))
    if dhi - keys[-1] <= tol and len(keys) > 1:
        keys.pop()
    keys.append(dhi)
    k = np.array(keys)
    caps = np.minimum(np.diff(k), size)
    for a, b in zip(_nearest(k, los), _nearest(k, his), strict=True):
        if b > a:
            np.minimum(caps[a:b], (k[b] - k[a]) / min_cells_across, out=caps[a:b])
    return int(np.sum(np.maximum(1, np.ceil(np.diff(k) / caps - 1e-9))))


def _nearest(keys: np.ndarray, values) -> np.ndarray:
    """Index of the keypoint nearest to each value."""
    v = np.asarray(values, dtype=np.float64)
    i = np.clip(np.searchsorted(keys, v), 1, keys.size - 1)
    return np.where(np.abs(keys[i - 1] - v) <= np.abs(keys[i] - v), i - 1, i)


def _exact_cells(boxes: list, size: float, mesh,
                 counts: list[int]) -> tuple[int, list[int], bool]:
    """The snapped grid's true cell count and shape (its lines only, no 3-D array), for
    grids whose lower bound already fits; the bound again (and False) if it cannot be
    built."""
    from solver.errors import GridError
    from solver.meshing.gridgen import GridSettings, build_grid

    try:
        grid = build_grid(boxes, GridSettings(max_cell_size=size,
                                              min_cells_across=mesh.min_cells_across,
                                              max_growth=mesh.max_growth))
    except GridError:
        return math.prod(counts), counts, False
    shape = [len(line) - 1 for line in (grid.x, grid.y, grid.z)]
    return math.prod(shape), shape, True


# --- transient ------------------------------------------------------------------------------

def profile_breakpoints(profile, duration: float) -> int:
    """How many instants in a run of ``duration`` s a time stepper must land on for this
    profile (an upper bound, computed without listing them)."""
    if isinstance(profile, StepPower):
        return 1
    if isinstance(profile, PulseTrainPower):
        if not (math.isfinite(profile.period)
                and profile.period >= MIN_PERIOD_FRACTION * duration > 0.0):
            return 0  # a period too short to resolve: validation refuses it
        periods = max(0.0, duration - profile.delay) / profile.period
        return 2 * (math.floor(min(periods, 1e300)) + 1)
    if isinstance(profile, PiecewiseLinearPower):
        return len(profile.points)
    return 0


def _profiles(model: Model) -> Iterator[tuple[str, object]]:
    """Every profile of the model with its path: body and component powers, condition values
    (fields named ``*_profile``), the ambient temperature."""
    for i, body in enumerate(model.bodies):
        yield join(join("bodies", i), "power_profile"), body.power_profile
    for i, comp in enumerate(model.components):
        yield join(join("components", i), "power_profile"), comp.power_profile
    for i, cond in enumerate(model.conditions):
        for key, value in vars(cond).items():
            if key.endswith("_profile") and value is not None:
                yield join(join("conditions", i), key), value
    yield "ambient.temperature_profile", getattr(model.ambient, "temperature_profile", None)


def _positive_finite(*values) -> bool:
    return all(v is not None and math.isfinite(v) and v > 0.0 for v in values)


def _transient(model: Model, limits: Limits) -> Iterator[Problem]:
    a = model.analysis
    if a.kind != "transient":
        return
    if len(a.output_times) > limits.output_fields:
        yield Problem("analysis.output_times", (
            f"{len(a.output_times)} output times, more than the limit of "
            f"{limits.output_fields} stored fields"))
    if not _positive_finite(a.duration, a.time_step):
        return
    breakpoints = 0
    for path, profile in _profiles(model):
        n = profile_breakpoints(profile, a.duration)
        breakpoints += n
        if n > limits.profile_breakpoints:
            yield Problem(path, (
                f"{n:.3g} switching instants in the run, more than the limit of "
                f"{limits.profile_breakpoints}"))
    steps = a.duration / a.time_step + breakpoints + len(a.output_times)
    if steps > limits.time_steps:
        what = "the first step" if a.adaptive else "the step"
        yield Problem("analysis.time_step", (
            f"the run needs about {steps:.3g} time steps ({a.duration:g} s with {what} of "
            f"{a.time_step:g} s), more than the limit of {limits.time_steps}"))
