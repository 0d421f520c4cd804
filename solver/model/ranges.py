"""Physical ranges of model values: every number finite and inside what a real electronics
thermal model can hold, so absurd input (1e308 W, a box to 1e308 m) is refused with its
path instead of reaching the solver as NaN or an endless loop.

The bounds are generous (several orders beyond any real part) and fixed: they are about
physics, not about the machine's capacity (that is :class:`solver.model.limits.Limits`).
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from solver.model.problems import Problem

ABSOLUTE_ZERO_C = -273.15
MAX_TEMPERATURE_C = 1e4
MAX_COORDINATE_M = 1e3
MIN_FEATURE_M = 1e-9
MAX_CONDUCTIVITY = 1e5  # W/(m K); diamond ~2e3
MIN_CONDUCTIVITY = 1e-6
MAX_DENSITY = 1e5  # kg/m^3; osmium 2.26e4
MAX_SPECIFIC_HEAT = 1e5  # J/(kg K); hydrogen 1.4e4
MAX_POWER_W = 1e9
MAX_FLUX = 1e10  # W/m^2; the sun's surface ~6e7
MAX_FILM = 1e7  # W/(m^2 K); boiling water ~1e5
MAX_TIME_S = 1e10  # ~300 years
MIN_TIME_S = 1e-12
MAX_GRAVITY = 1e4  # m/s^2
MIN_TOLERANCE = 1e-14


def finite(value: float, path: str) -> Iterator[Problem]:
    """``value`` is a finite number."""
    if not math.isfinite(value):
        yield Problem(path, f"must be a finite number (got {value!r})")


def within(value: float | None, path: str, lo: float, hi: float, unit: str = "",
           lo_open: bool = False) -> Iterator[Problem]:
    """``lo <= value <= hi`` (``lo < value`` with ``lo_open``); None passes (an unset
    optional value)."""
    if value is None:
        return
    if not math.isfinite(value):
        yield from finite(value, path)
        return
    low_ok = value > lo if lo_open else value >= lo
    if not (low_ok and value <= hi):
        left = "(" if lo_open else "["
        yield Problem(path, f"must be in {left}{lo:g}, {hi:g}]{unit} (got {value:g})")


def temperature(value: float | None, path: str) -> Iterator[Problem]:
    """A temperature in degC: above absolute zero, at most :data:`MAX_TEMPERATURE_C`."""
    if value is None:
        return
    if math.isfinite(value) and value <= ABSOLUTE_ZERO_C:
        yield Problem(path, f"{value:g} degC is below absolute zero")
    else:
        yield from within(value, path, ABSOLUTE_ZERO_C, MAX_TEMPERATURE_C, " degC",
                          lo_open=True)


def coordinates(point: list[float], path: str) -> Iterator[Problem]:
    """A point: three finite coordinates within :data:`MAX_COORDINATE_M` of the origin."""
    if len(point) != 3:
        yield Problem(path, "needs three coordinates [x, y, z]")
        return
    for value in point:
        if not (math.isfinite(value) and abs(value) <= MAX_COORDINATE_M):
            yield Problem(path, (f"coordinates must be finite and within +-{MAX_COORDINATE_M:g}"
                                 f" m of the origin (got {value:g})"))
            return


def power(value: float | None, path: str) -> Iterator[Problem]:
    """A heat input in W: not negative, at most :data:`MAX_POWER_W`."""
    if value is not None and math.isfinite(value) and value < 0.0:
        yield Problem(path, f"power must not be negative ({value:g})")
    else:
        yield from within(value, path, 0.0, MAX_POWER_W, " W")


def duration(value: float | None, path: str) -> Iterator[Problem]:
    """A positive time span in s, between :data:`MIN_TIME_S` and :data:`MAX_TIME_S`."""
    yield from within(value, path, MIN_TIME_S, MAX_TIME_S, " s")


def instant(value: float | None, path: str) -> Iterator[Problem]:
    """A time in s, from 0 to :data:`MAX_TIME_S`."""
    yield from within(value, path, 0.0, MAX_TIME_S, " s")


def tolerance(value: float, path: str, hi: float, unit: str = "") -> Iterator[Problem]:
    """A tolerance: above :data:`MIN_TOLERANCE` (smaller ones never converge), at most hi."""
    yield from within(value, path, MIN_TOLERANCE, hi, unit)
