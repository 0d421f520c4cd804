"""Probe temperatures: trilinear interpolation between the solid cell centres around a point."""

from __future__ import annotations

import numpy as np

from solver.grid import Grid
from solver.model import ModelError, Probe, Problem


def _axis_weights(centers: np.ndarray, lines: np.ndarray, p: float) -> tuple[int, int, float, int]:
    """Lower and upper centre index around ``p``, the upper one's weight, and the cell
    containing ``p``."""
    cell = int(np.clip(np.searchsorted(lines, p, side="right") - 1, 0, centers.size - 1))
    lo = int(np.clip(np.searchsorted(centers, p, side="right") - 1, 0, centers.size - 1))
    hi = min(lo + 1, centers.size - 1)
    if hi == lo:
        return lo, hi, 0.0, cell
    w = float(np.clip((p - centers[lo]) / (centers[hi] - centers[lo]), 0.0, 1.0))
    return lo, hi, w, cell


class ProbeSampler:
    """Precomputed interpolation stencils of the model's probes."""

    def __init__(self, grid: Grid, active: np.ndarray, probes: list[Probe]) -> None:
        self.names = [p.name for p in probes]
        self.cells = np.zeros((len(probes), 8), dtype=np.int64)
        self.weights = np.zeros((len(probes), 8))
        problems = []
        for n, probe in enumerate(probes):
            axes = [_axis_weights(grid.centers(a), grid.lines[a], probe.position[a])
                    for a in range(3)]
            inside = all(grid.lines[a][0] <= probe.position[a] <= grid.lines[a][-1]
                         for a in range(3))
            if not inside or not active[tuple(ax[3] for ax in axes)]:
                problems.append(Problem(f"probes[{n}].position", (
                    f"probe {probe.name!r} at {probe.position} is outside every body")))
                continue
            corner = 0
            for di in (0, 1):
                for dj in (0, 1):
                    for dk in (0, 1):
                        idx = tuple(ax[d] for ax, d in zip(axes, (di, dj, dk), strict=True))
                        w = np.prod([ax[2] if d else 1.0 - ax[2]
                                     for ax, d in zip(axes, (di, dj, dk), strict=True)])
                        self.cells[n, corner] = np.ravel_multi_index(idx, grid.shape)
                        self.weights[n, corner] = w if active[idx] else 0.0
                        corner += 1
            if self.weights[n].sum() == 0.0:  # only the containing cell is solid
                self.cells[n, 0] = np.ravel_multi_index(tuple(ax[3] for ax in axes), grid.shape)
                self.weights[n, 0] = 1.0
            self.weights[n] /= self.weights[n].sum()
        if problems:
            raise ModelError(problems)

    def sample(self, t: np.ndarray) -> np.ndarray:
        """Probe temperatures for the cell field ``t``."""
        vals = np.nan_to_num(t.ravel()[self.cells])
        return np.sum(vals * self.weights, axis=1)
