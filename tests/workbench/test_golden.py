"""Each example document exports to its golden model, and solves to the expected
temperatures."""

import json

import numpy as np
import pytest
from tc_golden import EXAMPLES, GOLDEN, differences, export_example

from solver.api import solve
from solver.discretize import discretize
from solver.model import model_from_dict


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_exports_to_its_golden_model(name):
    expected = json.loads((GOLDEN / f"{name}.json").read_text())
    assert differences(export_example(name), expected) == []


def test_the_demo_solves_with_its_heat_where_it_is_put():
    """The demo's library parts as compact models (U1, U2 two-resistor on the board; Q1 the pad
    model on the sink's vertical front face, its tab greased): all the power leaves (energy
    balance), each junction sits its theta above its case top and its board (Q1: the sink face
    under its tab, through theta_JP and theta_CS) by the heat of each leg (the compact model's
    own hand calculation), Q1's junction is the hottest and within its Tj max, its package
    (case) hotter than the sink, the box stays between the air and the sink; the box is a vented
    enclosure (its slots cut), its air warmer than the room and cooler than the sink, part of
    the heat leaving through the vents."""
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
        theta_board = pkg.theta_jc_bottom if c.model == "pad" else pkg.theta_jb
        if c.interface is not None:
            theta_board += entry["legs"]["interface"]["theta_K_W"]
        assert entry["Tj_C"] == pytest.approx(entry["T_board_C"] + theta_board
                                              * board["heat_W"], abs=1e-6)
    q1 = next(c for c in model.components if c.name == "Q1")
    assert (q1.board, q1.face, q1.side, q1.model) == ("HeatSink", "Face8", None, "pad")
    assert comps["Q1"]["legs"]["board"]["element"] == "theta_jc_bottom"
    # the tab greased to the sink: theta_CS 0.5 K/W in series with theta_JP
    interface = comps["Q1"]["legs"]["interface"]
    assert (interface["source"], interface["theta_K_W"]) == \
        ("lib:TIM-grease-TO-220-greased", 0.5)
    assert interface["dT_K"] == pytest.approx(0.5 * comps["Q1"]["legs"]["board"]["heat_W"])
    assert comps["U1"]["status"] == comps["U2"]["status"] == comps["Q1"]["status"] == "pass"
    assert max(comps, key=lambda c: comps[c]["Tj_C"]) == "Q1"
    assert bodies["Q1"]["t_max_C"] > bodies["HeatSink"]["t_max_C"]
    assert 25.0 < bodies["Enclosure"]["t_max_C"] < bodies["HeatSink"]["t_min_C"]
    assert summary["natural_convection"]["iterations"] > 1  # films from correlations
    [air] = summary["enclosures"]
    assert air["body"] == "Enclosure"
    assert bodies["Enclosure"]["t_max_C"] < air["air_T_C"] < bodies["HeatSink"]["t_min_C"]
    assert 0.0 < air["vents"]["heat_out_W"] < power


def test_the_demo_box_faces_stand_for_the_walls_they_lie_on():
    """Every staircase face of the demo takes the normal and area of the body face it lies
    on: its true normal faces its way and, the box's walls being flat, its area is its
    rectangle's within the staircase of the slots (issue 7's slivers: floor faces given to a
    slot's 8 mm^2 face shared its area, at 1/150 of their own, and inner-wall faces took the
    outer face's normal)."""
    disc = discretize(model_from_dict(json.loads((GOLDEN / "vented_box.json").read_text())))
    p, faces = disc.patches, disc.faces
    every = np.arange(len(faces))
    assert np.all(np.sum(p.face_normal * faces.normals(every), axis=1) > 0.0)
    rect = p.face_hi - p.face_lo
    ratio = faces.area / np.prod(np.where(rect > 0.0, rect, 1.0), axis=1)
    box = disc.face_body == [b.name for b in disc.model.bodies].index("Enclosure")
    assert 0.5 < ratio[box].min() and ratio[box].max() < 2.0
