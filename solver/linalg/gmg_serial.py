"""Single-threaded multigrid PCG kernels, fused plane by plane (the default path).

The V-cycle (lexicographic z-line Gauss–Seidel forward before and backward after the coarse
correction, piecewise-constant transfers), arranged for few passes over memory and for the
vector units:

* a z-line sweep treats one x-plane at a time: the couplings to values that the sweep does not
  change within the plane (the x-neighbour planes, the not-yet-visited y-neighbour) are
  gathered for the whole plane in one contiguous, vectorised loop; only the chain along y and
  the Thomas solves stay sequential;
* inactive cells (identity rows, no couplings) break a z column into independent runs: the
  Thomas solves and the prolongation visit only the active runs of each column (CSR lists
  per level, a coarse cell active when any of its children is; whole columns on a level
  with every cell active), while the gathers and the residual stream whole planes;
* the first pre-smoothing sweep starts from zero (no zeroing pass, no reads of old values);
* the ``nu`` sweeps of a level go in one pass over the planes, each sweep one plane behind
  the previous one (a wavefront: the same values as whole sweeps in turn), the residual and
  its restriction one plane behind the last sweep, the prolongation one plane ahead of the
  first backward sweep: each plane is loaded from memory once per smoothing step;
* level 0 works in the PCG vectors themselves (no copies); the matrix–vector product is
  fused with ``p = z + beta p`` and ``p . q``, the residual update with ``r . r`` (those
  level-0 products and the stencil rows are in :mod:`.gmg_level0`, compiled by the solve's
  own process on a first run while a child compiles this module).

Face conductances are padded cell arrays (0 on the last plane of each axis and on faces
touching inactive cells), so interior loops need no boundary tests. The restriction needs no
mask: the first level-0 sweep sets ``x = b`` on inactive cells (what a Thomas solve through
their identity rows gave) and coarser levels never write theirs (zeros, with ``b = 0``), so
their residual is exactly 0; the prolongation skips them, so the V-cycle stays the identity
there.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from .gmg_level0 import JIT, residual_norm, sig, stencil_rows, xpby_matvec


@njit(inline="always", **JIT)
def _run_solve(x, t, c, tq, gz, cpr, inv_den, nz):
    """Thomas solve of the ``nz`` cells of a z column (or of an active run of one) starting
    at flat ``c``; ``t[tq:tq + nz]`` holds its right-hand side (the x/y couplings added)."""
    prev = t[tq] * inv_den[c]
    x[c] = prev
    for k in range(1, nz):
        prev = (t[tq + k] + gz[c + k - 1] * prev) * inv_den[c + k]
        x[c + k] = prev
    for k in range(nz - 2, -1, -1):
        prev = x[c + k] - cpr[c + k] * prev
        x[c + k] = prev


@njit(inline="always", **JIT)
def _add(t, tq, g, x, c, shift, nz):
    """``t[tq + k] += g[c + k] * x[c + shift + k]`` for the ``nz`` cells of a column."""
    for k in range(nz):
        t[tq + k] += g[c + k] * x[c + shift + k]


@njit(inline="always", **JIT)
def _gather(t, b, gx, gy, x, nx, nyz, nz, i, west, east, north, south):
    """``t = b + `` the chosen x/y neighbour couplings of plane ``i`` (vectorised)."""
    base = i * nyz
    bb = b[base:base + nyz]
    if west and i > 0:
        gw, xw = gx[base - nyz:base], x[base - nyz:base]
        if east and i < nx - 1:
            ge, xe = gx[base:base + nyz], x[base + nyz:base + 2 * nyz]
            for q in range(nyz):
                t[q] = bb[q] + gw[q] * xw[q] + ge[q] * xe[q]
        else:
            for q in range(nyz):
                t[q] = bb[q] + gw[q] * xw[q]
    elif east and i < nx - 1:
        ge, xe = gx[base:base + nyz], x[base + nyz:base + 2 * nyz]
        for q in range(nyz):
            t[q] = bb[q] + ge[q] * xe[q]
    else:
        for q in range(nyz):
            t[q] = bb[q]
    m = nyz - nz
    if north:  # couplings to (i, j + 1)
        gn, xn, tn = gy[base:base + m], x[base + nz:base + nyz], t[:m]
        for q in range(m):
            tn[q] += gn[q] * xn[q]
    if south:  # couplings to (i, j - 1)
        gs, xs_, ts = gy[base:base + m], x[base:base + m], t[nz:nyz]
        for q in range(m):
            ts[q] += gs[q] * xs_[q]


@njit(inline="always", **JIT)
def _copy_gaps(x, b, c, nz, runs, q0, q1):
    """``x = b`` on the inactive cells of the column at flat ``c`` (runs ``q0:q1``)."""
    k = 0
    for q in range(q0, q1):
        for kk in range(k, runs[q, 0]):
            x[c + kk] = b[c + kk]
        k = runs[q, 1]
    for kk in range(k, nz):
        x[c + kk] = b[c + kk]


@njit(inline="always", **JIT)
def _solve_runs(x, t, c, tq, gz, cpr, inv_den, rp, runs, col, nz, dense):
    """Thomas solves of the active runs of column ``col`` (at flat ``c``; the whole column,
    one run, on a ``dense`` level)."""
    q0, q1 = (0, 1) if dense else (rp[col], rp[col + 1])
    for q in range(q0, q1):
        k0, k1 = (0, nz) if dense else (runs[q, 0], runs[q, 1])
        _run_solve(x, t, c + k0, tq + k0, gz, cpr, inv_den, k1 - k0)


@njit(sig("void(A, A, A, A, A, A, A, I1, I2, i8, b1, i8, i8, i8, i8, b1, b1, A)"), **JIT)
def _plane_fwd(x, b, gx, gy, gz, cpr, inv_den, rp, runs, col0, dense, nx, ny, nz, i, zero, gaps,
               t):
    """Forward (j ascending) z-line Gauss–Seidel on the active runs of plane ``i`` (columns
    ``col0 + i ny + j`` of ``rp``; whole columns on a ``dense`` level); ``zero``: the plane
    and the planes after it count as zeros (first sweep from a zero guess); ``gaps``: also
    set ``x = b`` on inactive cells."""
    nyz = ny * nz
    base = i * nyz
    col = col0 + i * ny
    _gather(t, b, gx, gy, x, nx, nyz, nz, i, True, not zero, not zero, False)
    for j in range(ny):
        c = base + j * nz
        if j > 0:
            _add(t, j * nz, gy, x, c - nz, 0, nz)
        if gaps and not dense:
            _copy_gaps(x, b, c, nz, runs, rp[col + j], rp[col + j + 1])
        _solve_runs(x, t, c, j * nz, gz, cpr, inv_den, rp, runs, col + j, nz, dense)


@njit(sig("void(A, A, A, A, A, A, A, I1, I2, i8, b1, i8, i8, i8, i8, A)"), **JIT)
def _plane_bwd(x, b, gx, gy, gz, cpr, inv_den, rp, runs, col0, dense, nx, ny, nz, i, t):
    """Backward (j descending) z-line Gauss–Seidel on the active runs of plane ``i``."""
    nyz = ny * nz
    base = i * nyz
    col = col0 + i * ny
    _gather(t, b, gx, gy, x, nx, nyz, nz, i, True, True, False, True)
    for j in range(ny - 1, -1, -1):
        tq = j * nz
        if j < ny - 1:
            _add(t, tq, gy, x, base + tq, nz, nz)
        _solve_runs(x, t, base + tq, tq, gz, cpr, inv_den, rp, runs, col + j, nz, dense)


@njit(sig("void(A, A, A, A, A, A, A, A, i8, i8, i8, i8, i8, i8, i8, i8, i8)"), **JIT)
def _restrict_plane(bc, r, x, b, gx, gy, gz, diag, nx, ny, nz, i, fx, fy, fz, ncy, ncz):
    """Add the residual of plane ``i`` (``b - A x``, its neighbours final; kept in ``r``)
    into the coarse right-hand side ``bc`` (sum over each aggregate)."""
    nyz = ny * nz
    n = nx * nyz
    base = i * nyz
    stencil_rows(r, x, b, gx, gy, gz, diag, n, nyz, nz, base, base + nyz, 1)
    ob = (i // fx) * ncy * ncz
    for j in range(ny):
        oj = ob + (j // fy) * ncz
        bj = base + j * nz
        if fz == 1:
            for k in range(nz):
                bc[oj + k] += r[bj + k]
        else:
            for k in range(nz):
                bc[oj + k // 2] += r[bj + k]


@njit(inline="always", **JIT)
def _prolong_plane(x, xc, alpha, rp, runs, col0, ny, nz, i, fx, fy, fz, ncy, ncz):
    """``x += alpha P xc`` on the active runs of plane ``i``."""
    base = i * ny * nz
    ob = (i // fx) * ncy * ncz
    for j in range(ny):
        oj = ob + (j // fy) * ncz
        c = base + j * nz
        col = col0 + i * ny + j
        for q in range(rp[col], rp[col + 1]):
            if fz == 1:
                for k in range(runs[q, 0], runs[q, 1]):
                    x[c + k] += alpha * xc[oj + k]
            else:
                for k in range(runs[q, 0], runs[q, 1]):
                    x[c + k] += alpha * xc[oj + k // 2]


@njit(inline="always", **JIT)
def _down(x, b, r, bc, gx, gy, gz, diag, cpr, inv_den, rp, runs, col0, dense, nx, ny, nz, fx,
          fy, fz, ncy, ncz, nu, gaps, t):
    """Pre-smoothing from a zero guess (``nu`` forward sweeps), then ``bc = P^T (b - A x)``.
    One pass over the planes: sweep ``s`` follows sweep ``s - 1`` one plane behind (its east
    neighbour has just had sweep ``s - 1``, its west one sweep ``s``: the same values as
    whole sweeps in turn), and the residual of a plane follows the last sweep one plane
    behind, while the planes are still in cache."""
    for q in range(bc.shape[0]):
        bc[q] = 0.0
    for i in range(nx + nu - 1):  # sweep s on plane i - s: its neighbours are ready
        for s in range(nu):
            p = i - s
            if 0 <= p < nx:
                _plane_fwd(x, b, gx, gy, gz, cpr, inv_den, rp, runs, col0, dense, nx, ny, nz,
                           p, s == 0, gaps and s == 0, t)
        if i >= nu:  # plane i - nu and both its neighbours are final
            _restrict_plane(bc, r, x, b, gx, gy, gz, diag, nx, ny, nz, i - nu, fx, fy, fz,
                            ncy, ncz)
    _restrict_plane(bc, r, x, b, gx, gy, gz, diag, nx, ny, nz, nx - 1, fx, fy, fz, ncy, ncz)


@njit(inline="always", **JIT)
def _up(x, b, xc, alpha, gx, gy, gz, cpr, inv_den, rp, runs, col0, dense, nx, ny, nz, fx, fy,
        fz, ncy, ncz, nu, t):
    """``x += alpha P xc`` (planes added just ahead of the first sweep), then ``nu`` backward
    sweeps in one pass, sweep ``s`` one plane behind sweep ``s - 1`` (as in :func:`_down`)."""
    _prolong_plane(x, xc, alpha, rp, runs, col0, ny, nz, nx - 1, fx, fy, fz, ncy, ncz)
    for i in range(nx - 1, -nu, -1):  # sweep s on plane i + s
        if i > 0:
            _prolong_plane(x, xc, alpha, rp, runs, col0, ny, nz, i - 1, fx, fy, fz, ncy, ncz)
        for s in range(nu):
            p = i + s
            if 0 <= p < nx:
                _plane_bwd(x, b, gx, gy, gz, cpr, inv_den, rp, runs, col0, dense, nx, ny, nz, p,
                           t)


@njit(inline="always", **JIT)
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


@njit(inline="always", **JIT)
def _level_pair(shp, off, lev):
    """Shape, offset and size of level ``lev`` in the packed buffers, and the offset, y/z
    sizes and size of the level below it."""
    nx, ny, nz = shp[lev, 0], shp[lev, 1], shp[lev, 2]
    ncy, ncz = shp[lev + 1, 1], shp[lev + 1, 2]
    return (nx, ny, nz, off[lev], nx * ny * nz, off[lev + 1], ncy, ncz,
            shp[lev + 1, 0] * ncy * ncz)


@njit(inline="always", **JIT)
def _col0(shp, lev):
    """Index of level ``lev``'s first z column in the run pointers ``rp``."""
    c = 0
    for a in range(lev):
        c += shp[a, 0] * shp[a, 1]
    return c


@njit(sig("void(A, A, I2, I1, I2, A, A, A, A, A, A, A, A, A, M, f8, i8, I1, I2, I1, A)"), **JIT)
def vcycle(b0, x0, shp, off, fac, gx, gy, gz, diag, cpr, inv_den, xs, bs, rs, lower, alpha,
           nu, rp, runs, dense, t):
    """One symmetric V(nu, nu)-cycle ``x0 = M^-1 b0``; level 0 uses ``b0`` / ``x0`` in place
    (``x0 = b0`` on its inactive cells), coarser levels the work buffers ``xs``, ``bs``,
    ``rs`` (their inactive cells never written: zeros); ``rp``/``runs`` list the active runs
    of every z column of every level; ``t`` is a plane buffer."""
    nlev = shp.shape[0]
    for lev in range(nlev - 1):
        nx, ny, nz, o, n, oc, ncy, ncz, nc = _level_pair(shp, off, lev)
        x = x0 if lev == 0 else xs[o:o + n]
        b = b0 if lev == 0 else bs[o:o + n]
        _down(x, b, rs[o:o + n], bs[oc:oc + nc], gx[o:o + n], gy[o:o + n], gz[o:o + n],
              diag[o:o + n], cpr[o:o + n], inv_den[o:o + n], rp, runs, _col0(shp, lev),
              dense[lev] != 0, nx, ny, nz, fac[lev, 0], fac[lev, 1], fac[lev, 2], ncy, ncz, nu,
              lev == 0, t)
    lev = nlev - 1
    o = off[lev]
    nx, ny, nz = shp[lev, 0], shp[lev, 1], shp[lev, 2]
    m = nx * ny * nz
    x = x0 if lev == 0 else xs[o:o + m]
    b = b0 if lev == 0 else bs[o:o + m]
    if lower.shape[0] == m:
        chol_solve(lower, b, x, m)
    else:  # diagonally dominant coarsest level: one symmetric sweep pair from zero
        lgx, lgy, lgz = gx[o:o + m], gy[o:o + m], gz[o:o + m]
        lc, li = cpr[o:o + m], inv_den[o:o + m]
        col0 = _col0(shp, lev)
        for i in range(nx):
            _plane_fwd(x, b, lgx, lgy, lgz, lc, li, rp, runs, col0, dense[lev] != 0, nx, ny, nz,
                       i, True, lev == 0, t)
        for i in range(nx - 1, -1, -1):
            _plane_bwd(x, b, lgx, lgy, lgz, lc, li, rp, runs, col0, dense[lev] != 0, nx, ny, nz,
                       i, t)
    for lev in range(nlev - 2, -1, -1):
        nx, ny, nz, o, n, oc, ncy, ncz, nc = _level_pair(shp, off, lev)
        x = x0 if lev == 0 else xs[o:o + n]
        b = b0 if lev == 0 else bs[o:o + n]
        _up(x, b, xs[oc:oc + nc], alpha, gx[o:o + n], gy[o:o + n], gz[o:o + n], cpr[o:o + n],
            inv_den[o:o + n], rp, runs, _col0(shp, lev), dense[lev] != 0, nx, ny, nz,
            fac[lev, 0], fac[lev, 1], fac[lev, 2], ncy, ncz, nu, t)


@njit(sig("Tuple((i8, f8))(A, A, A, A, A, A, f8, i8, I2, I1, I2, A, A, A, A, A, A, A, A, A, "
           "M, f8, i8, I1, I2, I1, A)"), **JIT)
def pcg(b, x, r, z, p, q, tol, maxiter, shp, off, fac, gx, gy, gz, diag, cpr, inv_den,
        xs, bs, rs, lower, alpha, nu, rp, runs, dense, t):
    """Preconditioned CG on level 0 with the V-cycle as preconditioner (Hestenes & Stiefel 1952;
    Saad, *Iterative Methods for Sparse Linear Systems*, 2003, Alg. 9.1), from ``x``.

    ``r``, ``z``, ``p``, ``q`` are work vectors. Returns ``(iterations, true relative
    residual)``; the residual is recomputed as ``b - A x`` before stopping.
    """
    nx, ny, nz = shp[0, 0], shp[0, 1], shp[0, 2]
    n = nx * ny * nz
    g0x, g0y, g0z, d0 = gx[:n], gy[:n], gz[:n], diag[:n]
    rr, bb = residual_norm(r, x, b, g0x, g0y, g0z, d0, nx, ny, nz)
    bnorm = np.sqrt(bb)
    it = 0
    rel = np.sqrt(rr) / bnorm
    while rel > tol and it < maxiter:
        first = True
        rz = 1.0
        while it < maxiter:
            vcycle(r, z, shp, off, fac, gx, gy, gz, diag, cpr, inv_den, xs, bs, rs, lower,
                   alpha, nu, rp, runs, dense, t)
            rz_new = 0.0
            for a in range(n):
                rz_new += r[a] * z[a]
            beta = 0.0 if first else rz_new / rz
            first = False
            rz = rz_new
            pq = xpby_matvec(q, p, z, beta, g0x, g0y, g0z, d0, nx, ny, nz)
            alpha_k = rz / pq
            rr = 0.0
            for a in range(n):
                x[a] += alpha_k * p[a]
                ra = r[a] - alpha_k * q[a]
                r[a] = ra
                rr += ra * ra
            it += 1
            if np.sqrt(rr) / bnorm <= tol:
                break
        rr, bb = residual_norm(r, x, b, g0x, g0y, g0z, d0, nx, ny, nz)
        rel = np.sqrt(rr) / bnorm
    return it, rel
