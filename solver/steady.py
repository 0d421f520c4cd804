"""Steady conduction with a Picard outer loop for the surface films that depend on the
surface temperature: radiation (re-linearised) and natural convection (under-relaxed, see
:mod:`solver.patch_films`; the air films of sealed enclosures alike, :mod:`solver.enclosure`);
the sparsity pattern never changes: only the diagonal and the
right-hand side are re-assembled."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

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


@dataclass
class SteadyField:
    """Cell temperatures (degC; NaN outside the solid), the boundary terms of the last solve
    (so heat flows balance exactly), the outer iteration count and the lumped node
    temperatures (degC)."""

    t: np.ndarray
    boundary: Boundary
    outer_iterations: int
    tn: np.ndarray


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
    for outer in range(1, max_outer + 1):
        if progress is not None:
            progress((outer - 1) / max_outer, f"outer iteration {outer}: solving")
        b = system.boundary(t_surface if system.nonlinear else None)
        loose = (disc.conditions.relinearised
                 and outer <= min(LOOSE_OUTER_ITERATIONS, max_outer - 1))
        tol = max(opts.tolerance, LOOSE_TOLERANCE) if loose else None
        t_new, nodes.x0 = system.solve(0.0, b.extra, q + b.rhs, t, rebuild=True, nodes=nodes,
                                       tol=tol)
        change = float(np.max(np.abs(t_new - t)[disc.active])) if outer > 1 else np.inf
        t = t_new
        if progress is not None:
            progress(outer / max_outer, f"outer iteration {outer}", iteration=outer,
                     residual=None if outer == 1 else change,
                     max_temperature_C=lambda t=t: float(np.max(t[disc.active])))
        if not system.nonlinear:
            break
        t_surface = system.surface_temperature(t, t_surface)
        settled = [f.settle(*state) < opts.convection_tolerance for f, state in
                   ((films, (t_surface, disc.conditions)), (air, (t, nodes.x0)))
                   if f is not None]
        relinearised = disc.conditions.relinearised
        if all(settled) and not loose and (change < opts.nonlinear_tolerance
                                           or not relinearised):
            break
        for f in (films, air):
            if f is not None:
                f.relax(opts.convection_relaxation)
    else:
        films_note = "".join(
            f", {what} heat flows by {f.residual:.3g} (target {opts.convection_tolerance:g})"
            for what, f in (("natural-convection", films), ("enclosure-air", air))
            if f is not None)
        raise ConvergenceError(
            "the surface films (radiation, natural convection, flow regions, enclosure air) did "
            f"not converge: temperatures still changed by {change:.3g} K (target "
            f"{opts.nonlinear_tolerance:g} K){films_note} after {max_outer} outer iterations; "
            "raise solver.max_nonlinear_iterations")
    t = t.copy()
    t[~disc.active] = np.nan
    return SteadyField(t, b, outer, nodes.x0)
