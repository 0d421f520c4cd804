"""Geometric (structured aggregation) multigrid hierarchy for :class:`Stencil7` and its PCG.

Cell-centred coarsening merges 2 cells per coarsened axis (1 where an axis is exhausted or its
coupling is weak: semi-coarsening, Trottenberg et al., *Multigrid*, 2001, §5.1/§7.6). With
the piecewise-constant prolongation ``P`` the Galerkin operator ``P^T A P`` is again a 7-point
stencil: coarse face conductance = sum of the fine conductances crossing the coarse face,
coarse ``extra`` = sum of the fine ``extra``. Such plain aggregation makes the coarse
conductances about twice too stiff and under-corrects smooth errors; the usual cure is to
over-correct by a factor ~2 (Braess, "Towards algebraic multigrid for elliptic problems of
second order", Computing 55, 1995; Notay, "An aggregation-based algebraic multigrid method",
ETNA 37, 2010; Notay & Vassilevski's K-cycle, NLAA 15, 2008). Measured here (PLATE-CHIP,
G50k/G1M) the best is to scale only the conductances along coarsened axes by 0.5 — what
re-discretising on the coarse cells gives — and leave ``extra`` (boundary films, ``C/dt``)
summed: 9-14 PCG iterations against 19-31 for Galerkin with ``alpha`` = 1.8 / 1. The V-cycle
is symmetric (lexicographic z-line Gauss–Seidel forward before, backward after the coarse
correction) and preconditions CG; the whole PCG loop runs in numba, single-threaded and fused
plane by plane (:mod:`.gmg_serial`). Inactive cells (identity rows) split z columns into
independent runs of active cells, listed per level (:func:`_active_runs`) so that the line
solves skip them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..jit_cache import MULTIGRID_KERNELS, compiled_module
from . import gmg_setup as setup
from .stencil import Stencil7

#: Over-correction factor of the coarse-grid correction (1: none; see DEFAULT_SCALE).
DEFAULT_ALPHA = 1.0
#: Factor on coarse conductances along coarsened axes (0.5 ~ re-discretization).
DEFAULT_SCALE = 0.5
#: Pre- and post-smoothing sweeps per level. Two beat one on both measured problems (CPU time
#: of the PCG, best of 3, 2026-12-02, ``bench/gmg_options.py``): PLATE-CHIP G1M aniso
#: 0.56 -> 0.46 s (11 -> 6 iterations), iso 0.43 -> 0.39 s (10 -> 6); the FreeCAD demo's six
#: radiation solves 6.6 -> 5.9 s (346 -> 203 iterations). Three: demo 5.7 s, iso 0.42 s.
DEFAULT_NU = 2
#: Stop coarsening at this many cells; the coarsest level is solved by dense Cholesky.
COARSEST_CELLS = 256
#: An axis is coarsened when its mean face conductance is at least this fraction of the
#: strongest in-plane (x/y) one; z uses line relaxation (the smoother solves z couplings
#: exactly) so it is only coarsened when clearly stronger than x/y: 0.5 -> 1.5 cut the demo's
#: iterations by a quarter (first radiation solve 47 -> 35) and leaves both PLATE-CHIP
#: hierarchies as they were (their z/xy conductance ratio is 1.56 and above).
THETA_XY = 0.3
THETA_Z = 1.5
#: A level whose ``extra`` (e.g. ``C/dt`` of a transient) exceeds this multiple of its summed
#: in-plane conductances ends the hierarchy: one symmetric z-line Gauss–Seidel sweep pair
#: replaces the coarsest direct solve (for the G50k iso transient the finest level already
#: qualifies, and PCG with that one-level preconditioner is 2x faster than with the V-cycle).
DOMINANT_EXTRA = 1.0


def _choose_factors(means: np.ndarray, shape: tuple[int, int, int]) -> tuple[int, int, int]:
    """Coarsening factors from the mean face conductance along each axis."""
    nx, ny, nz = shape
    sx, sy, sz = means
    sxy = max(sx if nx > 1 else 0.0, sy if ny > 1 else 0.0)
    fx = 2 if nx > 1 and sx >= THETA_XY * sxy else 1
    fy = 2 if ny > 1 and sy >= THETA_XY * sxy else 1
    fz = 2 if nz > 1 and (sz >= THETA_Z * sxy or (fx == 1 and fy == 1)) else 1
    if (fx, fy, fz) == (1, 1, 1):  # no coupling left at all: merge whatever can be merged
        fx, fy, fz = (2 if n > 1 else 1 for n in shape)
    return fx, fy, fz


def _dense(gx, gy, gz, diag) -> np.ndarray:
    """The coarsest level's matrix, dense (numpy only: no scipy import for a solve)."""
    shape = diag.shape
    idx = np.arange(diag.size).reshape(shape)
    a = np.zeros((diag.size, diag.size))
    for g, lo, hi in ((gx[:-1], idx[:-1], idx[1:]), (gy[:, :-1], idx[:, :-1], idx[:, 1:]),
                      (gz[:, :, :-1], idx[:, :, :-1], idx[:, :, 1:])):
        a[lo.ravel(), hi.ravel()] = -g.ravel()
        a[hi.ravel(), lo.ravel()] = -g.ravel()
    a[idx.ravel(), idx.ravel()] = diag.ravel()
    return a


def _active_runs(masks: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """The maximal runs ``[k0, k1)`` of active cells along z of every column of every level
    (in the levels' C order) and the CSR pointers ``rp`` into them, one per column + 1."""
    counts, runs = [], []
    for act in masks:
        nx, ny = act.shape[:2]
        edge = np.diff(act.astype(np.int8), axis=2, prepend=0, append=0)
        i, j, k0 = np.nonzero(edge == 1)
        k1 = np.nonzero(edge == -1)[2]
        counts.append(np.bincount(i * ny + j, minlength=nx * ny))
        runs.append(np.stack([k0, k1], axis=1))
    rp = np.concatenate([[0], np.cumsum(np.concatenate(counts))]).astype(np.int64)
    return rp, np.ascontiguousarray(np.concatenate(runs), dtype=np.int64)


@dataclass(eq=False)
class Hierarchy:
    """Concatenated level data that :func:`gmg_serial.pcg` consumes (``args``)."""

    shp: np.ndarray
    off: np.ndarray
    fac: np.ndarray
    gx: np.ndarray
    gy: np.ndarray
    gz: np.ndarray
    diag: np.ndarray
    cpr: np.ndarray
    inv_den: np.ndarray
    xs: np.ndarray
    bs: np.ndarray
    rs: np.ndarray
    lower: np.ndarray
    alpha: float
    nu: int
    rp: np.ndarray  # run pointers of every z column of every level (CSR, levels in order)
    runs: np.ndarray  # (start, end) k of each active run of a column
    dense: np.ndarray  # 1 for a level whose cells are all active (solved whole)
    work: np.ndarray | None = None  # PCG vectors r, z, p, q, allocated by the first solve
    plane: np.ndarray | None = None  # two x-planes of level 0 (serial kernels)

    @property
    def levels(self) -> int:
        return self.shp.shape[0]

    def args(self) -> tuple:
        if self.plane is None:
            self.plane = np.empty(2 * int(self.shp[0, 1] * self.shp[0, 2]))
        return (self.shp, self.off, self.fac, self.gx, self.gy, self.gz, self.diag, self.cpr,
                self.inv_den, self.xs, self.bs, self.rs, self.lower, self.alpha, self.nu,
                self.rp, self.runs, self.dense, self.plane)

    def describe(self) -> str:
        shapes = " -> ".join("x".join(str(v) for v in s) for s in self.shp)
        coarse = "Cholesky" if self.lower.size else "smoothing"
        return f"{self.levels} levels {shapes} ({coarse}), alpha={self.alpha}, nu={self.nu}"


def build_hierarchy(st: Stencil7, alpha: float = DEFAULT_ALPHA, nu: int = DEFAULT_NU,
                    coarsest: int = COARSEST_CELLS, galerkin_scale: float = DEFAULT_SCALE,
                    max_levels: int = 64) -> Hierarchy:
    """Build the levels of ``st``.

    ``galerkin_scale`` (1 = Galerkin) scales coarse conductances along coarsened axes, ``nu``
    is the number of pre- and post-smoothing sweeps.
    """
    act = np.ascontiguousarray(st.active, dtype=np.bool_)
    gx, gy, gz, extra = setup.pad_level0(*(np.ascontiguousarray(a, dtype=np.float64)
                                           for a in (st.gx, st.gy, st.gz, st.extra)), act)
    diag = setup.diagonal(gx, gy, gz, extra, act)
    if not np.all(diag > 0.0) or not np.all(np.isfinite(diag)):
        raise ValueError("the operator has a zero, negative or non-finite diagonal")
    levels = []
    while True:
        f = _choose_factors(setup.mean_nonzero(gx, gy, gz), act.shape)
        dominant = setup.extra_ratio(gx, gy, extra) > DOMINANT_EXTRA
        dominant = dominant or len(levels) + 1 >= max_levels
        last = act.size <= coarsest or f == (1, 1, 1) or dominant
        levels.append((gx, gy, gz, diag, act, (1, 1, 1) if last else f))
        if last:
            break
        gx, gy, gz, extra, act = setup.coarsen(gx, gy, gz, extra, act, *f, galerkin_scale)
        diag = setup.diagonal(gx, gy, gz, extra, act)
    shp = np.array([lv[4].shape for lv in levels], dtype=np.int64)
    sizes = shp.prod(axis=1)
    off = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
    fac = np.array([lv[5] for lv in levels], dtype=np.int64)
    ntot = int(sizes.sum())
    cat = [np.empty(ntot) for _ in range(6)]
    for lv, o, n in zip(levels, off, sizes, strict=True):
        cpr, inv = setup.thomas(lv[3], lv[2])
        for buf, arr in zip(cat, (lv[0], lv[1], lv[2], lv[3], cpr, inv), strict=True):
            buf[o:o + n] = arr.ravel()
    cg = levels[-1]
    if dominant:
        lower = np.zeros((0, 0))
    else:
        lower = np.ascontiguousarray(np.linalg.cholesky(_dense(cg[0], cg[1], cg[2], cg[3])))
    rp, runs = _active_runs([lv[4] for lv in levels])
    dense = np.array([lv[4].all() for lv in levels], dtype=np.int64)
    return Hierarchy(shp, off, fac, *cat, np.zeros(ntot), np.zeros(ntot), np.zeros(ntot),
                     lower, float(alpha), nu, rp, runs, dense)


def _kernels():
    """The PCG kernels (:mod:`.gmg_serial`, compiled at its import: imported on first use,
    after a background compile of a cold cache, see :mod:`solver.jit_cache`)."""
    return compiled_module(MULTIGRID_KERNELS)


def gmg_pcg(h: Hierarchy, b: np.ndarray, x: np.ndarray, tol: float,
            maxiter: int) -> tuple[int, float]:
    """Run PCG in place on flat ``x``; returns ``(iterations, relative residual)``."""
    n = x.shape[0]
    if h.work is None:
        h.work = np.empty((4, n))
    r, z, p, q = h.work
    it, rel = _kernels().pcg(b, x, r, z, p, q, tol, maxiter, *h.args())
    return int(it), float(rel)


def apply_preconditioner(h: Hierarchy, r: np.ndarray) -> np.ndarray:
    """``M^-1 r`` for a flat vector (one V-cycle); for tests."""
    z = np.empty_like(r)
    r = np.ascontiguousarray(r, dtype=np.float64)
    _kernels().vcycle(r, z, *h.args())
    return z
