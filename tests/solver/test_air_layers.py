"""Thin air layers inside an enclosure conduct between the two surfaces bounding them
(:mod:`solver.air_layers`), not to the enclosure's mixed air."""

import dataclasses

import numpy as np
import pytest

from solver.api import solve
from solver.model import Analysis, Body, BoxGeometry, Material, MeshSettings, Model
from solver.physics.air import ATMOSPHERIC_PRESSURE, air_properties
from tests.solver.test_enclosure import AL, SIDE, hollow_box

BOARD = Material("board", [20.0, 20.0, 0.4])
MOLD = Material("mold", 1.0)
COPPER = Material("cu", 390.0)


def in_box(*bodies: Body, materials=()) -> Model:
    """``bodies`` inside the sealed 100 mm aluminium box of the enclosure tests."""
    box = Body("box", hollow_box([0, 0, 0], [SIDE] * 3, 0.005), "al", enclosure=True)
    m = Model(materials=[AL, *materials], bodies=[box, *bodies],
              mesh=MeshSettings(max_cell_size=0.005))
    m.ambient.natural_convection = True
    return m


def test_a_package_over_its_board_conducts_into_the_board():
    """A 6 mm package 50 um over a 60 mm board, joined by a 2 mm copper pad: its underside
    around the pad and the board right under it bound one layer; no part of the underside
    is on the box's air, and the heat it gives the layer all enters the board."""
    z = 0.05
    pad = Body("pad", BoxGeometry([0.049, 0.049, z], [0.051, 0.051, z + 5e-5]), "cu")
    pkg = Body("pkg", BoxGeometry([0.047, 0.047, z + 5e-5], [0.053, 0.053, z + 0.00105]),
               "mold", power=0.5)
    board = Body("board", BoxGeometry([0.02, 0.02, z - 0.0016], [0.08, 0.08, z]), "board")
    s = solve(in_box(board, pad, pkg, materials=[BOARD, MOLD, COPPER])).summary
    [e] = s["enclosures"]
    [layer] = e["layers"]
    under, top = layer["sides"]
    assert (under["body"], under["face"], top["body"]) == ("pkg", "zmin", "board")
    assert layer["gap_m"] == pytest.approx(5e-5)
    assert under["area_m2"] == pytest.approx(0.006**2 - 0.002**2, rel=1e-6)
    assert top["area_m2"] == pytest.approx(under["area_m2"], rel=1e-6)
    to_air = {(p["body"], p["face"]): p["heat_to_air_W"] for p in e["patches"]}
    assert ("pkg", "zmin") not in to_air  # the underside gives the air nothing
    assert ("board", "zmax") in to_air  # the board around the package still does
    assert under["heat_W"] > 0.05  # a real share of the 0.5 W crosses the layer
    assert top["heat_W"] == pytest.approx(-under["heat_W"], rel=1e-6)
    inside = sum(q for b, q in e["bodies"].items() if b != "box")
    assert inside == pytest.approx(0.5, rel=1e-3)  # the air passes it all to the box
    assert e["bodies"]["pkg"] + under["heat_W"] < 0.5  # the rest goes down the pad
    assert s["energy_balance_error"] < 1e-6


GAP = 0.002


def two_plates() -> Model:
    """Two 60 mm aluminium plates ``GAP`` apart in the box, the lower one heated (1 W)."""
    lower = Body("lower", BoxGeometry([0.02, 0.02, 0.04], [0.08, 0.08, 0.043]), "al",
                 power=1.0)
    upper = Body("upper", BoxGeometry([0.02, 0.02, 0.043 + GAP], [0.08, 0.08, 0.048 + GAP]),
                 "al")
    return in_box(lower, upper)


def test_the_heat_across_a_thin_layer_is_k_a_dt_over_s():
    """Two plates 2 mm apart, the lower one heated: the heat crossing the layer (its power
    less what its other faces give the air) is ``k A dT / S`` with dT between the plates
    (nearly isothermal) and k of air at their mean."""
    gap, a = GAP, 0.06**2
    s = solve(two_plates()).summary
    [e] = s["enclosures"]
    [layer] = e["layers"]
    across = 1.0 - e["bodies"]["lower"]
    t1, t2 = s["bodies"]["lower"]["t_mean_C"], s["bodies"]["upper"]["t_mean_C"]
    k = air_properties(0.5 * (t1 + t2), ATMOSPHERIC_PRESSURE)[3]
    assert across == pytest.approx(k * a * (t1 - t2) / gap, rel=0.03)
    assert across == pytest.approx(layer["sides"][0]["heat_W"], rel=1e-6)
    assert e["bodies"]["upper"] == pytest.approx(across, rel=1e-6)  # all of it to the air
    assert np.isclose(e["bodies"]["lower"] + e["bodies"]["upper"], 1.0, rtol=1e-3)
    assert s["energy_balance_error"] < 1e-6


def test_a_layer_in_a_transient_warms_with_the_plates():
    """Transient (films lagged per step): the layer's node follows the plates, its heat
    balance closes with the nodes' storage, and the run tends to the steady state."""
    steady = solve(two_plates()).summary
    m = dataclasses.replace(two_plates(), analysis=Analysis(
        "transient", duration=3000.0, time_step=50.0, output_times=[3000.0]))
    s = solve(m).summary
    [e] = s["enclosures"]
    [layer] = e["layers"]
    lower, upper = (s["bodies"][b]["t_mean_C"] for b in ("lower", "upper"))
    assert upper < layer["T_C"] < lower
    assert s["energy_balance_error"] < 1e-6
    rise = lower - m.ambient.temperature
    assert 0.3 < rise / (steady["bodies"]["lower"]["t_mean_C"] - m.ambient.temperature) < 1.0
