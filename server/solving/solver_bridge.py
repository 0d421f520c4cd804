"""The one place that talks to the solver's API.

The solver-core second pass adds ``Limits`` (strict limits for untrusted models),
``validate(..., limits, attachments)``, ``model_from_json(text, limits)`` and
``solve(..., limits, attachments, monitor)``. This module uses them when the installed
solver has them and falls back to the first-pass API (``model_from_dict``, ``validate``,
``solve(progress=...)``) otherwise, so the server switches by itself when that lands.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from solver import api
from solver import model as contract

HAS_LIMITS = hasattr(contract, "Limits")


@dataclass(frozen=True)
class ModelProblem:
    """One problem of a posted model: its path inside the model and what is wrong."""

    path: str
    message: str


class InvalidModel(Exception):
    def __init__(self, problems: list[ModelProblem]) -> None:
        super().__init__("; ".join(f"{p.path}: {p.message}" for p in problems))
        self.problems = problems


def strict_limits():
    """The solver's limits for untrusted models (None before the solver has them)."""
    return contract.Limits.strict() if HAS_LIMITS else None


def _problems(exc: contract.ModelError) -> list[ModelProblem]:
    return [ModelProblem(p.path, p.message) for p in exc.problems]


def _step_paths(model) -> list[str]:
    """Bodies whose geometry is a STEP file (their index in ``bodies``)."""
    return [f"bodies[{i}].geometry.path" for i, body in enumerate(model.bodies)
            if type(body.geometry).__name__ == "StepGeometry"]


def parse_model(text: str, attachments: Mapping[str, Path] | None = None):
    """Read and validate a posted model under the strict limits; InvalidModel listing every
    problem with its path otherwise. Returns the :class:`solver.model.Model`."""
    try:
        if HAS_LIMITS:
            model = contract.model_from_json(text, limits=strict_limits())
        else:
            model = contract.model_from_dict(json.loads(text))
    except contract.ModelError as exc:
        raise InvalidModel(_problems(exc)) from None
    except ValueError as exc:
        raise InvalidModel([ModelProblem("", f"not valid JSON: {exc}")]) from None
    if HAS_LIMITS:
        problems = contract.validate(model, Path("."), strict_limits(), dict(attachments or {}))
    else:
        # Without attachment support every STEP path would be a file path on the server.
        step = [ModelProblem(p, "STEP geometry needs uploaded attachments, which this "
                             "server's solver does not support yet") for p in _step_paths(model)]
        if step:
            raise InvalidModel(step)
        problems = contract.validate(model, Path(".")) or _size_problems(model)
    if problems:
        raise InvalidModel([ModelProblem(p.path, p.message) for p in problems])
    return model


# Until the solver has Limits: the strict limits' two size bounds, checked here.
_FALLBACK_MAX_CELLS = 2_000_000
_FALLBACK_MAX_STEPS = 20_000


def _size_problems(model) -> list[ModelProblem]:
    """Grids and step counts past the strict limits (first-pass solver only); caps the
    mesher's ``max_cells`` at the limit."""
    problems = []
    mesh = model.mesh
    mesh.max_cells = min(mesh.max_cells, _FALLBACK_MAX_CELLS)  # the mesher's own cap
    boxes = [b.geometry for b in model.bodies if hasattr(b.geometry, "min")]
    if boxes and mesh.max_cell_size:
        extent = [max(g.max[i] for g in boxes) - min(g.min[i] for g in boxes)
                  for i in range(3)]
        cells = 1.0
        for length in extent:
            cells *= max(1.0, length / mesh.max_cell_size)
        if cells > _FALLBACK_MAX_CELLS:
            problems.append(ModelProblem("mesh.max_cell_size", f"about {cells:.3g} cells, "
                                         f"more than the {_FALLBACK_MAX_CELLS} allowed"))
    analysis = model.analysis
    if analysis.kind == "transient" and analysis.duration and analysis.time_step:
        steps = analysis.duration / analysis.time_step
        if steps > _FALLBACK_MAX_STEPS:
            problems.append(ModelProblem("analysis.time_step", f"{steps:.3g} time steps, "
                                         f"more than the {_FALLBACK_MAX_STEPS} allowed"))
    return problems


def model_to_json(model) -> str:
    return contract.model_to_json(model)


def solve(model, work_dir: Path, attachments: Mapping[str, Path],
          monitor: Callable[[dict], None], cancel: Callable[[], bool]):
    """Run the solver with the server's limits, reporting ``monitor`` dicts
    {stage, fraction, iteration, residual, max_temperature_C, time_s, message}."""
    params = inspect.signature(api.solve).parameters
    if "monitor" in params:
        return api.solve(model, work_dir, cancel=cancel, limits=strict_limits(),
                         attachments=dict(attachments), monitor=monitor)

    def progress(fraction: float, message: str) -> None:
        monitor({"stage": message.split(":")[0] if fraction < 1 else "done",
                 "fraction": fraction, "message": message})

    return api.solve(model, work_dir, progress=progress, cancel=cancel)


def write_results(result, out_dir: Path) -> list[str]:
    """summary.json, result.npz, the VTK field and a text report; their file names."""
    from solver.output import write_results as write
    from solver.summary_text import format_summary

    paths = write(result, out_dir)
    (out_dir / "report.txt").write_text(format_summary(result.summary) + "\n")
    return sorted({Path(p).name for p in paths.values()} | {"report.txt"})
