"""pyamg-preconditioned CG (optional dependency).

Ruge–Stüben classical AMG (Ruge & Stüben, "Algebraic multigrid", in *Multigrid Methods*,
SIAM 1987) as implemented by pyamg (Olson & Schroder, 2018), used as a CG preconditioner.
"""

from __future__ import annotations

import numpy as np

from .solve import LinearSolver
from .stencil import Stencil7


class PyAMGSolver(LinearSolver):
    """pyamg Ruge–Stüben hierarchy built once, CG-accelerated V-cycles per solve."""

    method = "pyamg"

    def __init__(self, stencil: Stencil7, tol: float = 1e-8, maxiter: int | None = None) -> None:
        import pyamg

        super().__init__(stencil, tol, maxiter)
        self.matrix = stencil.to_csr()
        self.ml = pyamg.ruge_stuben_solver(self.matrix)

    def _run(self, b, x0):
        res: list[float] = []
        x = self.ml.solve(b, x0=x0, tol=self.tol, accel="cg", maxiter=self.maxiter or 500,
                          residuals=res)
        rel = float(np.linalg.norm(b - self.matrix @ x) / np.linalg.norm(b))
        return x, max(len(res) - 1, 0), rel
