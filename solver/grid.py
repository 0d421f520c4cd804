"""The non-uniform rectilinear grid that every solver stage shares.

Cell arrays have shape ``(nx, ny, nz)`` in C order, so the flat index of cell ``(i, j, k)``
is ``(i * ny + j) * nz + k``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, eq=False)
class Grid:
    """Face coordinates along x, y and z in metres, each strictly increasing."""

    x: np.ndarray
    y: np.ndarray
    z: np.ndarray

    def __post_init__(self) -> None:
        for name in "xyz":
            lines = np.asarray(getattr(self, name), dtype=np.float64)
            if lines.ndim != 1 or lines.size < 2 or np.any(np.diff(lines) <= 0.0):
                raise ValueError(f"grid lines along {name} must be strictly increasing")
            object.__setattr__(self, name, lines)

    @property
    def lines(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        return self.x, self.y, self.z

    @property
    def shape(self) -> tuple[int, int, int]:
        return self.x.size - 1, self.y.size - 1, self.z.size - 1

    @property
    def n_cells(self) -> int:
        nx, ny, nz = self.shape
        return nx * ny * nz

    def widths(self, axis: int) -> np.ndarray:
        """Cell widths along ``axis`` (0, 1, 2)."""
        return np.diff(self.lines[axis])

    def centers(self, axis: int) -> np.ndarray:
        """Cell-centre coordinates along ``axis``."""
        lines = self.lines[axis]
        return 0.5 * (lines[1:] + lines[:-1])

    def cell_volumes(self) -> np.ndarray:
        """Volume of every cell, shape ``(nx, ny, nz)``."""
        dx, dy, dz = (self.widths(a) for a in range(3))
        return dx[:, None, None] * dy[None, :, None] * dz[None, None, :]
