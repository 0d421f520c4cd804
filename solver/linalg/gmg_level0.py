"""The level-0 products of the multigrid PCG (:mod:`.gmg_serial`): the residual and the
matrix-vector product, and the stencil rows they share with the V-cycle's restriction.

On a cold cache the solve's own process compiles :func:`residual_norm` and
:func:`xpby_matvec` (:func:`compile_kernels`, called by
:func:`solver.jit_cache.compile_in_background`) while its child compiles the V-cycle; the
child's ``pcg``, compiled last, then loads them from numba's cache instead of compiling
them too (about 1.9 s of CPU moved off the child, the longer of the two). They have no
signature in their decorator (that would compile them at import, in the child first):
:data:`SIGNATURES` holds the one each has, the argument types ``pcg`` calls them with.
numba's cache keys a kernel by its own file only: after editing this one, clear the cache
(or touch ``gmg_serial.py``), as for any kernel calling into another file.
"""

from __future__ import annotations

import re

from numba import njit
from numba.core import sigutils

JIT = {"cache": True, "fastmath": True, "error_model": "numpy", "boundscheck": False}
_TYPES = {"A": "float64[::1]", "M": "float64[:, ::1]", "I1": "int64[::1]",
          "I2": "int64[:, ::1]", "f8": "float64", "i8": "int64", "b1": "boolean"}


def sig(text: str) -> str:
    """A numba signature from the short names above. Every kernel has exactly one
    signature: no specialisations on literal arguments (``sign=1``, ``zero=True``) or
    layouts, so the first run compiles each function once. Only the per-column helpers and
    the vectorised plane loops (``_gather``, ``stencil_rows``) are inlined into their callers
    (``inline="always"``: typed in place; without it the PCG ran 3-7 % slower), and the
    V-cycle's steps called from one place only (``_down``, ``_up``, ``_prolong_plane``,
    ``chol_solve``): a kernel of its own would be compiled, then linked and compiled again
    in its caller (0.4-0.6 s of the first run's CPU, same speed, the same bits); inlining
    everything, as before, took twice the compile time for no speed."""
    return re.sub(r"\b(A|M|I1|I2|f8|i8|b1)\b", lambda m: _TYPES[m.group(1)], text)


@njit(inline="always", **JIT)
def _guarded_row(p, x, b, gx, gy, gz, diag, n, nyz, nz, sign):
    """Row ``p`` of :func:`stencil_rows` with every neighbour checked (rows near the ends)."""
    s = -diag[p] * x[p]
    if p >= nyz:
        s += gx[p - nyz] * x[p - nyz]
    if p + nyz < n:
        s += gx[p] * x[p + nyz]
    if p >= nz:
        s += gy[p - nz] * x[p - nz]
    if p + nz < n:
        s += gy[p] * x[p + nz]
    if p >= 1:
        s += gz[p - 1] * x[p - 1]
    if p + 1 < n:
        s += gz[p] * x[p + 1]
    return b[p] + s if sign > 0 else -s


@njit(inline="always", **JIT)
def stencil_rows(out, x, b, gx, gy, gz, diag, n, nyz, nz, lo, hi, sign):
    """``out[p] = b[p] - sign (A x)[p]`` for flat ``p`` in ``[lo, hi)`` (``b`` ignored
    when ``sign`` is -1: then ``out = A x``)."""
    a = max(lo, nyz)
    e = min(hi, n - nyz)
    if a >= e:  # everything near the ends: guarded
        a = hi
        e = hi
    for p in range(lo, a):
        out[p] = _guarded_row(p, x, b, gx, gy, gz, diag, n, nyz, nz, sign)
    if e > a:  # slices so that every index is the loop counter (no wraparound checks)
        m = e - a
        xc, dc, bc_, oc = x[a:e], diag[a:e], b[a:e], out[a:e]
        xw, xe, gw, ge = x[a - nyz:e - nyz], x[a + nyz:e + nyz], gx[a - nyz:e - nyz], gx[a:e]
        xs_, xn, gs, gn = x[a - nz:e - nz], x[a + nz:e + nz], gy[a - nz:e - nz], gy[a:e]
        xd, xu, gd, gu = x[a - 1:e - 1], x[a + 1:e + 1], gz[a - 1:e - 1], gz[a:e]
        if sign > 0:
            for u in range(m):
                oc[u] = (bc_[u] - dc[u] * xc[u] + gw[u] * xw[u] + ge[u] * xe[u]
                         + gs[u] * xs_[u] + gn[u] * xn[u] + gd[u] * xd[u] + gu[u] * xu[u])
        else:
            for u in range(m):
                oc[u] = (dc[u] * xc[u] - gw[u] * xw[u] - ge[u] * xe[u]
                         - gs[u] * xs_[u] - gn[u] * xn[u] - gd[u] * xd[u] - gu[u] * xu[u])
    for p in range(e, hi):
        out[p] = _guarded_row(p, x, b, gx, gy, gz, diag, n, nyz, nz, sign)


@njit(**JIT)
def residual_norm(r, x, b, gx, gy, gz, diag, nx, ny, nz):
    """``r = b - A x`` on level 0; returns ``(r . r, b . b)``."""
    nyz = ny * nz
    n = nx * nyz
    stencil_rows(r, x, b, gx, gy, gz, diag, n, nyz, nz, 0, n, 1)
    rr = 0.0
    bb = 0.0
    for p in range(n):
        rr += r[p] * r[p]
        bb += b[p] * b[p]
    return rr, bb


@njit(inline="always", **JIT)
def _xpby_range(p, z, beta, lo, hi):
    if beta == 0.0:
        for a in range(lo, hi):
            p[a] = z[a]
    else:
        for a in range(lo, hi):
            p[a] = z[a] + beta * p[a]


@njit(**JIT)
def xpby_matvec(q, p, z, beta, gx, gy, gz, diag, nx, ny, nz):
    """``p = z + beta p`` (``p = z`` when ``beta`` is 0) then ``q = A p``, the product one
    plane behind; returns ``p . q``."""
    nyz = ny * nz
    n = nx * nyz
    _xpby_range(p, z, beta, 0, nyz)
    pq = 0.0
    for i in range(nx):
        base = i * nyz
        if i + 1 < nx:
            _xpby_range(p, z, beta, base + nyz, base + 2 * nyz)
        stencil_rows(q, p, p, gx, gy, gz, diag, n, nyz, nz, base, base + nyz, -1)
        for a in range(base, base + nyz):
            pq += p[a] * q[a]
    return pq


#: The one signature of each kernel above that is compiled.
SIGNATURES = ((residual_norm, "UniTuple(f8, 2)(A, A, A, A, A, A, A, i8, i8, i8)"),
              (xpby_matvec, "f8(A, A, A, f8, A, A, A, A, i8, i8, i8)"))


def compile_kernels() -> None:
    """Compile (or load from the cache) :data:`SIGNATURES`, keyed in numba's cache by their
    argument types as a call from compiled code keys them."""
    for kernel, text in SIGNATURES:
        kernel.compile(sigutils.normalize_signature(sig(text))[0])
