"""Fields at points of a stored result (temperatures, the bottleneck field), through the
solver's point sampler (:class:`solver.sampling.Sampler`: trilinear within a body, face
values at its surface, NaN outside)."""

from __future__ import annotations

from pathlib import Path

import numpy as np


def surface_reach(sampler) -> float:
    """How far (m) a CAD surface vertex may lie from its body's staircase cells and still be
    sampled on that body: one cell, the sampler's limit (curved and slanted faces cut cells)."""
    return max(float(np.diff(lines).max()) for lines in sampler.lines)


def output_times(path: str | Path) -> list[float]:
    """The times (s) of a transient's stored fields, in order (empty for a steady result)."""
    with np.load(path) as data:
        return [float(t) for t in data["output_times_s"]] if "output_times_s" in data.files \
            else []


def load_sampler(path: str | Path, time: float | None = None):
    """The sampler of ``result.npz``'s final field, or of its field at output ``time``."""
    from solver.sampling import Sampler
    return Sampler.load(path, time)


def has_bottleneck(path: str | Path) -> bool:
    """Whether ``result.npz`` holds the bottleneck field (results since the heat-path work)."""
    with np.load(path) as data:
        return "bottleneck" in data.files


class BoundedSampler:
    """A sampler whose values are held within the field's own bounds: the sampler's
    extrapolation toward edges (exact for linear fields) can overshoot a field that is not,
    and Bn is never negative."""

    def __init__(self, sampler, lo: float, hi: float):
        self.sampler, self.lo, self.hi = sampler, lo, hi

    def sample(self, points, body=None, reach: float = 0.0) -> np.ndarray:
        return np.clip(self.sampler.sample(points, body=body, reach=reach), self.lo, self.hi)


def bottleneck_sampler(path: str | Path, sampler) -> BoundedSampler:
    """``sampler``'s geometry with the bottleneck field Bn = |q| |grad T| (W/m^2 K/m) of
    ``result.npz`` as its values; each exposed face takes its cell's value (Bn is a cell
    field)."""
    with np.load(path) as data:
        bn, face_cell = np.asarray(data["bottleneck"]), data["face_cell"]
    return BoundedSampler(sampler.with_values(bn, bn.ravel()[face_cell]), 0.0,
                          float(bn.max()) if bn.size else 0.0)
