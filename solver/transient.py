"""Transient conduction: implicit Euler or variable-step BDF2, fixed or adaptive steps.

Steps land exactly on output times and on the instants where an input (a body power or a
surface condition's value) jumps; BDF2 restarts with one Euler step after a jump, but not at
a mere change of slope (a piecewise-linear profile's points), which leaves its second order
intact. The adaptive controller estimates the local error from the difference between the
solution and an explicit predictor (Milne's device: linear extrapolation for Euler, quadratic
for BDF2; Hairer, Norsett & Wanner, *Solving Ordinary Differential Equations I*, sec. III.7)
and keeps it under ``analysis.tolerance`` kelvin.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from solver.errors import ConvergenceError
from solver.probes import ProbeSampler
from solver.surface import FaceConditions
from solver.system import Boundary, NodeTerms, ThermalSystem
from solver.time_inputs import TimeInputs

# error = C * |corrector - predictor|: Euler with a linear predictor, BDF2 with a quadratic one
ERROR_CONSTANT = {"euler": 1.0 / 3.0, "bdf2": 2.0 / 11.0}
ORDER = {"euler": 1, "bdf2": 2}


@dataclass
class EnergyAccount:
    """Energy put in and taken out (J), weighted as the scheme weighs them, so that
    ``energy_in - energy_out`` equals the stored ``sum C (T - T0)`` to the linear solver's
    tolerance.

    Summed over the cells (conduction cancels), step n of BDF2 reads
    ``a0 d_n - b d_(n-1) = dt_n (P_(n+1) - H_(n+1))`` with ``d_n = sum C (T^(n+1) - T^n)`` the
    step's storage increment, ``a0 = (1 + 2w) / (1 + w)``, ``b = w^2 / (1 + w)``, ``w =
    dt_n / dt_(n-1)``; implicit Euler is ``a0 = 1``, ``b = 0``. The increment therefore splits
    into an input part ``(dt P + b d_in) / a0`` and an output part ``(dt H + b d_out) / a0``
    (each fed by its own previous part), whose sums telescope to the stored energy. For
    Euler they are the plain sums ``dt P`` and ``dt H``; for BDF2 a second-order quadrature
    of the power and the heat leaving, exact for piecewise-constant inputs."""

    energy_in: float = 0.0
    energy_out: float = 0.0
    last: tuple[float, float] = field(default=(0.0, 0.0), repr=False)

    def add_step(self, dt: float, power: float, heat_out: float, a0: float = 1.0,
                 b: float = 0.0) -> None:
        d_in = (dt * power + b * self.last[0]) / a0
        d_out = (dt * heat_out + b * self.last[1]) / a0
        self.energy_in += d_in
        self.energy_out += d_out
        self.last = (d_in, d_out)


@dataclass
class TransientField:
    """The run: step times, probe histories, fields at the output times, the last state
    (with the lumped node temperatures ``tn`` and their history ``node_history``), and the
    energy account (J)."""

    times: list[float]
    probes: list[np.ndarray]
    fields: dict[float, np.ndarray]
    t: np.ndarray
    boundary: Boundary
    t_surface: np.ndarray
    energy: EnergyAccount = field(default_factory=EnergyAccount)
    energy_stored: float = 0.0
    rejected_steps: int = 0
    outer_iterations: int = 0
    surface_fields: dict[float, np.ndarray] = field(default_factory=dict)
    tn: np.ndarray | None = None
    node_history: list[np.ndarray] = field(default_factory=list)


def bdf2_coefficients(step: float, dt_prev: float) -> tuple[float, float]:
    """``(a0, b)`` of variable-step BDF2: ``dT/dt ~ (a0 T^(n+1) - (1 + w) T^n + b T^(n-1))
    / dt`` with ``w = step / dt_prev``, ``a0 = (1 + 2w) / (1 + w)``, ``b = w^2 / (1 + w)``
    (Hairer, Norsett & Wanner, sec. III.5)."""
    w = step / dt_prev
    return (1.0 + 2.0 * w) / (1.0 + w), w * w / (1.0 + w)


def _extrapolate(history: list[tuple], t: float, item: int = 1) -> np.ndarray:
    """Lagrange extrapolation of the stored states (``item`` 1: the field, 2: the lumped
    nodes) to time ``t``."""
    out = np.zeros_like(history[-1][item])
    for i, entry in enumerate(history):
        ti, yi = entry[0], entry[item]
        w = 1.0
        for j, (tj, *_) in enumerate(history):
            if j != i:
                w *= (t - tj) / (ti - tj)
        out += w * yi
    return out


def solve_transient(system: ThermalSystem, sampler: ProbeSampler,
                    progress: Callable[[float, str], None] | None = None,
                    base_dir: str | Path = ".") -> TransientField:
    """March from the initial temperature to ``analysis.duration`` (table profiles are read
    relative to ``base_dir``)."""
    disc, a = system.disc, system.disc.model.analysis
    active = disc.active
    inputs = TimeInputs(disc, base_dir)
    t0 = float(inputs.ambient.value(0.0)) if a.initial_temperature is None else (
        a.initial_temperature)
    t = np.where(active, t0, 0.0)
    end = float(a.duration)
    eps = 1e-12 * end  # instants closer than this are one
    outputs = sorted(set(a.output_times))
    net = disc.network
    tn = np.full(len(net), float(t0))
    ts_now = system.surface_temperature(t, None)
    run = TransientField([0.0], [sampler.sample(t, ts_now)], {}, t, system.boundary(None),
                         np.full(len(disc.faces), t0), tn=tn, node_history=[tn])
    history: list[tuple[float, np.ndarray, np.ndarray]] = [(0.0, t, tn)]
    now, dt, dt_prev = 0.0, float(a.time_step), None
    order = ORDER[a.scheme]
    next_out = _record_outputs(run, outputs, 0, now, eps, t, ts_now, active)
    jump = _next_jump(inputs, now, eps)
    while now < end:
        stop = min(end, jump, outputs[next_out] if next_out < len(outputs) else end)
        step = min(dt, stop - now)
        if stop - now - step < 0.01 * step:
            step = stop - now
        new = stop if step == stop - now else now + step
        bdf2 = a.scheme == "bdf2" and len(history) >= 2
        powers, node_powers, conditions = inputs.step(now, new, bdf2)
        a0, b_hist = bdf2_coefficients(step, dt_prev) if bdf2 else (1.0, 0.0)
        t_new, tn_new, b, ts = _step(system, t, tn, history, step, (a0, b_hist),
                                     (powers, node_powers), conditions, run)
        if a.adaptive and len(history) >= (3 if bdf2 else 2):
            pred = _extrapolate(history[-(order + 1):], new)
            pred_n = _extrapolate(history[-(order + 1):], new, 2)
            err = ERROR_CONSTANT["bdf2" if bdf2 else "euler"] * float(max(
                np.max(np.abs(t_new - pred)[active]), np.max(np.abs(tn_new - pred_n), initial=0)))
            factor = 0.9 * (a.tolerance / max(err, 1e-300)) ** (1.0 / (order + 1))
            if err > a.tolerance and step > 1e-9 * end:
                run.rejected_steps += 1
                dt = step * max(0.2, factor)
                continue
            dt = step * min(2.0, max(0.2, factor))
        else:
            dt = float(a.time_step) if not a.adaptive else dt
        # lumped nodes: their power in, their links to fixed temperatures out
        run.energy.add_step(step, sum(powers) + node_powers.sum(), system.heat_out(t_new, b)
                            + float(net.fixed_heat(t_new, tn_new).sum()), a0, b_hist)
        now, dt_prev, t, tn = new, step, t_new, tn_new
        run.t, run.boundary, run.t_surface, run.tn = t, b, ts, tn
        run.node_history.append(tn)
        history = [*history, (now, t, tn)][-3:]
        if now >= jump - eps:
            history = [(now, t, tn)]  # restart the multistep history after a jump
            jump = _next_jump(inputs, now, eps)
        run.times.append(now)
        ts_now = system.surface_temperature(t, b.t_lin, b.conditions)
        run.probes.append(sampler.sample(t, ts_now))
        next_out = _record_outputs(run, outputs, next_out, now, eps, t, ts_now, active)
        if progress is not None:
            progress(now / end, f"t = {now:.6g} s", iteration=len(run.times) - 1, time_s=now,
                     max_temperature_C=lambda t=t: float(np.max(t[active])))
    run.energy_stored = float(np.vdot(disc.capacity, t - np.where(active, t0, 0.0))) + float(
        np.dot(net.capacity, tn - t0))
    run.t = np.where(active, t, np.nan)
    return run


def _next_jump(inputs: TimeInputs, now: float, eps: float) -> float:
    """The next jump of any input more than ``eps`` after ``now``."""
    jump = inputs.next_jump(now)
    while jump <= now + eps:
        jump = inputs.next_jump(jump)
    return jump


def _record_outputs(run: TransientField, outputs: list[float], i: int, now: float, eps: float,
                    t: np.ndarray, t_surface: np.ndarray, active: np.ndarray) -> int:
    """Store the cell and face fields for the output times reached at ``now``; the next
    one's index."""
    while i < len(outputs) and outputs[i] <= now + eps:
        run.fields[outputs[i]] = np.where(active, t, np.nan)
        run.surface_fields[outputs[i]] = t_surface
        i += 1
    return i


def _scheme_terms(capacity, step: float, coefficients: tuple[float, float], y, y_prev):
    """The scheme's diagonal ``a0 C/dt`` and history term ``C/dt ((1 + w) y^n - b y^(n-1))``
    (as ``1 + w = a0 + b``) for the cells or the lumped nodes."""
    c_dt = capacity / step
    a0, b_hist = coefficients
    hist = c_dt * ((a0 + b_hist) * y - b_hist * y_prev) if b_hist else c_dt * y
    return a0 * c_dt, hist


def _step(system: ThermalSystem, t: np.ndarray, tn: np.ndarray, history, step: float,
          coefficients: tuple[float, float], sources: tuple[list[float], np.ndarray],
          conditions: FaceConditions, run: TransientField):
    """One implicit step (Picard-iterated when radiation is on; natural-convection films
    lagged, from the surface temperatures at the start of the step) with the scheme's
    coefficients ``(a0, b)`` (Euler: ``(1, 0)``) and the step's ``(body powers, node
    powers)``: the new field and lumped node temperatures, the boundary terms and surface
    temperatures."""
    powers, node_powers = sources
    disc, opts = system.disc, system.options
    a0 = coefficients[0]
    prev = history[-2] if coefficients[1] else (None, None, None)
    diag, hist = _scheme_terms(disc.capacity, step, coefficients, t, prev[1])
    net = disc.network
    node_diag, node_hist = _scheme_terms(np.asarray(net.capacity, dtype=float), step,
                                         coefficients, tn, prev[2])
    now = history[-1][0]
    q = system.source(powers)
    ts = run.t_surface
    # start from the solution extrapolated linearly from the last two steps
    t_new = _extrapolate(history[-2:], now + step) if len(history) >= 2 else t
    nodes = NodeTerms(node_diag, node_hist + node_powers,
                      _extrapolate(history[-2:], now + step, 2) if len(history) >= 2 else tn)
    if not system.nonlinear:
        b = system.boundary(None, conditions)
        t_new, tn_new = system.solve(a0 / step, b.extra + diag, q + b.rhs + hist, t_new,
                                     rebuild=False, nodes=nodes)
        run.outer_iterations += 1
        return t_new, tn_new, b, ts
    if system.films is not None:  # lagged: the films of the start-of-step surface
        system.films.lag(ts, conditions)
    if disc.enclosures is not None:  # and the enclosures' air films
        disc.enclosures.lag(t, tn)
    # with lagged films alone the step is linear: one solve
    max_outer = opts.max_nonlinear_iterations if conditions.relinearised else 1
    for _ in range(max_outer):
        b = system.boundary(ts, conditions)
        t_next, nodes.x0 = system.solve(a0 / step, b.extra + diag, q + b.rhs + hist, t_new,
                                        rebuild=True, nodes=nodes)
        change = float(np.max(np.abs(t_next - t_new)[disc.active]))
        t_new = t_next
        ts = system.surface_temperature(t_new, ts, conditions)
        run.outer_iterations += 1
        if change < opts.nonlinear_tolerance or max_outer == 1:
            break
    else:
        raise ConvergenceError(
            f"radiation did not converge at t = {now + step:.6g} s: temperatures still changed "
            f"by {change:.3g} K after {max_outer} outer iterations "
            f"(target {opts.nonlinear_tolerance:g} K)")
    return t_new, nodes.x0, b, ts
