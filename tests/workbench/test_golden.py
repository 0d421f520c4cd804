"""Each example document exports to its golden model, and solves to the expected
temperatures."""

import json

import pytest
from tc_golden import EXAMPLES, GOLDEN, differences, export_example

from solver.api import solve
from solver.model import model_from_dict


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_exports_to_its_golden_model(name):
    expected = json.loads((GOLDEN / f"{name}.json").read_text())
    assert differences(export_example(name), expected) == []


def test_the_demo_solves_with_its_heat_where_it_is_put():
    """The demo's library parts as two-resistor models: all the power leaves (energy
    balance), each junction sits its theta above its case top and its board by the heat of
    each leg (the compact model's own hand calculation), the TO-220 on its sink is the
    hottest body, the box stays between the air and the sink; the box is a vented enclosure
    (its slots cut), its air warmer than the room and cooler than the sink, part of the heat
    leaving through the vents."""
    model = model_from_dict(json.loads((GOLDEN / "vented_box.json").read_text()))
    summary = solve(model).summary
    bodies, comps = summary["bodies"], summary["components"]
    power = sum(c.power for c in model.components) + sum(b.power for b in model.bodies)
    assert summary["power_W"] == pytest.approx(power)
    assert summary["heat_out_W"] == pytest.approx(power, rel=1e-6)
    for c in model.components:
        entry, pkg = comps[c.name], c.package
        top, board = entry["legs"]["top"], entry["legs"]["board"]
        assert top["heat_W"] + board["heat_W"] == pytest.approx(c.power, rel=1e-6)
        assert entry["Tj_C"] == pytest.approx(entry["T_case_top_C"] + pkg.theta_jc
                                              * top["heat_W"], abs=1e-6)
        assert entry["Tj_C"] == pytest.approx(entry["T_board_C"] + pkg.theta_jb
                                              * board["heat_W"], abs=1e-6)
    assert comps["U1"]["status"] == comps["U2"]["status"] == "pass"
    assert max(bodies, key=lambda b: bodies[b]["t_max_C"]) == "Q1"
    assert 25.0 < bodies["Enclosure"]["t_max_C"] < bodies["HeatSink"]["t_min_C"]
    assert summary["natural_convection"]["iterations"] > 1  # films from correlations
    [air] = summary["enclosures"]
    assert air["body"] == "Enclosure"
    assert bodies["Enclosure"]["t_max_C"] < air["air_T_C"] < bodies["HeatSink"]["t_min_C"]
    assert 0.0 < air["vents"]["heat_out_W"] < power
