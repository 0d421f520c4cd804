"""The exposed faces of the solid domain: between a solid cell and the outside (an empty cell
or the edge of the grid). Surface conditions act on them; without one a face is adiabatic."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from solver.grid import Grid

AXES = "xyz"


@dataclass(eq=False)
class ExposedFaces:
    """One entry per exposed face: the solid ``cell`` (flat index) behind it, the ``axis``
    (0, 1, 2) and ``side`` (-1: the face's normal points to -axis) of the face, its ``area`` (m^2,
    corrected to the true surface for curved bodies) and the cell's half width ``half``
    along the axis (m)."""

    cell: np.ndarray
    axis: np.ndarray
    side: np.ndarray
    area: np.ndarray
    half: np.ndarray

    def __len__(self) -> int:
        return int(self.cell.size)

    def centers(self, grid: Grid, which: np.ndarray) -> np.ndarray:
        """Centres of the faces ``which`` (indices), shape ``(n, 3)``."""
        idx = np.stack(np.unravel_index(self.cell[which], grid.shape), axis=1)
        out = np.stack([grid.centers(a)[idx[:, a]] for a in range(3)], axis=1)
        rows = np.arange(len(idx))
        out[rows, self.axis[which]] += self.side[which] * self.half[which]
        return out

    def normals(self, which: np.ndarray) -> np.ndarray:
        """Outward unit normals of the faces ``which``, shape ``(n, 3)``."""
        n = np.zeros((len(which), 3))
        n[np.arange(len(which)), self.axis[which]] = self.side[which]
        return n

    def box_face_names(self) -> np.ndarray:
        """Box face name of every face (``xmin`` ... ``zmax``) as an index into
        :data:`solver.model.BOX_FACES`."""
        return 2 * self.axis.astype(np.int64) + (self.side > 0)


def find_exposed_faces(grid: Grid, active: np.ndarray) -> ExposedFaces:
    """Every face of an active cell whose neighbour is inactive or beyond the grid."""
    shape = grid.shape
    flat = np.arange(grid.n_cells, dtype=np.int64).reshape(shape)
    widths = [grid.widths(a) for a in range(3)]
    parts = []
    for axis in range(3):
        padded = np.pad(active, [(1, 1) if a == axis else (0, 0) for a in range(3)])
        lo = [slice(None)] * 3
        hi = [slice(None)] * 3
        lo[axis], hi[axis] = slice(0, -2), slice(2, None)
        for side, neighbour in ((-1, padded[tuple(lo)]), (1, padded[tuple(hi)])):
            cells = flat[active & ~neighbour]
            idx = np.unravel_index(cells, shape)
            other = [a for a in range(3) if a != axis]
            area = widths[other[0]][idx[other[0]]] * widths[other[1]][idx[other[1]]]
            parts.append((cells, np.full(cells.size, axis, np.int8),
                          np.full(cells.size, side, np.int8), area,
                          0.5 * widths[axis][idx[axis]]))
    cell, axis, side, area, half = (np.concatenate(p) for p in zip(*parts, strict=True))
    return ExposedFaces(cell, axis, side, area, half)
