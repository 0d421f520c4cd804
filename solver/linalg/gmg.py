"""Geometric (structured aggregation) multigrid hierarchy for :class:`Stencil7` and its PCG.

Cell-centred coarsening merges 2 cells per coarsened axis (1 where an axis is exhausted or its
coupling is weak: semi-coarsening, Trottenberg et al., *Multigrid*, 2001, §5.1/§7.6). With
the piecewise-constant prolongation ``P`` the Galerkin operator ``P^T A P`` is again a 7-point
stencil: coarse face conductance = sum of the fine conductances crossing the coarse face,
coarse ``extra`` = sum of the fine ``extra``. Such plain aggregation under-corrects smooth
errors, so the coarse-grid correction is over-relaxed by a factor ``alpha`` (Braess, "Towards
algebraic multigrid for elliptic problems of second order", Computing 55, 1995; Notay,
"An aggregation-based algebraic multigrid method", ETNA 37, 2010). The V-cycle is symmetric
and is used as the preconditioner of CG; the whole PCG loop runs in numba.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import gmg_kernels as kern
from .stencil import Stencil7

#: Over-correction of the coarse-grid correction (measured best for 2:1 aggregation).
DEFAULT_ALPHA = 1.0
#: Factor on coarse conductances along coarsened axes (0.5 ~ re-discretization).
DEFAULT_SCALE = 0.5
#: Stop coarsening at this many cells; the coarsest level is solved by dense Cholesky.
COARSEST_CELLS = 256
#: An axis is coarsened when its mean face conductance is at least this fraction of the
#: strongest in-plane (x/y) one; z uses line relaxation so it is only coarsened when strong.
THETA_XY = 0.3
THETA_Z = 0.5


def _padded(st: Stencil7) -> tuple[np.ndarray, ...]:
    """Masked face conductances padded to cell arrays, ``extra`` (0 off-body), active mask."""
    act = np.asarray(st.active, dtype=bool)
    nx, ny, nz = act.shape
    gx = np.zeros((nx, ny, nz))
    gy = np.zeros((nx, ny, nz))
    gz = np.zeros((nx, ny, nz))
    gx[:-1] = np.where(act[:-1] & act[1:], st.gx, 0.0)
    gy[:, :-1] = np.where(act[:, :-1] & act[:, 1:], st.gy, 0.0)
    gz[:, :, :-1] = np.where(act[:, :, :-1] & act[:, :, 1:], st.gz, 0.0)
    extra = np.where(act, st.extra, 0.0).astype(np.float64)
    return gx, gy, gz, extra, act


def _diag(gx, gy, gz, extra, act) -> np.ndarray:
    d = extra + gx + gy + gz
    d[1:] += gx[:-1]
    d[:, 1:] += gy[:, :-1]
    d[:, :, 1:] += gz[:, :, :-1]
    d[~act] = 1.0
    return d


def _block_sum(a: np.ndarray, f: tuple[int, int, int]) -> np.ndarray:
    """Sum ``a`` over blocks of ``f`` cells (the last block may be partial)."""
    nx, ny, nz = a.shape
    cx, cy, cz = (-(-n // k) for n, k in zip(a.shape, f, strict=True))
    if (cx * f[0], cy * f[1], cz * f[2]) != (nx, ny, nz):
        pad = np.zeros((cx * f[0], cy * f[1], cz * f[2]))
        pad[:nx, :ny, :nz] = a
        a = pad
    return a.reshape(cx, f[0], cy, f[1], cz, f[2]).sum(axis=(1, 3, 5))


def _mean_nonzero(g: np.ndarray) -> float:
    nz = g[g > 0.0]
    return float(nz.mean()) if nz.size else 0.0


def _choose_factors(gx, gy, gz, shape) -> tuple[int, int, int]:
    nx, ny, nz = shape
    sx, sy, sz = _mean_nonzero(gx), _mean_nonzero(gy), _mean_nonzero(gz)
    sxy = max(sx if nx > 1 else 0.0, sy if ny > 1 else 0.0)
    fx = 2 if nx > 1 and sx >= THETA_XY * sxy else 1
    fy = 2 if ny > 1 and sy >= THETA_XY * sxy else 1
    fz = 2 if nz > 1 and (sz >= THETA_Z * sxy or (fx == 1 and fy == 1)) else 1
    if (fx, fy, fz) == (1, 1, 1):  # no coupling left at all: merge whatever can be merged
        fx, fy, fz = (2 if n > 1 else 1 for n in shape)
    return fx, fy, fz


def _coarsen(gx, gy, gz, extra, act, f):
    fx, fy, fz = f
    nx, ny, nz = act.shape
    keep_x = (np.arange(nx) % fx == fx - 1)[:, None, None]
    keep_y = (np.arange(ny) % fy == fy - 1)[None, :, None]
    keep_z = (np.arange(nz) % fz == fz - 1)[None, None, :]
    cgx = _block_sum(gx * keep_x, f)
    cgy = _block_sum(gy * keep_y, f)
    cgz = _block_sum(gz * keep_z, f)
    cextra = _block_sum(extra, f)
    cact = _block_sum(act.astype(np.float64), f) > 0.0
    return cgx, cgy, cgz, cextra, cact


def _thomas(diag, gz):
    """Thomas factors of every z column: ``cpr = c'_k`` and ``inv_den = 1 / den_k``."""
    cpr = np.empty_like(diag)
    inv = np.empty_like(diag)
    den = diag[:, :, 0].copy()
    inv[:, :, 0] = 1.0 / den
    cpr[:, :, 0] = -gz[:, :, 0] * inv[:, :, 0]
    for k in range(1, diag.shape[2]):
        den = diag[:, :, k] + gz[:, :, k - 1] * cpr[:, :, k - 1]
        inv[:, :, k] = 1.0 / den
        cpr[:, :, k] = -gz[:, :, k] * inv[:, :, k]
    return cpr, inv


def _dense(gx, gy, gz, diag) -> np.ndarray:
    st = Stencil7(gx[:-1], gy[:, :-1], gz[:, :, :-1], np.zeros_like(diag), np.ones(diag.shape,
                                                                                   dtype=bool))
    a = st.to_csr().toarray()
    a -= np.diag(np.diag(a))
    a += np.diag(diag.ravel())
    return a


@dataclass(eq=False)
class Hierarchy:
    """Concatenated level data that :func:`gmg_kernels.pcg` consumes."""

    shp: np.ndarray
    off: np.ndarray
    fac: np.ndarray
    gx: np.ndarray
    gy: np.ndarray
    gz: np.ndarray
    diag: np.ndarray
    cpr: np.ndarray
    inv_den: np.ndarray
    mask: np.ndarray
    xs: np.ndarray
    bs: np.ndarray
    rs: np.ndarray
    lower: np.ndarray
    alpha: float
    nu: int

    @property
    def levels(self) -> int:
        return self.shp.shape[0]

    def args(self) -> tuple:
        return (self.shp, self.off, self.fac, self.gx, self.gy, self.gz, self.diag, self.cpr,
                self.inv_den, self.mask, self.xs, self.bs, self.rs, self.lower, self.alpha,
                self.nu)

    def describe(self) -> str:
        shapes = " -> ".join("x".join(str(v) for v in s) for s in self.shp)
        return f"{self.levels} levels {shapes}, alpha={self.alpha}, nu={self.nu}"


def build_hierarchy(st: Stencil7, alpha: float = DEFAULT_ALPHA, nu: int = 1,
                    coarsest: int = COARSEST_CELLS, galerkin_scale: float = DEFAULT_SCALE) -> Hierarchy:
    """Build the levels of ``st``; ``galerkin_scale`` (1 = Galerkin) scales coarse conductances
    along coarsened axes."""
    gx, gy, gz, extra, act = _padded(st)
    diag = _diag(gx, gy, gz, extra, act)
    if np.any(diag <= 0.0) or not np.all(np.isfinite(diag)):
        raise ValueError("the operator has a zero or non-finite diagonal on an active cell")
    levels = []
    while True:
        f = _choose_factors(gx, gy, gz, act.shape)
        last = act.size <= coarsest or f == (1, 1, 1)
        levels.append((gx, gy, gz, diag, act, (1, 1, 1) if last else f))
        if last:
            break
        gx, gy, gz, extra, act = _coarsen(gx, gy, gz, extra, act, f)
        if galerkin_scale != 1.0:
            gx, gy, gz = (g * (galerkin_scale if fi == 2 else 1.0)
                          for g, fi in zip((gx, gy, gz), f, strict=True))
        diag = _diag(gx, gy, gz, extra, act)
    shp = np.array([lv[4].shape for lv in levels], dtype=np.int64)
    sizes = shp.prod(axis=1)
    off = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
    fac = np.array([lv[5] for lv in levels], dtype=np.int64)
    cat = [np.concatenate([lv[q].ravel() for lv in levels]) for q in range(4)]
    thom = [_thomas(lv[3], lv[2]) for lv in levels]
    cpr = np.concatenate([t[0].ravel() for t in thom])
    inv = np.concatenate([t[1].ravel() for t in thom])
    mask = np.concatenate([lv[4].ravel().astype(np.float64) for lv in levels])
    cg = levels[-1]
    lower = np.linalg.cholesky(_dense(cg[0], cg[1], cg[2], cg[3]))
    ntot = int(sizes.sum())
    return Hierarchy(shp, off, fac, cat[0], cat[1], cat[2], cat[3], cpr, inv, mask,
                     np.zeros(ntot), np.zeros(ntot), np.zeros(ntot), lower, float(alpha), nu)


def gmg_pcg(h: Hierarchy, b: np.ndarray, x: np.ndarray, tol: float,
            maxiter: int) -> tuple[int, float]:
    """Run PCG in place on flat ``x``; returns ``(iterations, relative residual)``."""
    it, rel = kern.pcg(b, x, tol, maxiter, *h.args())
    return int(it), float(rel)


def apply_preconditioner(h: Hierarchy, r: np.ndarray) -> np.ndarray:
    """``M^-1 r`` for a flat vector (one V-cycle); for tests."""
    z = np.empty_like(r)
    kern.vcycle(np.ascontiguousarray(r, dtype=np.float64), z, h.shp, h.off, h.fac, h.gx, h.gy,
                h.gz, h.diag, h.cpr, h.inv_den, h.mask, h.xs, h.bs, h.rs, h.lower, h.alpha,
                h.nu)
    return z
