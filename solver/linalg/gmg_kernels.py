"""Numba kernels of the geometric multigrid: z-line Gauss–Seidel, transfers, V-cycle and PCG.

Every level stores cell arrays of its own shape ``(nx, ny, nz)`` flattened (C order) into
one concatenated buffer per quantity; ``shp[l]`` holds the shape, ``off[l]`` the offset and
``fac[l]`` the coarsening factors (1 or 2 per axis) from level ``l`` to ``l + 1``. Face
conductances are padded to cell arrays: ``gx[i, j, k]`` couples ``(i, j, k)`` to
``(i + 1, j, k)`` and is 0 on the last plane (likewise ``gy``, ``gz``).

Smoother: red–black ordered z-line Gauss–Seidel (each ``(i, j)`` column solved exactly by the
Thomas algorithm), pre-smoothing red→black and post-smoothing black→red so the V-cycle is a
symmetric preconditioner (Trottenberg, Oosterlee & Schüller, *Multigrid*, 2001, §5.1 and
§5.4 on line relaxation with semi-coarsening for anisotropic problems).
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange


@njit(cache=True, parallel=True)
def zline_sweep(x, b, gx, gy, gz, cpr, inv_den, nx, ny, nz, color):
    """One half-sweep of z-line Gauss–Seidel on the columns with ``(i + j) % 2 == color``.

    ``cpr`` and ``inv_den`` are the precomputed Thomas factors of every column.
    """
    nyz = ny * nz
    for i in prange(nx):
        j0 = (color + i) % 2
        for j in range(j0, ny, 2):
            base = i * nyz + j * nz
            prev = 0.0
            for k in range(nz):
                p = base + k
                s = b[p]
                if i > 0:
                    s += gx[p - nyz] * x[p - nyz]
                if i < nx - 1:
                    s += gx[p] * x[p + nyz]
                if j > 0:
                    s += gy[p - nz] * x[p - nz]
                if j < ny - 1:
                    s += gy[p] * x[p + nz]
                if k > 0:
                    s += gz[p - 1] * prev
                prev = s * inv_den[p]
                x[p] = prev
            for k in range(nz - 2, -1, -1):
                p = base + k
                x[p] -= cpr[p] * x[p + 1]


@njit(cache=True, parallel=True)
def residual(r, x, b, gx, gy, gz, diag, nx, ny, nz):
    """``r = b - A x`` on one level."""
    nyz = ny * nz
    for i in prange(nx):
        for j in range(ny):
            for k in range(nz):
                p = i * nyz + j * nz + k
                s = b[p] - diag[p] * x[p]
                if i > 0:
                    s += gx[p - nyz] * x[p - nyz]
                if i < nx - 1:
                    s += gx[p] * x[p + nyz]
                if j > 0:
                    s += gy[p - nz] * x[p - nz]
                if j < ny - 1:
                    s += gy[p] * x[p + nz]
                if k > 0:
                    s += gz[p - 1] * x[p - 1]
                if k < nz - 1:
                    s += gz[p] * x[p + 1]
                r[p] = s


@njit(cache=True, parallel=True)
def matvec(q, x, gx, gy, gz, diag, nx, ny, nz):
    """``q = A x`` on one level."""
    nyz = ny * nz
    for i in prange(nx):
        for j in range(ny):
            for k in range(nz):
                p = i * nyz + j * nz + k
                s = diag[p] * x[p]
                if i > 0:
                    s -= gx[p - nyz] * x[p - nyz]
                if i < nx - 1:
                    s -= gx[p] * x[p + nyz]
                if j > 0:
                    s -= gy[p - nz] * x[p - nz]
                if j < ny - 1:
                    s -= gy[p] * x[p + nz]
                if k > 0:
                    s -= gz[p - 1] * x[p - 1]
                if k < nz - 1:
                    s -= gz[p] * x[p + 1]
                q[p] = s


@njit(cache=True, parallel=True)
def restrict(rc, r, mask, nx, ny, nz, fx, fy, fz, ncx, ncy, ncz):
    """Coarse right-hand side: the sum of the fine residuals of each aggregate (``P^T r``)."""
    nyz = ny * nz
    cyz = ncy * ncz
    for ic in prange(ncx):
        for jc in range(ncy):
            for kc in range(ncz):
                s = 0.0
                for i in range(ic * fx, min(ic * fx + fx, nx)):
                    for j in range(jc * fy, min(jc * fy + fy, ny)):
                        for k in range(kc * fz, min(kc * fz + fz, nz)):
                            p = i * nyz + j * nz + k
                            s += mask[p] * r[p]
                rc[ic * cyz + jc * ncz + kc] = s


@njit(cache=True, parallel=True)
def prolong_add(x, xc, mask, alpha, nx, ny, nz, fx, fy, fz, ncy, ncz):
    """``x += alpha P xc`` with piecewise-constant ``P`` (zero on inactive cells)."""
    nyz = ny * nz
    cyz = ncy * ncz
    for i in prange(nx):
        ic = i // fx
        for j in range(ny):
            jc = j // fy
            for k in range(nz):
                p = i * nyz + j * nz + k
                x[p] += alpha * mask[p] * xc[ic * cyz + jc * ncz + k // fz]


@njit(cache=True)
def chol_solve(lower, b, x, m):
    """Solve ``L L^T x = b`` with a dense lower-triangular ``lower`` (m x m)."""
    for i in range(m):
        s = b[i]
        for j in range(i):
            s -= lower[i, j] * x[j]
        x[i] = s / lower[i, i]
    for i in range(m - 1, -1, -1):
        s = x[i]
        for j in range(i + 1, m):
            s -= lower[j, i] * x[j]
        x[i] = s / lower[i, i]


@njit(cache=True)
def vcycle(b0, x0, shp, off, fac, gx, gy, gz, diag, cpr, inv_den, mask, xs, bs, rs,
           lower, alpha, nu):
    """One symmetric V(nu, nu)-cycle: ``x0 = M^-1 b0`` (``x0`` is overwritten).

    ``xs``, ``bs``, ``rs`` are work buffers for all levels; ``alpha`` scales each coarse-grid
    correction (over-correction of the piecewise-constant prolongation).
    """
    nlev = shp.shape[0]
    n0 = shp[0, 0] * shp[0, 1] * shp[0, 2]
    bs[:n0] = b0
    for lev in range(nlev - 1):
        nx, ny, nz = shp[lev, 0], shp[lev, 1], shp[lev, 2]
        o, n = off[lev], nx * ny * nz
        x, b, r = xs[o:o + n], bs[o:o + n], rs[o:o + n]
        x[:] = 0.0
        for _ in range(nu):
            zline_sweep(x, b, gx[o:o + n], gy[o:o + n], gz[o:o + n], cpr[o:o + n],
                        inv_den[o:o + n], nx, ny, nz, 0)
            zline_sweep(x, b, gx[o:o + n], gy[o:o + n], gz[o:o + n], cpr[o:o + n],
                        inv_den[o:o + n], nx, ny, nz, 1)
        residual(r, x, b, gx[o:o + n], gy[o:o + n], gz[o:o + n], diag[o:o + n], nx, ny, nz)
        oc = off[lev + 1]
        ncx, ncy, ncz = shp[lev + 1, 0], shp[lev + 1, 1], shp[lev + 1, 2]
        nc = ncx * ncy * ncz
        restrict(bs[oc:oc + nc], r, mask[o:o + n], nx, ny, nz, fac[lev, 0], fac[lev, 1],
                 fac[lev, 2], ncx, ncy, ncz)
    lev = nlev - 1
    o = off[lev]
    m = shp[lev, 0] * shp[lev, 1] * shp[lev, 2]
    chol_solve(lower, bs[o:o + m], xs[o:o + m], m)
    for lev in range(nlev - 2, -1, -1):
        nx, ny, nz = shp[lev, 0], shp[lev, 1], shp[lev, 2]
        o, n = off[lev], nx * ny * nz
        oc = off[lev + 1]
        ncx, ncy, ncz = shp[lev + 1, 0], shp[lev + 1, 1], shp[lev + 1, 2]
        nc = ncx * ncy * ncz
        x, b = xs[o:o + n], bs[o:o + n]
        prolong_add(x, xs[oc:oc + nc], mask[o:o + n], alpha, nx, ny, nz, fac[lev, 0],
                    fac[lev, 1], fac[lev, 2], ncy, ncz)
        for _ in range(nu):
            zline_sweep(x, b, gx[o:o + n], gy[o:o + n], gz[o:o + n], cpr[o:o + n],
                        inv_den[o:o + n], nx, ny, nz, 1)
            zline_sweep(x, b, gx[o:o + n], gy[o:o + n], gz[o:o + n], cpr[o:o + n],
                        inv_den[o:o + n], nx, ny, nz, 0)
    x0[:] = xs[:n0]


@njit(cache=True, parallel=True)
def dot(a, b):
    """Parallel dot product."""
    s = 0.0
    for i in prange(a.shape[0]):
        s += a[i] * b[i]
    return s


@njit(cache=True, parallel=True)
def axpy2(x, r, p, q, a):
    """``x += a p`` and ``r -= a q``; returns ``r . r``."""
    s = 0.0
    for i in prange(x.shape[0]):
        x[i] += a * p[i]
        ri = r[i] - a * q[i]
        r[i] = ri
        s += ri * ri
    return s


@njit(cache=True, parallel=True)
def xpby(p, z, beta):
    """``p = z + beta p``."""
    for i in prange(p.shape[0]):
        p[i] = z[i] + beta * p[i]


@njit(cache=True)
def pcg(b, x, tol, maxiter, shp, off, fac, gx, gy, gz, diag, cpr, inv_den, mask, xs, bs, rs,
        lower, alpha, nu):
    """Preconditioned CG on level 0 with the V-cycle as preconditioner, started from ``x``.

    Returns ``(iterations, true relative residual)``; the recursive residual is replaced by
    the true one before stopping so the reported figure is ``||b - A x|| / ||b||``.
    """
    nx, ny, nz = shp[0, 0], shp[0, 1], shp[0, 2]
    n = nx * ny * nz
    g0x, g0y, g0z, d0 = gx[:n], gy[:n], gz[:n], diag[:n]
    bnorm = np.sqrt(dot(b, b))
    r = np.empty(n)
    z = np.empty(n)
    p = np.empty(n)
    q = np.empty(n)
    it = 0
    residual(r, x, b, g0x, g0y, g0z, d0, nx, ny, nz)
    rel = np.sqrt(dot(r, r)) / bnorm
    while rel > tol and it < maxiter:
        vcycle(r, z, shp, off, fac, gx, gy, gz, diag, cpr, inv_den, mask, xs, bs, rs,
               lower, alpha, nu)
        rz = dot(r, z)
        p[:] = z
        while it < maxiter:
            matvec(q, p, g0x, g0y, g0z, d0, nx, ny, nz)
            a = rz / dot(p, q)
            rr = axpy2(x, r, p, q, a)
            it += 1
            if np.sqrt(rr) / bnorm <= tol:
                break
            vcycle(r, z, shp, off, fac, gx, gy, gz, diag, cpr, inv_den, mask, xs, bs, rs,
                   lower, alpha, nu)
            rz_new = dot(r, z)
            xpby(p, z, rz_new / rz)
            rz = rz_new
        residual(r, x, b, g0x, g0y, g0z, d0, nx, ny, nz)
        rel = np.sqrt(dot(r, r)) / bnorm
    return it, rel
