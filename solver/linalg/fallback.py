"""Dependency-free fallback (numpy/scipy only): sparse LU for small systems, Jacobi-PCG else.

Slower than :mod:`.gmg` and :mod:`.amg`, but solves every SPD stencil: SuperLU (Demmel et
al., 1999) keeps its factorization for repeated solves below :data:`DIRECT_MAX_CELLS`;
larger systems use conjugate gradients (Hestenes & Stiefel, 1952) with the diagonal as
preconditioner.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from .solve import LinearSolver
from .stencil import Stencil7

#: Systems up to this many cells are factorized once with SuperLU.
DIRECT_MAX_CELLS = 200_000


class ScipySolver(LinearSolver):
    """SuperLU (small) or Jacobi-preconditioned scipy CG (large)."""

    method = "scipy"

    def __init__(self, stencil: Stencil7, tol: float = 1e-8, maxiter: int | None = None) -> None:
        super().__init__(stencil, tol, maxiter)
        self.matrix = stencil.to_csr()
        self.lu = None
        if self.n <= DIRECT_MAX_CELLS:
            self.lu = spla.splu(self.matrix.tocsc(), permc_spec="COLAMD")
        else:
            self.jacobi = sp.diags(1.0 / self.matrix.diagonal())

    def _run(self, b, x0):
        if self.lu is not None:
            x = self.lu.solve(b)
            it = 0
        else:
            count = [0]

            def step(_):
                count[0] += 1

            x, _ = spla.cg(self.matrix, b, x0=x0, rtol=self.tol, M=self.jacobi, callback=step,
                           maxiter=self.maxiter or 50_000)
            it = count[0]
        rel = float(np.linalg.norm(b - self.matrix @ x) / np.linalg.norm(b))
        if self.lu is not None and rel > self.tol:  # one step of iterative refinement
            x = x + self.lu.solve(b - self.matrix @ x)
            it = 1
            rel = float(np.linalg.norm(b - self.matrix @ x) / np.linalg.norm(b))
        return x, it, rel
