"""Lumped nodes solved together with the field (model ``nodes`` and the Python API)."""

import json

import numpy as np
import pytest
from scipy.linalg import expm

from solver.api import solve
from solver.discretize import discretize
from solver.model import (
    Analysis,
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
    Node,
    NodeLink,
    Radiation,
    SolverOptions,
    model_from_dict,
    model_to_json,
    validate,
)
from solver.network import body_link, face_link
from solver.steady import solve_steady
from solver.system import ThermalSystem

K, L, W = 200.0, 0.01, 0.01  # a 10 x 10 x 10 mm aluminium-like block
AREA = W * W


def _block(conditions, nodes, n=(10, 3, 3), **kw):
    return Model(materials=[Material("al", K, density=2700.0, specific_heat=900.0)],
                 bodies=[Body("a", BoxGeometry([0, 0, 0], [L, W, W]), "al")],
                 conditions=conditions, nodes=nodes, mesh=MeshSettings(uniform=list(n)),
                 solver=SolverOptions(tolerance=1e-12), **kw)


def test_node_on_a_face_in_series_with_the_block():
    """A node with 2 W (the only source) on the block's xmax face through G; xmin at 20 degC:
    T_node = 20 + P (1/G + L/(k A)), exactly on the grid."""
    g, p = 0.5, 2.0
    result = solve(_block([FixedTemperature("a", 20.0, ["xmin"])],
                          [Node("j", [NodeLink(g, body="a", faces=["xmax"])], power=p)]))
    node = result.summary["nodes"]["j"]
    assert node["T_C"] == pytest.approx(20.0 + p * (1.0 / g + L / (K * AREA)), abs=1e-9)
    assert node["links"] == [{"to": "face:a:xmax", "conductance_W_K": g,
                              "heat_W": pytest.approx(p, rel=1e-10)}]
    assert result.summary["power_W"] == p
    assert result.summary["energy_balance_error"] < 1e-10
    assert result.node_t == pytest.approx([node["T_C"]])
    # the face temperature under the node: the block's linear profile at x = L
    x = result.disc.grid.centers(0)
    assert result.t[:, 1, 1] == pytest.approx(20.0 + p * x / (K * AREA), abs=1e-9)


def test_node_chain_to_a_fixed_temperature_and_to_the_field():
    """Node 1 (power P) reaches 25 degC through node 2 (G1, then G2) and, in parallel, through
    the block's face (G3) and the block (xmin at 25 degC)."""
    g1, g2, g3, p = 0.8, 1.5, 0.3, 4.0
    model = _block([FixedTemperature("a", 25.0, ["xmin"])],
                   [Node("n1", [NodeLink(g1, node="n2"),
                                NodeLink(g3, body="a", faces=["xmax"])], power=p),
                    Node("n2", [NodeLink(g2, temperature=25.0)])])
    result = solve(model)
    r_nodes = 1.0 / g1 + 1.0 / g2
    r_field = 1.0 / g3 + L / (K * AREA)
    t1 = 25.0 + p / (1.0 / r_nodes + 1.0 / r_field)
    nodes = result.summary["nodes"]
    assert nodes["n1"]["T_C"] == pytest.approx(t1, abs=1e-9)
    q_nodes = (t1 - 25.0) / r_nodes
    assert nodes["n2"]["T_C"] == pytest.approx(25.0 + q_nodes / g2, abs=1e-9)
    links1 = {lk["to"]: lk["heat_W"] for lk in nodes["n1"]["links"]}
    assert links1["node:n2"] == pytest.approx(q_nodes, rel=1e-9)
    assert links1["face:a:xmax"] == pytest.approx(p - q_nodes, rel=1e-9)
    links2 = {lk["to"]: lk["heat_W"] for lk in nodes["n2"]["links"]}
    assert links2 == {"node:n1": pytest.approx(-q_nodes, rel=1e-9),
                      "temperature:25": pytest.approx(q_nodes, rel=1e-9)}
    assert result.summary["heat_out_W"] == pytest.approx(p, rel=1e-9)
    assert result.summary["energy_balance_error"] < 1e-9


def test_a_body_cooled_only_through_a_node():
    """A powered block without any surface condition, its volume linked to a node that is
    linked to 30 degC: the node is its only heat path (no 'no path' error)."""
    g_body, g_out, p = 2.0, 0.25, 1.5
    model = _block([], [Node("air", [NodeLink(g_body, body="a"),
                                     NodeLink(g_out, temperature=30.0)])], n=(4, 4, 4))
    model.bodies[0].power = p
    result = solve(model)
    t_air = 30.0 + p / g_out
    assert result.summary["nodes"]["air"]["T_C"] == pytest.approx(t_air, abs=1e-9)
    assert result.summary["bodies"]["a"]["t_mean_C"] == pytest.approx(t_air + p / g_body,
                                                                      abs=1e-9)
    assert result.summary["energy_balance_error"] < 1e-10


def _lumped_pair(scheme, steps, duration=600.0, g=0.2, h=40.0, c_node=30.0, p=3.0):
    """A node (C_n, power P) linked by G to a small, very conductive block (Bi ~ 1e-6) cooled by
    convection h to 20 degC: the two-node lumped ODE."""
    model = _block([Convection("a", h, 20.0)],
                   [Node("j", [NodeLink(g, body="a")], capacity=c_node, power=p)], n=(3, 3, 3),
                   analysis=Analysis("transient", duration=duration, time_step=duration / steps,
                                     scheme=scheme, initial_temperature=20.0))
    model.materials[0].conductivity = 1e5
    model.solver.tolerance = 1e-9
    c_block = 2700.0 * 900.0 * L * W * W
    ha = h * 6 * AREA
    m = np.array([[-g / c_node, g / c_node], [g / c_block, -(g + ha) / c_block]])
    f = np.array([p / c_node, 0.0])
    return model, m, f


def _lumped_solution(m, f, times):
    """x(t) = (e^{Mt} - I) M^-1 f from x(0) = 0 (rises above 20 degC)."""
    minv_f = np.linalg.solve(m, f)
    return np.array([(expm(m * t) - np.eye(2)) @ minv_f for t in times])


@pytest.mark.parametrize("scheme", ["euler", "bdf2"])
def test_node_and_block_transient_follow_the_two_node_solution(scheme):
    model, m, f = _lumped_pair(scheme, 600)
    result = solve(model)
    s = result.summary
    times = np.array([row[0] for row in s["nodes"]["j"]["history"]])
    node = np.array([row[1] for row in s["nodes"]["j"]["history"]]) - 20.0
    exact = _lumped_solution(m, f, times)
    tol = 2e-3 if scheme == "euler" else 2e-5
    assert np.max(np.abs(node - exact[:, 0])) < tol * exact[-1, 0]
    block = s["bodies"]["a"]["t_mean_C"] - 20.0
    assert block == pytest.approx(exact[-1, 1], rel=tol)
    assert s["energy_in_J"] == pytest.approx(3.0 * 600.0, rel=1e-9)
    assert s["energy_balance_error"] < 1e-7
    # the node's storage is in the account, which closes for both schemes
    stored = 30.0 * node[-1] + 2700.0 * 900.0 * L * W * W * block
    assert s["energy_stored_J"] == pytest.approx(stored, rel=1e-9)
    assert s["energy_in_J"] - s["energy_out_J"] == pytest.approx(stored, rel=1e-7)


def test_bdf2_with_nodes_converges_at_second_order():
    errors = []
    for steps in (20, 40):
        model, m, f = _lumped_pair("bdf2", steps, duration=300.0)
        node = solve(model).summary["nodes"]["j"]["T_C"] - 20.0
        errors.append(abs(node - _lumped_solution(m, f, [300.0])[0, 0]))
    assert np.log2(errors[0] / errors[1]) > 1.8


@pytest.mark.parametrize("scheme", ["euler", "bdf2"])
def test_node_energy_balance_with_fixed_temperature_links_transient(scheme):
    """A node linked to a face and to 10 degC, the block convecting: E_in = E_out +
    E_stored with the node's storage and its link to the fixed temperature included."""
    model = _block([Convection("a", 50.0, 20.0)],
                   [Node("j", [NodeLink(0.4, body="a", faces=["xmax", "ymax"]),
                               NodeLink(0.05, temperature=10.0)], capacity=5.0, power=2.0)],
                   n=(5, 3, 3), analysis=Analysis("transient", duration=100.0, time_step=2.0,
                                                 scheme=scheme, initial_temperature=20.0))
    s = solve(model).summary
    assert s["energy_in_J"] == pytest.approx(200.0, rel=1e-12)
    gap = s["energy_in_J"] - s["energy_out_J"] - s["energy_stored_J"]
    assert abs(gap) < 1e-7 * s["energy_in_J"]
    # the fixed-temperature link matters: without it in the account the gap would be large
    link = next(lk for lk in s["nodes"]["j"]["links"] if lk["to"] == "temperature:10")
    assert link["heat_W"] > 0.1


def test_network_built_in_code_a_junction_between_package_and_board():
    """The compact-package use: a junction node joined to a package's top face (theta_JC) and
    to the board under it (theta_JB), added through the Python API after discretize."""
    model = Model(
        materials=[Material("fr4", [20.0, 20.0, 0.4]), Material("mold", 0.8)],
        bodies=[Body("board", BoxGeometry([0, 0, 0], [0.04, 0.04, 0.0016]), "fr4"),
                Body("pkg", BoxGeometry([0.015, 0.015, 0.0016], [0.025, 0.025, 0.0026]),
                     "mold")],
        conditions=[Convection("board", 10.0, 25.0), Convection("pkg", 10.0, 25.0,
                                                                ["zmax"])],
        mesh=MeshSettings(uniform=[16, 16, 4]))
    disc = discretize(model)
    net = disc.network
    j = net.add_node("U1.junction", power=1.0)
    net.link_cells(j, *face_link(disc, 1, ["zmax"], 1.0 / 5.0), "theta_JC", 1.0 / 5.0)
    net.link_cells(j, *face_link(disc, 1, ["zmin"], 1.0 / 12.0), "theta_JB", 1.0 / 12.0)
    system = ThermalSystem(disc, model.solver)
    field = solve_steady(system)
    t = np.nan_to_num(field.t)
    heat = net.link_heat(t, field.tn)
    assert heat.sum() == pytest.approx(1.0, rel=1e-9)
    boundary_out = system.heat_out(t, field.boundary)
    assert boundary_out == pytest.approx(1.0, rel=1e-7)
    assert heat[1] > heat[0] > 0.0  # theta_JB (through the board) carries more: it spreads
    # theta_JC: the junction sits 5 K/W above the package top's mean face temperature
    assert field.tn[0] > np.max(t) > 25.0
    # the same junction from the model format gives the same temperatures
    model.nodes = [Node("U1.junction", [NodeLink(0.2, body="pkg", faces=["zmax"]),
                                        NodeLink(1.0 / 12.0, body="pkg", faces=["zmin"])],
                        power=1.0)]
    result = solve(model)
    assert result.summary["nodes"]["U1.junction"]["T_C"] == pytest.approx(field.tn[0],
                                                                          abs=1e-6)


@pytest.mark.parametrize("method", ["scipy", "gmg"])
def test_nodes_with_every_linear_solver(method):
    model = _block([Convection("a", 100.0, 20.0)],
                   [Node("j", [NodeLink(1.0, body="a"), NodeLink(0.1, temperature=50.0)],
                         power=1.0)], n=(4, 3, 3))
    model.solver.linear_solver = method
    model.solver.tolerance = 1e-10
    s = solve(model).summary
    # node balance: P + G2 (50 - Tn) = G1 (Tn - T_mean)
    tn, tm = s["nodes"]["j"]["T_C"], s["bodies"]["a"]["t_mean_C"]
    assert 1.0 + 0.1 * (50.0 - tn) == pytest.approx(1.0 * (tn - tm), rel=1e-8)
    assert s["energy_balance_error"] < 1e-8


def test_body_link_spreads_by_volume():
    disc = discretize(_block([Convection("a", 10.0)], [], n=(4, 2, 2)))
    cells, g = body_link(disc, 0, 2.0)
    assert g.sum() == pytest.approx(2.0)
    assert np.unique(cells).size == 16


def test_node_problems_are_reported_with_their_paths():
    model = _block([Convection("a", 10.0)], [
        Node("x", [NodeLink(1.0, body="a", node="y"), NodeLink(-1.0, temperature=-300.0)],
             capacity=-1.0, power=-2.0),
        Node("x", []),
        Node("f1", [NodeLink(1.0, node="f2")]),
        Node("f2", [NodeLink(1.0, node="f1"), NodeLink(1.0, node="f2")]),
        Node("z", [NodeLink(1.0, body="nope"), NodeLink(1.0, body="a", faces=["top"]),
                   NodeLink(1.0, faces=["xmin"])]),
    ])
    found = {p.path: p.message for p in validate(model)}
    assert "exactly one of" in found["nodes[0].links[0]"]
    assert "must be positive" in found["nodes[0].links[1].conductance"]
    assert "below absolute zero" in found["nodes[0].links[1].temperature"]
    assert "must not be negative" in found["nodes[0].capacity"]
    assert "must not be negative" in found["nodes[0].power"]
    assert "duplicate node name" in found["nodes[1].name"]
    assert "no links" in found["nodes[1].links"]
    assert "reaches no body" in found["nodes[2]"]
    assert "links to itself" in found["nodes[3].links[1].node"]
    assert "unknown body" in found["nodes[4].links[0].body"]
    assert "has no face 'top'" in found["nodes[4].links[1].faces[0]"]
    assert "faces need a 'body'" in found["nodes[4].links[2].faces"]


def test_a_steady_model_whose_only_heat_path_is_a_node_validates():
    model = _block([], [Node("sink", [NodeLink(1.0, body="a"),
                                      NodeLink(1.0, temperature=20.0)])])
    assert validate(model) == []
    model.nodes = [Node("float", [NodeLink(1.0, body="a")])]
    assert any(p.path == "conditions" for p in validate(model))
    model.conditions = [Convection("a", 10.0, faces=["xmin"])]
    assert validate(model) == []
    # a piece of solid reaching no sink even through nodes is named at solve time
    model.bodies.append(Body("b", BoxGeometry([0.02, 0, 0], [0.03, W, W]), "al"))
    model.nodes = [Node("n", [NodeLink(1.0, body="b")])]
    model.mesh = MeshSettings()
    with pytest.raises(ModelError) as err:
        solve(model)
    assert err.value.problems[0].path == "bodies[1]"


@pytest.mark.parametrize("kind", ["steady", "transient"])
def test_nodes_with_radiation_through_the_outer_iteration(kind):
    """Radiation re-linearises the field operator every outer iteration (a new Schur setup
    each time): the node balance and the energy account still close."""
    model = _block([Radiation("a", 0.9, 20.0), Convection("a", 5.0, 20.0, ["xmin"])],
                   [Node("j", [NodeLink(0.05, body="a", faces=["xmax"])], power=1.0,
                         capacity=20.0)], n=(4, 3, 3))
    model.solver.tolerance = 1e-10
    model.solver.nonlinear_tolerance = 1e-6
    model.solver.max_nonlinear_iterations = 200
    if kind == "transient":
        model.analysis = Analysis("transient", duration=400.0, time_step=20.0, scheme="euler",
                                  initial_temperature=20.0)
    s = solve(model).summary
    assert s["outer_iterations"] > (1 if kind == "steady" else 20)
    link = s["nodes"]["j"]["links"][0]["heat_W"]
    if kind == "steady":
        assert link == pytest.approx(1.0, rel=1e-8)
        assert s["energy_balance_error"] < 1e-8
    else:
        gap = s["energy_in_J"] - s["energy_out_J"] - s["energy_stored_J"]
        assert abs(gap) < 1e-6 * s["energy_in_J"]
        assert 0.0 < link < 1.0  # the node still heats up: part of its power is stored


def test_contacts_and_nodes_round_trip_through_json():
    model = _block([Convection("a", 10.0)], [
        Node("j", [NodeLink(0.5, body="a", faces=["xmax"]), NodeLink(0.1, node="k")],
             capacity=2.0, power=1.0),
        Node("k", [NodeLink(0.2, temperature=30.0)])])
    model.contacts = [Contact(["a"], layer=ContactLayer(5e-5, 3.0), name="TIM")]
    data = json.loads(model_to_json(model))
    assert model_from_dict(data) == model
    assert data["nodes"][0]["links"][0] == {"conductance": 0.5, "body": "a", "faces": ["xmax"]}
    assert data["contacts"][0] == {"bodies": ["a"], "layer": {"thickness": 5e-5,
                                                              "conductivity": 3.0},
                                   "name": "TIM"}


def test_adding_links_after_the_first_solve_is_refused():
    model = _block([Convection("a", 10.0)], [Node("j", [NodeLink(1.0, body="a")], power=1.0)],
                   n=(3, 3, 3))
    disc = discretize(model)
    system = ThermalSystem(disc, model.solver)
    solve_steady(system)
    disc.network.link_temperature(0, 20.0, 1.0)
    with pytest.raises(RuntimeError, match="after the first solve"):
        solve_steady(system)
