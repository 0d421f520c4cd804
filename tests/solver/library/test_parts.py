"""A component's ``part: "lib:ID"``: resolution, path-named errors, embedding, and a solve
checked against the two-resistor network worked by hand."""

from __future__ import annotations

import json

import pytest

from solver.api import solve
from solver.library import BUILTIN, Library, embed_library_items, set_default_library
from solver.model import model_from_dict, model_to_json, validate

PART = {"id": "QFN-TEST-10x10", "family": "QFN", "pins": 64,
        "body": {"length": 0.01, "width": 0.01, "height": 0.002},
        "theta_jc_top": 3.0, "theta_jb": 12.0, "tj_max": 125.0,
        "source": "test item (figures chosen for the hand calculation)"}


@pytest.fixture(autouse=True)
def _restore_default_library():
    yield
    set_default_library(None)


@pytest.fixture
def library(tmp_path):
    d = tmp_path / "team"
    d.mkdir()
    (d / "parts.json").write_text(json.dumps({"kind": "package", "items": [PART]}))
    lib = Library([BUILTIN, d])
    set_default_library(lib)
    return lib


H_TOP = 1000.0  # W/(m^2 K) on the package top: 1/(h A) = 10 K/W over 1 cm^2
P = 2.0
T_BOARD, T_AIR = 40.0, 25.0


def model(part: str = "lib:QFN-TEST-10x10") -> dict:
    """A 20 x 20 x 1 mm copper board held at 40 degC underneath (near isothermal: 1-D
    conduction through it is 0.025 K/W under the package, against theta_JB 12), the
    package top cooled by h = 1000 to 25 degC air, everything else adiabatic."""
    return {"name": "lib part", "materials": [{"name": "cu", "conductivity": 400.0}],
            "bodies": [{"name": "pcb", "material": "cu", "geometry": {
                "kind": "box", "min": [0, 0, 0], "max": [0.02, 0.02, 0.001]}}],
            "conditions": [
                {"kind": "fixed_temperature", "body": "pcb", "faces": ["zmin"],
                 "temperature": T_BOARD},
                {"kind": "convection", "body": "U1", "faces": ["zmax"], "h": H_TOP}],
            "components": [{"name": "U1", "board": "pcb", "position": [0.01, 0.01],
                            "power": P, "part": part}],
            "mesh": {"max_cell_size": 0.001}}


def hand_tj() -> float:
    """Junction node balance: (Tj - Tb)/theta_JB + (Tj - Ta)/(theta_JC + 1/(h A)) = P."""
    g_board = 1.0 / PART["theta_jb"]
    g_top = 1.0 / (PART["theta_jc_top"] + 1.0 / (H_TOP * 0.01 * 0.01))
    return (P + g_board * T_BOARD + g_top * T_AIR) / (g_board + g_top)


def test_library_part_solves_to_the_hand_calculation(library, tmp_path):
    s = solve(model_from_dict(model()), tmp_path).summary
    c = s["components"]["U1"]
    assert hand_tj() == pytest.approx(45.28, abs=0.01)  # the hand figure itself
    assert c["Tj_C"] == pytest.approx(hand_tj(), abs=0.02)
    assert c["Tj_max_C"] == 125.0
    assert c["legs"]["board"]["theta_K_W"] == 12.0 and c["legs"]["top"]["theta_K_W"] == 3.0


def test_embedded_part_solves_without_the_library(library, tmp_path):
    m = model_from_dict(model())
    embedded = embed_library_items(m)
    assert embedded.components[0].package.theta_jb == 12.0
    assert embedded.components[0].part == "lib:QFN-TEST-10x10"  # where it came from
    assert m.components[0].package is None  # the original is left alone
    text = model_to_json(embedded)
    set_default_library(Library([]))
    assert "components[0].part: unknown library item 'lib:QFN-TEST-10x10'" in [
        str(p) for p in validate(m)]
    c = solve(model_from_dict(json.loads(text)), tmp_path).summary["components"]["U1"]
    assert c["Tj_C"] == pytest.approx(hand_tj(), abs=0.02)


@pytest.mark.parametrize(("part", "message"), [
    ("lib:QFN-TEST-10x1", "unknown library item 'lib:QFN-TEST-10x1' (did you mean "
                          "'lib:QFN-TEST-10x10'?)"),
    ("lib:FR-4", "library item 'lib:FR-4' is a material, not a package"),
    ("QFN-TEST-10x10", "parts are library references 'lib:ID'"),
    ("lib:SOIC-8-FAN3213", "lacks theta_jb, tj_max (its source gives no figure)"),
])
def test_bad_parts_are_named_by_path(library, part, message):
    msgs = [str(p) for p in validate(model_from_dict(model(part)))
            if p.path.startswith("components")]
    assert len(msgs) == 1 and msgs[0].startswith("components[0].part: ")
    assert message in msgs[0], msgs
