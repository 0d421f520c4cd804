"""Vented enclosures: the stack-effect flow through an enclosure's vents carries heat from its
air node to the room, iterated with the films; the energy balance counts it."""

import dataclasses
import itertools

import pytest

from solver.api import solve
from solver.discretize import discretize
from solver.model import (
    Analysis,
    Material,
    ModelError,
    Vents,
    model_from_dict,
    to_dict,
    validate,
)
from solver.physics.air import ATMOSPHERIC_PRESSURE, air_properties
from solver.physics.vent_flow import stack_mass_flow
from solver.summary_text import format_summary
from tests.solver.test_enclosure import BLOCK, boxed

VENTS = Vents(inlet_area=4e-4, outlet_area=4e-4, height=0.08)


def vented(vents: Vents | None):
    m = boxed(BLOCK)
    m.bodies[0] = dataclasses.replace(m.bodies[0], vents=vents)
    return m


@pytest.fixture(scope="module")
def runs():
    """Sealed, and vents of growing area."""
    areas = (1e-9, 1e-4, 4e-4, 16e-4)
    return solve(vented(None)), [
        solve(vented(dataclasses.replace(VENTS, inlet_area=a, outlet_area=a))) for a in areas]


def test_vent_heat_is_the_stack_flow_and_the_balance_closes(runs):
    r = runs[1][2]
    s = r.summary
    [e] = s["enclosures"]
    v = e["vents"]
    t_amb = r.disc.model.ambient.temperature
    assert s["energy_balance_error"] < 1e-9
    assert s["heat_out_W"] == pytest.approx(1.0, rel=1e-9)
    block = s["bodies"]["block"]
    assert t_amb + 0.5 < e["air_T_C"] < block["t_min_C"] - 0.5
    # the flow in use is the stack flow at the converged air temperature, to the settling
    # criterion (its heat mismatch within the tolerance of all the air's heat flows) ...
    rho, cp = air_properties(t_amb, ATMOSPHERIC_PRESSURE)[:2]
    m = stack_mass_flow(4e-4, 4e-4, 0.08, 0.6, e["air_T_C"], t_amb, rho, 9.81)
    assert v["stack_mass_flow_kg_s"] == pytest.approx(m, rel=1e-9)
    mismatch = abs(v["mass_flow_kg_s"] - m) * cp * (e["air_T_C"] - t_amb)
    tol = r.disc.model.solver.convection_tolerance
    assert mismatch < 2 * tol * (e["heat_in_W"] + e["heat_out_W"] + v["heat_out_W"])
    assert v["volume_flow_m3_s"] == pytest.approx(v["mass_flow_kg_s"] / rho, rel=1e-12)
    # ... and it carries m_dot cp dT out, the rest leaving through the walls' conditions
    assert v["heat_out_W"] == pytest.approx(v["mass_flow_kg_s"] * cp * (e["air_T_C"] - t_amb),
                                            rel=1e-9)
    assert 0.0 < v["heat_out_W"] < 1.0
    walls = sum(c["heat_out_W"] for c in s["conditions"])
    assert walls + v["heat_out_W"] == pytest.approx(1.0, rel=1e-9)
    assert e["residual"] < r.disc.model.solver.convection_tolerance
    assert "vents:" in format_summary(s)


def test_closing_the_vents_tends_to_the_sealed_box_and_wider_ones_cool_the_air(runs):
    sealed, open_ = runs
    t_sealed = sealed.summary["enclosures"][0]["air_T_C"]
    air = [r.summary["enclosures"][0]["air_T_C"] for r in open_]
    heat = [r.summary["enclosures"][0]["vents"]["heat_out_W"] for r in open_]
    assert air[0] == pytest.approx(t_sealed, abs=1e-3)
    assert all(a > b for a, b in itertools.pairwise(air))
    assert all(a < b for a, b in itertools.pairwise(heat))
    assert air[-1] < t_sealed - 1.0


def test_vents_round_trip_and_bad_vents_are_refused_at_their_path():
    d = to_dict(vented(VENTS))
    assert d["bodies"][0]["vents"] == {"inlet_area": 4e-4, "outlet_area": 4e-4,
                                       "height": 0.08, "discharge_coefficient": 0.6}
    assert model_from_dict(d).bodies[0].vents == VENTS
    assert "vents" not in to_dict(vented(None))["bodies"][0]
    bad = vented(Vents(inlet_area=-1e-4, outlet_area=4e-4, height=0.0,
                       discharge_coefficient=1.5))
    paths = {p.path for p in validate(bad)}
    assert {"bodies[0].vents.inlet_area", "bodies[0].vents.height",
            "bodies[0].vents.discharge_coefficient"} <= paths
    loose = vented(VENTS)
    loose.bodies[0] = dataclasses.replace(loose.bodies[0], enclosure=False)
    assert [p.path for p in validate(loose) if "vents" in p.path] == ["bodies[0].vents"]


def test_vents_on_a_box_that_seals_nothing_say_to_model_it_closed():
    m = vented(VENTS)
    m.bodies[0], m.bodies[1] = (dataclasses.replace(m.bodies[1], enclosure=True, power=0.0,
                                                    vents=VENTS), m.bodies[0])
    m = dataclasses.replace(m, bodies=[m.bodies[0]], conditions=[])
    with pytest.raises(ModelError) as err:
        discretize(m)
    assert [p.path for p in err.value.problems] == ["bodies[0].enclosure"]
    assert "modelled closed, its openings given as vents" in str(err.value.problems[0])


def test_transient_vented_air_approaches_its_steady_state_and_the_balance_holds():
    light = Material("al", 200.0, density=50.0, specific_heat=100.0)

    def model(**changes):
        m = boxed(BLOCK, material=light, **changes)
        m.bodies[0] = dataclasses.replace(m.bodies[0], vents=VENTS)
        return m

    t_amb = model().ambient.temperature
    steady = solve(model()).summary["enclosures"][0]
    s = solve(model(analysis=Analysis("transient", duration=300.0, time_step=2.0,
                                      scheme="bdf2", output_times=[300.0]))).summary
    [e] = s["enclosures"]
    assert e["air_T_C"] - t_amb == pytest.approx(steady["air_T_C"] - t_amb, rel=0.02)
    assert e["vents"]["heat_out_W"] == pytest.approx(steady["vents"]["heat_out_W"], rel=0.03)
    assert s["energy_balance_error"] < 1e-6


def test_report_shows_each_enclosure_air_and_its_vents(runs):
    """The report's enclosure table: the sealed box with no vent figures, the vented one with
    its flow (l/s) and heat, both as the summary gives them."""
    from solver.report.data import enclosure_table
    sealed, vented_run = runs[0].summary, runs[1][2].summary
    table = enclosure_table(sealed["enclosures"] + vented_run["enclosures"])
    assert table.title == "Enclosure air"
    (closed, open_) = table.rows
    e, v = vented_run["enclosures"][0], vented_run["enclosures"][0]["vents"]
    assert closed[1] == f"{sealed['enclosures'][0]['air_T_C']:.2f}" and closed[4:] == ["-", "-"]
    assert open_[1] == f"{e['air_T_C']:.2f}"
    assert float(open_[4]) == pytest.approx(v["volume_flow_m3_s"] * 1e3, rel=1e-3)
    assert float(open_[5]) == pytest.approx(v["heat_out_W"], rel=1e-3)
