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
    model = model_from_dict(json.loads((GOLDEN / "vented_box.json").read_text()))
    summary = solve(model).summary
    bodies = summary["bodies"]
    assert summary["power_W"] == pytest.approx(7.8)
    assert summary["energy_balance_error"] < 1e-6
    # the 4 W BGA is the hottest part, the enclosure stays near ambient (25 degC)
    assert max(bodies, key=lambda b: bodies[b]["t_max_C"]) == "U1"
    assert 25.0 < bodies["Enclosure"]["t_max_C"] < bodies["HeatSink"]["t_min_C"]
    assert bodies["Q1"]["t_max_C"] > bodies["HeatSink"]["t_max_C"]
