"""Temperatures at points from a result file, through the solver's point sampler.

``solver.sampling.Sampler`` (the solver-core issue) is used when it exists. Until then
:class:`NearestCellSampler` gives the value of the nearest solid cell (within one cell), which
is what the overlay and probe tool need; it goes away when the sampler lands.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np


class NearestCellSampler:
    """The temperature of the nearest solid cell centre among a point's 3x3x3 cell block."""

    def __init__(self, x, y, z, t, owner):
        self.lines = [np.asarray(a, float) for a in (x, y, z)]
        self.centres = [(a[1:] + a[:-1]) / 2 for a in self.lines]
        self.t = np.asarray(t, float)
        self.owner = np.asarray(owner)

    @classmethod
    def load(cls, path: str | Path, field: str = "temperature_C") -> NearestCellSampler:
        with np.load(path) as data:
            return cls(data["x"], data["y"], data["z"], data[field], data["owner"])

    def sample(self, points_m, body: int | None = None) -> np.ndarray:
        """degC at (n, 3) points in metres; NaN where no solid cell (of ``body``) is near."""
        p = np.asarray(points_m, float).reshape(-1, 3)
        n = [len(c) for c in self.centres]
        idx = [np.clip(np.searchsorted(self.lines[a], p[:, a]) - 1, 0, n[a] - 1) for a in range(3)]
        best = np.full(len(p), np.inf)
        out = np.full(len(p), np.nan)
        for di in (-1, 0, 1):
            for dj in (-1, 0, 1):
                for dk in (-1, 0, 1):
                    i = np.clip(idx[0] + di, 0, n[0] - 1)
                    j = np.clip(idx[1] + dj, 0, n[1] - 1)
                    k = np.clip(idx[2] + dk, 0, n[2] - 1)
                    value = self.t[i, j, k]
                    ok = np.isfinite(value)
                    if body is not None:
                        ok &= self.owner[i, j, k] == body
                    d = ((self.centres[0][i] - p[:, 0]) ** 2 + (self.centres[1][j] - p[:, 1]) ** 2
                         + (self.centres[2][k] - p[:, 2]) ** 2)
                    take = ok & (d < best)
                    best[take] = d[take]
                    out[take] = value[take]
        return out


def field_names(path: str | Path) -> list[str]:
    """The temperature fields of a result: the stored transient ones in time order, then the
    final one."""
    with np.load(path) as data:
        stored = sorted((k for k in data.files if k.startswith("field_")),
                        key=lambda k: int(k.split("_")[1]))
    return [*stored, "temperature_C"]


def load_sampler(path: str | Path, field: str = "temperature_C"):
    """A sampler of one field of ``result.npz``."""
    try:
        from solver.sampling import Sampler
    except ImportError:
        return NearestCellSampler.load(path, field)
    return Sampler.load(path)
