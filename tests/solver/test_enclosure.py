"""Sealed enclosures: a body marked ``enclosure`` gets an air node for the air it seals in;
the inner surfaces exchange heat with it by natural convection at the node's temperature."""

import dataclasses

import ht
import numpy as np
import pytest

from solver.api import solve
from solver.discretize import discretize, heat_sink_problems
from solver.geometry.trimesh import box_mesh
from solver.model import (
    BOX_FACES,
    Analysis,
    Body,
    BoxGeometry,
    Component,
    Convection,
    FixedTemperature,
    Material,
    MeshGeometry,
    MeshSettings,
    Model,
    ModelError,
    Package,
    Radiation,
    model_from_dict,
    to_dict,
    validate,
)
from solver.physics.air import ATMOSPHERIC_PRESSURE, air_properties, film_temperature
from solver.summary_text import format_summary

SIDE, WALL = 0.1, 0.005
AL = Material("al", 200.0, density=2700.0, specific_heat=900.0)


def hollow_box(lo, hi, wall) -> MeshGeometry:
    """A closed box shell: the outer surface outward, the inner one facing the cavity; faces
    ``outer_xmin``..., ``inner_xmin``..."""
    v1, t1, g1 = box_mesh(lo, hi)
    v2, t2, g2 = box_mesh(np.add(lo, wall), np.subtract(hi, wall))
    names = [f"outer_{n}" for n in BOX_FACES] + [f"inner_{n}" for n in BOX_FACES]
    return MeshGeometry(np.vstack([v1, v2]).tolist(),
                        np.vstack([t1, t2[:, ::-1] + len(v1)]).tolist(), names,
                        np.concatenate([g1, g2 + 6]).tolist())


def boxed(inner: Body, enclosure=True, material=AL, **changes) -> Model:
    """``inner`` inside a sealed aluminium box in still air (natural convection outside)."""
    box = Body("box", hollow_box([0, 0, 0], [SIDE] * 3, WALL), material.name,
               enclosure=enclosure)
    m = Model(materials=[material], bodies=[box, inner], mesh=MeshSettings(uniform=[20] * 3))
    m.ambient.natural_convection = True
    return dataclasses.replace(m, **changes)


BLOCK = Body("block", BoxGeometry([0.04, 0.04, 0.03], [0.06, 0.06, 0.05]), "al", power=1.0)


@pytest.fixture(scope="module")
def heated_block():
    return solve(boxed(BLOCK))


def test_internal_air_lies_between_the_block_and_the_walls(heated_block):
    s = heated_block.summary
    [e] = s["enclosures"]
    assert e["body"] == "box" and e["node"] == "air:box"
    box, block = s["bodies"]["box"], s["bodies"]["block"]
    assert box["t_max_C"] + 1.0 < e["air_T_C"] < block["t_min_C"] - 1.0
    assert s["nodes"]["air:box"]["T_C"] == e["air_T_C"]
    # the air volume is the cavity less the block, its capacity rho c_p V at ambient
    assert e["volume_m3"] == pytest.approx((SIDE - 2 * WALL) ** 3 - 0.02**3, rel=1e-9)
    rho, cp = air_properties(heated_block.disc.model.ambient.temperature,
                             ATMOSPHERIC_PRESSURE)[:2]
    assert e["capacity_J_K"] == pytest.approx(rho * cp * e["volume_m3"], rel=1e-9)
    # every inner surface of box and block faces the air, none is left adiabatic
    faces = {(p["body"], p["face"]) for p in e["patches"]}
    assert faces == {("box", f"inner_{n}") for n in BOX_FACES} | {
        ("block", n) for n in BOX_FACES}
    assert s["adiabatic_area_m2"] == {"box": 0.0, "block": 0.0}
    assert "Enclosure box: internal air" in format_summary(s)


def test_faces_on_the_air_report_their_film_and_temperature(heated_block):
    r = heated_block
    air = r.disc.enclosures
    [e] = r.summary["enclosures"]
    block = air.faces[r.disc.face_body[air.faces] == 1]
    h = {p["face"]: p["h_W_m2K"] for p in e["patches"] if p["body"] == "block"}
    names = [r.disc.group_names[g][1] for g in r.disc.face_group[block]]
    assert r.face_convection_h[block] == pytest.approx([h[n] for n in names], rel=1e-12)
    cell = r.t.ravel()[r.disc.faces.cell[block]]
    assert np.all(r.surface_t[block] < cell) and np.all(r.surface_t[block] > e["air_T_C"])


def test_heat_into_the_air_equals_heat_out_and_the_balance_closes(heated_block):
    s = heated_block.summary
    [e] = s["enclosures"]
    assert s["energy_balance_error"] < 1e-9
    assert s["heat_out_W"] == pytest.approx(1.0, rel=1e-9)
    assert e["heat_in_W"] == pytest.approx(1.0, rel=1e-6)
    assert e["heat_out_W"] == pytest.approx(e["heat_in_W"], rel=1e-9)
    block = [p for p in e["patches"] if p["body"] == "block"]
    assert all(p["heat_to_air_W"] > 0 for p in block)
    assert all(p["heat_to_air_W"] < 0 for p in e["patches"] if p["body"] == "box")
    # the outside carries the whole power to the room
    nc = s["natural_convection"]
    assert nc["heat_W"] == pytest.approx(1.0, rel=1e-6)
    assert {p["face"] for p in nc["patches"]} == {f"outer_{n}" for n in BOX_FACES}


def test_the_films_settled_to_the_tolerance(heated_block):
    s = heated_block.summary
    [e] = s["enclosures"]
    assert e["residual"] < heated_block.disc.model.solver.convection_tolerance
    assert s["outer_iterations"] > 1


def test_a_sealed_region_without_the_flag_is_left_alone():
    """As before enclosures: no air node, the inner block reaches no heat path."""
    m = boxed(BLOCK, enclosure=False)
    disc = discretize(m)
    assert disc.enclosures is None and len(disc.network) == 0
    assert [p.path for p in heat_sink_problems(disc)] == ["bodies[1]"]


def _vertical_churchill_chu_h(t_surface, t_air, height, gravity):
    """Churchill-Chu from CalebBell's ht, air at the film temperature."""
    props = air_properties(film_temperature(t_surface, t_air), ATMOSPHERIC_PRESSURE)
    k, nu, pr, beta = props[3], props[4], props[6], props[7]
    gr = gravity * beta * abs(t_surface - t_air) * height**3 / nu**2
    return ht.Nu_vertical_plate_Churchill(pr, gr) * k / height


def test_a_heated_plate_in_a_cube_matches_the_series_resistances():
    """A vertical aluminium plate, 2 W, in a sealed cube whose outside is held at 30 degC:
    ``T_air = T_wall + P / sum(h A)_walls`` and ``T_plate = T_air + P / sum(h A)_plate``
    with the films the solver reports (the walls' and plate's conduction is negligible),
    and the vertical films equal Churchill-Chu (CalebBell's ht) at the plate (or wall) and
    air temperatures: the films' fluid is the internal air."""
    plate = Body("plate", BoxGeometry([0.03, 0.045, 0.03], [0.07, 0.055, 0.07]), "al",
                 power=2.0)
    m = boxed(plate, conditions=[FixedTemperature("box", 30.0, faces=[
        f"outer_{n}" for n in BOX_FACES])])
    m.ambient.natural_convection = False
    s = solve(m).summary
    [e] = s["enclosures"]
    walls = [p for p in e["patches"] if p["body"] == "box"]
    plates = [p for p in e["patches"] if p["body"] == "plate"]
    ha_walls = sum(p["h_W_m2K"] * p["area_m2"] for p in walls)
    ha_plate = sum(p["h_W_m2K"] * p["area_m2"] for p in plates)
    t_wall = s["bodies"]["box"]["t_mean_C"]
    t_air = t_wall + 2.0 / ha_walls
    t_plate = t_air + 2.0 / ha_plate
    assert e["air_T_C"] - 30.0 == pytest.approx(t_air - 30.0, rel=0.005)
    assert s["bodies"]["plate"]["t_mean_C"] - 30.0 == pytest.approx(t_plate - 30.0, rel=0.005)
    big = [p for p in plates if p["correlation"].startswith("vertical plate") and
           p["area_m2"] > 1e-3]
    assert len(big) == 2
    for p in big + [p for p in walls if p["correlation"].startswith("vertical plate")]:
        assert p["h_W_m2K"] == pytest.approx(_vertical_churchill_chu_h(
            p["t_surface_C"], e["air_T_C"], p["length_m"],
            float(np.linalg.norm(m.ambient.gravity))), rel=0.01)


def test_a_condition_naming_faces_inside_wins():
    """A convection condition on named faces of the block covers them: they do not see the
    air node; the block's other faces do."""
    m = boxed(BLOCK, conditions=[Convection("block", 5.0, 40.0, faces=["zmax", "xmin"])])
    air = discretize(m).enclosures
    [e] = air.items
    d = air.disc
    block = e.faces[d.face_body[e.faces] == 1]
    assert {d.group_names[g][1] for g in d.face_group[block]} == {
        "xmax", "ymin", "ymax", "zmin"}
    assert np.all(d.conditions.on("convection")[e.faces] < 0)


def test_whole_body_films_leave_the_faces_inside_to_the_air():
    """Convection and radiation on whole bodies (as the workbench's defaults put them) act
    on the box's outside only; inside, the air node takes every face."""
    m = boxed(BLOCK, conditions=[Convection("box", 5.0), Convection("block", 5.0),
                                 Radiation("box"), Radiation("block")])
    m.ambient.natural_convection = False
    disc = discretize(m)
    [e] = disc.enclosures.items
    assert e.faces.size == np.count_nonzero(disc.patches.region[disc.patches.face_patch] == 1)
    outside = disc.patches.region[disc.patches.face_patch] == 0
    for kind in ("convection", "radiation"):
        assert np.array_equal(disc.conditions.on(kind) >= 0, outside)
    s = solve(m).summary
    assert s["enclosures"][0]["heat_in_W"] == pytest.approx(1.0, rel=1e-6)
    assert s["energy_balance_error"] < 1e-9


def test_transient_air_with_its_capacity_approaches_the_steady_state():
    """Light walls and block (the air's own capacity matters): the air warms monotonically
    towards its steady temperature, the energy balance holds with the node's storage."""
    light = Material("al", 200.0, density=50.0, specific_heat=100.0)
    steady = solve(boxed(BLOCK, material=light)).summary
    m = boxed(BLOCK, material=light, analysis=Analysis(
        "transient", duration=300.0, time_step=2.0, scheme="bdf2", output_times=[300.0]))
    s = solve(m).summary
    history = np.array(s["nodes"]["air:box"]["history"])
    t_amb = m.ambient.temperature
    rise = history[:, 1] - t_amb
    # monotonic up to the linear solver's noise once it has settled (nanokelvins)
    assert np.all(np.diff(rise) > -1e-6) and rise[0] == 0.0
    target = steady["enclosures"][0]["air_T_C"] - t_amb
    assert rise[5] < 0.7 * target  # still warming after 10 s
    assert rise[-1] == pytest.approx(target, rel=0.02)
    assert s["enclosures"][0]["air_T_C"] == history[-1, 1]
    assert s["energy_balance_error"] < 1e-6


def test_an_enclosure_that_seals_nothing_is_a_problem_at_its_path():
    m = boxed(BLOCK)
    m.bodies[0] = dataclasses.replace(m.bodies[0], enclosure=False)
    m.bodies[1] = dataclasses.replace(m.bodies[1], enclosure=True, power=0.0)
    m = dataclasses.replace(m, bodies=[m.bodies[1]], conditions=[])
    with pytest.raises(ModelError) as err:
        discretize(m)
    assert [p.path for p in err.value.problems] == ["bodies[0].enclosure"]
    assert "seals no air" in str(err.value.problems[0])


def test_the_flag_round_trips_and_needs_gravity():
    m = boxed(BLOCK)
    d = to_dict(m)
    assert d["bodies"][0]["enclosure"] is True
    assert model_from_dict(d).bodies[0].enclosure is True
    assert "enclosure" not in to_dict(Model(materials=[AL], bodies=[BLOCK]))["bodies"][0]
    d["ambient"]["gravity"] = [0.0, 0.0, 0.0]
    paths = [p.path for p in validate(model_from_dict(d))]
    assert "bodies[0].enclosure" in paths


def test_a_partition_makes_two_air_nodes_the_heated_side_warmer():
    """A wall across the box splits its air in two: ``air:box:1`` and ``air:box:2``; the
    half with the heated block is warmer, and heat crosses the partition by conduction."""
    inner = [WALL, SIDE - WALL]
    partition = Body("partition", BoxGeometry([0.045, inner[0], inner[0]],
                                              [0.055, inner[1], inner[1]]), "al")
    block = Body("block", BoxGeometry([0.015, 0.04, 0.03], [0.035, 0.06, 0.05]), "al",
                 power=1.0)
    m = boxed(block)
    m = dataclasses.replace(m, bodies=[*m.bodies, partition])
    s = solve(m).summary
    hot, cold = sorted(s["enclosures"], key=lambda e: -e["air_T_C"])
    assert {hot["node"], cold["node"]} == {"air:box:1", "air:box:2"}
    assert "block" in {p["body"] for p in hot["patches"]}
    assert "block" not in {p["body"] for p in cold["patches"]}
    assert hot["air_T_C"] > cold["air_T_C"] > s["bodies"]["box"]["t_min_C"]
    assert s["energy_balance_error"] < 1e-9
    for e in (hot, cold):
        assert e["heat_out_W"] == pytest.approx(e["heat_in_W"], rel=1e-9)


def test_a_component_inside_reaches_the_air_through_the_enclosure():
    """A component on a board in the box: its heat path names the enclosure's air."""
    pkg = Package(length=0.01, width=0.01, height=0.002, theta_jc=2.0, theta_jb=8.0,
                  tj_max=125.0)
    m = boxed(Body("pcb", BoxGeometry([0.02, 0.02, 0.02], [0.08, 0.08, 0.0216]), "fr4"),
              components=[Component("U1", "pcb", [0.05, 0.05], 2.0, pkg)],
              mesh=MeshSettings(max_cell_size=0.005))
    m = dataclasses.replace(m, materials=[*m.materials, Material("fr4", [20.0, 20.0, 0.5])])
    s = solve(m).summary
    [e] = s["enclosures"]
    assert e["bodies"]["U1"] + e["bodies"]["pcb"] == pytest.approx(2.0, rel=1e-6)
    assert e["bodies"]["box"] == pytest.approx(-2.0, rel=1e-6)
    to_air = {(a["kind"], a["body"]): a["heat_W"] for a in s["components"]["U1"]["path"]["to_air"]}
    assert to_air[("enclosure", "U1")] == pytest.approx(e["bodies"]["U1"], rel=1e-12)
    assert e["bodies"]["U1"] > 0
    assert to_air[("enclosure", "pcb")] == pytest.approx(e["bodies"]["pcb"], rel=1e-12)
    assert e["bodies"]["pcb"] > 0
    assert sum(to_air.values()) == pytest.approx(2.0, rel=1e-6)
    assert s["bodies"]["U1"]["t_min_C"] > e["air_T_C"] > s["bodies"]["box"]["t_max_C"]


def test_a_thin_air_layer_under_the_lid_conducts():
    """A heated plate one 5 mm air layer under the lid: its top and the lid's part above it
    bound a conducting layer, a node of its own with the film 2 k / S each side (the
    cavity correlations' Nu = 1 floor), off the box's air node; the plate's other faces and
    the rest of the lid keep their films to that air."""
    gap = 0.005
    top = SIDE - WALL - gap
    plate = Body("plate", BoxGeometry([0.02, 0.02, top - 0.005], [0.08, 0.08, top]), "al",
                 power=1.0)
    s = solve(boxed(plate)).summary
    [e] = s["enclosures"]
    [layer] = e["layers"]
    assert layer["gap_m"] == pytest.approx(gap)
    plate_side, lid_side = layer["sides"]
    assert (plate_side["body"], plate_side["face"]) == ("plate", "zmax")
    assert lid_side["body"] == "box" and lid_side["area_m2"] == pytest.approx(0.06**2)
    k = air_properties(layer["T_C"], ATMOSPHERIC_PRESSURE)[3]
    assert layer["h_W_m2K"] == pytest.approx(2 * k / gap, rel=1e-3)  # films relaxed
    across = layer["h_W_m2K"] / 2 * 0.06**2 * (plate_side["t_surface_C"]
                                                - lid_side["t_surface_C"])
    assert plate_side["heat_W"] == pytest.approx(across, rel=1e-6)  # in series: k / S
    assert plate_side["heat_W"] == pytest.approx(-lid_side["heat_W"], rel=1e-9)
    assert 0.2 < plate_side["heat_W"] < 0.8  # a real share of the plate's 1 W
    rows = {p["face"]: p for p in e["patches"] if p["body"] == "plate"}
    assert "zmax" not in rows and len(rows) == 5  # the top is all in the layer
    lid = [p for p in e["patches"] if p["body"] == "box" and p["face"] == lid_side["face"]]
    assert lid and lid[0]["area_m2"] > 0.0  # the lid beyond the plate stays on the air
    assert s["energy_balance_error"] < 1e-9


def test_surface_radiation_inside_works_beside_the_air():
    """Whole-body radiation exchanged among surfaces keeps the faces inside (they see each
    other), the air node takes them too: both carry the block's heat to the walls."""
    m = boxed(BLOCK, conditions=[Radiation("box", exchange="surfaces"),
                                 Radiation("block", exchange="surfaces")])
    disc = discretize(m)
    inside = disc.patches.region[disc.patches.face_patch] == 1
    assert np.all(disc.conditions.on("radiation")[inside] >= 0)
    [e] = disc.enclosures.items
    assert e.faces.size == np.count_nonzero(inside)
    s = solve(m).summary
    [e] = s["enclosures"]
    assert 0.05 < e["bodies"]["block"] < 0.95  # the rest by radiation
    assert s["energy_balance_error"] < 1e-6
    assert s["bodies"]["box"]["t_max_C"] < e["air_T_C"] < s["bodies"]["block"]["t_min_C"]
