"""Every case of the solver's hostile corpus (tests/solver/hostile, issue 6: path escapes,
huge grids, billions of steps, oversized and malformed models) posted to ``POST
/simulations`` is refused before any job exists: 422 with the problem located at the
case's field under ``body.model``, or 413 for a model past the request-size limit. A STEP
file case is refused at its ``path`` whatever else is wrong with the file: the server takes
STEP geometry only as uploaded attachments and reads no path. No cluster: a recorder stands
in for the dispatcher."""

from __future__ import annotations

import pytest

from tests.solver.hostile.hostile_corpus import FILE_CASES, SO8, TEXT_CASES, model_cases

from .conftest import subscribe
from .test_simulation_routes import RecordingDispatcher, _count

STEP_PATH = "bodies[1].geometry.path"  # where every FILE_CASES model names its file


def _solver_path(loc: list) -> str:
    """['body', 'model', 'bodies', 1, 'geometry'] -> 'bodies[1].geometry'."""
    path = ""
    for part in loc[2:]:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else part)
    return path


@pytest.fixture
def advanced(app, make_user):
    app.state.rate_limiter.group_limits["simulation"] = 1_000_000
    app.state.dispatcher = RecordingDispatcher()
    handle = make_user()
    subscribe(app, handle.user, "advanced")
    return handle


def _refused_at(r) -> list[str]:
    """The solver paths of a 422's problems, each located under ``body.model``."""
    detail = r.json()["detail"]
    assert all(e["loc"][:2] == ["body", "model"] for e in detail), detail
    return [_solver_path(e["loc"]) for e in detail]


def test_every_hostile_model_is_refused_at_its_field(app, advanced, tmp_path):
    files = {case.name for case in FILE_CASES}
    wrong = []
    for i, case in enumerate(model_cases()):
        if "step" in case.name and not SO8.is_file():
            continue  # its folder is built from the shared STEP files (as the solver's test)
        folder = tmp_path / str(i)
        folder.mkdir()
        r = advanced.client.post("/simulations", json={"model": case.build(folder)})
        if r.status_code == 413:
            continue
        expect = STEP_PATH if case.name in files else case.expect
        paths = _refused_at(r) if r.status_code == 422 else []
        if not any(p.startswith(expect) for p in paths):
            wrong.append((case.name, r.status_code, expect, paths[:3]))
    assert wrong == []
    assert app.state.dispatcher.submitted == [] and _count(app) == 0


def test_malformed_model_text_is_refused(app, advanced):
    """Bytes no JSON reader accepts (invalid UTF-8, 100,000-deep nesting, 5,001-digit
    integers) answer 400 before the route runs; JSON the model reader refuses, 422."""
    wrong = []
    for case in TEXT_CASES:
        body = b'{"name": "x", "model": ' + case.text + b"}"
        r = advanced.client.post("/simulations", content=body,
                                 headers={"Content-Type": "application/json"})
        if r.status_code not in (400, 413, 422) or not r.json()["detail"]:
            wrong.append((case.name, r.status_code, r.text[:200]))
    assert wrong == []
    assert app.state.dispatcher.submitted == [] and _count(app) == 0
