"""Components with theta_JC and theta_JB become the solver's compact models: exported as model
components on a box board, their junction temperatures reach the document objects, and the
labels / result panel read Tj, margin and status at any transient time."""

import math

import pytest

from solver.api import solve
from solver.model import BoxGeometry, validate


def _chip_board(doc, **analysis):
    from ThermoCraftWorkbench.examples import chip_board
    a = chip_board.setup(doc)
    for key, value in analysis.items():
        setattr(a, key, value)
    return a


def _export(analysis):
    from ThermoCraftWorkbench.export import export_analysis
    out = export_analysis(analysis)
    assert out.problems == []
    return out


def test_a_component_with_both_thetas_is_a_compact_model_on_its_box_board(doc):
    out = _export(_chip_board(doc))
    m = out.model
    assert [b.name for b in m.bodies] == ["Board", "R1"]
    board = m.bodies[0].geometry
    assert isinstance(board, BoxGeometry) and board.max == pytest.approx([0.04, 0.04, 0.0016])
    (u1,) = m.components
    assert (u1.name, u1.board, u1.side, u1.power) == ("U1", "Board", "top", 2.0)
    assert u1.position == pytest.approx([0.02, 0.02])
    p = u1.package
    assert (p.length, p.width, p.height) == pytest.approx((0.01, 0.01, 0.001))
    assert (p.theta_jc, p.theta_jb, p.tj_max) == (2.0, 8.0, 70.0)
    assert out.source_of("components[0].package") == "U1"
    assert validate(m) == []
    # the analysis-wide convection reaches the package box the solver builds
    assert any(c.body == "U1" for c in m.conditions)


@pytest.mark.parametrize("change", [{"ThetaJB": 0.0}, {"Rotation": 45.0}])
def test_without_both_thetas_or_off_quarter_turns_it_stays_a_body(doc, change):
    a = _chip_board(doc)
    u1 = doc.getObject("U1")
    for key, value in change.items():
        setattr(u1, key, value)
    out = _export(a)
    assert out.model.components == [] and "U1" in [b.name for b in out.model.bodies]
    assert next(b for b in out.model.bodies if b.name == "U1").power == 2.0


def test_junction_temperatures_reach_the_objects_and_the_labels_follow_the_time(doc):
    from ThermoCraftWorkbench.junctions import junction_state, label, panel_lines
    from ThermoCraftWorkbench.solvejob import apply_summary
    a = _chip_board(doc, AnalysisType="Transient", Duration=40.0, TimeStep=10.0,
                    OutputTimes=[10.0, 20.0])
    summary = solve(_export(a).model).summary
    apply_summary(a, summary)
    u1, r1 = doc.getObject("U1"), doc.getObject("R1")
    entry = summary["components"]["U1"]
    assert u1.JunctionTemperature == entry["Tj_C"] and u1.JunctionStatus == entry["status"]
    assert math.isnan(r1.JunctionTemperature) and r1.JunctionStatus == ""
    assert math.isfinite(r1.CaseTemperature)
    history = dict(map(tuple, entry["Tj_history"]))
    states = {t: junction_state(entry, t) for t in (10.0, 20.0, None)}
    for t in (10.0, 20.0):
        tj, margin, status = states[t]
        assert tj == pytest.approx(history[t]) and margin == pytest.approx(70.0 - tj)
        assert status == ("fail" if tj > 70 else "warning" if tj > 60 else "pass")
    assert states[None] == (entry["Tj_C"], entry["margin_K"], entry["status"])
    # the junction heats up: the status can only get worse with time
    order = ["pass", "warning", "fail"]
    ranks = [order.index(states[t][2]) for t in (10.0, 20.0, None)]
    assert ranks == sorted(ranks) and states[10.0][0] < states[20.0][0] < states[None][0]
    halfway = junction_state(entry, 15.0)[0]
    assert halfway == pytest.approx((history[10.0] + history[20.0]) / 2)

    text, colour = label("U1", entry, 10.0, u1.CaseTemperature)
    assert text == f"U1: Tj {history[10.0]:.1f} °C {states[10.0][2]}"
    text_final, colour_final = label("U1", entry, None, u1.CaseTemperature)
    assert f"Tj {entry['Tj_C']:.1f} °C {entry['status']}" in text_final
    assert (colour != colour_final) == (states[10.0][2] != entry["status"])
    case_text, _ = label("R1", None, None, r1.CaseTemperature)
    assert f"{r1.CaseTemperature:.1f} °C case" in case_text
    (line,) = panel_lines(summary["components"], {"U1": "U1 (BGA)"})
    assert line.startswith(f"U1 (BGA): Tj {entry['Tj_C']:.1f} °C, Tj max 70.0 °C, margin "
                           f"{entry['margin_K']:+.1f} K, {entry['status']}")
    assert f"bottleneck {entry['path']['bottleneck']}" in line


def test_a_component_without_tj_max_reads_unknown():
    from ThermoCraftWorkbench.junctions import NO_STATUS_COLOUR, junction_state, label, panel_lines
    entry = {"Tj_C": 80.0, "Tj_max_C": None, "margin_K": None, "status": "unknown",
             "Tj_history": [[0.0, 25.0], [10.0, 80.0]]}
    tj, margin, status = junction_state(entry, 5.0)
    assert tj == pytest.approx(52.5) and math.isnan(margin) and status == "unknown"
    assert junction_state(entry, None)[2] == "unknown"
    assert label("U9", entry, None, math.nan) == ("U9: Tj 80.0 °C unknown", NO_STATUS_COLOUR)
    assert panel_lines({"U9": entry}, {}) == ["U9: Tj 80.0 °C, no Tj max, unknown"]
