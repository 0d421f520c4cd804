"""Numba kernels of the geometric multigrid for the ``parallel`` option: z-line Gauss–Seidel,
transfers, V-cycle and PCG (the default single-threaded path is :mod:`.gmg_serial`, which
computes the same V-cycle with fused kernels).

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

import types

import numpy as np
from numba import njit, prange


@njit(cache=True, inline="always", fastmath=True, error_model="numpy")
def _column(x, b, gx, gy, gz, cpr, inv_den, nx, ny, nz, i, j):
    """Solve column ``(i, j)`` exactly given its x/y neighbours (Thomas algorithm)."""
    nyz = ny * nz
    base = i * nyz + j * nz
    prev = 0.0
    if 0 < i < nx - 1 and 0 < j < ny - 1:  # interior column: branch-free gather
        s = b[base] + gx[base - nyz] * x[base - nyz] + gx[base] * x[base + nyz] \
            + gy[base - nz] * x[base - nz] + gy[base] * x[base + nz]
        prev = s * inv_den[base]
        x[base] = prev
        for k in range(1, nz):
            p = base + k
            s = b[p] + gx[p - nyz] * x[p - nyz] + gx[p] * x[p + nyz] \
                + gy[p - nz] * x[p - nz] + gy[p] * x[p + nz] + gz[p - 1] * prev
            prev = s * inv_den[p]
            x[p] = prev
        for k in range(nz - 2, -1, -1):
            p = base + k
            prev = x[p] - cpr[p] * prev
            x[p] = prev
        return
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
        prev = x[p] - cpr[p] * prev
        x[p] = prev


def _zline_sweep(x, b, gx, gy, gz, cpr, inv_den, nx, ny, nz, color):
    """One half-sweep of z-line Gauss–Seidel on the columns with ``(i + j) % 2 == color``.

    ``cpr`` and ``inv_den`` are the precomputed Thomas factors of every column.
    """
    for i in prange(nx):
        for j in range((color + i) % 2, ny, 2):
            _column(x, b, gx, gy, gz, cpr, inv_den, nx, ny, nz, i, j)


@njit(cache=True, fastmath=True, error_model="numpy")
def zline_lex(x, b, gx, gy, gz, cpr, inv_den, nx, ny, nz, forward):
    """One lexicographic z-line Gauss–Seidel sweep, ``(i, j)`` ascending or descending.

    A forward sweep followed by a backward one is symmetric Gauss–Seidel, so forward
    pre-smoothing and backward post-smoothing keep the V-cycle symmetric.
    """
    for ii in range(nx):
        i = ii if forward else nx - 1 - ii
        for jj in range(ny):
            j = jj if forward else ny - 1 - jj
            _column(x, b, gx, gy, gz, cpr, inv_den, nx, ny, nz, i, j)


def _residual(r, x, b, gx, gy, gz, diag, nx, ny, nz):
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


def _matvec(q, x, gx, gy, gz, diag, nx, ny, nz):
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


def _restrict(rc, r, mask, nx, ny, nz, fx, fy, fz, ncx, ncy, ncz):
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


def _prolong_add(x, xc, mask, alpha, nx, ny, nz, fx, fy, fz, ncy, ncz):
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


@njit(cache=True, fastmath=True, error_model="numpy")
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


def _dot(a, b):
    """Parallel dot product."""
    s = 0.0
    for i in prange(a.shape[0]):
        s += a[i] * b[i]
    return s


def _axpy2(x, r, p, q, a):
    """``x += a p`` and ``r -= a q``; returns ``r . r``."""
    s = 0.0
    for i in prange(x.shape[0]):
        x[i] += a * p[i]
        ri = r[i] - a * q[i]
        r[i] = ri
        s += ri * ri
    return s


def _xpby(p, z, beta):
    """``p = z + beta p``."""
    for i in prange(p.shape[0]):
        p[i] = z[i] + beta * p[i]


def _variant(fn, name: str, parallel: bool, names: dict | None = None):
    """A separately cached numba compilation of ``fn`` (serial or prange-parallel), with the
    global ``names`` it calls replaced (so the serial driver never loads parallel kernels)."""
    glb = fn.__globals__ if names is None else {**fn.__globals__, **names}
    f = types.FunctionType(fn.__code__, glb, name, fn.__defaults__, fn.__closure__)
    f.__qualname__ = name
    f.__doc__ = fn.__doc__
    return njit(cache=True, parallel=parallel, fastmath=True, error_model="numpy")(f)


zline_s = _variant(_zline_sweep, "zline_s", False)
zline_p = _variant(_zline_sweep, "zline_p", True)
residual_s = _variant(_residual, "residual_s", False)
residual_p = _variant(_residual, "residual_p", True)
matvec_s = _variant(_matvec, "matvec_s", False)
matvec_p = _variant(_matvec, "matvec_p", True)
restrict_s = _variant(_restrict, "restrict_s", False)
restrict_p = _variant(_restrict, "restrict_p", True)
prolong_s = _variant(_prolong_add, "prolong_s", False)
prolong_p = _variant(_prolong_add, "prolong_p", True)
dot_s = _variant(_dot, "dot_s", False)
dot_p = _variant(_dot, "dot_p", True)
axpy2_s = _variant(_axpy2, "axpy2_s", False)
axpy2_p = _variant(_axpy2, "axpy2_p", True)
xpby_s = _variant(_xpby, "xpby_s", False)
xpby_p = _variant(_xpby, "xpby_p", True)

#: Levels with fewer cells than this run the serial kernels even when ``par`` is set
#: (the launch overhead of a parallel region outweighs the work).
PAR_MIN_CELLS = 60_000


def _smooth(x, b, gx, gy, gz, cpr, inv_den, nx, ny, nz, nu, first, par):
    """``nu`` z-line sweeps: red–black (colour ``first`` first) in parallel, else
    lexicographic (forward when ``first == 0``, backward otherwise)."""
    for _ in range(nu):
        if par:
            for c in (first, 1 - first):
                zline_p(x, b, gx, gy, gz, cpr, inv_den, nx, ny, nz, c)
        else:
            zline_lex(x, b, gx, gy, gz, cpr, inv_den, nx, ny, nz, first == 0)


def _vcycle(b0, x0, shp, off, fac, gx, gy, gz, diag, cpr, inv_den, mask, xs, bs, rs,
           lower, alpha, nu, par):
    """One symmetric V(nu, nu)-cycle: ``x0 = M^-1 b0`` (``x0`` is overwritten).

    ``xs``, ``bs``, ``rs`` are work buffers for all levels; ``alpha`` scales each coarse-grid
    correction; ``par`` allows the parallel kernels on large levels.
    """
    nlev = shp.shape[0]
    n0 = shp[0, 0] * shp[0, 1] * shp[0, 2]
    bs[:n0] = b0
    for lev in range(nlev - 1):
        nx, ny, nz = shp[lev, 0], shp[lev, 1], shp[lev, 2]
        o, n = off[lev], nx * ny * nz
        pl = par and n >= PAR_MIN_CELLS
        x, b, r = xs[o:o + n], bs[o:o + n], rs[o:o + n]
        lgx, lgy, lgz = gx[o:o + n], gy[o:o + n], gz[o:o + n]
        x[:] = 0.0
        _smooth(x, b, lgx, lgy, lgz, cpr[o:o + n], inv_den[o:o + n], nx, ny, nz, nu, 0, pl)
        oc = off[lev + 1]
        ncx, ncy, ncz = shp[lev + 1, 0], shp[lev + 1, 1], shp[lev + 1, 2]
        nc = ncx * ncy * ncz
        if pl:
            residual_p(r, x, b, lgx, lgy, lgz, diag[o:o + n], nx, ny, nz)
            restrict_p(bs[oc:oc + nc], r, mask[o:o + n], nx, ny, nz, fac[lev, 0], fac[lev, 1],
                       fac[lev, 2], ncx, ncy, ncz)
        else:
            residual_s(r, x, b, lgx, lgy, lgz, diag[o:o + n], nx, ny, nz)
            restrict_s(bs[oc:oc + nc], r, mask[o:o + n], nx, ny, nz, fac[lev, 0], fac[lev, 1],
                       fac[lev, 2], ncx, ncy, ncz)
    lev = nlev - 1
    o = off[lev]
    m = shp[lev, 0] * shp[lev, 1] * shp[lev, 2]
    if lower.shape[0] == m:
        chol_solve(lower, bs[o:o + m], xs[o:o + m], m)
    else:  # diagonally dominant coarsest level: symmetric sweeps instead of a direct solve
        nx, ny, nz = shp[lev, 0], shp[lev, 1], shp[lev, 2]
        xs[o:o + m] = 0.0
        _smooth(xs[o:o + m], bs[o:o + m], gx[o:o + m], gy[o:o + m], gz[o:o + m],
                cpr[o:o + m], inv_den[o:o + m], nx, ny, nz, 1, 0, False)
        _smooth(xs[o:o + m], bs[o:o + m], gx[o:o + m], gy[o:o + m], gz[o:o + m],
                cpr[o:o + m], inv_den[o:o + m], nx, ny, nz, 1, 1, False)
    for lev in range(nlev - 2, -1, -1):
        nx, ny, nz = shp[lev, 0], shp[lev, 1], shp[lev, 2]
        o, n = off[lev], nx * ny * nz
        pl = par and n >= PAR_MIN_CELLS
        oc = off[lev + 1]
        ncx, ncy, ncz = shp[lev + 1, 0], shp[lev + 1, 1], shp[lev + 1, 2]
        nc = ncx * ncy * ncz
        x, b = xs[o:o + n], bs[o:o + n]
        if pl:
            prolong_p(x, xs[oc:oc + nc], mask[o:o + n], alpha, nx, ny, nz, fac[lev, 0],
                      fac[lev, 1], fac[lev, 2], ncy, ncz)
        else:
            prolong_s(x, xs[oc:oc + nc], mask[o:o + n], alpha, nx, ny, nz, fac[lev, 0],
                      fac[lev, 1], fac[lev, 2], ncy, ncz)
        _smooth(x, b, gx[o:o + n], gy[o:o + n], gz[o:o + n], cpr[o:o + n], inv_den[o:o + n],
               nx, ny, nz, nu, 1, pl)
    x0[:] = xs[:n0]


def _pcg(b, x, r, z, p, q, tol, maxiter, shp, off, fac, gx, gy, gz, diag, cpr, inv_den, mask,
         xs, bs, rs, lower, alpha, nu, par):
    """Preconditioned CG on level 0 with the V-cycle as preconditioner (Hestenes & Stiefel 1952;
    Saad, *Iterative Methods for Sparse Linear Systems*, 2003, Alg. 9.1).

    Starts from ``x`` whose residual ``b - A x`` is given in ``r``; ``z``, ``p``, ``q`` are
    work vectors (kept by the caller so repeated solves do not allocate). Returns ``(iterations,
    true relative residual)``; on return ``r`` holds the true residual ``b - A x``, recomputed
    before stopping so the reported figure is ``||b - A x|| / ||b||``.
    """
    nx, ny, nz = shp[0, 0], shp[0, 1], shp[0, 2]
    n = nx * ny * nz
    pl = par and n >= PAR_MIN_CELLS
    g0x, g0y, g0z, d0 = gx[:n], gy[:n], gz[:n], diag[:n]
    bnorm = np.sqrt(dot_p(b, b) if pl else dot_s(b, b))
    it = 0
    rel = np.sqrt(dot_p(r, r) if pl else dot_s(r, r)) / bnorm
    while rel > tol and it < maxiter:
        _vcycle(r, z, shp, off, fac, gx, gy, gz, diag, cpr, inv_den, mask, xs, bs, rs,
               lower, alpha, nu, par)
        rz = dot_p(r, z) if pl else dot_s(r, z)
        p[:] = z
        while it < maxiter:
            if pl:
                matvec_p(q, p, g0x, g0y, g0z, d0, nx, ny, nz)
                a = rz / dot_p(p, q)
                rr = axpy2_p(x, r, p, q, a)
            else:
                matvec_s(q, p, g0x, g0y, g0z, d0, nx, ny, nz)
                a = rz / dot_s(p, q)
                rr = axpy2_s(x, r, p, q, a)
            it += 1
            if np.sqrt(rr) / bnorm <= tol:
                break
            _vcycle(r, z, shp, off, fac, gx, gy, gz, diag, cpr, inv_den, mask, xs, bs, rs,
                   lower, alpha, nu, par)
            rz_new = dot_p(r, z) if pl else dot_s(r, z)
            if pl:
                xpby_p(p, z, rz_new / rz)
            else:
                xpby_s(p, z, rz_new / rz)
            rz = rz_new
        if pl:
            residual_p(r, x, b, g0x, g0y, g0z, d0, nx, ny, nz)
            rel = np.sqrt(dot_p(r, r)) / bnorm
        else:
            residual_s(r, x, b, g0x, g0y, g0z, d0, nx, ny, nz)
            rel = np.sqrt(dot_s(r, r)) / bnorm
    return it, rel


def _drivers(suffix: str, kernels: dict) -> tuple:
    names = dict(kernels)
    names["_smooth"] = _variant(_smooth, "smooth" + suffix, False, names)
    names["_vcycle"] = _variant(_vcycle, "vcycle" + suffix, False, names)
    return names["_smooth"], names["_vcycle"], _variant(_pcg, "pcg" + suffix, False, names)


#: Parallel drivers (prange kernels on levels of at least PAR_MIN_CELLS cells, the serial
#: lexicographic sweep below). The single-threaded default path is :mod:`.gmg_serial`.
smooth_par, vcycle_par, pcg_par = _drivers("_par", {})
