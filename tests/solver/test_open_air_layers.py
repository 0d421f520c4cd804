"""Thin air layers in the open air conduct between the two bodies bounding them
(:func:`solver.air_layers.open_air_layers`): slab-gap-slab against ``k A dT / S``; a vertical
gap conducts only where buoyancy draws next to no air through it."""

import pytest

from solver.api import solve
from solver.model import Body, BoxGeometry, FixedTemperature, Material, MeshSettings, Model
from solver.physics.air import ATMOSPHERIC_PRESSURE, air_properties
from solver.summary_text import format_summary

AL = Material("al", 200.0, 2700.0, 900.0)
SIDE, T = 0.04, 0.002  # the slabs: 40 mm square, 2 mm thick


def slab_gap_slab(gap: float, t_top: float | None = 45.0, power: float = 0.0,
                  natural: bool = False) -> Model:
    """A slab ``gap`` over a base slab whose underside is held at 25 degC, its own top at
    ``t_top`` (None: free) with ``power`` in it; with ``natural`` the model-wide natural
    convection on every other face."""
    base = Body("base", BoxGeometry([0, 0, 0], [SIDE, SIDE, T]), "al")
    top = Body("top", BoxGeometry([0, 0, T + gap], [SIDE, SIDE, 2 * T + gap]), "al",
               power=power)
    held = [FixedTemperature("base", 25.0, faces=["zmin"])]
    if t_top is not None:
        held.append(FixedTemperature("top", t_top, faces=["zmax"]))
    m = Model(materials=[AL], bodies=[base, top], conditions=held,
              mesh=MeshSettings(max_cell_size=0.004))
    m.ambient.natural_convection = natural
    return m


def test_slab_gap_slab_conducts_k_a_dt_over_s():
    """The top slab's top at 45 degC, the base's underside at 25, natural convection on the
    other faces: the heat crossing the layer is ``Q = k A (T_top - T_base) / S`` (1-D
    conduction in the still air, k at the layer's temperature; both slabs are near
    isothermal, the aluminium's own drop ~10 mK of the 20 K, far below the 0.5 %)."""
    gap = 5e-4
    s = solve(slab_gap_slab(gap, natural=True)).summary
    [layer] = s["air_layers"]
    under, over = layer["sides"]
    assert {under["body"], over["body"]} == {"base", "top"}
    assert layer["gap_m"] == pytest.approx(gap)
    assert under["area_m2"] == pytest.approx(SIDE**2, rel=1e-9)
    heat = {side["body"]: side["heat_W"] for side in (under, over)}
    assert heat["top"] == pytest.approx(-heat["base"], rel=1e-6)
    k = air_properties(layer["T_C"], ATMOSPHERIC_PRESSURE)[3]
    dt = s["bodies"]["top"]["t_mean_C"] - s["bodies"]["base"]["t_mean_C"]
    assert heat["top"] == pytest.approx(k * SIDE**2 * dt / gap, rel=0.005)
    assert heat["top"] > 1.0  # ~1.7 W at 20 K
    assert s["energy_balance_error"] < 1e-5  # no power to scale it: the solver tolerance


def test_no_layer_where_the_model_has_no_air_film():
    """Fixed temperatures alone (no natural convection): the air is not modelled, the gap
    stays empty and the top slab, held on its top, takes no heat from the base."""
    s = solve(slab_gap_slab(5e-4)).summary
    assert "air_layers" not in s
    assert s["bodies"]["top"]["t_mean_C"] == pytest.approx(45.0, abs=1e-6)


def test_the_faces_of_an_open_air_layer_leave_natural_convection():
    """With natural convection everywhere, the two faces across the gap carry no plate film
    (they face each other, not the room); the rest of both slabs does."""
    s = solve(slab_gap_slab(5e-4, None, 0.5, natural=True)).summary
    [layer] = s["air_layers"]
    cooled = {(p["body"], p["face"]) for p in s["natural_convection"]["patches"]}
    assert ("top", "zmin") not in cooled and ("base", "zmax") not in cooled
    assert ("top", "zmax") in cooled and ("base", "xmin") in cooled
    assert layer["sides"][0]["heat_W"] != 0.0
    assert s["energy_balance_error"] < 1e-6
    text = format_summary(s).splitlines()
    assert "Air layers of the outside air (conducting)" in text
    assert any(line.startswith("  air layer 0.5 mm: ") for line in text)


def _vertical_pair(gap: float) -> Model:
    """Two 50 mm tall aluminium plates ``gap`` apart, facing along x, gravity along -z, one
    heated, natural convection on all faces."""
    a = Body("a", BoxGeometry([0, 0, 0], [0.002, 0.03, 0.05]), "al", power=1.0)
    b = Body("b", BoxGeometry([0.002 + gap, 0, 0], [0.004 + gap, 0.03, 0.05]), "al")
    m = Model(materials=[AL], bodies=[a, b], mesh=MeshSettings(max_cell_size=0.0025))
    m.ambient.natural_convection = True
    return m


def test_an_open_vertical_gap_conducts_only_when_no_air_is_drawn_through_it():
    """Ra_S (S/L) against 0.24 (Elenbaas's channel Nu_S = Ra_S S/L / 24 at 1 % of the
    conduction's 1): at 0.5 mm (Ra_S ~ 0.1, Ra_S S/L ~ 1e-3) a layer; at 5 mm (Ra_S ~ 1e2,
    Ra_S S/L ~ 10: a fin channel) the walls keep their channel films."""
    thin = solve(_vertical_pair(5e-4)).summary
    [layer] = thin["air_layers"]
    assert {side["face"] for side in layer["sides"]} == {"xmin", "xmax"}
    wide = solve(_vertical_pair(0.005)).summary
    assert "air_layers" not in wide
    walls = [p for p in wide["natural_convection"]["patches"]
             if (p["body"], p["face"]) in (("a", "xmax"), ("b", "xmin"))]
    assert len(walls) == 2
    assert all("channel" in p["correlation"] for p in walls)
