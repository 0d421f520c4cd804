"""The one place that talks to the solver's API: models read with the solver's strict
``Limits`` for untrusted callers (STEP files only as named attachments), validated, solved
with a ``monitor`` for progress."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from solver import api
from solver import model as contract


@dataclass(frozen=True)
class ModelProblem:
    """One problem of a posted model: its path inside the model and what is wrong."""

    path: str
    message: str


class InvalidModel(Exception):
    def __init__(self, problems: list[ModelProblem]) -> None:
        super().__init__("; ".join(f"{p.path}: {p.message}" for p in problems))
        self.problems = problems


def strict_limits() -> contract.Limits:
    """The solver's limits for models from untrusted callers."""
    return contract.Limits.strict()


def _problems(exc: contract.ModelError) -> list[ModelProblem]:
    return [ModelProblem(p.path, p.message) for p in exc.problems]


def parse_model(text: str, attachments: Mapping[str, Path] | None = None):
    """Read and validate a posted model under the strict limits; InvalidModel listing every
    problem with its path otherwise. Returns the :class:`solver.model.Model`."""
    try:
        model = contract.model_from_json(text, limits=strict_limits())
    except contract.ModelError as exc:
        raise InvalidModel(_problems(exc)) from None
    problems = contract.validate(model, Path("."), strict_limits(), dict(attachments or {}))
    if problems:
        raise InvalidModel([ModelProblem(p.path, p.message) for p in problems])
    return model


def model_to_json(model) -> str:
    """The model as compact JSON text, to store (indented, the standard library encodes it
    in pure Python: twice the time of a create's whole serialisation)."""
    return json.dumps(contract.to_dict(model), separators=(",", ":"))


def solve(model, work_dir: Path, attachments: Mapping[str, Path],
          monitor: Callable[[dict], None], cancel: Callable[[], bool]):
    """Run the solver with the server's limits, reporting ``monitor`` dicts
    {stage, fraction, iteration, residual, max_temperature_C, time_s, message}."""
    return api.solve(model, work_dir, cancel=cancel, limits=strict_limits(),
                     attachments=dict(attachments), monitor=monitor)


def write_results(result, out_dir: Path) -> list[str]:
    """summary.json, result.npz, the VTK field and a text report; their file names."""
    from solver.output import write_results as write
    from solver.summary_text import format_summary

    paths = write(result, out_dir)
    (out_dir / "report.txt").write_text(format_summary(result.summary) + "\n")
    return sorted({Path(p).name for p in paths.values()} | {"report.txt"})
