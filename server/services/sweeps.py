"""Parametric sweeps: one model, a list of parameter sets naming values by their JSON path
in the model (``bodies[1].power``, ``ambient.temperature``, ``bodies[2].material``...),
each case one simulation on the cluster; a combined result table per case."""

from __future__ import annotations

import copy
import csv
import io
import json
import re
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.billing.entitlements import PlanSource
from server.models import User
from server.models.simulations import JobStatus, Simulation, Sweep
from server.services import simulations
from server.settings import Settings
from server.tenancy import get_owned_or_404

MAX_CASES = 200
_SEGMENT = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")


def parse_path(path: str) -> list[str | int]:
    """'bodies[1].power' -> ['bodies', 1, 'power']; ValueError if malformed."""
    parts: list[str | int] = []
    pos = 0
    for match in _SEGMENT.finditer(path):
        gap = path[pos:match.start()]
        expected = "" if match[2] is not None or not parts else "."  # a[0], a.b
        if gap != expected:
            raise ValueError(f"not a JSON path into the model: {path!r}")
        parts.append(int(match[2]) if match[2] is not None else match[1])
        pos = match.end()
    if not parts or pos != len(path) or isinstance(parts[0], int):
        raise ValueError(f"not a JSON path into the model: {path!r}")
    return parts


def apply(model: dict, path: str, value) -> None:
    """Set the existing value at ``path`` (KeyError/IndexError/ValueError naming it)."""
    parts = parse_path(path)
    target = model
    for depth, part in enumerate(parts):
        last = depth == len(parts) - 1
        if isinstance(part, int):
            if not isinstance(target, list) or part >= len(target):
                raise KeyError(f"{path}: no item [{part}] there")
        elif not isinstance(target, dict) or part not in target:
            raise KeyError(f"{path}: the model has no field '{part}' there")
        if last:
            target[part] = value
        else:
            target = target[part]


def case_models(model: dict, parameter_sets: list[dict]) -> list[dict]:
    """One model per parameter set (InvalidSubmission naming the bad path)."""
    cases = []
    for i, values in enumerate(parameter_sets):
        case = copy.deepcopy(model)
        for path, value in values.items():
            try:
                apply(case, path, value)
            except (KeyError, ValueError) as exc:
                raise simulations.InvalidSubmission([{
                    "loc": ["body", "parameters", i, path], "msg": str(exc).strip("'\""),
                    "type": "parameter"}]) from None
        cases.append(case)
    return cases


def create(db: Session, settings: Settings, dispatcher, user: User, source: PlanSource,
           name: str, model: dict, parameter_sets: list[dict], now) -> Sweep:
    """Validate every case, then store the sweep and queue its cases."""
    cases = case_models(model, parameter_sets)
    for i, case in enumerate(cases):  # all valid before anything is stored
        simulations.check_model(db, settings, user, source, json.dumps(case), [], now,
                                ["body", "parameters", i, "model"])
    sweep = Sweep(owner_user_id=user.id, name=name, parameters=parameter_sets)
    db.add(sweep)
    db.commit()
    sims = [simulations.create(db, settings, dispatcher, user, source,
                               f"{name} #{i}", json.dumps(case), [], now, sweep_id=sweep.id,
                               case=(i, parameter_sets[i]), submit=False)
            for i, case in enumerate(cases)]
    for sim in sims:
        dispatcher.submit(sim.id, sim.job_key)
    return sweep


def get(db: Session, user: User, sweep_id: uuid.UUID) -> tuple[Sweep, list[Simulation]]:
    sweep = get_owned_or_404(db, Sweep, sweep_id, user)
    cases = list(db.scalars(select(Simulation).where(Simulation.sweep_id == sweep.id)
                            .order_by(Simulation.case_index)))
    return sweep, cases


def status_of(cases: list[Simulation]) -> str:
    """'running' until every case is final, then 'succeeded' or 'failed' (any failed)."""
    if any(not c.status.terminal for c in cases):
        return "running"
    return "succeeded" if all(c.status == JobStatus.SUCCEEDED for c in cases) else "failed"


def table(cases: list[Simulation]) -> list[dict]:
    """Per case: its parameters, status, max temperature and each body's maximum (the
    component's junction temperature for a component body)."""
    rows = []
    for case in cases:
        summary = case.summary or {}
        row = {"case": case.case_index, "status": case.status.value,
               **{f"param:{k}": v for k, v in (case.case_parameters or {}).items()},
               "max_temperature_C": summary.get("max_temperature_C")}
        for body, stats in (summary.get("bodies") or {}).items():
            row[f"t_max_C:{body}"] = stats.get("t_max_C")
        if case.failure_reason:
            row["failure_reason"] = case.failure_reason
        rows.append(row)
    return rows


def table_csv(rows: list[dict]) -> str:
    columns: list[str] = []
    for row in rows:
        columns += [k for k in row if k not in columns]
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: json.dumps(v) if isinstance(v, (dict, list)) else v
                         for k, v in row.items()})
    return out.getvalue()
