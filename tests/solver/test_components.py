"""Components as JEDEC two-resistor compact models: Tj, legs, energy balance, validation."""

import itertools

import numpy as np
import pytest

from solver.api import solve
from solver.model import (
    Body,
    BoxGeometry,
    Component,
    Contact,
    Convection,
    Material,
    MeshSettings,
    Model,
    Node,
    NodeLink,
    Package,
    Radiation,
    model_from_dict,
    to_dict,
    validate,
)

PKG = Package(length=0.01, width=0.01, height=0.002, theta_jc=2.0, theta_jb=8.0, tj_max=125.0)


def board_model(**comp) -> Model:
    c = dict(name="U1", board="pcb", position=[0.02, 0.02], power=2.0, package=PKG)
    c.update(comp)
    return Model(
        materials=[Material("fr4", [20.0, 20.0, 0.5], 1850, 1100)],
        bodies=[Body("pcb", BoxGeometry([0, 0, 0], [0.04, 0.04, 0.0016]), "fr4")],
        conditions=[Convection("pcb", 15.0), Convection("U1", 15.0)],
        components=[Component(**c)], mesh=MeshSettings(max_cell_size=0.002))


def test_component_legs_case_and_energy_balance():
    s = solve(board_model()).summary
    c = s["components"]["U1"]
    top, board = c["legs"]["top"]["heat_W"], c["legs"]["board"]["heat_W"]
    assert top + board == pytest.approx(2.0, abs=1e-6)
    assert c["Tj_C"] == pytest.approx(c["T_case_top_C"] + top * 2.0, rel=1e-6)
    assert c["Tj_C"] == pytest.approx(c["T_board_C"] + board * 8.0, rel=1e-6)
    assert s["energy_balance_error"] < 1e-6
    assert c["margin_K"] == pytest.approx(125.0 - c["Tj_C"])
    assert c["status"] == ("pass" if c["margin_K"] > 10 else "warning" if c["margin_K"] >= 0
                           else "fail")
    assert 0.0 < top < 2.0 and c["T_case_top_C"] > 25.0


def test_to220_on_lumped_heat_sink():
    """theta_JC 1.5 through a contact theta_CS 0.5 K/W to a copper sink joined to ambient by a
    lumped theta_SA 4 K/W; the board leg is made negligible (theta_JB 1e6, board adiabatic
    except through the sink)."""
    pkg = Package(length=0.01, width=0.015, height=0.0045, theta_jc=1.5, theta_jb=1e6,
                  tj_max=150.0)
    area = 0.01 * 0.015
    m = Model(
        materials=[Material("fr4", 0.3, 1850, 1100), Material("cu", 390.0, 8900, 385)],
        bodies=[Body("pcb", BoxGeometry([0, 0, 0], [0.03, 0.03, 0.0016]), "fr4"),
                Body("sink", BoxGeometry([0.01, 0.0075, 0.0061], [0.02, 0.0225, 0.0081]),
                     "cu")],
        contacts=[Contact(["TO220", "sink"], resistance=0.5 * area)],
        nodes=[Node("air", [NodeLink(0.25, body="sink"), NodeLink(1e6, temperature=25.0)])],
        components=[Component("TO220", "pcb", [0.015, 0.015], 5.0, pkg)],
        mesh=MeshSettings(max_cell_size=0.001))
    s = solve(m).summary
    expected = 25.0 + 5.0 * (1.5 + 0.5 + 4.0)
    assert s["components"]["TO220"]["Tj_C"] == pytest.approx(expected, rel=0.05)
    assert s["energy_balance_error"] < 1e-6
    # the heat is followed through the sink and the lumped node to its fixed temperature
    to_air = s["components"]["TO220"]["path"]["to_air"]
    assert [a["kind"] for a in to_air] == ["network"]
    assert to_air[0]["body"].startswith("air:")
    assert to_air[0]["heat_W"] == pytest.approx(5.0, rel=1e-6)


def test_shared_board_apportions_the_air_by_proportional_sharing():
    """Two parts (2 W, 1 W) on one board: each part's ``to_air`` adds up to its power, every
    surface's shares add up to the surface's heat, the board's convection is split in
    proportion to the heat each part gives the board and a package's own convection is its
    part's alone."""
    m = board_model(position=[0.012, 0.02])
    m.components.append(Component("U2", "pcb", [0.028, 0.02], 1.0, PKG))
    m.conditions.append(Convection("U2", 15.0))
    s = solve(m).summary
    board = sum(s["components"][n]["legs"]["board"]["heat_W"] for n in ("U1", "U2"))
    rows = {c["body"]: c["heat_out_W"] for c in s["conditions"]}
    share = {}
    for name, power in (("U1", 2.0), ("U2", 1.0)):
        c = s["components"][name]
        to_air = c["path"]["to_air"]
        assert sum(a["heat_W"] for a in to_air) == pytest.approx(power, rel=1e-6)
        assert abs(c["path"]["stored_W"]) < 1e-6 * power
        for leg in ("top", "board"):  # each leg's heat followed on its own
            assert sum(a[f"{leg}_W"] for a in to_air) == pytest.approx(
                c["legs"][leg]["heat_W"], rel=1e-6)
        share[name] = {a["body"]: a["heat_W"] for a in to_air}
        assert share[name][name] == pytest.approx(rows[name], rel=1e-9)
        assert share[name]["pcb"] == pytest.approx(
            rows["pcb"] * c["legs"]["board"]["heat_W"] / board, rel=1e-6)
    assert "U2" not in share["U1"] and "U1" not in share["U2"]
    assert sum(sum(v.values()) for v in share.values()) == pytest.approx(3.0, rel=1e-6)
    assert share["U1"]["pcb"] + share["U2"]["pcb"] == pytest.approx(rows["pcb"], rel=1e-9)


def test_rotation_and_bottom_side_place_the_package():
    from solver.components import with_component_bodies
    m = with_component_bodies(board_model(rotation=90, side="bottom",
                                          package=Package(0.01, 0.004, 0.001, 2, 8, 125)))
    box = m.bodies[-1].geometry
    assert box.max[0] - box.min[0] == pytest.approx(0.004)
    assert box.max[1] - box.min[1] == pytest.approx(0.01)
    assert box.max[2] == pytest.approx(0.0) and box.min[2] == pytest.approx(-0.001)


def test_round_trip():
    m = board_model()
    assert to_dict(model_from_dict(to_dict(m))) == to_dict(m)


@pytest.mark.parametrize(("change", "path", "text"), [
    ({"board": "nope"}, "components[0].board", "unknown body"),
    ({"position": [0.001, 0.02]}, "components[0]", "does not fit"),
    ({"rotation": 45}, "components[0].rotation", "multiple of 90"),
    ({"package": None}, "components[0]", "needs a 'package' or a 'part'"),
    ({"package": None, "part": "lib:QFN"}, "components[0].part", "unknown library item"),
    ({"package": Package(0.01, 0.01, 0.0, 2, 8, 125)}, "components[0].package.height",
     "positive"),
    ({"side": "left"}, "components[0].side", "top"),
])
def test_validation_paths(change, path, text):
    problems = validate(board_model(**change))
    assert any(p.path == path and text in p.message for p in problems), problems


def sink_model(tim_resistance: float) -> Model:
    """A part whose top leg goes through a TIM contact to a convecting copper sink."""
    pkg = Package(length=0.01, width=0.01, height=0.002, theta_jc=0.5, theta_jb=1e6,
                  tj_max=150.0)
    return Model(
        materials=[Material("fr4", 0.3, 1850, 1100), Material("cu", 390.0, 8900, 385)],
        bodies=[Body("pcb", BoxGeometry([0, 0, 0], [0.02, 0.02, 0.0016]), "fr4"),
                Body("sink", BoxGeometry([0.005, 0.005, 0.0036], [0.015, 0.015, 0.0066]),
                     "cu")],
        conditions=[Convection("sink", 500.0, faces=["zmax"])],
        contacts=[Contact(["U1", "sink"], resistance=tim_resistance)],
        components=[Component("U1", "pcb", [0.01, 0.01], 3.0, pkg)],
        mesh=MeshSettings(max_cell_size=0.001))


def test_series_path_adds_up_and_bad_tim_is_the_bottleneck():
    s = solve(sink_model(1e-3)).summary  # 1e-3 m^2K/W over 1 cm^2: 10 K/W
    c = s["components"]["U1"]
    assert c["path"]["bottleneck"] == "interface:U1-sink"
    tim = next(e for e in c["path"]["elements"] if e["element"] == "interface:U1-sink")
    assert tim["heat_W"] == pytest.approx(3.0, rel=1e-4)
    assert tim["K_per_W"] == pytest.approx(10.0, rel=0.02)
    # series: Tj - T_fluid = sum of the elements' drops + the sink's film drop
    sink_face = next(x for x in s["conditions"] if x["body"] == "sink")
    film = sink_face["surface"]["t_mean_C"] - 25.0
    top = [e for e in c["path"]["elements"] if e["element"] != "theta_jb"]
    assert c["Tj_C"] - 25.0 == pytest.approx(sum(e["dT_K"] for e in top) + film, rel=0.03)
    assert sum(a["heat_W"] for a in c["path"]["to_air"]) == pytest.approx(3.0, rel=1e-6)
    assert [a["body"] for a in c["path"]["to_air"]] == ["sink"]
    good = solve(sink_model(1e-6)).summary["components"]["U1"]["path"]["bottleneck"]
    assert good != "interface:U1-sink"


def test_bottleneck_field_is_saved(tmp_path):
    from solver.output import write_results
    result = solve(board_model())
    paths = write_results(result, tmp_path)

    bn = np.load(paths["fields"])["bottleneck"]
    assert bn.shape == result.t.shape and bn.max() > 0 and np.all(bn >= 0)


def test_transient_tj_history_and_report_text():
    from solver.model import Analysis
    from solver.summary_text import format_summary
    m = board_model()
    m.analysis = Analysis(kind="transient", duration=20.0, time_step=5.0)
    s = solve(m).summary
    c = s["components"]["U1"]
    hist = c["Tj_history"]
    assert hist[0] == [0.0, pytest.approx(25.0)] and hist[-1][1] == pytest.approx(c["Tj_C"])
    assert all(b[1] > a[1] for a, b in itertools.pairwise(hist))
    assert s["energy_balance_error"] < 1e-6
    text = format_summary(s)
    assert "U1" in text and c["status"] in text


def test_to_air_with_surface_to_surface_radiation():
    """Board and package exchange radiation with a lid that only the radiation reaches: their
    (net) radiation rows are the component's ways out, the lid's re-emission is not followed
    (it takes no share), and ``to_air`` adds up to the power."""
    m = board_model()
    m.materials.append(Material("al", 200.0, 2700, 900))
    m.bodies.append(Body("lid", BoxGeometry([0, 0, 0.01], [0.04, 0.04, 0.012]), "al"))
    m.conditions += [Radiation(b, 0.9, exchange="surfaces") for b in ("pcb", "U1", "lid")]
    m.conditions.append(Convection("lid", 10.0))
    s = solve(m).summary
    lid = {c["kind"]: c["heat_out_W"] for c in s["conditions"] if c["body"] == "lid"}
    assert lid["radiation"] < 0.0 < lid["convection"]  # the lid takes radiation, convects it
    to_air = s["components"]["U1"]["path"]["to_air"]
    assert {a["body"] for a in to_air} == {"pcb", "U1"}
    assert sum(a["heat_W"] for a in to_air) == pytest.approx(2.0, rel=1e-6)
