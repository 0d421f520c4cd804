"""Validations built from library data: a virtual JEDEC 2s2p test of a library BGA, and a
TO-220 on a library heat sink given by its datasheet resistance."""

from __future__ import annotations

import pytest

from solver.api import solve
from solver.library import BUILTIN, Library
from solver.library.stackups import stackup_conductivity
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
)
from solver.physics.air import air_properties
from solver.physics.natural_convection import natural_convection_plate

LIB = Library([BUILTIN])
T_AIR = 25.0


def still_air_h(dt: float, height: float, a_over_p: float, up: float) -> float:
    """Natural-convection h (W/(m^2 K)) of a plate ``dt`` K above 25 degC still air
    (the solver's correlation policy: Churchill-Chu vertical, Lloyd-Moran / Raithby-Hollands
    horizontal; air at the film temperature)."""
    _, _, _, k, nu, alpha, pr, beta, _ = air_properties(T_AIR + dt / 2, 101325.0)
    nu_, length, *_ = natural_convection_plate(9.81 * beta * dt / (nu * alpha), pr, height,
                                               a_over_p, up, True)
    return nu_ * k / length


def jedec_model(pkg: Package, dt: float, power: float) -> Model:
    """The JESD51-9 2s2p board (101.5 x 114.5 x 1.6 mm, the datasheet's) horizontal in still
    air, the package at its centre; every face convects with the correlation's h at the
    board's rise ``dt`` and radiates (emissivity 0.9) to 25 degC."""
    length, width, thick = 0.1015, 0.1145, 0.0016
    kx, kz = stackup_conductivity(LIB.get("JESD51-7-2s2p"), LIB)
    a_p = length * width / (2 * (length + width))
    up, down = still_air_h(dt, length, a_p, 1.0), still_air_h(dt, length, a_p, -1.0)
    sides = ["xmin", "xmax", "ymin", "ymax"]
    return Model(
        materials=[Material("2s2p", [kx, kx, kz], 1850.0, 1100.0, source="JESD51-7-2s2p")],
        bodies=[Body("pcb", BoxGeometry([0, 0, 0], [length, width, thick]), "2s2p")],
        components=[Component("U1", "pcb", [length / 2, width / 2], power, pkg)],
        conditions=[
            Convection("pcb", up, faces=["zmax"]), Convection("pcb", down, faces=["zmin"]),
            Convection("pcb", still_air_h(dt, thick, a_p, 0.0), faces=sides),
            Convection("U1", still_air_h(dt, pkg.length, pkg.length / 4, 1.0),
                       faces=["zmax"]),
            Convection("U1", still_air_h(dt, pkg.height, pkg.length / 4, 0.0), faces=sides),
            Radiation("pcb", 0.9), Radiation("U1", 0.9)],
        mesh=MeshSettings(max_cell_size=0.003))


def test_virtual_jedec_2s2p_bga_theta_ja():
    """TI TMS320C672x GDH/ZDH BGA: theta_JA 25 K/W on the JESD51-9 2s2p board in still air
    (SPRS370C Table 7-1), from its theta_JC 10 and theta_JB 14.5 in the two-resistor model.

    Assumptions (the model cannot be exact): the board is the library's JESD51-7 2s2p
    stack-up smeared into one orthotropic slab (2 oz outer layers at 10 % cover, two solid
    1 oz planes; k_xy 22.1, k_z 0.39 W/(m K)) at the JESD51-9 size the datasheet used; no
    vias, traces or the test fixture; still air as correlation h (horizontal plate up and down,
    vertical edges) at the board's mean rise, iterated twice from 20 K, plus radiation with
    emissivity 0.9. The body is an assumption: the table read gives neither the GDH/ZDH ball
    count nor its size, and 17 x 17 x 1.5 mm is the nominal 256-ball BGA of
    shared/library-sources.md 3.2. It matters, as the footprint is where theta_JB's heat
    enters the board: 13 mm gives 28.0 K/W, 17 mm 24.3, 23 mm 20.9 (all within the band).
    JESD15-3 puts the two-resistor model within ~30 % of detailed models; we ask for the
    issue's 20 %."""
    item = LIB.get("BGA-GDH-ZDH-TMS320C672x").data
    pkg = Package(0.017, 0.017, 0.0015, item["theta_jc_top"], item["theta_jb"], 150.0)
    power, dt = 2.0, 20.0
    for _ in range(3):
        s = solve(jedec_model(pkg, dt, power)).summary
        dt = s["bodies"]["pcb"]["surface"]["t_mean_C"] - T_AIR
    theta_ja = (s["components"]["U1"]["Tj_C"] - T_AIR) / power
    assert theta_ja == pytest.approx(item["theta_ja"][0]["value"], rel=0.20)
    assert theta_ja > item["theta_jb"]  # the board adds its spreading and film in series
    assert s["energy_balance_error"] < 1e-6


def test_to220_on_a_library_heat_sink_by_its_datasheet_resistance(tmp_path):
    """ST IRF620 (theta_JC to the tab 1.79 K/W, library TO-220-IRF620-ST) greased (theta_CS
    0.5 K/W, TIM-grease-TO-220-greased) onto the Aavid 531202B02500G clip (8 K/W in natural
    convection, HS-TO-220-Aavid-531202B02500G), 5 W: Tj = T_amb + P (theta_JC + theta_CS +
    theta_SA). The tab faces the sink (the package's "top" leg is the tab); the leads' path
    to the board is left out (theta_JB 1e6), the sink is an aluminium block whose
    sink-to-air is the datasheet resistance as a lumped link."""
    part = LIB.get("TO-220-IRF620-ST").data
    theta_cs = LIB.get("TIM-grease-TO-220-greased").data["resistance"]
    sink = LIB.get("HS-TO-220-Aavid-531202B02500G").data
    body = part["body"]
    pkg = Package(body["length"], body["width"], body["height"], part["theta_jc_bottom"], 1e6,
                  150.0)
    tab = body["length"] * body["width"]
    top = 0.0016 + body["height"]
    al = LIB.get(sink["material"]).data
    m = Model(
        materials=[Material("fr4", 0.3, 1850, 1100), Material("al", al["conductivity"],
                                                             2700, 900)],
        bodies=[Body("pcb", BoxGeometry([0, 0, 0], [0.03, 0.03, 0.0016]), "fr4"),
                Body("sink", BoxGeometry([0.01, 0.0075, top], [0.02, 0.0225, top + 0.003]),
                     "al")],
        contacts=[Contact(["Q1", "sink"], resistance=theta_cs * tab)],
        nodes=[Node("air", [NodeLink(1.0 / sink["resistance_natural"], body="sink"),
                            NodeLink(1e6, temperature=T_AIR)])],
        components=[Component("Q1", "pcb", [0.015, 0.015], 5.0, pkg)],
        mesh=MeshSettings(max_cell_size=0.001))
    s = solve(m, tmp_path).summary
    expected = T_AIR + 5.0 * (part["theta_jc_bottom"] + theta_cs + sink["resistance_natural"])
    assert expected == pytest.approx(76.45)
    assert s["components"]["Q1"]["Tj_C"] == pytest.approx(expected, rel=0.05)
