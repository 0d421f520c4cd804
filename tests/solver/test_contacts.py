"""Contact resistances and thin layers between touching bodies (model ``contacts``)."""

import numpy as np
import pytest

from solver.api import solve
from solver.model import (
    Body,
    BoxGeometry,
    Contact,
    ContactLayer,
    Convection,
    FixedTemperature,
    Material,
    MeshSettings,
    Model,
    ModelError,
    SolverOptions,
    validate,
)


def _box(name, lo, hi, material, power=0.0):
    return Body(name, BoxGeometry(list(lo), list(hi)), material, power)


def _two_blocks(axis, contact, n=8):
    """Blocks a (k = 3 along the axis) and b (k = 7) of length L each, stacked along
    ``axis`` with ``contact`` between them; 100 degC on a's far face, 10 degC on b's."""
    lo_a, hi_a, lo_b, hi_b = [0.0] * 3, [0.02, 0.03, 0.04], [0.0] * 3, [0.02, 0.03, 0.04]
    length = hi_a[axis]
    lo_b[axis], hi_b[axis] = length, 2 * length
    k_a, k_b = [1.0] * 3, [1.0] * 3
    k_a[axis], k_b[axis] = 3.0, 7.0  # orthotropic: only the normal component may matter
    names = "xyz"
    shape = [3, 3, 3]
    shape[axis] = 2 * n
    model = Model(
        materials=[Material("ka", k_a), Material("kb", k_b)],
        bodies=[_box("a", lo_a, hi_a, "ka"), _box("b", lo_b, hi_b, "kb")],
        conditions=[FixedTemperature("a", 100.0, [names[axis] + "min"]),
                    FixedTemperature("b", 10.0, [names[axis] + "max"])],
        contacts=[contact], mesh=MeshSettings(uniform=shape),
        solver=SolverOptions(tolerance=1e-13))
    area = np.prod([hi_a[a] for a in range(3) if a != axis])
    return model, length, area


@pytest.mark.parametrize("axis", [0, 1, 2])
@pytest.mark.parametrize("contact", [Contact(["a", "b"], resistance=2e-3),
                                     Contact(["b", "a"], layer=ContactLayer(1e-4, 0.05)),
                                     Contact(["a"], resistance=2e-3)])
def test_two_blocks_with_a_contact_match_the_series_formula(axis, contact):
    model, length, area = _two_blocks(axis, contact)
    r = contact.resistance_per_area()
    r_total = length / 3.0 + r + length / 7.0  # per area
    q = 90.0 / r_total * area
    result = solve(model)
    row = result.summary["contacts"][0]
    sign = 1.0 if contact.bodies[0] == "a" else -1.0
    assert row["heat_W"] == pytest.approx(sign * q, rel=1e-10)
    assert row["area_m2"] == pytest.approx(area, rel=1e-12)
    assert row["bodies"] == contact.bodies
    # linear profiles in each block, the jump q''R at the interface
    centres = result.disc.grid.centers(axis)
    flux = q / area
    exact = np.where(centres < length, 100.0 - flux * centres / 3.0,
                     10.0 + flux * (2 * length - centres) / 7.0)
    t = np.moveaxis(result.t, axis, 0)
    assert np.max(np.abs(t - exact[:, None, None])) < 1e-9
    heat = [c["heat_out_W"] for c in result.summary["conditions"]]
    assert heat == pytest.approx([-q, q], rel=1e-10)


def test_a_thin_layer_as_a_contact_matches_the_layer_resolved_with_cells():
    """A 2 W chip on a spreader through a 50 um TIM (k = 3): the TIM as a contact layer
    against the TIM as a thin box meshed with cells."""
    t_tim, k_tim = 50e-6, 3.0
    materials = [Material("si", 150.0), Material("al", 200.0), Material("tim", k_tim)]
    spreader = _box("spreader", (0, 0, 0), (0.03, 0.03, 0.002), "al")
    cooling = [Convection("spreader", 2000.0, 25.0, ["zmin"])]
    mesh = MeshSettings(max_cell_size=1e-3, max_growth=1.3, min_cells_across=3)
    z0 = 0.002
    contact_model = Model(
        materials=materials, mesh=mesh, conditions=cooling,
        bodies=[spreader, _box("chip", (0.01, 0.01, z0), (0.02, 0.02, z0 + 5e-4), "si", 2.0)],
        contacts=[Contact(["chip", "spreader"], layer=ContactLayer(t_tim, k_tim))])
    resolved_model = Model(
        materials=materials, mesh=mesh, conditions=cooling,
        bodies=[spreader, _box("tim", (0.01, 0.01, z0), (0.02, 0.02, z0 + t_tim), "tim"),
                _box("chip", (0.01, 0.01, z0 + t_tim), (0.02, 0.02, z0 + t_tim + 5e-4), "si",
                     2.0)])
    with_contact = solve(contact_model)
    with_cells = solve(resolved_model)
    assert with_cells.disc.grid.shape[2] > with_contact.disc.grid.shape[2] + 2  # cells in it
    rise_contact = with_contact.summary["bodies"]["chip"]["t_max_C"] - 25.0
    rise_cells = with_cells.summary["bodies"]["chip"]["t_max_C"] - 25.0
    assert rise_contact == pytest.approx(rise_cells, rel=0.01)
    # the layer's own drop is a large part of the rise: without it the answer is far off
    assert 2.0 * t_tim / k_tim / 1e-4 > 0.1 * rise_cells
    assert with_contact.summary["contacts"][0]["heat_W"] == pytest.approx(2.0, rel=1e-6)


def test_contact_with_all_neighbours_carries_all_the_heat_and_a_later_pair_overrides():
    """A powered chip whose only exits are two plates it sits on: the one-body contact's heat
    is the chip's power; a later pair contact replaces it towards one plate."""
    materials = [Material("m", 10.0)]
    bodies = [_box("left", (0, 0, 0), (0.01, 0.02, 0.002), "m"),
              _box("right", (0.01, 0, 0), (0.02, 0.02, 0.002), "m"),
              _box("chip", (0.005, 0.005, 0.002), (0.015, 0.015, 0.003), "m", power=3.0)]
    conditions = [FixedTemperature("left", 20.0, ["zmin"]),
                  FixedTemperature("right", 20.0, ["zmin"])]
    mesh = MeshSettings(uniform=[20, 20, 6])
    one = Model(materials=materials, bodies=bodies, conditions=conditions, mesh=mesh,
                contacts=[Contact(["chip"], resistance=1e-3)])
    result = solve(one)
    row = result.summary["contacts"][0]
    assert row["heat_W"] == pytest.approx(3.0, rel=1e-7)
    assert row["area_m2"] == pytest.approx(1e-4, rel=1e-12)
    assert result.summary["energy_balance_error"] < 1e-8
    # independent of the report: the face flows between chip cells and plate cells
    st = result.disc.conduction
    owner = result.disc.bodymap.owner
    t = np.nan_to_num(result.t)
    below = (owner[:, :, 1:] == 2) & (owner[:, :, :-1] != 2) & (owner[:, :, :-1] >= 0)
    assert np.sum((st.gz * (t[:, :, 1:] - t[:, :, :-1]))[below]) == pytest.approx(3.0, rel=1e-7)
    # symmetric: each plate takes half
    assert [c["heat_out_W"] for c in result.summary["conditions"]] == pytest.approx(
        [1.5, 1.5], rel=1e-6)
    # a pair contact listed later replaces the one-body contact towards "right"
    two = Model(materials=materials, bodies=bodies, conditions=conditions, mesh=mesh,
                contacts=[Contact(["chip"], resistance=1e-3),
                          Contact(["right", "chip"], resistance=1e-2)])
    rows = solve(two).summary["contacts"]
    assert rows[0]["area_m2"] == pytest.approx(5e-5, rel=1e-12)
    assert rows[1]["area_m2"] == pytest.approx(5e-5, rel=1e-12)
    assert rows[0]["heat_W"] - rows[1]["heat_W"] == pytest.approx(3.0, rel=1e-7)
    assert rows[0]["heat_W"] > 2.0  # most heat takes the lower resistance


def test_contact_problems_are_reported_with_their_paths():
    model = Model(materials=[Material("m", 1.0)],
                  bodies=[_box("a", (0, 0, 0), (1, 1, 1), "m")],
                  conditions=[Convection("a", 5.0)],
                  contacts=[Contact(["a", "a"], resistance=1.0),
                            Contact(["a", "zz"], resistance=-1.0),
                            Contact(["a"], resistance=1.0, layer=ContactLayer(1e-3, 1.0)),
                            Contact(["a"], layer=ContactLayer(0.0, -1.0)),
                            Contact([], resistance=1.0)])
    found = {(p.path, p.message.split(" ")[0]) for p in validate(model)}
    assert ("contacts[0].bodies", "names") in found
    assert ("contacts[1].bodies[1]", "unknown") in found
    assert ("contacts[1].resistance", "must") in found
    assert ("contacts[2]", "needs") in found
    assert ("contacts[3].layer.thickness", "must") in found
    assert ("contacts[3].layer.conductivity", "must") in found
    assert ("contacts[4].bodies", "needs") in found


def test_a_contact_between_bodies_that_do_not_touch_is_refused():
    model = Model(materials=[Material("m", 1.0)],
                  bodies=[_box("a", (0, 0, 0), (1, 1, 1), "m"),
                          _box("b", (2, 0, 0), (3, 1, 1), "m")],
                  conditions=[Convection("a", 5.0), Convection("b", 5.0)],
                  contacts=[Contact(["a", "b"], resistance=1.0)])
    with pytest.raises(ModelError) as err:
        solve(model)
    assert err.value.problems[0].path == "contacts[0].bodies"
    assert "do not touch" in err.value.problems[0].message
