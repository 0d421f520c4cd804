"""The built-in library: every file passes the schema, every item has a source, and the
derived figures agree with the rules they were derived by."""

from __future__ import annotations

from collections import Counter

import pytest

from solver.library import BUILTIN, Library
from solver.library.schema import file_problems

LIB = Library([BUILTIN])


def test_every_file_passes_the_schema():
    assert LIB.problems == []
    assert len(list(BUILTIN.rglob("*.json"))) >= 8


def test_counts_per_kind():
    counts = Counter(item.kind for item in LIB.items.values())
    assert counts["material"] >= 25
    assert counts["package"] >= 60
    assert counts["fan"] >= 8
    assert counts["stackup"] >= 2 and counts["via_array"] >= 1 and counts["tim"] >= 4


def test_every_item_names_its_source():
    for item in LIB.items.values():
        assert len(item.source.strip()) > 10, item.id


def test_package_families_cover_the_issue():
    families = {item.data["family"] for item in LIB.items.values() if item.kind == "package"}
    for family in ("BGA", "QFN", "DFN", "QFP", "SOIC", "TSSOP", "SOT", "DPAK", "D2PAK",
                   "TO-220", "TO-247", "LED"):
        assert family in families


def test_referenced_materials_exist():
    for item in LIB.items.values():
        refs = [item.data.get("material"), item.data.get("metal"), item.data.get("fill")]
        refs += [layer["material"] for layer in item.data.get("layers", [])]
        for ref in filter(None, refs):
            assert LIB.get(ref) is not None and LIB.get(ref).kind == "material", (item.id, ref)


@pytest.mark.parametrize("fan", [i for i in LIB.items.values() if i.kind == "fan"],
                         ids=lambda i: i.id)
def test_derived_fan_curves_follow_the_shape_model(fan):
    d = fan.data
    assert d["curve"][0] == [0.0, pytest.approx(d["dp_max"])]
    assert d["curve"][-1][0] == pytest.approx(d["q_max"])
    if d["curve_derived"]:
        for q, dp in d["curve"]:
            assert dp == pytest.approx(d["dp_max"] * (1 - (q / d["q_max"]) ** 2), abs=1e-3)


def test_tim_area_resistance_is_bond_line_over_k():
    for item in LIB.items.values():
        d = item.data
        if item.kind == "tim" and "area_resistance" in d:
            assert d["area_resistance"] == pytest.approx(d["bond_line"] / d["conductivity"])


def test_6061_conversions():
    d = LIB.get("Al-6061-T6").data
    btu_in = 0.1442279  # W/(m K) per Btu in/(ft^2 h F)
    assert d["conductivity"] == pytest.approx(1160 * btu_in, rel=2e-3)
    assert d["density"] == pytest.approx(0.098 * 0.45359237 / 0.0254 ** 3, rel=1e-3)


def test_theta_ja_entries_name_their_board():
    for item in LIB.items.values():
        for entry in item.data.get("theta_ja", []):
            assert entry["board"] in ("1s0p", "2s2p", "custom")
            if entry["board"] == "custom":
                assert "board_note" in entry or "airflow_mps" in entry, item.id


def test_schema_reports_every_problem_with_its_path():
    data = {"kind": "package", "items": [
        {"id": "X", "family": "QFN", "source": "", "theta_jb": -1,
         "body": {"length": 0.005}, "theta_ja": [{"value": 40, "board": "4s"}], "colour": 1},
        {"id": "lib:Y", "family": "QFN", "source": "doc"}]}
    msgs = [str(p) for p in file_problems(data, "f.json")]
    assert "f.json.items[0].source: must be a non-empty string" in msgs
    assert "f.json.items[0].theta_jb: must be > 0 (got -1)" in msgs
    assert "f.json.items[0].body.width: is required" in msgs
    assert any(m.startswith("f.json.items[0].theta_ja[0].board: must be one of") for m in msgs)
    assert any(m.startswith("f.json.items[0].colour: unknown field") for m in msgs)
    assert any(m.startswith("f.json.items[1].id:") for m in msgs)
    assert len(msgs) == 6


def test_rising_fan_curve_is_refused():
    data = {"kind": "fan", "items": [{"id": "F", "source": "s", "size": [0.04, 0.04, 0.01],
                                      "q_max": 1e-3, "dp_max": 20, "curve_derived": False,
                                      "curve": [[0, 20], [5e-4, 22], [1e-3, 0]]}]}
    msgs = [str(p) for p in file_problems(data, "f")]
    assert len(msgs) == 1 and "stall dip" in msgs[0]


def test_a_tim_needs_a_figure_and_states_no_placeholder():
    data = {"kind": "tim", "items": [{"id": "T", "source": "s", "tim_type": "grease"},
                                     {"id": "U", "source": "s", "tim_type": "pad",
                                      "resistance": 0.5}]}
    assert [str(p) for p in file_problems(data, "f.json")] == [
        "f.json.items[0]: a TIM needs one of conductivity, area_resistance, contact_resistance, "
        "resistance"]
    greased = LIB.get("TIM-grease-TO-220-greased").data
    assert greased["resistance"] == 0.5 and "conductivity" not in greased
