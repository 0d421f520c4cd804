"""Numba kernels that build the multigrid levels (masking, aggregation, Thomas factors).

Aggregation: a coarse cell is the block of ``fx * fy * fz`` fine cells; its face conductance
is the sum of the fine conductances crossing the coarse face times ``scale`` along coarsened
axes (``scale = 1`` is the Galerkin operator ``P^T A P`` of piecewise-constant ``P``), and its
``extra`` is the sum of the fine ``extra``.
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def pad_level0(gx_f, gy_f, gz_f, extra_f, act):
    """Padded, masked conductances (zero on faces touching inactive cells) and ``extra``."""
    nx, ny, nz = act.shape
    gx = np.zeros((nx, ny, nz))
    gy = np.zeros((nx, ny, nz))
    gz = np.zeros((nx, ny, nz))
    extra = np.zeros((nx, ny, nz))
    for i in range(nx):
        for j in range(ny):
            for k in range(nz):
                if not act[i, j, k]:
                    continue
                extra[i, j, k] = extra_f[i, j, k]
                if i < nx - 1 and act[i + 1, j, k]:
                    gx[i, j, k] = gx_f[i, j, k]
                if j < ny - 1 and act[i, j + 1, k]:
                    gy[i, j, k] = gy_f[i, j, k]
                if k < nz - 1 and act[i, j, k + 1]:
                    gz[i, j, k] = gz_f[i, j, k]
    return gx, gy, gz, extra


@njit(cache=True)
def diagonal(gx, gy, gz, extra, act):
    """Diagonal of the level operator (1 on inactive cells)."""
    nx, ny, nz = act.shape
    d = np.empty((nx, ny, nz))
    for i in range(nx):
        for j in range(ny):
            for k in range(nz):
                if not act[i, j, k]:
                    d[i, j, k] = 1.0
                    continue
                s = extra[i, j, k] + gx[i, j, k] + gy[i, j, k] + gz[i, j, k]
                if i > 0:
                    s += gx[i - 1, j, k]
                if j > 0:
                    s += gy[i, j - 1, k]
                if k > 0:
                    s += gz[i, j, k - 1]
                d[i, j, k] = s
    return d


@njit(cache=True)
def mean_nonzero(gx, gy, gz):
    """Mean of the positive conductances along each axis (0 when there are none)."""
    out = np.zeros(3)
    for a, g in enumerate((gx, gy, gz)):
        s = 0.0
        c = 0
        for v in g.ravel():
            if v > 0.0:
                s += v
                c += 1
        out[a] = s / c if c else 0.0
    return out


@njit(cache=True)
def coarsen(gx, gy, gz, extra, act, fx, fy, fz, scale):
    """Aggregate one level by factors ``(fx, fy, fz)``; returns the coarse level arrays."""
    nx, ny, nz = act.shape
    cx, cy, cz = (nx + fx - 1) // fx, (ny + fy - 1) // fy, (nz + fz - 1) // fz
    cgx = np.zeros((cx, cy, cz))
    cgy = np.zeros((cx, cy, cz))
    cgz = np.zeros((cx, cy, cz))
    cex = np.zeros((cx, cy, cz))
    cact = np.zeros((cx, cy, cz), dtype=np.bool_)
    sx = scale if fx == 2 else 1.0
    sy = scale if fy == 2 else 1.0
    sz = scale if fz == 2 else 1.0
    for i in range(nx):
        ic = i // fx
        lx = i % fx == fx - 1
        for j in range(ny):
            jc = j // fy
            ly = j % fy == fy - 1
            for k in range(nz):
                if not act[i, j, k]:
                    continue
                kc = k // fz
                cact[ic, jc, kc] = True
                cex[ic, jc, kc] += extra[i, j, k]
                if lx:
                    cgx[ic, jc, kc] += sx * gx[i, j, k]
                if ly:
                    cgy[ic, jc, kc] += sy * gy[i, j, k]
                if k % fz == fz - 1:
                    cgz[ic, jc, kc] += sz * gz[i, j, k]
    return cgx, cgy, cgz, cex, cact


@njit(cache=True)
def thomas(diag, gz):
    """Thomas factors of every z column: ``cpr = c'_k`` and ``inv_den = 1 / den_k``."""
    nx, ny, nz = diag.shape
    cpr = np.empty((nx, ny, nz))
    inv = np.empty((nx, ny, nz))
    for i in range(nx):
        for j in range(ny):
            c = 0.0
            for k in range(nz):
                den = diag[i, j, k]
                if k > 0:
                    den += gz[i, j, k - 1] * c
                inv[i, j, k] = 1.0 / den
                c = -gz[i, j, k] / den
                cpr[i, j, k] = c
    return cpr, inv


@njit(cache=True)
def extra_ratio(gx, gy, extra):
    """``sum(extra) / sum(2 * (gx + gy))``: how diagonally dominant a level is once its z
    columns are solved exactly by the line smoother."""
    g = 0.0
    e = 0.0
    for i in range(extra.size):
        g += gx.flat[i] + gy.flat[i]
        e += extra.flat[i]
    return e / (2.0 * g) if g > 0.0 else np.inf
