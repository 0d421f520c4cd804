"""A compact component's thermal ``interface`` (theta_CS, a library TIM) in series with its
board leg: Tj - T_face = P (theta_JC + theta_CS) on a board face held by a 1-D column, each
library TIM rule against its closed form, a bad TIM named the bottleneck, validation with
paths, embedding and the JSON round trip."""

from __future__ import annotations

import pytest
from test_pad_components import T0, P, board_column, held_board, to220

from solver.api import solve
from solver.components import interface_of, package_of
from solver.library import Library, default_library, embed_library_items, set_default_library
from solver.library.tims import interface_resistance
from solver.model import (
    Component,
    Interface,
    Package,
    TimFigures,
    model_from_json,
    model_to_json,
    validate,
)
from solver.report.heat_path import path_rows
from solver.summary_text import format_summary

AREA = 0.01 * 0.015  # m^2, the TO-220 body footprint of the library items
GREASED = "lib:TIM-grease-TO-220-greased"


@pytest.fixture(autouse=True)
def _restore_default_library():
    yield
    set_default_library(None)


def theta_cs(ref: str) -> float:
    return default_library().get(ref).data["resistance"]


@pytest.mark.parametrize("interface", [Interface(resistance=0.5), Interface(tim=GREASED)],
                         ids=["resistance", "tim"])
def test_pad_part_on_a_held_face_adds_theta_cs_in_series(interface):
    """TO-220-IRF620-ST (theta_JC 1.79 K/W, no top leg) on a board column held at T0 below:
    Tj - T_face = P (theta_JC + theta_CS), T_face = T0 + P t/(k A), to 1e-6 of the rise; the
    interface's leg carries P with a drop P theta_CS, its source named."""
    assert theta_cs(GREASED) == 0.5
    m = held_board(to220(interface=interface))
    assert validate(m) == []
    s = solve(m).summary
    c = s["components"]["Q1"]
    theta = default_library().get("lib:TO-220-IRF620-ST").data["theta_jc_bottom"]
    rise = c["Tj_C"] - T0
    assert c["T_board_C"] == pytest.approx(T0 + P * board_column(AREA), abs=1e-6 * rise)
    assert c["Tj_C"] - c["T_board_C"] == pytest.approx(P * (theta + 0.5), abs=1e-6 * rise)
    leg = c["legs"]["interface"]
    assert (leg["element"], leg["theta_K_W"]) == ("theta_cs", 0.5)
    assert leg["heat_W"] == pytest.approx(P, rel=1e-9)
    assert leg["dT_K"] == pytest.approx(P * 0.5, rel=1e-9)
    assert leg["source"] == ("resistance" if interface.resistance is not None else GREASED)
    assert c["T_case_bottom_C"] == pytest.approx(c["T_board_C"] + P * 0.5, abs=1e-6 * rise)
    assert c["legs"]["board"]["dT_K"] == pytest.approx(P * theta, rel=1e-9)
    assert [e["element"] for e in c["path"]["elements"]] == ["theta_jc_bottom", "theta_cs"]
    assert s["energy_balance_error"] < 1e-6
    text = format_summary(s)
    assert "Q1 interface" in text and "theta_cs" in text and f"({leg['source']})" in text


def test_two_leg_part_the_interface_sits_on_the_board_leg_only():
    """TL780 (theta_JC(top) 17, theta_JC(bottom) 3 K/W) with a cooled top: the board leg's
    heat crosses theta_JC(bottom) + theta_CS (Tj - T_face = q (3 + 0.5)), the top leg keeps
    theta_JC(top), and the two legs carry the power."""
    m = held_board(to220("lib:TO-220-KC-TL780", interface=Interface(tim=GREASED)),
                   top_h=1000.0)
    c = solve(m).summary["components"]["Q1"]
    q = c["legs"]["board"]["heat_W"]
    rise = c["Tj_C"] - T0
    assert c["Tj_C"] - c["T_board_C"] == pytest.approx(q * 3.5, abs=1e-6 * rise)
    assert c["Tj_C"] - c["T_case_top_C"] == pytest.approx(c["legs"]["top"]["heat_W"] * 17,
                                                          abs=1e-6 * rise)
    assert q + c["legs"]["top"]["heat_W"] == pytest.approx(P, rel=1e-6)
    assert 0.0 < c["legs"]["top"]["heat_W"] < P


def test_a_two_resistor_part_adds_it_to_theta_jb():
    """Two-resistor (theta_JC 6, theta_JB 10 K/W), a 2 K/W interface: the board leg's heat
    crosses theta_JB + 2 (Tj - T_face = q x 12), the interface leg names theta_cs."""
    pkg = Package(0.01, 0.015, 0.0016, theta_jc=6.0, theta_jb=10.0, tj_max=125.0)
    comp = Component("Q1", "pcb", [0.005, 0.0075], P, package=pkg,
                     interface=Interface(resistance=2.0))
    c = solve(held_board(comp, top_h=1000.0)).summary["components"]["Q1"]
    q = c["legs"]["board"]["heat_W"]
    assert c["Tj_C"] - c["T_board_C"] == pytest.approx(q * 12.0, abs=1e-6 * (c["Tj_C"] - T0))
    assert (c["legs"]["board"]["element"], c["legs"]["interface"]["element"]) == \
        ("theta_jb", "theta_cs")
    assert c["legs"]["interface"]["dT_K"] == pytest.approx(2.0 * q)


def test_library_tims_resolve_to_their_closed_forms():
    """Package-level item: its K/W as is; area_resistance: R''/A; conductivity and bond line
    (inline figures): t/(k A); a conductivity-only TIM with the interface's thickness:
    t/(k A); contact resistance added per area."""
    lib = default_library()
    grease = lib.get("lib:TIM-grease-3W-50um").data
    assert interface_resistance(Interface(tim=GREASED), AREA)["resistance_K_W"] == 0.5
    got = interface_resistance(Interface(tim="lib:TIM-grease-3W-50um"), AREA)
    assert got["resistance_K_W"] == pytest.approx(grease["bond_line"]
                                                  / (grease["conductivity"] * AREA))
    assert got["rule"].startswith("area_resistance")
    bulk = TimFigures(conductivity=3.0, bond_line=5e-5)
    got = interface_resistance(Interface(tim_item=bulk), AREA)
    assert got["resistance_K_W"] == pytest.approx(5e-5 / (3.0 * AREA), rel=1e-12)
    assert got["rule"].startswith("bond_line")
    solder = Interface(tim="lib:TIM-solder-SAC305", thickness=1e-4)
    assert interface_resistance(solder, AREA)["resistance_K_W"] == \
        pytest.approx(1e-4 / (58.0 * AREA), rel=1e-12)
    contact = TimFigures(conductivity=3.0, bond_line=5e-5, contact_resistance=2e-5)
    assert interface_resistance(Interface(tim_item=contact), AREA)["resistance_K_W"] == \
        pytest.approx((5e-5 / 3.0 + 2e-5) / AREA, rel=1e-12)
    # the footprint is the package body's (length x width, any rotation)
    comp = to220(interface=Interface(tim="lib:TIM-gap-pad-3W-0.5mm"), rotation=90)
    assert interface_of(comp, package_of(comp))["resistance_K_W"] == \
        pytest.approx(5e-4 / (3.0 * AREA), rel=1e-12)


def test_a_bad_interface_is_named_the_bottleneck():
    """A 3 W/(m K) gap pad squeezed to only 5 mm: 5e-3 / (3 A) = 11.1 K/W against the
    tab's 1.79 K/W: its leg has the largest drop in the path, and the report's heat-path
    diagram draws it on the board leg."""
    m = held_board(to220(interface=Interface(tim="lib:TIM-gap-pad-3W-0.5mm",
                                             thickness=5e-3)))
    c = solve(m).summary["components"]["Q1"]
    r = 5e-3 / (3.0 * AREA)
    assert c["legs"]["interface"]["theta_K_W"] == pytest.approx(r, rel=1e-12)
    assert c["path"]["bottleneck"] == "theta_cs"
    # the report's diagram draws it on the board leg, after the pad leg
    assert [e["element"] for e in path_rows(c)["board"]["elements"]] == \
        ["theta_jc_bottom", "theta_cs"]
    assert c["Tj_C"] - c["T_board_C"] == pytest.approx(P * (1.79 + r), rel=1e-6)


def problems(comp: Component) -> list[str]:
    return [str(p) for p in validate(held_board(comp)) if "interface" in p.path]


@pytest.mark.parametrize(("interface", "message"), [
    (Interface(), "components[0].interface: give its 'resistance' (K/W, a theta_CS) or a "
                  "'tim' (lib:ID)"),
    (Interface(resistance=0.5, tim=GREASED),
     "components[0].interface: give the 'resistance' or the 'tim', not both"),
    (Interface(resistance=-0.1), "components[0].interface.resistance: must not be negative "
                                 "(got -0.1)"),
    (Interface(tim="lib:TIM-grease-TO-220-greasd"),
     f"components[0].interface.tim: unknown library item 'lib:TIM-grease-TO-220-greasd' "
     f"(did you mean '{GREASED}'?)"),
    (Interface(tim="lib:FR-4"), "components[0].interface.tim: library item 'lib:FR-4' is a "
                                "material, not a tim"),
    (Interface(tim="TIM-grease-3W-50um"), "components[0].interface.tim: TIMs are library "
     "references 'lib:ID' (got 'TIM-grease-3W-50um'); give another interface as its "
     "'resistance' (K/W)"),
    (Interface(tim="lib:TIM-solder-SAC305"), "components[0].interface.tim: TIM "
     "'lib:TIM-solder-SAC305' gives a conductivity but no bond line: give the interface's "
     "'thickness' (m)"),
    (Interface(tim=GREASED, thickness=1e-4), "components[0].interface.thickness: TIM "
     f"'{GREASED}' gives no bulk conductivity, so a 'thickness' cannot be applied: leave the "
     "thickness out"),
    (Interface(tim="lib:TIM-solder-SAC305", thickness=0.0),
     "components[0].interface.thickness: must be positive (got 0)"),
    (Interface(resistance=0.5, thickness=1e-4), "components[0].interface.thickness: is the "
                                                "bond line of a 'tim' given by its conductivity"),
    (Interface(tim_item=TimFigures(conductivity=-3.0, bond_line=5e-5)),
     "components[0].interface.tim_item.conductivity: must be positive (got -3)"),
    (Interface(tim_item=TimFigures(source="nothing")),
     "components[0].interface.tim: TIM '(tim_item)' gives no figure usable as an interface"),
])
def test_validation_names_the_interface_path(interface, message):
    assert problems(to220(interface=interface)) == [message]


def test_a_detailed_model_refuses_an_interface():
    comp = Component("U1", "pcb", [0.005, 0.0075], 1.0, model="detailed",
                     package=Package(0.01, 0.015, 0.0016, theta_jc=6, theta_jb=10),
                     interface=Interface(resistance=0.5))
    assert problems(comp) == [
        "components[0].interface: is for the compact models (two_resistor, pad): a detailed "
        "model's solder layer is a body, put a 'contact' between it and the board instead"]


def test_json_round_trip_and_the_embedded_tim_solves_without_the_library():
    """The interface survives JSON; embedding copies the TIM's figures (with its source) into
    ``tim_item``, keeping ``tim``; the embedded model validates and solves to the same Tj
    with an empty library."""
    m = held_board(to220(interface=Interface(tim="lib:TIM-gap-pad-3W-0.5mm")))
    back = model_from_json(model_to_json(m))
    assert back == m and back.components[0].interface == Interface(
        tim="lib:TIM-gap-pad-3W-0.5mm")
    embedded = model_from_json(model_to_json(embed_library_items(m)))
    item = embedded.components[0].interface.tim_item
    assert item.conductivity == 3.0 and item.bond_line == 5e-4
    assert item.source.startswith("library item TIM-gap-pad-3W-0.5mm: generic gap pad")
    want = solve(m).summary["components"]["Q1"]
    set_default_library(Library([]))
    assert validate(embedded) == []
    got = solve(embedded).summary["components"]["Q1"]
    assert got["Tj_C"] == pytest.approx(want["Tj_C"], rel=1e-12)
    assert got["legs"]["interface"]["source"] == "lib:TIM-gap-pad-3W-0.5mm"
