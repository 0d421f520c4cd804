"""Body power over time, and the instants where it jumps (a time stepper must land on them)."""

from __future__ import annotations

import math

import numpy as np

from solver.model import Body, PiecewiseLinearPower, PulseTrainPower, StepPower


def body_power(body: Body, t: float | None) -> float:
    """Total power (W) of ``body`` at time ``t`` (``None``: steady state, the body's ``power``)."""
    p = body.power_profile
    if t is None or p is None or p.kind == "constant":
        return body.power
    if isinstance(p, StepPower):
        return p.after if t >= p.time else p.before
    if isinstance(p, PulseTrainPower):
        if t < p.delay:
            return p.off
        phase = math.fmod(t - p.delay, p.period)
        return p.on if phase < p.duty * p.period - 1e-12 * p.period else p.off
    if isinstance(p, PiecewiseLinearPower):
        pts = np.asarray(p.points, dtype=np.float64)
        return float(np.interp(t, pts[:, 0], pts[:, 1]))
    raise TypeError(f"unknown power profile {p!r}")


def power_breakpoints(body: Body, end: float) -> list[float]:
    """Times in ``(0, end)`` where the body's power jumps or changes slope."""
    p = body.power_profile
    times: list[float] = []
    if isinstance(p, StepPower):
        times = [p.time]
    elif isinstance(p, PulseTrainPower):
        n = int(max(0.0, end - p.delay) // p.period) + 1
        for i in range(n):
            start = p.delay + i * p.period
            times += [start, start + p.duty * p.period]
    elif isinstance(p, PiecewiseLinearPower):
        times = [pt[0] for pt in p.points]
    return sorted(t for t in set(times) if 0.0 < t < end)
