"""Probe temperatures: the model's probes sampled in the cell and face temperatures with
:class:`solver.sampling.Sampler` (a probe on a face reads the face temperature)."""

from __future__ import annotations

import numpy as np

from solver.discretize import Discretization
from solver.model import ModelError, Probe, Problem
from solver.sampling import Sampler


class ProbeSampler:
    """The probes of a discretization, located once; a probe outside every body is a model
    error at its path."""

    def __init__(self, disc: Discretization, probes: list[Probe]) -> None:
        self.names = [p.name for p in probes]
        self.points = np.array([p.position for p in probes], dtype=np.float64).reshape(-1, 3)
        f = disc.faces
        self._sampler = Sampler(disc.grid.lines, disc.bodymap.owner, np.zeros(disc.grid.shape),
                                f.cell, f.axis, f.side, disc.face_group, np.zeros(len(f)))
        inside = self._sampler.locate(self.points) >= 0
        problems = [Problem(f"probes[{n}].position", (
            f"probe {probe.name!r} at {probe.position} is outside every body"))
            for n, probe in enumerate(probes) if not inside[n]]
        if problems:
            raise ModelError(problems)

    def sample(self, t: np.ndarray, surface_t: np.ndarray) -> np.ndarray:
        """Probe temperatures for the cell field ``t`` and face temperatures ``surface_t``."""
        return self._sampler.with_values(t, surface_t).sample(self.points)
