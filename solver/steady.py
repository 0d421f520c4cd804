"""Steady conduction with a Picard outer loop for the surface films that depend on the
surface temperature: radiation (re-linearised, its irradiation from the radiosity solve at the
last surface temperatures), the air streams of flow regions (re-marched), natural convection
(under-relaxed, see :mod:`solver.patch_films`) and the air films of sealed or vented
enclosures (:mod:`solver.enclosure`); the sparsity pattern never changes: only the diagonal
and the right-hand side are re-assembled.

The loop ends when every film's heat flows have settled to ``solver.convection_tolerance``
(relative; issue 7: "until the surface heat flows settle to a set tolerance"): after each
solve, the heat flows the films in use hand over at the new surface temperatures against
those the films ask for there (the correlations' films, :meth:`NaturalConvectionFilms.settle`;
the enclosures' air, :meth:`EnclosureAir.settle`; radiation with its own radiosity solve and
the re-marched streams, :meth:`ThermalSystem.settle`). The last outer change of the field (K)
is reported beside them; it is no stopping rule of the steady loop (``solver.
nonlinear_tolerance`` bounds a transient step's iteration). The outer iterations' linear
solves are inexact: after the radiation loop's first loose ones, a relative residual of a
hundredth of the last outer change over the largest temperature, never looser than
:data:`LOOSEST_TOLERANCE`; the loop never stops after an inexact solve: once the films
settle on one, the same boundary is solved again at ``solver.tolerance`` (no new outer
iteration) and the residuals taken again, so the field returned is a full-tolerance solve of
the boundary it reports, with the residuals of that field."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from solver.errors import ConvergenceError
from solver.profiles import body_power
from solver.system import Boundary, NodeTerms, ThermalSystem

#: The radiation loop's first ``LOOSE_OUTER_ITERATIONS`` linear solves run only to the relative
#: residual ``LOOSE_TOLERANCE``: far from the answer the error of the linearisation dwarfs the
#: linear one (the demo: 75 -> 54 PCG iterations, the field unchanged to 1e-8 K). The loop
#: never stops after a loose solve, so the accepted field always meets ``solver.tolerance``.
LOOSE_OUTER_ITERATIONS = 2
LOOSE_TOLERANCE = 1e-3
LOOSEST_TOLERANCE = 1e-4  # the inexact Picard solves' loosest relative residual
FORCING = 0.01  # linear error allowed per outer change (inexact Picard)


@dataclass
class SteadyField:
    """Cell temperatures (degC; NaN outside the solid), the boundary terms of the last solve
    (so heat flows balance exactly), the outer iteration count, the lumped node temperatures
    (degC), the last outer change of the field (K) and the films' final heat-flow residuals
    (relative, by film; both empty/0 for a linear model)."""

    t: np.ndarray
    boundary: Boundary
    outer_iterations: int
    tn: np.ndarray
    change: float = 0.0
    residuals: dict[str, float] = field(default_factory=dict)


def solve_steady(system: ThermalSystem,
                 progress: Callable[[float, str], None] | None = None) -> SteadyField:
    """Solve the steady heat balance; raises ConvergenceError when the outer loop stalls."""
    disc, opts = system.disc, system.options
    q = system.source([body_power(b, None) for b in disc.model.bodies])
    t_surface = np.full(len(disc.faces), disc.model.ambient.temperature)
    t = np.full(disc.grid.shape, disc.model.ambient.temperature)
    t[~disc.active] = 0.0
    net = disc.network
    nodes = NodeTerms(np.zeros(len(net)), np.array(net.power, dtype=float))
    max_outer = opts.max_nonlinear_iterations if system.nonlinear else 1
    films, air = system.films, disc.enclosures
    if films is not None:
        films.start(disc.conditions)
    tol = max(LOOSEST_TOLERANCE, opts.tolerance) if system.nonlinear else opts.tolerance
    streams = disc.conditions.temperature_settled
    for outer in range(1, max_outer + 1):
        if progress is not None:
            progress((outer - 1) / max_outer, f"outer iteration {outer}: solving")
        b = system.boundary(t_surface if system.nonlinear else None)
        if disc.conditions.relinearised and outer <= LOOSE_OUTER_ITERATIONS:
            tol = max(opts.tolerance, LOOSE_TOLERANCE)
        if outer == max_outer:
            tol = opts.tolerance
        loose = tol > opts.tolerance
        t_new, nodes.x0 = system.solve(0.0, b.extra, q + b.rhs, t, rebuild=True, nodes=nodes,
                                       tol=tol if loose else None)
        step = float(np.max(np.abs(t_new - t)[disc.active]))
        change = step if outer > 1 else np.inf
        t = t_new
        if progress is not None:
            progress(outer / max_outer, f"outer iteration {outer}", iteration=outer,
                     residual=None if outer == 1 else change,
                     max_temperature_C=lambda t=t: float(np.max(t[disc.active])))
        if not system.nonlinear:
            break
        t_surface = system.surface_temperature(t, b.t_lin)
        residuals = _residuals(system, b, t, nodes.x0, t_surface, outer == 1)
        if loose and _settled(residuals, change, streams, opts):
            # settled on an inexact solve: the same boundary solved at the full tolerance
            t, nodes.x0 = system.solve(0.0, b.extra, q + b.rhs, t, rebuild=True, nodes=nodes)
            t_surface = system.surface_temperature(t, b.t_lin)
            residuals = _residuals(system, b, t, nodes.x0, t_surface, outer == 1)
            loose = False
        if not loose and _settled(residuals, change, streams, opts):
            break
        for f in (films, air):
            if f is not None:
                f.relax(opts.convection_relaxation)
        tol = inexact_tolerance(t[disc.active], step, opts.tolerance)
    else:
        raise ConvergenceError(
            "the surface films (radiation, natural convection, flow regions, enclosure air) did "
            "not settle: "
            + ", ".join(f"{what} heat flows by {r:.3g}" for what, r in residuals.items())
            + f" (target {opts.convection_tolerance:g}), temperatures still changing by "
            f"{change:.3g} K"
            + (f" (target {opts.nonlinear_tolerance:g} K, flow regions)" if streams else "")
            + f" after {max_outer} outer iterations; raise solver.max_nonlinear_iterations")
    t = t.copy()
    t[~disc.active] = np.nan
    return SteadyField(t, b, outer, nodes.x0, change if system.nonlinear else 0.0,
                       residuals if system.nonlinear else {})


def _residuals(system: ThermalSystem, b: Boundary, t: np.ndarray, tn: np.ndarray,
               t_surface: np.ndarray, first: bool) -> dict[str, float]:
    """Each film's relative heat-flow mismatch for the field ``t`` (nodes ``tn``, surface
    temperatures ``t_surface``) solved with the boundary ``b``; the films take their new
    targets (see the module's doc). The re-linearised films never settle on the ``first``
    outer iteration: its boundary is linearised at the uniform starting guess, not at a
    solution (a flow region's stream, marched from it, has not been heated yet)."""
    films, air = system.films, system.disc.enclosures
    out = {}
    if films is not None:
        out["natural-convection"] = films.settle(t_surface, system.disc.conditions)
    if air is not None:
        out["enclosure-air"] = air.settle(t, tn)
    if system.disc.conditions.heat_flow_settled:
        out["radiation"] = np.inf if first else system.settle(b, t_surface)
    return out


def _settled(residuals: dict[str, float], change: float, streams: bool, opts) -> bool:
    """Every film's heat flows settled and, with flow regions' streams, the field too."""
    return all(r < opts.convection_tolerance for r in residuals.values()) and (
        not streams or change < opts.nonlinear_tolerance)


def inexact_tolerance(t: np.ndarray, change: float, tight: float) -> float:
    """Relative residual for the next outer iteration's linear solve: its error (about the
    residual times the largest temperature) a :data:`FORCING` fraction of the last outer
    ``change`` (K), between ``tight`` and :data:`LOOSEST_TOLERANCE` (an inexact Picard
    iteration, after Eisenstat & Walker, SIAM J. Sci. Comput. 17, 1996)."""
    scale = float(np.max(np.abs(t))) if t.size else 0.0
    if not np.isfinite(change) or scale <= 0.0:
        return tight
    return min(max(FORCING * change / scale, tight), max(LOOSEST_TOLERANCE, tight))
