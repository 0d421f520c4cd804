"""Every hostile model is refused with the field named, by ``validate`` and by ``solve`` alike
(the same problems), within a bounded memory; malformed text in one clear line.

Times and memory figures of the corpus are measured by ``bench/hostile_models.py``; here the
memory of each refusal is checked with tracemalloc (deterministic) and a hang is caught by a
generous CPU-time guard, not a speed claim."""

from __future__ import annotations

import json
import time
import tracemalloc

import numpy as np
import pytest
from hostile_corpus import SO8, TEXT_CASES, model_cases

from solver.api import solve
from solver.model import (
    Body,
    Convection,
    Limits,
    Material,
    MeshGeometry,
    Model,
    ModelError,
    load_model,
    model_from_json,
    validate,
)

MODEL_CASES = model_cases()
MEMORY_BYTES = 200 * 2**20
HANG_GUARD_S = 20.0


class _Budget:
    """Python allocations and CPU time of a block."""

    def __enter__(self):
        tracemalloc.start()
        self.cpu = time.process_time()
        return self

    def __exit__(self, *exc):
        self.cpu = time.process_time() - self.cpu
        self.peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()

    def check(self) -> None:
        assert self.peak < MEMORY_BYTES, f"{self.peak / 2**20:.0f} MB"
        assert self.cpu < HANG_GUARD_S


def test_the_corpus_covers_every_class():
    assert len(MODEL_CASES) + len(TEXT_CASES) >= 100
    names = {c.name.split(":")[-1] for c in MODEL_CASES}
    assert {"box-1e308", "steps-1e18", "output-times-million", "pulse-train-1e9-periods",
            "piecewise-negative", "gravity-one-component", "max-cells-raised",
            "adaptive-tolerance-1e-300", "step-solid-past-the-end", "step-fifo",
            "step-symlink-out", "step-home", "step-proc-environ", "flow-regions-20k",
            "fan-curve-100k-points"} <= names


@pytest.mark.parametrize("case", TEXT_CASES, ids=lambda c: c.name)
def test_malformed_text_is_one_clear_line(case, tmp_path):
    with _Budget() as budget, pytest.raises(ModelError) as exc:
        model_from_json(case.text)
    budget.check()
    lines = [str(p) for p in exc.value.problems]
    assert len(lines) == 1 and case.expect in lines[0], lines
    lines[0].encode("utf-8")  # printable as it is
    path = tmp_path / "model.json"
    path.write_bytes(case.text)
    with pytest.raises(ModelError) as exc:
        load_model(path)
    assert str(path) in str(exc.value) or exc.value.problems[0].path


def _problems(case, folder):
    """(model or None, the problems reading and validating the case's file report)."""
    (folder / "model").mkdir()
    path = folder / "model" / "model.json"
    path.write_text(json.dumps(case.build(folder / "model")))
    try:
        model = load_model(path)
    except ModelError as exc:
        return None, exc.problems
    return model, validate(model, path.parent)


@pytest.mark.parametrize("case", MODEL_CASES, ids=repr)
def test_refused_with_the_field_named(case, tmp_path):
    if "step" in case.name and not SO8.is_file():
        pytest.skip("the shared STEP files are not available")
    with _Budget() as budget:
        model, problems = _problems(case, tmp_path)
    budget.check()
    assert any(p.path.startswith(case.expect) for p in problems), (case.expect, problems)
    if model is None:
        return
    with pytest.raises(ModelError) as exc:
        solve(model, tmp_path / "model")
    assert exc.value.problems == problems


def test_unknown_fields_do_not_hide_the_rest(tmp_path):
    case = next(c for c in MODEL_CASES if c.name == "rod:unknown-field-and-semantic")
    _, problems = _problems(case, tmp_path)
    assert {p.path for p in problems} >= {"bodies[0].colour", "materials[0].conductivity"}


def test_attachments_mode_refuses_paths(tmp_path):
    if not SO8.is_file():
        pytest.skip("the shared STEP files are not available")
    (tmp_path / "so8.step").write_bytes(SO8.read_bytes())
    case = next(c for c in MODEL_CASES if c.name == "step-missing")
    model = model_from_json(json.dumps(case.build(tmp_path)))
    model.bodies[1].geometry.path = "so8.step"
    assert validate(model, tmp_path) == []
    strict = Limits.strict()
    problems = validate(model, tmp_path, strict, attachments={})
    assert [p.path for p in problems] == ["bodies[1].geometry.path"]
    assert "attachments" in problems[0].message
    model.bodies[1].geometry.path = "sha256:0123"
    assert validate(model, tmp_path, strict, {"sha256:0123": tmp_path / "so8.step"}) == []


def _big_mesh(n_triangles: int) -> MeshGeometry:
    """A closed mesh with ``n_triangles`` triangles (a fan-triangulated prism), built with
    numpy and handed over as lists as a JSON reader would."""
    m = n_triangles // 4
    a = np.linspace(0.0, 2 * np.pi, m, endpoint=False)
    ring = np.c_[0.01 * np.cos(a), 0.01 * np.sin(a)]
    v = np.vstack([np.c_[ring, np.zeros(m)], np.c_[ring, np.full(m, 0.01)],
                   [[0, 0, 0], [0, 0, 0.01]]])
    i = np.arange(m)
    j = (i + 1) % m
    t = np.vstack([np.c_[i, j, m + j], np.c_[i, m + j, m + i],
                   np.c_[np.full(m, 2 * m), j, i], np.c_[np.full(m, 2 * m + 1), m + i, m + j]])
    return MeshGeometry(v.tolist(), t.tolist())


def test_a_2m_triangle_mesh_is_refused_by_the_limit():
    geom = _big_mesh(2_000_004)
    model = Model(materials=[Material("al", 200.0)],
                  bodies=[Body("fin", geom, "al")], conditions=[Convection("fin", 10.0)])
    with _Budget() as budget:
        problems = validate(model)
    budget.check()
    assert [p.path for p in problems] == ["bodies[0].geometry.triangles"]
    assert "triangles" in problems[0].message
    with pytest.raises(ModelError) as exc:
        solve(model)
    assert exc.value.problems == problems
