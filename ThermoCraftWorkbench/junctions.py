"""Junction temperatures of a result's components, as the labels and the result panel show
them: from the summary's ``components`` (the solver's compact models, two-resistor or pad,
keyed by component name: a pad model without a top leg has ``T_case_top_C`` and ``legs.top``
None, which nothing here reads), at the final time or at a transient's output time (from
``Tj_history``). No FreeCAD, no Qt."""

from __future__ import annotations

import math

import numpy as np

from solver.components import status as tj_status

DEFAULT_WARNING_MARGIN = 10.0  # K, the model's default ``analysis.tj_warning_margin``
STATUS_COLOURS = {"pass": (0.0, 0.45, 0.0), "warning": (0.8, 0.45, 0.0),
                  "fail": (0.8, 0.0, 0.0)}  # "unknown" (no Tj max): grey
NO_STATUS_COLOUR = (0.3, 0.3, 0.3)


def junction_at(entry: dict, time: float | None) -> float:
    """Tj (degC) of one summary component at ``time`` (s; None: the final field), linear
    between the recorded steps of its ``Tj_history``."""
    history = entry.get("Tj_history")
    if time is None or not history:
        return float(entry["Tj_C"])
    steps = np.asarray(history, dtype=float)
    return float(np.interp(time, steps[:, 0], steps[:, 1]))


def junction_state(entry: dict, time: float | None,
                   warning_margin: float = DEFAULT_WARNING_MARGIN) -> tuple[float, float, str]:
    """(Tj degC, margin to Tj max K (NaN without a Tj max), status pass/warning/fail/unknown)
    at ``time``; the final state is the solver's own, an earlier one is judged by the
    solver's rule."""
    limit = entry.get("Tj_max_C")
    if time is None or not entry.get("Tj_history"):
        margin = entry.get("margin_K")
        return float(entry["Tj_C"]), math.nan if margin is None else float(margin), \
            str(entry["status"])
    tj = junction_at(entry, time)
    return tj, math.nan if limit is None else limit - tj, tj_status(tj, limit, warning_margin)


def status_colour(status: str | None):
    """Label colour of a status (grey when there is none)."""
    return STATUS_COLOURS.get(status, NO_STATUS_COLOUR)


def label(refdes: str, entry: dict | None, time: float | None, case_c: float,
          warning_margin: float = DEFAULT_WARNING_MARGIN) -> tuple[str, tuple]:
    """(text, colour) of a component's 3D label: Tj with its status when the solver modelled
    the junction, else the body's hottest (case) temperature, else the name alone."""
    text, status = label_status(refdes, entry, time, case_c, warning_margin)
    return text, status_colour(status)


def label_status(refdes: str, entry: dict | None, time: float | None, case_c: float,
                 warning_margin: float = DEFAULT_WARNING_MARGIN) -> tuple[str, str | None]:
    """(text, status or None) of a component's label (see :func:`label`); the text of a
    junction ends with its status word."""
    text, status = tag_parts(refdes, entry, time, case_c, warning_margin)
    return with_status(text, status), status


def tag_parts(refdes: str, entry: dict | None, time: float | None, case_c: float,
              warning_margin: float = DEFAULT_WARNING_MARGIN) -> tuple[str, str | None]:
    """(text without the status word, status or None) of a component's label: the 3D tag
    shows the status as its badge."""
    if entry is not None:
        tj, _margin, state = junction_state(entry, time, warning_margin)
        return f"{refdes}: Tj {tj:.1f} °C", state
    if math.isfinite(case_c):  # no Tj: not a compact model (figures, placement)
        return f"{refdes}: {case_c:.1f} °C case", None
    return refdes, None


def with_status(text: str, status: str | None) -> str:
    """A label's text with its status word after it (none without a status)."""
    return text if status is None else f"{text} {status}"


def panel_lines(components: dict, labels: dict[str, str], time: float | None = None,
                warning_margin: float = DEFAULT_WARNING_MARGIN) -> list[str]:
    """One line per component for the result panel: Tj, Tj max, margin, status, and the
    heat path's bottleneck. ``labels`` maps component names to what the user calls them."""
    lines = []
    for name, entry in components.items():
        tj, margin, state = junction_state(entry, time, warning_margin)
        bottleneck = (entry.get("path") or {}).get("bottleneck")
        limit = entry.get("Tj_max_C")
        bound = "no Tj max" if limit is None else \
            f"Tj max {float(limit):.1f} °C, margin {margin:+.1f} K"
        lines.append(f"{labels.get(name, name)}: Tj {tj:.1f} °C, {bound}, {state}"
                     + (f" (bottleneck {bottleneck})" if bottleneck else ""))
    return lines
