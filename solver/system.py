"""The discrete heat balance of a :class:`~solver.discretize.Discretization`: boundary terms
at a given surface temperature, linear solves, surface temperatures and face heat flows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from solver.discretize import Discretization
from solver.errors import ConvergenceError, SolveCancelled
from solver.linalg.bordered import BorderedPCG, SchurNodeSolver
from solver.linalg.solve import GMGSolver, LinearSolver, make_linear_solver
from solver.model import SolverOptions
from solver.patch_films import NaturalConvectionFilms
from solver.surface import FaceConditions


@dataclass
class NodeTerms:
    """What a solve adds to the lumped nodes' rows: a diagonal ``extra`` (``C/dt`` in
    transients), a source ``rhs`` (W: power, history terms) and a starting guess ``x0``."""

    extra: np.ndarray
    rhs: np.ndarray
    x0: np.ndarray | None = None


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
    conduction stencil, B the boundary conductances, D a diagonal (``C/dt`` in transients);
    with lumped nodes (``disc.network``) the node temperatures are solved together with ``T``
    (:mod:`solver.linalg.bordered`)."""

    def __init__(self, disc: Discretization, options: SolverOptions,
                 log: Callable[[str], None] | None = None,
                 cancel: Callable[[], bool] | None = None) -> None:
        self.disc = disc
        self.options = options
        self.log = log
        self.cancel = cancel
        self.linear_iterations = 0
        self._solvers: dict[float, LinearSolver | SchurNodeSolver | BorderedPCG] = {}
        self._columns: dict[float, np.ndarray] = {}  # the bordered CG's B C per diagonal key
        self._network: tuple | None = None
        self._linear_boundary: Boundary | None = None
        self._source: tuple[list[float], np.ndarray] | None = None
        self.films = NaturalConvectionFilms.of(disc)

    @property
    def nonlinear(self) -> bool:
        """Whether a film depends on the temperatures (an enclosure's air films do)."""
        return self.disc.conditions.nonlinear or self.disc.enclosures is not None

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
        ``g``: the operator and its multigrid setup stay the same. The natural-convection
        films in use (:attr:`films`) are installed into ``conditions`` first."""
        d = self.disc
        conditions = d.conditions if conditions is None else conditions
        if self.films is not None:
            self.films.install(conditions)
        cache = t_surface is None and conditions is d.conditions and self.films is None
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

    def settle(self, b: Boundary, t_surface: np.ndarray) -> float:
        """How far the films settling by heat flow (radiation) of the boundary ``b`` in
        use are from settled at the surface temperatures ``t_surface`` of the field solved
        with it: ``sum A |q_b - q| / sum A |q|`` over the faces, ``q_b`` the films' heat flux
        linearised at ``b.t_lin`` (with the irradiation of the radiosity solve there), ``q``
        their heat flux at ``t_surface`` itself (its own radiosity solve), the relative
        mismatch of heat flows of :meth:`solver.patch_films.NaturalConvectionFilms.settle`
        (0 without heat flow)."""
        c, area = b.conditions, self.disc.faces.area
        q_b = c.relinearised_flux(t_surface, b.t_lin)
        q = c.relinearised_flux(t_surface, t_surface)  # last: the next boundary's radiosity
        miss = float(np.sum(area * np.abs(q_b - q)))
        scale = float(np.sum(area * np.abs(q)))
        return miss / scale if scale > 0.0 else 0.0

    def heat_out(self, t: np.ndarray, b: Boundary) -> float:
        """Total net heat (W) leaving the solid: the sum of :meth:`face_heat_out`, computed
        per cell as ``extra . T - sum(rhs)``."""
        return float(np.vdot(b.extra, t)) - float(b.rhs.sum())

    def face_heat_out(self, t: np.ndarray, b: Boundary) -> np.ndarray:
        """Net heat (W) leaving the solid through every exposed face."""
        return b.g * (t.ravel()[self.disc.faces.cell] - b.t_ref) - b.q_cell

    @property
    def n_nodes(self) -> int:
        return len(self.disc.network)

    def network_terms(self) -> tuple[sp.csc_matrix, np.ndarray, np.ndarray, np.ndarray]:
        """The lumped network assembled once (again when cell-link conductances changed: the
        enclosures' air films): the cell-node coupling, its row sums on the cell diagonal,
        the node block and the fixed-temperature source of the nodes."""
        net = self.disc.network
        if self._network is not None and self._network[4] != (len(net), len(net.links)):
            raise RuntimeError("lumped nodes or links were added after the first solve: "
                               "build the network before solving")
        if self._network is None or self._network[5] != net.revision:
            c = net.coupling()
            diag = np.asarray(c.sum(axis=1)).reshape(self.disc.grid.shape)
            self._network = (c, diag, net.node_matrix(), net.fixed_source(),
                             (len(net), len(net.links)), net.revision)
        return self._network[:4]

    def solve(self, diagonal_key: float, extra: np.ndarray, rhs: np.ndarray,
              x0: np.ndarray | None, rebuild: bool,
              nodes: NodeTerms | None = None,
              tol: float | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Solve with the operator ``A + diag(extra)`` (and the lumped nodes, their rows
        given by ``nodes``); the setup is kept under ``diagonal_key`` and reused until
        ``rebuild`` (the boundary terms changed). ``tol``: a relative tolerance for this
        solve only, instead of the options' (its setup is built afresh and not kept).
        Returns the field and the node temperatures (empty without nodes)."""
        if self.cancel is not None and self.cancel():
            raise SolveCancelled("solve cancelled")
        solver = None if rebuild or tol is not None else self._solvers.get(diagonal_key)
        if solver is None:
            if len(self._solvers) > 4:  # the kept columns too: up to n x nodes floats each
                self._solvers.clear()
                self._columns.clear()
            solver = self._make_solver(extra, self.options.tolerance if tol is None else tol,
                                       diagonal_key)
            if tol is None:
                self._solvers[diagonal_key] = solver
            else:
                self._solvers.pop(diagonal_key, None)
        # Solve for the deviation from one uniform temperature t0 (the whole system's
        # lumped mean, K 1 t0 balancing the summed sources): the relative tolerance then
        # measures the heat flows, not the degC offset of the films' and links' reference
        # temperatures (which would loosen it on nearly isothermal, highly conductive bodies).
        active = self.disc.conduction.active
        k1 = np.where(active, extra, 0.0)  # the field rows of K 1 (conduction rows sum to 0;
        if x0 is not None:                  # inactive cells, identity rows, are left as they are)
            x0 = np.where(active, x0, 0.0)
        if not self.n_nodes:
            t0 = _uniform_temperature(rhs[active].sum(), k1.sum())
            b = rhs - t0 * k1
            if _round_off(b, rhs):
                return np.where(active, t0, rhs), np.zeros(0)
            sol = solver.solve(b, None if x0 is None else x0 - t0 * active)
            self.linear_iterations += sol.iterations
            return sol.x + t0 * active, np.zeros(0)
        coupling, _, block, fixed = self.network_terms()
        nodes = nodes or NodeTerms(np.zeros(self.n_nodes), np.zeros(self.n_nodes))
        block = block + np.diag(nodes.extra)
        c = nodes.rhs + fixed
        k1_nodes = block.sum(axis=1) - np.asarray(coupling.sum(axis=0)).ravel()
        t0 = _uniform_temperature(rhs[active].sum() + c.sum(), k1.sum() + k1_nodes.sum())
        args = (rhs - t0 * k1, c - t0 * k1_nodes, block,
                None if x0 is None else x0 - t0 * active,
                None if nodes.x0 is None else nodes.x0 - t0)
        if _round_off(np.concatenate([args[0].ravel(), args[1]]),
                      np.concatenate([rhs.ravel(), c])):
            return np.where(active, t0, rhs), np.full(self.n_nodes, t0)
        try:
            t, tn, it = solver.solve(*args)
        except ConvergenceError as exc:
            if self.options.linear_solver != "auto" or not isinstance(solver, BorderedPCG):
                raise
            self._note(f"{exc}; retrying with the Schur complement")
            solver = self._schur(solver.field)
            if tol is None:
                self._solvers[diagonal_key] = solver
            t, tn, it = solver.solve(*args)
        self.linear_iterations += it
        return t + t0 * active, tn + t0

    def _note(self, msg: str) -> None:
        if self.log is not None:
            self.log(msg)

    def _make_solver(self, extra: np.ndarray, tol: float,
                     diagonal_key: float) -> LinearSolver | SchurNodeSolver | BorderedPCG:
        """The field's linear solver for ``A + diag(extra)`` to the relative residual ``tol``;
        with nodes, the bordered CG around its multigrid (gmg, auto), else the Schur solver
        around it (the setup's V-cycles or column solves counted as linear iterations). The
        bordered CG of a rebuilt operator under the same ``diagonal_key`` (the next outer
        iteration's boundary) takes the last one's preconditioned columns ``B C`` instead of
        ``m`` new V-cycles: its preconditioner stays symmetric positive definite, a little
        further from the exact block inverse (see :class:`BorderedPCG`)."""
        if self.n_nodes:
            _, diag, _, _ = self.network_terms()
            extra = extra + diag
        stencil = self.disc.conduction.with_extra(extra)
        solver = make_linear_solver(stencil, self.options.linear_solver, tol,
                                    self.options.max_iterations, self.log)
        if not self.n_nodes:
            return solver
        field = solver if isinstance(solver, GMGSolver) else getattr(solver, "primary", None)
        if isinstance(field, GMGSolver):
            nodal: SchurNodeSolver | BorderedPCG = BorderedPCG(
                stencil, field.hierarchy, self.network_terms()[0], tol,
                self.options.max_iterations, solver, self._columns.get(diagonal_key))
            if nodal.bc is not None:
                self._columns[diagonal_key] = nodal.bc
        else:
            nodal = SchurNodeSolver(solver, self.network_terms()[0])
        self.linear_iterations += nodal.iterations
        return nodal

    def _schur(self, solver: LinearSolver) -> SchurNodeSolver:
        """The Schur solver around ``auto``'s fallback (after the bordered CG failed)."""
        solver.primary = None
        schur = SchurNodeSolver(solver, self.network_terms()[0])
        self.linear_iterations += schur.iterations
        return schur


def _uniform_temperature(source: float, k1: float) -> float:
    """The uniform temperature at which the summed sources (W) balance the summed ``K 1``
    (W/K: what ties the system to known temperatures); 0 if nothing does."""
    return source / k1 if k1 > 0.0 and np.isfinite(source / k1) else 0.0


def _round_off(shifted: np.ndarray, rhs: np.ndarray) -> bool:
    """Whether the right-hand side left after the uniform temperature is round-off (1e-12
    of the original): that temperature is then the solution (nothing to solve for)."""
    return bool(np.linalg.norm(shifted) <= 1e-12 * np.linalg.norm(rhs))
