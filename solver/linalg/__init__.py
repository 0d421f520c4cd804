"""Linear algebra for the 7-point finite-volume operator.

:func:`make_linear_solver` (in :mod:`.solve`) returns a reusable solver for a
:class:`~solver.linalg.stencil.Stencil7`: numba geometric multigrid PCG (:mod:`.gmg`), pyamg
(:mod:`.amg`) or scipy (:mod:`.fallback`).
"""

from .solve import LinearSolution, LinearSolver, make_linear_solver

__all__ = ["LinearSolution", "LinearSolver", "make_linear_solver"]
