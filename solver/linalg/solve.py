"""Entry point of the linear solvers: :func:`make_linear_solver` and :class:`LinearSolution`.

A :class:`LinearSolver` keeps its setup (multigrid hierarchy, AMG levels or factorization) so
a transient loop can call :meth:`LinearSolver.solve` hundreds of times with the same matrix.
Methods: ``"gmg"`` (numba geometric multigrid PCG, :mod:`.gmg`), ``"pyamg"`` (:mod:`.amg`),
``"scipy"`` (:mod:`.fallback`) and ``"auto"`` (gmg, then pyamg or scipy if gmg fails).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..errors import ConvergenceError
from .stencil import Stencil7

LOGGER = logging.getLogger("thermocraft.solver")
METHODS = ("auto", "gmg", "pyamg", "scipy")


@dataclass
class LinearSolution:
    """Solution ``x`` (cell array), PCG ``iterations``, relative ``residual`` and ``method``."""

    x: np.ndarray
    iterations: int
    residual: float
    method: str


class LinearSolver:
    """Base class: input checks, ``b == 0``, residual check and the ConvergenceError."""

    method = "?"

    def __init__(self, stencil: Stencil7, tol: float, maxiter: int | None) -> None:
        self.stencil = stencil
        self.shape = tuple(stencil.shape)
        self.n = int(np.prod(self.shape))
        self.tol = float(tol)
        self.maxiter = maxiter
        inactive = ~np.asarray(stencil.active, dtype=bool).ravel()
        self._inactive = np.flatnonzero(inactive) if inactive.any() else None

    def _run(self, b: np.ndarray, x0: np.ndarray | None) -> tuple[np.ndarray, int, float]:
        """Solve for flat ``b``; return flat ``x``, iterations and relative residual."""
        raise NotImplementedError

    def solve(self, b: np.ndarray, x0: np.ndarray | None = None) -> LinearSolution:
        """Solve ``A x = b`` to the relative residual ``tol``; raises ConvergenceError."""
        b = np.ascontiguousarray(b, dtype=np.float64)
        if b.shape != self.shape:
            raise ValueError(f"right-hand side has shape {b.shape}, the operator {self.shape}")
        if not np.all(np.isfinite(b)):
            raise ValueError("right-hand side contains NaN or infinity")
        bf = b.ravel()
        if not (bf != 0.0).any():  # (4x faster than np.any on a float array)
            return LinearSolution(np.zeros(self.shape), 0, 0.0, self.method)
        if x0 is not None:
            x0 = np.ascontiguousarray(x0, dtype=np.float64)
            if x0.shape != self.shape:
                raise ValueError(f"x0 has shape {x0.shape}, the operator {self.shape}")
            x0 = x0.ravel()
        x, it, rel = self._run(bf, x0)
        if self._inactive is not None:  # identity rows, decoupled: exact (this can only
            x[self._inactive] = bf[self._inactive]  # lower the residual reported)
        if not (rel <= self.tol) or not np.all(np.isfinite(x)):
            raise ConvergenceError(
                f"linear solve ({self.method}) did not converge: relative residual "
                f"{rel:.3e} after {it} iterations, target {self.tol:.1e}")
        return LinearSolution(x.reshape(self.shape), it, rel, self.method)


class GMGSolver(LinearSolver):
    """CG preconditioned by the symmetric geometric multigrid V-cycle (see :mod:`.gmg`)."""

    method = "gmg"

    def __init__(self, stencil: Stencil7, tol: float = 1e-8, maxiter: int | None = None,
                 **options) -> None:
        from .gmg import build_hierarchy
        super().__init__(stencil, tol, maxiter)
        self.hierarchy = build_hierarchy(stencil, **options)

    def _run(self, b, x0):
        from .gmg import gmg_pcg
        x = np.zeros(self.n) if x0 is None else x0.copy()
        it, rel = gmg_pcg(self.hierarchy, b, x, self.tol, self.maxiter or 500)
        return x, it, rel


class _FallbackSolver(LinearSolver):
    """``auto``: gmg first; on failure the fallback (pyamg or scipy), logged."""

    method = "auto"

    def __init__(self, stencil: Stencil7, tol: float, maxiter: int | None,
                 log: Callable[[str], None] | None) -> None:
        super().__init__(stencil, tol, maxiter)
        self._log = log
        self.primary: LinearSolver | None = None
        self.fallback: LinearSolver | None = None
        try:
            self.primary = GMGSolver(stencil, tol, maxiter)
        except Exception as exc:
            self._note(f"geometric multigrid setup failed ({exc}); using the fallback solver")

    def _note(self, msg: str) -> None:
        _emit(msg, self._log)

    def _fallback(self) -> LinearSolver:
        if self.fallback is None:
            self.fallback = _make_fallback(self.stencil, self.tol, self.maxiter, self._log)
        return self.fallback

    def solve(self, b, x0=None) -> LinearSolution:
        if self.primary is not None:
            try:
                return self.primary.solve(b, x0)
            except ConvergenceError as exc:
                self._note(f"{exc}; retrying with the fallback solver")
                self.primary = None
        return self._fallback().solve(b, x0)


def _emit(msg: str, log: Callable[[str], None] | None) -> None:
    LOGGER.warning(msg)
    if log is not None:
        log(msg)


def _pyamg_available() -> bool:
    try:
        import pyamg  # noqa: F401
    except ImportError:
        return False
    return True


def _make_fallback(stencil: Stencil7, tol: float, maxiter: int | None,
                   log: Callable[[str], None] | None) -> LinearSolver:
    if _pyamg_available():
        from .amg import PyAMGSolver
        _emit("falling back to pyamg-preconditioned CG", log)
        return PyAMGSolver(stencil, tol, maxiter)
    from .fallback import ScipySolver
    _emit("pyamg is not installed: falling back to the scipy solver, which is slower "
          "(install pyamg for a faster fallback)", log)
    return ScipySolver(stencil, tol, maxiter)


def make_linear_solver(stencil: Stencil7, method: str = "auto", tol: float = 1e-8,
                       maxiter: int | None = None,
                       log: Callable[[str], None] | None = None) -> LinearSolver:
    """A reusable solver for ``A x = b`` with the operator ``stencil``.

    ``method`` is one of ``auto``, ``gmg``, ``pyamg``, ``scipy``; ``tol`` the relative residual
    ``||b - A x|| / ||b||``; ``log`` an optional callable receiving fallback notes (they also go
    to the ``thermocraft.solver`` logger).
    """
    if method not in METHODS:
        raise ValueError(f"unknown linear solver {method!r}; choose one of {', '.join(METHODS)}")
    if method == "gmg":
        return GMGSolver(stencil, tol, maxiter)
    if method == "pyamg":
        if not _pyamg_available():
            raise ImportError("method 'pyamg' needs pyamg, which is not installed")
        from .amg import PyAMGSolver
        return PyAMGSolver(stencil, tol, maxiter)
    if method == "scipy":
        from .fallback import ScipySolver
        return ScipySolver(stencil, tol, maxiter)
    return _FallbackSolver(stencil, tol, maxiter, log)
