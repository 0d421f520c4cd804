"""Assembly of the conduction couplings of the 7-point stencil (numba)."""

from __future__ import annotations

import numpy as np
from numba import njit

from solver.grid import Grid
from solver.linalg.stencil import Stencil7
from solver.physics.conduction import harmonic_face_conductance


@njit(cache=True)
def _face_conductances(kx, ky, kz, dx, dy, dz):
    """Harmonic-mean conductance of every interior face, using the conductivity component
    normal to the face; 0 where either side is outside the solid (k = 0)."""
    nx, ny, nz = kx.shape
    gx = np.zeros((nx - 1, ny, nz))
    gy = np.zeros((nx, ny - 1, nz))
    gz = np.zeros((nx, ny, nz - 1))
    for i in range(nx):
        for j in range(ny):
            for k in range(nz):
                if i + 1 < nx and kx[i, j, k] > 0.0 and kx[i + 1, j, k] > 0.0:
                    gx[i, j, k] = harmonic_face_conductance(
                        dy[j] * dz[k], 0.5 * dx[i], kx[i, j, k], 0.5 * dx[i + 1], kx[i + 1, j, k])
                if j + 1 < ny and ky[i, j, k] > 0.0 and ky[i, j + 1, k] > 0.0:
                    gy[i, j, k] = harmonic_face_conductance(
                        dx[i] * dz[k], 0.5 * dy[j], ky[i, j, k], 0.5 * dy[j + 1], ky[i, j + 1, k])
                if k + 1 < nz and kz[i, j, k] > 0.0 and kz[i, j, k + 1] > 0.0:
                    gz[i, j, k] = harmonic_face_conductance(
                        dx[i] * dy[j], 0.5 * dz[k], kz[i, j, k], 0.5 * dz[k + 1], kz[i, j, k + 1])
    return gx, gy, gz


def cell_conductivity(owner: np.ndarray, k_bodies: np.ndarray) -> tuple[np.ndarray, ...]:
    """Conductivity (kx, ky, kz) of every cell from its owner body; 0 outside the solid."""
    table = np.vstack([k_bodies, np.zeros((1, 3))])  # owner -1 picks the zero row
    return tuple(table[:, a][owner] for a in range(3))


def conduction_stencil(grid: Grid, k_cells: tuple[np.ndarray, ...],
                       active: np.ndarray) -> Stencil7:
    """The conduction operator with no boundary terms yet (``extra`` = 0)."""
    gx, gy, gz = _face_conductances(*k_cells, *(grid.widths(a) for a in range(3)))
    return Stencil7(gx, gy, gz, np.zeros(grid.shape), active)
