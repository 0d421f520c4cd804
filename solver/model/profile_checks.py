"""Validation of profiles over time (body power, condition and ambient values) and reading of
``table`` profiles from their CSV files."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np

from solver.model import ranges
from solver.model.checks import ABSOLUTE_ZERO_C
from solver.model.paths import ModelFileError, resolve_model_file
from solver.model.problems import ModelError, Problem, join
from solver.model.types import (
    PiecewiseLinearProfile,
    PulseTrainProfile,
    StepProfile,
    TableProfile,
)

MAX_TABLE_PROBLEMS = 3  # bad lines reported per table before the rest are counted
MIN_PERIOD_FRACTION = 1e-9  # shortest pulse period as a fraction of the transient's duration


def _power(value: float) -> str | None:
    if value < 0.0:
        return f"power must not be negative ({value:g})"
    return _first(ranges.power(value, ""))


def _temperature(value: float) -> str | None:
    if value <= ABSOLUTE_ZERO_C:
        return f"{value:g} degC is below absolute zero"
    return _first(ranges.temperature(value, ""))


def _flux(value: float) -> str | None:
    return _first(ranges.within(value, "", -ranges.MAX_FLUX, ranges.MAX_FLUX, " W/m^2"))


def _first(problems: Iterator[Problem]) -> str | None:
    return next((p.message for p in problems), None)


# what each quantity's values must satisfy (all of them are finite once read)
QUANTITIES: dict[str, Callable[[float], str | None]] = {
    "power": _power, "temperature": _temperature, "flux": _flux}


def profile_problems(profile, path: str, quantity: str, base_dir: str | Path = ".",
                     duration: float | None = None) -> list[Problem]:
    """Every problem of ``profile`` (None: none), a profile of ``quantity`` (a key of
    :data:`QUANTITIES`); table files are read relative to ``base_dir``; ``duration`` (s) is
    the transient's, whose time resolution bounds a pulse train's period."""
    bound = QUANTITIES[quantity]
    problems: list[Problem] = []
    if isinstance(profile, StepProfile):
        if profile.time < 0.0:
            problems.append(Problem(join(path, "time"),
                                    f"must not be negative ({profile.time:g})"))
    elif isinstance(profile, PulseTrainProfile):
        if not profile.period > 0.0:
            problems.append(Problem(join(path, "period"),
                                    f"must be positive (got {profile.period:g})"))
        elif profile.period > ranges.MAX_TIME_S:
            problems += ranges.duration(profile.period, join(path, "period"))
        elif duration and profile.period < MIN_PERIOD_FRACTION * duration:
            problems.append(Problem(join(path, "period"), (
                f"{profile.period:g} s is shorter than {MIN_PERIOD_FRACTION:g} of the "
                f"duration ({duration:g} s): the steps cannot resolve its edges")))
        if not 0.0 < profile.duty <= 1.0:
            problems.append(Problem(join(path, "duty"),
                                    f"must be in (0, 1] (got {profile.duty:g})"))
        if profile.delay < 0.0:
            problems.append(Problem(join(path, "delay"),
                                    f"must not be negative ({profile.delay:g})"))
    elif isinstance(profile, PiecewiseLinearProfile):
        problems += _points_problems(profile.points, join(path, "points"), bound)
    elif isinstance(profile, TableProfile) and base_dir is not None:
        problems += table_points(profile, join(path, "path"), quantity, base_dir)[1]
    for key in ("before", "after", "on", "off"):
        value = getattr(profile, key, None)
        message = None if value is None else bound(value)
        if message:
            problems.append(Problem(join(path, key), message))
    return problems


def _points_problems(points: list[list[float]], path: str,
                     bound: Callable[[float], str | None]) -> list[Problem]:
    if not points:
        return [Problem(path, "needs at least one [t_s, value] point")]
    problems = [Problem(join(path, j), "must be [t_s, value]")
                for j, point in enumerate(points) if len(point) != 2]
    if problems:
        return problems[:MAX_TABLE_PROBLEMS]
    pts = np.asarray(points, dtype=np.float64)
    # each distinct value is checked once (a profile of 1e5 points has few distinct values)
    values, first = np.unique(pts[:, 1], return_index=True)
    bad = [(int(j), m) for v, j in zip(values, first, strict=True) if (m := bound(float(v)))]
    late = np.flatnonzero((pts[:, 0] < 0.0) | (pts[:, 0] > ranges.MAX_TIME_S))
    bad += [(int(j), _first(ranges.instant(float(pts[j, 0]), ""))) for j in late]
    problems = [Problem(join(path, j), m) for j, m in sorted(bad)[:MAX_TABLE_PROBLEMS]]
    problems += _time_order(pts[:, 0].tolist(), path, lambda j: f"point {j}")
    return problems


def _time_order(times: list[float], path: str, where: Callable[[int], str]) -> Iterator[Problem]:
    """Times must not decrease; two equal times make a jump, three are ambiguous."""
    for j, (a, b) in enumerate(itertools.pairwise(times), start=1):
        if b < a:
            yield Problem(path, f"times must not decrease ({where(j)}: {b:g} s after {a:g} s)")
            return
    for j, (a, b, c) in enumerate(zip(times, times[1:], times[2:], strict=False), start=2):
        if a == b == c:
            yield Problem(path, (f"three points at t = {a:g} s ({where(j)}); two at one time "
                                 "make a jump, more are ambiguous"))
            return


def table_points(profile: TableProfile, path: str, quantity: str,
                 base_dir: str | Path) -> tuple[np.ndarray | None, list[Problem]]:
    """The rows ``(n, 2)`` of a table profile's CSV file (None when it has problems) and its
    problems, each at ``path``. Lines are ``t_s,value``; blank lines and ``#`` comments are
    skipped; a first line without any number is a header."""
    try:
        file = resolve_model_file(profile.path, base_dir, "profile table", where=path)
    except ModelFileError as exc:
        return None, exc.problems
    try:
        text = file.read_bytes().decode("utf-8")
    except OSError as exc:
        return None, [Problem(path, f"cannot read profile table {profile.path}: "
                                    f"{exc.strerror or exc}")]
    except UnicodeDecodeError:
        return None, [Problem(path, f"profile table {profile.path} is not UTF-8 text")]
    rows, bad = _parse_rows(text, QUANTITIES[quantity])
    problems = [Problem(path, f"{profile.path} line {n}: {msg}")
                for n, msg in bad[:MAX_TABLE_PROBLEMS]]
    if len(bad) > MAX_TABLE_PROBLEMS:
        problems.append(Problem(path, (
            f"{profile.path}: {len(bad) - MAX_TABLE_PROBLEMS} more bad lines")))
    if not problems and not rows:
        problems.append(Problem(path, f"{profile.path} has no [t_s, value] rows"))
    if not problems:
        problems += _time_order([r[1][0] for r in rows], path,
                                lambda j: f"{profile.path} line {rows[j][0]}")
    if problems:
        return None, problems
    return np.array([r[1] for r in rows], dtype=np.float64), []


def _parse_rows(text: str, bound: Callable[[float], str | None]):
    """``([(line number, (t, value)), ...], [(line number, problem), ...])``."""
    rows, bad = [], []
    for n, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        fields = [f.strip() for f in line.split(",")]
        values = [_number(f) for f in fields]
        if not rows and not bad and all(v is None for v in values):
            continue  # the header
        if len(fields) != 2:
            bad.append((n, f"needs two columns t_s,value (got {len(fields)})"))
        elif None in values:
            text_field = fields[values.index(None)]
            bad.append((n, f"{text_field[:40]!r} is not a finite number"))
        elif message := bound(values[1]):
            bad.append((n, message))
        else:
            rows.append((n, (values[0], values[1])))
    return rows, bad


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def load_table(profile: TableProfile, quantity: str, base_dir: str | Path,
               path: str = "") -> np.ndarray:
    """A table profile's rows ``(n, 2)``; raises :class:`ModelError` on a bad file."""
    rows, problems = table_points(profile, path, quantity, base_dir)
    if problems:
        raise ModelError(problems)
    return rows
