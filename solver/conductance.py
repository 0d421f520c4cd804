"""Assembly of the conduction couplings of the 7-point stencil (numba)."""

from __future__ import annotations

import numpy as np
from numba import njit

from solver.grid import Grid
from solver.linalg.stencil import Stencil7
from solver.physics.conduction import contact_face_conductance, harmonic_face_conductance


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


@njit(cache=True)
def _contact_face(a, b, pair, resist, area, d_p, k_p, d_n, k_n):
    """Contact index and series conductance of the face between cells owned by ``a`` and
    ``b`` (-1, 0 when the pair carries no contact)."""
    if a < 0 or b < 0 or a == b or pair[a, b] < 0:
        return -1, 0.0
    c = pair[a, b]
    return c, contact_face_conductance(area, d_p, k_p, resist[c], d_n, k_n)


@njit(cache=True)
def contact_conductances(owner, pair, resist, kx, ky, kz, dx, dy, dz, gx, gy, gz):
    """Put the contact resistance ``resist[pair[a, b]]`` in series into every face between a
    cell of body ``a`` and one of body ``b`` (``pair[a, b]`` >= 0), in place in ``gx, gy, gz``.
    Returns per contact face: the lower cell (flat), the axis, the contact index, the
    conductance and the area."""
    nx, ny, nz = owner.shape
    count = 0
    lo = np.empty(0, np.int64)
    axis = np.empty(0, np.int8)
    cid = np.empty(0, np.int64)
    g = np.empty(0)
    area = np.empty(0)
    for fill in range(2):
        if fill:
            lo = np.empty(count, np.int64)
            axis = np.empty(count, np.int8)
            cid = np.empty(count, np.int64)
            g = np.empty(count)
            area = np.empty(count)
            count = 0
        for i in range(nx):
            for j in range(ny):
                for k in range(nz):
                    a = owner[i, j, k]
                    if a < 0:
                        continue
                    for ax in range(3):
                        if ax == 0 and i + 1 < nx:
                            c, gf = _contact_face(a, owner[i + 1, j, k], pair, resist,
                                                  dy[j] * dz[k], 0.5 * dx[i], kx[i, j, k],
                                                  0.5 * dx[i + 1], kx[i + 1, j, k])
                            af = dy[j] * dz[k]
                        elif ax == 1 and j + 1 < ny:
                            c, gf = _contact_face(a, owner[i, j + 1, k], pair, resist,
                                                  dx[i] * dz[k], 0.5 * dy[j], ky[i, j, k],
                                                  0.5 * dy[j + 1], ky[i, j + 1, k])
                            af = dx[i] * dz[k]
                        elif ax == 2 and k + 1 < nz:
                            c, gf = _contact_face(a, owner[i, j, k + 1], pair, resist,
                                                  dx[i] * dy[j], 0.5 * dz[k], kz[i, j, k],
                                                  0.5 * dz[k + 1], kz[i, j, k + 1])
                            af = dx[i] * dy[j]
                        else:
                            continue
                        if c < 0:
                            continue
                        if fill:
                            if ax == 0:
                                gx[i, j, k] = gf
                            elif ax == 1:
                                gy[i, j, k] = gf
                            else:
                                gz[i, j, k] = gf
                            lo[count] = (i * ny + j) * nz + k
                            axis[count] = ax
                            cid[count] = c
                            g[count] = gf
                            area[count] = af
                        count += 1
    return lo, axis, cid, g, area


def body_conductivity(k_material: tuple[float, float, float],
                      axes: tuple[int, int, int]) -> np.ndarray:
    """Conductivity along global x, y, z of a body whose material axis ``i`` lies along
    global axis ``axes[i]`` (a permutation: the diagonal tensor's entries are permuted)."""
    k = np.empty(3)
    k[list(axes)] = k_material
    return k


def cell_conductivity(owner: np.ndarray, k_bodies: np.ndarray) -> tuple[np.ndarray, ...]:
    """Conductivity (kx, ky, kz) of every cell from its owner body; 0 outside the solid."""
    table = np.vstack([k_bodies, np.zeros((1, 3))])  # owner -1 picks the zero row
    return tuple(table[:, a][owner] for a in range(3))


def conduction_stencil(grid: Grid, k_cells: tuple[np.ndarray, ...],
                       active: np.ndarray) -> Stencil7:
    """The conduction operator with no boundary terms yet (``extra`` = 0)."""
    gx, gy, gz = _face_conductances(*k_cells, *(grid.widths(a) for a in range(3)))
    return Stencil7(gx, gy, gz, np.zeros(grid.shape), active)
