"""Schema evolution: every older version reads through the migration chain, and the frozen
schema-1 fixtures still solve to the temperatures they gave when they were frozen."""

from __future__ import annotations

import copy
import json

import pytest
from golden import FIXTURES, GOLDEN, measure

from solver.model import (
    SCHEMA_VERSION,
    ModelError,
    load_model,
    migrate,
    model_from_dict,
    validate,
)
from solver.model.migrate import FIRST_VERSION, MIGRATIONS, v1_to_v2, v2_to_v3, v3_to_v4

SCHEMA1 = sorted(FIXTURES.glob("*.json"))
EXPECTED = json.loads(GOLDEN.read_text())["cases"]


def test_the_chain_reaches_the_current_version():
    assert FIRST_VERSION == 1 and len(MIGRATIONS) == SCHEMA_VERSION - FIRST_VERSION
    data = {"schema_version": FIRST_VERSION, "name": "x"}
    assert migrate(data) == ({"schema_version": SCHEMA_VERSION, "name": "x"}, [])
    assert data == {"schema_version": 1, "name": "x"}  # the input is left alone


def test_v1_to_v2_only_bumps_the_version():
    for path in SCHEMA1:
        v1 = json.loads(path.read_text())
        assert v1["schema_version"] == 1
        v2 = v1_to_v2(copy.deepcopy(v1))
        assert v2 == {**v1, "schema_version": 2}


def test_v2_to_v3_only_bumps_the_version_and_schema2_files_read_unchanged():
    """Schema 3 adds a component's optional ``face``: the schema-2 fixtures read with no
    face and their ``side`` as written, and validate."""
    schema2 = sorted((FIXTURES.parent / "schema2").glob("*.json"))
    assert schema2
    for path in schema2:
        v2 = json.loads(path.read_text())
        assert v2["schema_version"] == 2
        assert v2_to_v3(copy.deepcopy(v2)) == {**v2, "schema_version": 3}
        model = load_model(path)
        assert model.schema_version == SCHEMA_VERSION and validate(model, path.parent) == []
        assert [(c.face, c.side) for c in model.components] == \
            [(None, c.get("side")) for c in v2["components"]]


def test_v3_to_v4_only_bumps_the_version_and_schema3_files_read_unchanged():
    """Schema 4 adds a component's optional ``interface``: the schema-3 fixtures read with
    none (a pad's tab soldered, as before) and validate."""
    schema3 = sorted((FIXTURES.parent / "schema3").glob("*.json"))
    assert schema3
    for path in schema3:
        v3 = json.loads(path.read_text())
        assert v3["schema_version"] == 3
        assert v3_to_v4(copy.deepcopy(v3)) == {**v3, "schema_version": 4}
        model = load_model(path)
        assert model.schema_version == 4 and validate(model, path.parent) == []
        assert [c.interface for c in model.components] == [None] * len(v3["components"])
        assert [c.face for c in model.components] == [c["face"] for c in v3["components"]]


def test_a_file_without_a_version_is_version_1():
    data = json.loads(SCHEMA1[0].read_text())
    del data["schema_version"]
    assert model_from_dict(data).schema_version == SCHEMA_VERSION


@pytest.mark.parametrize(("version", "message"), [
    (SCHEMA_VERSION + 1, f"the model was written for schema {SCHEMA_VERSION + 1}; this "
                         f"ThermoCraft reads up to {SCHEMA_VERSION}: update ThermoCraft"),
    (0, "unknown version 0: versions start at 1"),
    ("2", "must be a whole number"),
    (True, "must be a whole number"),
])
def test_versions_that_cannot_be_read(version, message):
    with pytest.raises(ModelError) as exc:
        model_from_dict({"schema_version": version})
    assert [str(p) for p in exc.value.problems] == [f"schema_version: {message}"]


def test_every_schema1_fixture_is_frozen_with_its_golden_numbers():
    assert {p.name for p in SCHEMA1} == set(EXPECTED)
    assert {"rod.json", "board_chip.json", "transient_pulse.json", "mesh_body.json",
            "anisotropic_board.json"} <= set(EXPECTED)


@pytest.mark.parametrize("path", SCHEMA1, ids=lambda p: p.stem)
def test_schema1_fixture_solves_as_before(path):
    """Same temperatures as when frozen: within 0.1 % of the temperature rise for steady
    models, 1 % for transients (the run crosses pulse edges whose treatment may improve)."""
    model = load_model(path)
    assert model.schema_version == SCHEMA_VERSION
    got, want = measure(path), EXPECTED[path.name]
    rise = want["max_cell_C"] - want["ambient_C"]
    tol = (1e-2 if model.analysis.kind == "transient" else 1e-3) * rise
    assert got["max_cell_C"] == pytest.approx(want["max_cell_C"], abs=tol)
    assert got["body_mean_C"].keys() == want["body_mean_C"].keys()
    for name, value in want["body_mean_C"].items():
        assert got["body_mean_C"][name] == pytest.approx(value, abs=tol), name
