"""The pad compact model (``model: "pad"``): theta_JC(bottom) from the junction to the board
face under the footprint, theta_JC(top) to the package top when given. Checked against the
1-D network worked by hand (a board exactly the footprint, held at a fixed temperature
underneath: its conduction is t / (k A), no spreading), the leg split from the solved face
temperatures, the energy balance, library TO-220 and LED items, validation and JSON."""

from __future__ import annotations

import pytest

from solver.api import solve
from solver.library import default_library
from solver.model import (
    Body,
    BoxGeometry,
    Component,
    Convection,
    FixedTemperature,
    Material,
    MeshSettings,
    Model,
    Package,
    PackageOverrides,
    model_from_dict,
    model_from_json,
    model_to_json,
    to_dict,
    validate,
)
from solver.summary_text import format_summary

T0, P, K_BOARD, T_BOARD = 40.0, 5.0, 20.0, 0.0016  # degC, W, W/(m K), m
H_TOP, T_AIR = 1000.0, 25.0  # the package top's convection in the two-leg case


def held_board(comp: Component, top_h: float | None = None) -> Model:
    """A board of exactly the component's footprint (TO-220: 10 x 15 mm), held at T0 on its
    bottom face, every other face adiabatic but the package top (convection ``top_h`` to
    T_AIR when given): the heat crosses the board in 1-D, R = t / (k A)."""
    conditions = [FixedTemperature("pcb", T0, faces=["zmin"])]
    if top_h is not None:
        conditions.append(Convection(comp.name, top_h, T_AIR, faces=["zmax"]))
    return Model(
        materials=[Material("board", K_BOARD, 1850, 1100)],
        bodies=[Body("pcb", BoxGeometry([0, 0, 0], [0.01, 0.015, T_BOARD]), "board")],
        conditions=conditions, components=[comp], mesh=MeshSettings(max_cell_size=0.001))


def to220(part: str = "lib:TO-220-IRF620-ST", **kw) -> Component:
    return Component("Q1", "pcb", [0.005, 0.0075], P, part=part, model="pad", **kw)


def board_column(area: float) -> float:
    return T_BOARD / (K_BOARD * area)


def test_pad_leg_alone_is_theta_jc_bottom_over_the_held_board():
    """TO-220-IRF620-ST (theta_JC(bottom) 1.79 K/W, no theta_JC(top)) with no overrides:
    Tj = T_board + P theta_JC(bottom), T_board = T0 + P t/(k A), to solver tolerance."""
    theta = default_library().get("lib:TO-220-IRF620-ST").data["theta_jc_bottom"]
    assert theta == 1.79
    m = held_board(to220())
    assert validate(m) == []
    s = solve(m).summary
    c = s["components"]["Q1"]
    area = 0.01 * 0.015
    assert c["T_board_C"] == pytest.approx(T0 + P * board_column(area), rel=1e-6)
    assert c["Tj_C"] == pytest.approx(c["T_board_C"] + P * theta, rel=1e-6)
    assert c["Tj_C"] == pytest.approx(T0 + P * (theta + board_column(area)), rel=1e-6)
    pad = c["legs"]["board"]
    assert (pad["element"], pad["theta_K_W"]) == ("theta_jc_bottom", theta)
    assert pad["heat_W"] == pytest.approx(P, abs=1e-6)
    # no top leg, and the results say so
    assert c["legs"]["top"] is None and c["T_case_top_C"] is None
    assert "no top leg" in c["notes"][0]
    assert c["model"] == "pad" and c["Tj_max_C"] == 150.0 and c["status"] == "pass"
    assert [e["element"] for e in c["path"]["elements"]] == ["theta_jc_bottom"]
    assert c["path"]["bottleneck"] == "theta_jc_bottom"
    text = format_summary(s)
    assert "Q1 pad" in text and "theta_jc_bottom" in text and "Q1 top" in text
    assert "none (no theta_JC(top) given)" in text


def test_two_legs_split_as_the_network_from_the_solved_faces():
    """TO-220-KC-TL780 (theta_JC(top) 17, theta_JC(bottom) 3 K/W, Tj max 150) with its top
    cooled by h = 1000 W/(m^2 K): each leg's heat is its drop over its theta from the solved
    top and pad face temperatures, they add up to P, and Tj and the split are the hand
    network's (top: theta_JC + 1/(h A) to T_AIR; pad: theta_JC(bottom) + t/(k A) to T0)
    within 1 % (the package box's own conduction, height / (400 A) = 0.075 K/W in the top
    path, is not in the hand network)."""
    m = held_board(to220("lib:TO-220-KC-TL780"), top_h=H_TOP)
    s = solve(m).summary
    c = s["components"]["Q1"]
    top, pad = c["legs"]["top"], c["legs"]["board"]
    assert (top["element"], pad["element"]) == ("theta_jc", "theta_jc_bottom")
    assert top["heat_W"] == pytest.approx((c["Tj_C"] - c["T_case_top_C"]) / 17.0, rel=1e-6)
    assert pad["heat_W"] == pytest.approx((c["Tj_C"] - c["T_board_C"]) / 3.0, rel=1e-6)
    assert top["heat_W"] + pad["heat_W"] == pytest.approx(P, abs=1e-6)
    area = 0.01 * 0.015
    g_top, g_pad = 1.0 / (17.0 + 1.0 / (H_TOP * area)), 1.0 / (3.0 + board_column(area))
    tj = (P + g_top * T_AIR + g_pad * T0) / (g_top + g_pad)
    assert c["Tj_C"] == pytest.approx(tj, rel=0.01)
    assert top["heat_W"] == pytest.approx(g_top * (tj - T_AIR), rel=0.01)
    assert 0.1 < top["heat_W"] / P < 0.9  # both legs carry heat (24 % by the top)
    # energy balance: the legs, the ways to the air and the solve's own balance
    assert s["energy_balance_error"] < 1e-6
    to_air = c["path"]["to_air"]
    assert sum(a["heat_W"] for a in to_air) + c["path"]["stored_W"] == pytest.approx(
        P, abs=1e-6)
    assert sum(a["top_W"] for a in to_air) == pytest.approx(top["heat_W"], rel=1e-6)
    assert c["Tj_max_C"] == 150.0


def test_led_resolves_with_its_height_and_solves_to_the_hand_figure():
    """LED-XP-G-3.5x3.5's source gives theta_JC(bottom) (R_th j-sp 6 K/W) and the body's
    length and width, not its height: refused naming height, then solved with the device's
    height (an input of this test, not a library figure) to T0 + P (6 + t/(k A))."""
    led = Component("D1", "pcb", [0.005, 0.0075], 1.0, part="lib:LED-XP-G-3.5x3.5",
                    model="pad")
    m = held_board(led)
    problems = validate(m)
    assert [p.path for p in problems] == ["components[0].package_overrides.height"]
    assert "which the pad model needs" in problems[0].message
    led.package_overrides = PackageOverrides(height=0.002)
    assert validate(m) == []
    c = solve(m).summary["components"]["D1"]
    area = 0.0035 * 0.0035
    # the board is larger than the LED: it spreads, so the 1-D column is an upper bound
    assert T0 + 1.0 * 6.0 < c["Tj_C"] < T0 + 1.0 * (6.0 + board_column(area))
    assert c["Tj_C"] == pytest.approx(c["T_board_C"] + 6.0, rel=1e-6)


def test_mjt5630_resolves_alone_and_solves_to_its_thermal_resistance():
    """LED-5630-MJT5630 carries its body (5.6 x 3.0 x 0.75 mm, Seoul SAW8KG0B product brief)
    and R_theta j-s 27 K/W as theta_JC(bottom): with no overrides it validates as a pad
    component, and on the held board Tj = T_board + P 27 (the data sheet's own relation),
    T_board between T0 and the 1-D column under its footprint, with its Tj max 125 degC."""
    item = default_library().get("lib:LED-5630-MJT5630").data
    assert item["body"] == {"length": 0.0056, "width": 0.003, "height": 0.00075}
    led = Component("D1", "pcb", [0.005, 0.0075], 0.5, part="lib:LED-5630-MJT5630",
                    model="pad")
    m = held_board(led)
    assert validate(m) == []
    s = solve(m).summary
    c = s["components"]["D1"]
    area = 0.0056 * 0.003
    assert T0 + 0.5 * 27.0 < c["Tj_C"] < T0 + 0.5 * (27.0 + board_column(area))
    assert c["Tj_C"] == pytest.approx(c["T_board_C"] + 0.5 * 27.0, rel=1e-6)
    assert c["Tj_max_C"] == 125 and c["status"] == "pass"
    assert s["energy_balance_error"] < 1e-6


PAD_PKG = Package(length=0.01, width=0.015, height=0.0045, theta_jc_bottom=1.79)


@pytest.mark.parametrize(("comp", "path", "words"), [
    (dict(part="lib:SOIC-8-FAN3213"), "components[0].package_overrides.theta_jc_bottom",
     ["gives no theta_JC(bottom) (K/W)", "the pad model needs",
      '"package_overrides": {"theta_jc_bottom": ...}']),
    (dict(package=Package(0.01, 0.015, 0.0045, theta_jc=17.0)),
     "components[0].package.theta_jc_bottom", ["pad model needs", "theta_JC(bottom)"]),
    (dict(part="lib:TO-220-IRF620-ST", package_overrides=PackageOverrides(
        theta_jc_bottom=-1.0)), "components[0].package_overrides.theta_jc_bottom",
     ["must be positive"]),
    (dict(package=PAD_PKG, model="two_resistor"), "components[0].package.theta_jb",
     ["two-resistor model needs", '"model": "pad" uses it']),
    (dict(part="lib:TO-220-IRF620-ST", model=None),
     "components[0].package_overrides.theta_jb", ['"model": "pad" uses it']),
])
def test_refusals_name_the_path_and_the_missing_figure(comp, path, words):
    c = dict(name="Q1", board="pcb", position=[0.005, 0.0075], power=P, model="pad")
    c.update(comp)
    problems = [p for p in validate(held_board(Component(**c))) if p.path == path]
    assert problems and all(w in problems[0].message for w in words), validate(
        held_board(Component(**c)))


def test_json_round_trip_of_the_pad_model():
    m = held_board(Component("Q1", "pcb", [0.005, 0.0075], P, PAD_PKG, model="pad"))
    text = model_to_json(m)
    assert '"model": "pad"' in text and '"theta_jc_bottom": 1.79' in text
    assert '"theta_jb"' not in text  # not needed, not written
    back = model_from_json(text)
    assert back.components[0].model == "pad" and back.components[0].package == PAD_PKG
    assert to_dict(model_from_dict(to_dict(m))) == to_dict(m)
    assert validate(back) == []


def test_heat_path_diagram_names_the_pad_leg_and_the_missing_top_leg(tmp_path):
    """The report's diagram of a solved pad component: the pad leg on the board row with
    its theta, the top row saying there is no top leg; the HTML report renders it."""
    from solver.output import write_results
    from solver.report import write_report
    from solver.report.figures import heat_path_figure
    from solver.report.heat_path import path_rows

    result = solve(held_board(to220()))
    c = result.summary["components"]["Q1"]
    rows = path_rows(c)
    assert [e["element"] for e in rows["board"]["elements"]] == ["theta_jc_bottom"]
    assert rows["top"]["elements"] == []
    texts = [t.get_text() for t in heat_path_figure("Q1", c).axes[0].texts]
    assert any(t.startswith("pad leg theta_JC(bottom)\n5 W") and "1.79 K/W" in t
               for t in texts), texts
    assert any(t.startswith("no top leg") for t in texts), texts
    write_results(result, tmp_path)
    paths = write_report(tmp_path)
    assert "Heat path: Q1" in open(paths["html"], encoding="utf-8").read()
