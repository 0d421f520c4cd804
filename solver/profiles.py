"""Values over time (body power, boundary temperatures and fluxes): evaluation, step averages,
and the instants where a value jumps, found one at a time.

A time stepper asks :meth:`Signal.next_jump` for the next discontinuity and lands on it;
changes of slope (the points of a piecewise-linear profile) are not discontinuities and need
no landing. Values are right-continuous; ``side="left"`` gives the limit from the left, the
value a step ending on a jump sees. Pulse edges are produced by one formula
(:meth:`PulseSignal._edges`) for both the stepper and the evaluation, so a step landed on an
edge evaluates on the right side of it whatever the rounding.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from solver.model import Body
from solver.model.profile_checks import load_table
from solver.model.types import (
    PiecewiseLinearProfile,
    PulseTrainProfile,
    StepProfile,
    TableProfile,
)


class Signal:
    """A value over time; the base class is the constant."""

    def __init__(self, value: float) -> None:
        self._value = float(value)

    def value(self, t, side: str = "right"):
        """The value at ``t`` (a number or an array); ``side="left"`` the left limit."""
        return np.full(np.shape(t), self._value)[()]

    def mean(self, a: float, b: float) -> float:
        """Average over ``[a, b]``, which contains no jump strictly inside."""
        return float(self.value(0.5 * (a + b)))

    def next_jump(self, t: float) -> float:
        """The first instant after ``t`` where the value jumps (``inf``: none)."""
        return math.inf


class StepSignal(Signal):
    def __init__(self, p: StepProfile) -> None:
        self.p = p

    def value(self, t, side: str = "right"):
        t = np.asarray(t, dtype=np.float64)
        after = t >= self.p.time if side == "right" else t > self.p.time
        return np.where(after, self.p.after, self.p.before)[()]

    def next_jump(self, t: float) -> float:
        p = self.p
        return p.time if t < p.time and p.before != p.after else math.inf


class PulseSignal(Signal):
    """``on`` on ``[rise_k, fall_k)``, ``rise_k = delay + k period``, ``fall_k = rise_k +
    duty period``, k = 0, 1, ...; evaluated per time in O(1), never listing the periods.
    With ``duty = 1`` it is on for good after the delay."""

    def __init__(self, p: PulseTrainProfile) -> None:
        self.p = p

    def _edges(self, k):
        rise = self.p.delay + k * self.p.period
        return rise, (rise + self.p.duty * self.p.period if self.p.duty < 1.0 else np.inf)

    def _period_index(self, t: np.ndarray, side: str) -> np.ndarray:
        """k with ``rise_k <= t < rise_k+1`` (left side: ``rise_k < t <= rise_k+1``), k >= 0."""
        k = np.maximum(np.floor((t - self.p.delay) / self.p.period), 0.0)
        below = (lambda r: r > t) if side == "right" else (lambda r: r >= t)
        k = np.where((k > 0) & below(self._edges(k)[0]), k - 1, k)
        return np.where(~below(self._edges(k + 1)[0]), k + 1, k)

    def value(self, t, side: str = "right"):
        t = np.asarray(t, dtype=np.float64)
        rise, fall = self._edges(self._period_index(t, side))
        on = (rise <= t) & (t < fall) if side == "right" else (rise < t) & (t <= fall)
        return np.where(on, self.p.on, self.p.off)[()]

    def next_jump(self, t: float) -> float:
        p = self.p
        if p.on == p.off or (p.duty >= 1.0 and t >= p.delay):
            return math.inf
        k = self._period_index(np.asarray(t, dtype=np.float64), "right")
        rise, fall = self._edges(k)
        if rise > t:  # before the delay
            return float(rise)
        return float(fall) if fall > t else float(self._edges(k + 1)[0])


class PiecewiseSignal(Signal):
    """Linear between points (times non-decreasing; a repeated time is a jump), held at
    the ends."""

    def __init__(self, points: np.ndarray) -> None:
        self.t = np.ascontiguousarray(points[:, 0], dtype=np.float64)
        self.v = np.ascontiguousarray(points[:, 1], dtype=np.float64)
        same = np.nonzero((self.t[1:] == self.t[:-1]) & (self.v[1:] != self.v[:-1]))[0]
        self.jumps = self.t[same]

    def value(self, t, side: str = "right"):
        t = np.asarray(t, dtype=np.float64)
        n = self.t.size
        if n == 1:
            return np.full(t.shape, self.v[0])[()]
        # right: t[i-1] <= t < t[i], left: t[i-1] < t <= t[i]; a zero-width segment only
        # beyond the ends, where the clip puts a jump at the first or last point
        i = np.clip(np.searchsorted(self.t, t, side=side), 1, n - 1)
        t0, t1, v0, v1 = self.t[i - 1], self.t[i], self.v[i - 1], self.v[i]
        with np.errstate(invalid="ignore", divide="ignore"):
            s = np.clip((t - t0) / (t1 - t0), 0.0, 1.0)
        after = t >= t1 if side == "right" else t > t1
        return np.where(t1 > t0, v0 + s * (v1 - v0), np.where(after, v1, v0))[()]

    def mean(self, a: float, b: float) -> float:
        if not b > a:
            return float(self.value(a))
        inner = slice(np.searchsorted(self.t, a, side="right"),
                      np.searchsorted(self.t, b, side="left"))
        x = np.concatenate(([a], self.t[inner], [b]))
        y = np.concatenate(([self.value(a)], self.v[inner], [self.value(b, "left")]))
        return float(np.sum(0.5 * (y[1:] + y[:-1]) * np.diff(x)) / (b - a))

    def next_jump(self, t: float) -> float:
        i = np.searchsorted(self.jumps, t, side="right")
        return float(self.jumps[i]) if i < self.jumps.size else math.inf


def signal(profile, constant: float, quantity: str, base_dir: str | Path = ".") -> Signal:
    """The signal of ``profile`` (None or ``constant``: the constant value); ``quantity``
    names what a table's values are checked as (see :mod:`solver.model.profile_checks`)."""
    if isinstance(profile, StepProfile):
        return StepSignal(profile)
    if isinstance(profile, PulseTrainProfile):
        return PulseSignal(profile)
    if isinstance(profile, PiecewiseLinearProfile):
        return PiecewiseSignal(np.asarray(profile.points, dtype=np.float64).reshape(-1, 2))
    if isinstance(profile, TableProfile):
        return PiecewiseSignal(load_table(profile, quantity, base_dir))
    return Signal(constant)


def body_power(body: Body, t: float | None = None) -> float:
    """Total power (W) of ``body`` at time ``t`` (``None``: steady state, its ``power``)."""
    if t is None:
        return body.power
    return float(signal(body.power_profile, body.power, "power").value(t))
