"""The field and a few lumped nodes solved together.

The bordered system (``A`` the field operator with the node links on its diagonal, ``C`` the
cell-node conductances, ``N`` the node block)::

    [ A    -C ] [T ]   [b]
    [ -C^T  N ] [Tn] = [c]

is symmetric positive definite. Two solvers:

* :class:`BorderedPCG` (field solved by geometric multigrid): CG on the whole system
  preconditioned by the exact block inverse of ``[[M, -C], [-C^T, N]]``, ``M^-1 = B`` the
  field's V-cycle; its node block is ``S~ = N - C^T B C``, the Schur complement of the
  preconditioner, formed once per operator from ``m`` V-cycles (Saad, *Iterative Methods for
  Sparse Linear Systems*, 2nd ed., 2003, sec. 14.2 on Schur complements and block
  preconditioners). The iterations stay close to a node-free solve whatever the node links.
* :class:`SchurNodeSolver` (any field solver): ``T0 = A^-1 b``, ``S Tn = c + C^T T0`` with
  ``S = N - C^T W``, ``T = T0 + W Tn``, the ``m`` columns ``W = A^-1 C`` solved once per
  operator. Exact to the field tolerance, but ``m`` extra field solves per operator.
"""

from __future__ import annotations

import numpy as np
import scipy.linalg as la
import scipy.sparse as sp

from ..errors import ConvergenceError
from .gmg import Hierarchy, apply_preconditioner
from .gmg_level0 import xpby_matvec
from .solve import LinearSolver
from .stencil import Stencil7

#: Keep the ``m`` preconditioned columns ``B C`` (cells x nodes) in memory up to this many
#: entries (256 MB); beyond, one more V-cycle per iteration replaces them.
DENSE_COLUMNS_LIMIT = 1 << 25


class BorderedPCG:
    """CG on the bordered system for a fixed field operator (``stencil``, its multigrid
    ``hierarchy``) and coupling ``C``; the node block ``N`` may change from solve to solve.
    ``field`` is the solver the hierarchy came from (a fallback); ``iterations`` counts the
    setup's V-cycles (one per node)."""

    method = "gmg-bordered"

    def __init__(self, stencil: Stencil7, hierarchy: Hierarchy, coupling: sp.csc_matrix,
                 tol: float, maxiter: int | None, field: LinearSolver,
                 columns: np.ndarray | None = None) -> None:
        self.field = field
        self.stencil = stencil
        self.hierarchy = hierarchy
        self.shape = tuple(stencil.shape)
        self.n = int(np.prod(self.shape))
        self.tol = float(tol)
        self.maxiter = maxiter or 500
        self.coupling = coupling.tocsr()
        self.coupling_t = coupling.T.tocsr()
        m = coupling.shape[1]
        self.iterations = 0
        if columns is None or columns.shape != (self.n, m):
            columns = np.empty((self.n, m))
            for j in range(m):
                columns[:, j] = self._vcycle(coupling[:, j].toarray().ravel())
            self.iterations = m
        ctbc = self.coupling_t @ columns
        self.ctbc = 0.5 * (ctbc + ctbc.T)
        self.bc = columns if self.n * m <= DENSE_COLUMNS_LIMIT else None

    def _vcycle(self, r: np.ndarray) -> np.ndarray:
        return apply_preconditioner(self.hierarchy, r)

    def _field_matvec(self, x: np.ndarray) -> np.ndarray:
        """``A x`` by the multigrid's level-0 kernel (its padded copy of the stencil)."""
        h, n = self.hierarchy, self.n
        out = np.empty(n)
        xpby_matvec(out, x, x, 0.0, h.gx[:n], h.gy[:n], h.gz[:n], h.diag[:n], *self.shape)
        return out

    def _node_preconditioner(self, node_block: np.ndarray):
        """Cholesky factor of ``S~ = N - C^T B C``; if the V-cycle is not below ``A^-1``
        enough for ``S~`` to be positive definite, the node diagonal alone (block Jacobi)."""
        try:
            return la.cho_factor(node_block - self.ctbc), True
        except la.LinAlgError:
            return np.diag(node_block).copy(), False

    def solve(self, b: np.ndarray, c: np.ndarray, node_block: np.ndarray,
              x0: np.ndarray | None = None, tn0: np.ndarray | None = None
              ) -> tuple[np.ndarray, np.ndarray, int]:
        """Field ``T`` (shape of ``b``), node temperatures ``Tn`` and the CG iterations;
        CG runs until the field and the node residuals are each within ``tol`` of their
        right-hand side with the other block's unknowns moved there (the field's: ``b + C
        Tn``, the heat put into the cells, as a field solve would see it); then the node rows are
        solved exactly for the field found, and CG resumes if that moved the field residual
        (recomputed) beyond ``tol``. So, as with the Schur complement, the node balances hold
        to round-off however stiff a link to a fixed temperature (a large ``c``)."""
        bf = np.ascontiguousarray(b, dtype=np.float64).ravel()
        c = np.asarray(c, dtype=np.float64)
        x = np.zeros(self.n) if x0 is None else np.array(x0, dtype=np.float64).ravel()
        tn = np.zeros(c.size) if tn0 is None else np.array(tn0, dtype=np.float64)
        norm_b = np.sqrt(bf @ bf + c @ c)
        if norm_b == 0.0:
            return np.zeros(b.shape), np.zeros(c.size), 0
        fac, schur = self._node_preconditioner(node_block)
        exact_nodes = la.cho_factor(node_block)
        C, Ct = self.coupling, self.coupling_t

        def operator(px, pn):
            return self._field_matvec(px) - C @ pn, node_block @ pn - Ct @ px

        def precondition(r, s):
            y = self._vcycle(r)
            if not schur:
                return y, s / fac
            if self.bc is None:
                zn = la.cho_solve(fac, s + Ct @ y)
                return self._vcycle(r + C @ zn), zn
            zn = la.cho_solve(fac, s + self.bc.T @ r)
            return y + self.bc @ zn, zn

        def residual():
            ax, an = operator(x, tn)
            return bf - ax, c - an

        def relative(r, s):
            fx, fn = bf + C @ tn, c + Ct @ x
            return max(np.sqrt(r @ r / ((fx @ fx) or norm_b ** 2)),
                       np.sqrt(s @ s / ((fn @ fn) or norm_b ** 2)))

        r, s = residual()
        rel = relative(r, s)
        it = 0
        while rel > self.tol and it < self.maxiter:
            zx, zn = precondition(r, s)
            px, pn = zx, zn
            rz = r @ zx + s @ zn
            while it < self.maxiter:
                qx, qn = operator(px, pn)
                alpha = rz / (px @ qx + pn @ qn)
                x += alpha * px
                tn += alpha * pn
                r -= alpha * qx
                s -= alpha * qn
                it += 1
                if relative(r, s) <= self.tol:
                    break
                zx, zn = precondition(r, s)
                rz, rz_old = r @ zx + s @ zn, rz
                px = zx + (rz / rz_old) * px
                pn = zn + (rz / rz_old) * pn
            tn = la.cho_solve(exact_nodes, c + Ct @ x)
            r, s = residual()
            rel = relative(r, s)
        if not (rel <= self.tol) or not np.all(np.isfinite(x)):
            raise ConvergenceError(
                f"linear solve ({self.method}) did not converge: relative residual "
                f"{rel:.3e} after {it} iterations, target {self.tol:.1e}")
        return x.reshape(b.shape), tn, it


class SchurNodeSolver:
    """Solves the bordered system above for a fixed field operator (``field``) and coupling
    ``C`` (cells x nodes); the node block ``N`` may change from solve to solve."""

    def __init__(self, field: LinearSolver, coupling: sp.csc_matrix) -> None:
        self.field = field
        self.coupling = coupling
        self.iterations = 0
        m = coupling.shape[1]
        self.w = np.empty((field.n, m))
        for j in range(m):
            col = coupling[:, j].toarray().reshape(field.shape)
            sol = field.solve(col)
            self.iterations += sol.iterations
            self.w[:, j] = sol.x.ravel()
        self.ctw = coupling.T @ self.w

    def solve(self, b: np.ndarray, c: np.ndarray, node_block: np.ndarray,
              x0: np.ndarray | None = None, tn0: np.ndarray | None = None
              ) -> tuple[np.ndarray, np.ndarray, int]:
        """Field ``T`` (shape of ``b``), node temperatures ``Tn`` and the field iterations."""
        guess = None
        if x0 is not None:
            guess = x0 if tn0 is None else x0 - (self.w @ tn0).reshape(x0.shape)
        sol = self.field.solve(b, guess)
        t0 = sol.x.ravel()
        tn = np.linalg.solve(node_block - self.ctw, c + self.coupling.T @ t0)
        return (t0 + self.w @ tn).reshape(b.shape), tn, sol.iterations
