"""Checks of single values shared by the model's validation and the condition kinds."""

from __future__ import annotations

from collections.abc import Iterator

from solver.model.problems import Problem

ABSOLUTE_ZERO_C = -273.15


def positive(value: float, path: str, what: str = "must be positive") -> Iterator[Problem]:
    """A problem at ``path`` unless ``value > 0``."""
    if not value > 0.0:
        yield Problem(path, f"{what} (got {value:g})")


def temperature(value: float | None, path: str) -> Iterator[Problem]:
    """A problem at ``path`` when the temperature (degC, None: not given) is not above
    absolute zero or not below :data:`solver.model.ranges.MAX_TEMPERATURE_C`."""
    from solver.model.ranges import temperature as in_range

    yield from in_range(value, path)
