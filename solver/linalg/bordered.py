"""The field and a few lumped nodes solved together by a Schur complement on the nodes.

The bordered system (``A`` the field operator with the node links on its diagonal, ``C`` the
cell-node conductances, ``N`` the node block)::

    [ A    -C ] [T ]   [b]
    [ -C^T  N ] [Tn] = [c]

is solved as ``T0 = A^-1 b``, ``S Tn = c + C^T T0`` with ``S = N - C^T W``, ``T = T0 + W Tn``,
where the ``m`` columns ``W = A^-1 C`` are solved once per operator (with the field's own
:class:`~solver.linalg.solve.LinearSolver`, so its cached multigrid hierarchy) and reused for
every right-hand side while ``A`` is unchanged (Saad, *Iterative Methods for Sparse Linear
Systems*, 2nd ed., 2003, sec. 14.2 on Schur complements). Using the same ``W`` for ``S`` and
``T`` satisfies the node equations to round-off; the field equations hold to the field
solver's tolerance. Cost: ``m`` extra solves per operator, ``m`` dense cell vectors in memory.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from .solve import LinearSolver


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
