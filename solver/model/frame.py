"""A body's material frame: which global axis each material axis lies along."""

from __future__ import annotations

from solver.model.problems import Problem, join

AXES = ("x", "y", "z")


def frame_axes(frame: list[str] | None) -> tuple[int, int, int]:
    """Global axis index of material axes 0, 1, 2 (identity without a frame); the sign of a
    signed entry does not matter to a diagonal conductivity and is dropped."""
    if not frame:
        return (0, 1, 2)
    return tuple(AXES.index(f.lstrip("+-")) for f in frame)  # type: ignore[return-value]


def frame_problems(frame: list[str] | None, path: str) -> list[Problem]:
    """A frame must be a permutation of x, y, z (each optionally signed)."""
    if frame is None:
        return []
    if len(frame) != 3:
        return [Problem(path, f"needs three axes, e.g. [\"x\", \"z\", \"y\"] (got {len(frame)})")]
    problems = []
    for i, f in enumerate(frame):
        if not isinstance(f, str) or f.lstrip("+-") not in AXES or len(f) - len(
                f.lstrip("+-")) > 1:
            problems.append(Problem(join(path, i),
                                    f"must be x, y or z, optionally signed (got {f!r})"))
    if not problems and len({f.lstrip("+-") for f in frame}) != 3:
        problems.append(Problem(path, f"must name each of x, y, z once (got {frame})"))
    return problems
