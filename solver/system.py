"""The discrete heat balance of a :class:`~solver.discretize.Discretization`: boundary terms
at a given surface temperature, linear solves, surface temperatures and face heat flows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from solver.discretize import Discretization
from solver.errors import SolveCancelled
from solver.linalg.solve import LinearSolver, make_linear_solver
from solver.model import SolverOptions
from solver.surface import FaceConditions


@dataclass
class Boundary:
    """Boundary terms of ``conditions`` linearised at the surface temperatures ``t_lin``
    (None: no nonlinear film): per-face conductance ``g`` to ``t_ref`` and flux heat
    ``q_cell`` into the cell; summed per cell in ``extra`` and ``rhs``."""

    t_lin: np.ndarray | None
    g: np.ndarray
    t_ref: np.ndarray
    q_cell: np.ndarray
    extra: np.ndarray
    rhs: np.ndarray
    conditions: FaceConditions


class ThermalSystem:
    """Assembles and solves ``(A + B + D) T = Q + B T_ref`` for one discretization: A the
    conduction stencil, B the boundary conductances, D a diagonal (``C/dt`` in transients)."""

    def __init__(self, disc: Discretization, options: SolverOptions,
                 log: Callable[[str], None] | None = None,
                 cancel: Callable[[], bool] | None = None) -> None:
        self.disc = disc
        self.options = options
        self.log = log
        self.cancel = cancel
        self.linear_iterations = 0
        self._solvers: dict[float, LinearSolver] = {}
        self._linear_boundary: Boundary | None = None
        self._source: tuple[list[float], np.ndarray] | None = None

    @property
    def nonlinear(self) -> bool:
        return self.disc.conditions.nonlinear

    def source(self, powers: list[float]) -> np.ndarray:
        """Cell heat sources for the body powers (the last result is reused)."""
        if self._source is None or self._source[0] != powers:
            self._source = (powers, self.disc.source(powers))
        return self._source[1]

    def boundary(self, t_surface: np.ndarray | None,
                 conditions: FaceConditions | None = None) -> Boundary:
        """Boundary terms at surface temperatures ``t_surface`` (None: radiation off) of
        ``conditions`` (default: the model's, constant in time; their linear terms are
        computed once). Conditions varying in time change ``t_ref`` and ``q_cell``, never
        ``g``: the operator and its multigrid setup stay the same."""
        d = self.disc
        conditions = d.conditions if conditions is None else conditions
        cache = t_surface is None and conditions is d.conditions
        if cache and self._linear_boundary is not None:
            return self._linear_boundary
        g, t_ref, q_cell = conditions.couplings(d.faces.area, d.k_over_d, t_surface)
        n = d.grid.n_cells
        extra = np.bincount(d.faces.cell, weights=g, minlength=n)
        rhs = np.bincount(d.faces.cell, weights=g * t_ref + q_cell, minlength=n)
        b = Boundary(t_surface, g, t_ref, q_cell, extra.reshape(d.grid.shape),
                     rhs.reshape(d.grid.shape), conditions)
        if cache:
            self._linear_boundary = b
        return b

    def surface_temperature(self, t: np.ndarray, t_lin: np.ndarray | None,
                            conditions: FaceConditions | None = None) -> np.ndarray:
        """Temperature of every exposed face for cell temperatures ``t``, with the film
        linearised at ``t_lin`` (the boundary's, see :meth:`FaceConditions.surface_temperature`),
        for ``conditions`` (default: the model's; a transient's at a step)."""
        d = self.disc
        c = d.conditions if conditions is None else conditions
        return c.surface_temperature(t.ravel()[d.faces.cell], d.k_over_d, t_lin)

    def heat_out(self, t: np.ndarray, b: Boundary) -> float:
        """Total net heat (W) leaving the solid: the sum of :meth:`face_heat_out`, computed
        per cell as ``extra . T - sum(rhs)``."""
        return float(np.vdot(b.extra, t)) - float(b.rhs.sum())

    def face_heat_out(self, t: np.ndarray, b: Boundary) -> np.ndarray:
        """Net heat (W) leaving the solid through every exposed face."""
        return b.g * (t.ravel()[self.disc.faces.cell] - b.t_ref) - b.q_cell

    def solve(self, diagonal_key: float, extra: np.ndarray, rhs: np.ndarray,
              x0: np.ndarray | None, rebuild: bool) -> np.ndarray:
        """Solve with the operator ``A + diag(extra)``; the setup is kept under
        ``diagonal_key`` and reused until ``rebuild`` (the boundary terms changed)."""
        if self.cancel is not None and self.cancel():
            raise SolveCancelled("solve cancelled")
        solver = None if rebuild else self._solvers.get(diagonal_key)
        if solver is None:
            if len(self._solvers) > 4:
                self._solvers.clear()
            solver = make_linear_solver(self.disc.conduction.with_extra(extra),
                                        self.options.linear_solver, self.options.tolerance,
                                        self.options.max_iterations, self.log)
            self._solvers[diagonal_key] = solver
        sol = solver.solve(rhs, x0)
        self.linear_iterations += sol.iterations
        return sol.x
