"""Transient conduction: implicit Euler or variable-step BDF2, fixed or adaptive steps.

Steps land exactly on output times and on the instants where a power profile jumps; BDF2
restarts with one Euler step after each. The adaptive controller estimates the local error
from the difference between the solution and an explicit predictor (Milne's device: linear
extrapolation for Euler, quadratic for BDF2; Hairer, Norsett & Wanner, *Solving Ordinary
Differential Equations I*, sec. III.7) and keeps it under ``analysis.tolerance`` kelvin.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from solver.errors import ConvergenceError
from solver.power import body_power, power_breakpoints
from solver.probes import ProbeSampler
from solver.system import Boundary, ThermalSystem

# error = C * |corrector - predictor|: Euler with a linear predictor, BDF2 with a quadratic one
ERROR_CONSTANT = {"euler": 1.0 / 3.0, "bdf2": 2.0 / 11.0}
ORDER = {"euler": 1, "bdf2": 2}


@dataclass
class TransientField:
    """The run: step times, probe histories, fields at the output times, the last state, and
    the discrete energy account (J)."""

    times: list[float]
    probes: list[np.ndarray]
    fields: dict[float, np.ndarray]
    t: np.ndarray
    boundary: Boundary
    t_surface: np.ndarray
    energy_in: float = 0.0
    energy_out: float = 0.0
    energy_scheme: float = 0.0
    energy_stored: float = 0.0
    rejected_steps: int = 0
    outer_iterations: int = 0


def _extrapolate(history: list[tuple[float, np.ndarray]], t: float) -> np.ndarray:
    """Lagrange extrapolation of the stored states to time ``t``."""
    out = np.zeros_like(history[-1][1])
    for i, (ti, yi) in enumerate(history):
        w = 1.0
        for j, (tj, _) in enumerate(history):
            if j != i:
                w *= (t - tj) / (ti - tj)
        out += w * yi
    return out


def solve_transient(system: ThermalSystem, sampler: ProbeSampler,
                    progress: Callable[[float, str], None] | None = None) -> TransientField:
    """March from the initial temperature to ``analysis.duration``."""
    disc, a = system.disc, system.disc.model.analysis
    bodies = disc.model.bodies
    active = disc.active
    capacity = disc.capacity
    t0 = disc.model.ambient.temperature if a.initial_temperature is None else a.initial_temperature
    t = np.where(active, t0, 0.0)
    end = float(a.duration)
    jumps = sorted({bp for b in bodies for bp in power_breakpoints(b, end)})
    stops = sorted(set(jumps) | {x for x in a.output_times if x > 0.0} | {end})
    run = TransientField([0.0], [sampler.sample(t)], {}, t, system.boundary(None),
                         np.full(len(disc.faces), t0))
    if 0.0 in a.output_times:
        run.fields[0.0] = np.where(active, t, np.nan)
    history: list[tuple[float, np.ndarray]] = [(0.0, t)]
    now, dt, dt_prev = 0.0, float(a.time_step), None
    order = ORDER[a.scheme]
    next_stop = 0
    while now < end * (1.0 - 1e-12):
        while stops[next_stop] <= now * (1.0 + 1e-12) + 1e-15:
            next_stop += 1
        stop = stops[next_stop]
        step = min(dt, stop - now)
        if stop - now - step < 0.01 * step:
            step = stop - now
        bdf2 = a.scheme == "bdf2" and len(history) >= 2
        powers = _step_powers(bodies, now, step, bdf2)
        t_new, b, ts, hist, diag = _step(system, t, history, step, dt_prev, bdf2, powers, run)
        if a.adaptive and len(history) >= (3 if bdf2 else 2):
            pred = _extrapolate(history[-(order + 1):], now + step)
            err = ERROR_CONSTANT["bdf2" if bdf2 else "euler"] * float(
                np.max(np.abs(t_new - pred)[active]))
            factor = 0.9 * (a.tolerance / max(err, 1e-300)) ** (1.0 / (order + 1))
            if err > a.tolerance and step > 1e-9 * end:
                run.rejected_steps += 1
                dt = step * max(0.2, factor)
                continue
            dt = step * min(2.0, max(0.2, factor))
        else:
            dt = float(a.time_step) if not a.adaptive else dt
        run.energy_in += step * sum(powers)
        run.energy_out += step * system.heat_out(t_new, b)
        # the scheme's storage term (inactive cells have no capacity: nothing to mask)
        run.energy_scheme += step * (float(np.vdot(diag, t_new)) - float(hist.sum()))
        now += step
        dt_prev = step
        t = t_new
        run.t, run.boundary, run.t_surface = t, b, ts
        history = [*history, (now, t)][-3:]
        if any(abs(now - j) <= 1e-9 * end for j in jumps):
            history = [(now, t)]  # restart the multistep history after a power jump
        run.times.append(now)
        run.probes.append(sampler.sample(t))
        for out in a.output_times:
            if abs(out - now) <= 1e-9 * end:
                run.fields[out] = np.where(active, t, np.nan)
        if progress is not None:
            progress(now / end, f"t = {now:.6g} s")
    run.energy_stored = float(np.sum((capacity * (t - t0))[active]))
    run.t = np.where(active, t, np.nan)
    return run


def _step_powers(bodies, now: float, step: float, bdf2: bool) -> list[float]:
    """Body powers for the step ``(now, now + step]``. Steps never straddle a jump, so Euler
    takes the step average (the midpoint: exact energy on linear ramps too) and BDF2 the
    value at the step's end, which its second order needs."""
    t = now + step * (1.0 - 1e-9) if bdf2 else now + 0.5 * step
    return [body_power(b, t) for b in bodies]


def _step(system: ThermalSystem, t: np.ndarray, history, step: float, dt_prev: float | None,
          bdf2: bool, powers: list[float], run: TransientField):
    """One implicit step (Picard-iterated when radiation is on): the new field, its boundary
    terms and surface temperatures, and the scheme's history term and diagonal."""
    disc, opts = system.disc, system.options
    c_dt = disc.capacity / step
    if bdf2:
        w = step / dt_prev
        a0 = (1.0 + 2.0 * w) / (1.0 + w)
        hist = c_dt * ((1.0 + w) * t - (w * w / (1.0 + w)) * history[-2][1])
    else:
        a0, hist = 1.0, c_dt * t
    diag = a0 * c_dt
    now = history[-1][0]
    q = system.source(powers)
    ts = run.t_surface
    # start from the solution extrapolated linearly from the last two steps
    t_new = _extrapolate(history[-2:], now + step) if len(history) >= 2 else t
    if not system.nonlinear:
        b = system.boundary(None)
        t_new = system.solve(a0 / step, b.extra + diag, q + b.rhs + hist, t_new, rebuild=False)
        run.outer_iterations += 1
        return t_new, b, ts, hist, diag
    max_outer = opts.max_nonlinear_iterations
    for _ in range(max_outer):
        b = system.boundary(ts)
        t_next = system.solve(a0 / step, b.extra + diag, q + b.rhs + hist, t_new, rebuild=True)
        change = float(np.max(np.abs(t_next - t_new)[disc.active]))
        t_new = t_next
        ts = system.surface_temperature(t_new, ts)
        run.outer_iterations += 1
        if change < opts.nonlinear_tolerance:
            break
    else:
        raise ConvergenceError(
            f"radiation did not converge at t = {now + step:.6g} s: temperatures still changed "
            f"by {change:.3g} K after {max_outer} outer iterations "
            f"(target {opts.nonlinear_tolerance:g} K)")
    return t_new, b, ts, hist, diag
