"""Temperatures at points of a stored result, through the solver's point sampler
(:class:`solver.sampling.Sampler`: trilinear within a body, face temperatures at its
surface, NaN outside)."""

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
