"""Vented enclosures with their vents cut in the geometry: a box that seals nothing has the open
air within its bounding box as its air node, its faces left to that air, the vents as data."""

import dataclasses

import numpy as np
import pytest

from solver.api import solve
from solver.discretize import discretize
from solver.geometry.trimesh import check_mesh, signed_volume
from solver.model import Body, MeshGeometry, ModelError, Radiation, Vents
from solver.patch_films import facing_gaps
from solver.physics.air import ATMOSPHERIC_PRESSURE, air_properties
from solver.physics.vent_flow import stack_mass_flow
from solver.physics.view_factors import view_factor_parallel_rectangles
from tests.solver.test_enclosure import BLOCK, SIDE, WALL, boxed, hollow_box

VENTS = Vents(inlet_area=4e-4, outlet_area=4e-4, height=0.08)


def cup(side: float, wall: float, origin=(0.0, 0.0, 0.0)) -> MeshGeometry:
    """A box of ``side`` from ``origin`` with ``wall`` thick walls and no lid (open at +z):
    groups ``outer``, ``rim``, ``inner``."""
    square = np.array([[0, 0], [1, 0], [1, 1], [0, 1]], dtype=float)
    outer, inner = square * side, wall + square * (side - 2 * wall)
    ring = [np.c_[outer, np.full(4, 0.0)], np.c_[outer, np.full(4, side)],
            np.c_[inner, np.full(4, side)], np.c_[inner, np.full(4, wall)]]
    v = np.vstack(ring)
    ob, ot, it, ib = (np.arange(4) + 4 * i for i in range(4))
    centre = np.array([side / 2, side / 2, side / 2])
    quads = [(ob, (0, 0, -1), 0), (ib, (0, 0, 1), 2)]
    for k in range(4):
        n = (k + 1) % 4
        quads += [((ob[k], ob[n], ot[n], ot[k]), None, 0), ((ot[k], ot[n], it[n], it[k]),
                                                             (0, 0, 1), 1),
                  ((it[k], it[n], ib[n], ib[k]), "in", 2)]
    tris, groups = [], []
    for q, want, g in quads:
        a, b, c, d = (int(i) for i in q)
        mid = v[[a, b, c, d]].mean(axis=0)
        if want is None or want == "in":
            want = (mid - centre) * [1, 1, 0] * (1 if want is None else -1)
        if np.dot(np.cross(v[b] - v[a], v[c] - v[a]), want) < 0:
            a, b, c, d = d, c, b, a
        tris += [(a, b, c), (a, c, d)]
        groups += [g, g]
    assert signed_volume(v, np.array(tris)) > 0
    check_mesh(v, np.array(tris))
    return MeshGeometry((v + origin).tolist(), tris, ["outer", "rim", "inner"], groups)


def cut(vents=VENTS, **changes):
    """The block in an open-topped aluminium cup with ``vents``."""
    m = boxed(BLOCK, **changes)
    m.bodies[0] = dataclasses.replace(m.bodies[0], geometry=cup(SIDE, WALL), vents=vents)
    return m


@pytest.fixture(scope="module")
def cut_run():
    return solve(cut())


def test_the_open_air_in_the_cut_box_is_its_air_vented_by_the_stack_flow(cut_run):
    s = cut_run.summary
    [e] = s["enclosures"]
    assert e["body"] == "box" and e["node"] == "air:box"
    # the air is the open cup's cavity up to its rim, less the block
    inner = SIDE - 2 * WALL
    assert e["volume_m3"] == pytest.approx(inner**2 * (SIDE - WALL) - 0.02**3, rel=1e-9)
    t_amb = cut_run.disc.model.ambient.temperature
    assert s["energy_balance_error"] < 1e-9
    assert t_amb + 0.5 < e["air_T_C"] < s["bodies"]["block"]["t_min_C"] - 0.5
    v = e["vents"]
    rho, cp = air_properties(t_amb, ATMOSPHERIC_PRESSURE)[:2]
    m = stack_mass_flow(4e-4, 4e-4, 0.08, 0.6, e["air_T_C"], t_amb, rho, 9.81)
    assert v["stack_mass_flow_kg_s"] == pytest.approx(m, rel=1e-9)
    assert v["heat_out_W"] == pytest.approx(v["mass_flow_kg_s"] * cp * (e["air_T_C"] - t_amb),
                                            rel=1e-9)
    walls = sum(c["heat_out_W"] for c in s["conditions"])
    assert walls + v["heat_out_W"] == pytest.approx(1.0, rel=1e-9)


def test_the_faces_in_the_cut_box_are_on_its_air_not_the_room(cut_run):
    disc = cut_run.disc
    p = disc.patches
    region = p.region[p.face_patch]
    block = disc.face_body == 1
    assert block.any() and np.all(region[block] == 1) and np.all(disc.enclosures.on[block])
    # the cup's outer faces and rim face the room; its inner faces the air
    box = disc.face_body == 0
    assert set(np.unique(region[box])) == {0, 1}
    assert not disc.enclosures.on[box & (region == 0)].any()


def test_the_cut_box_without_vents_still_seals_nothing():
    with pytest.raises(ModelError) as err:
        discretize(cut(vents=None))
    assert [p.path for p in err.value.problems] == ["bodies[0].enclosure"]


def test_a_cut_box_holding_another_enclosure_is_refused_at_its_path():
    inner = Body("inner", hollow_box([0.03] * 3, [0.07] * 3, WALL), "al", enclosure=True)
    m = cut()
    m = dataclasses.replace(m, bodies=[m.bodies[0], inner])
    with pytest.raises(ModelError) as err:
        discretize(m)
    assert [p.path for p in err.value.problems] == ["bodies[0].enclosure"]
    assert "no sealed cavity" in str(err.value.problems[0])


def test_a_cut_box_inside_another_is_refused_at_the_later_vents():
    m = cut()
    small = dataclasses.replace(m.bodies[0], name="small", geometry=cup(0.05, WALL,
                                                                        (0.025, 0.025, 0.02)))
    m = dataclasses.replace(m, bodies=[m.bodies[0], small])
    with pytest.raises(ModelError) as err:
        discretize(m)
    assert [p.path for p in err.value.problems] == ["bodies[1].vents"]
    assert "overlaps" in str(err.value.problems[0])


def test_coplanar_patches_back_to_back_face_no_gap():
    """Two patches in one plane with opposite normals (round-off apart) are not a gap; one
    5 mm in front is."""
    normal = np.array([[0.0, -1.0, 0.0], [0.0, 1.0, 0.0], [0.0, 1.0, 0.0]])
    y = np.array([0.002, 0.002 - 1e-17, -0.003])
    centroid = np.c_[np.full(3, 0.05), y, np.full(3, 0.05)]
    half = np.array([0.01, 0.0, 0.01])
    lo, hi = centroid - half, centroid + half
    gaps = facing_gaps(normal, centroid, lo, hi, np.zeros(3, dtype=np.int64),
                       np.array([True, True, False]))
    assert np.isnan(gaps).all()
    both = facing_gaps(normal[[0, 2]], centroid[[0, 2]], lo[[0, 2]], hi[[0, 2]],
                       np.zeros(2, dtype=np.int64), np.ones(2, dtype=bool))
    assert both == pytest.approx([0.005, 0.005])


def test_the_faces_in_the_cut_box_radiate_out_through_its_opening():
    """The heated open cup radiating among its surfaces: the room's view-factor rows are not
    closed as a sealed box's would be; what the floor's rows leave over is its view factor
    to the opening (directly opposed squares, Howell's C-11), and the balance closes with
    that radiation counted as heat out."""
    m = cut(conditions=[Radiation("box", exchange="surfaces")])
    cup_body = dataclasses.replace(m.bodies[0], power=2.0)
    run = solve(dataclasses.replace(m, bodies=[cup_body]))
    s, rad = run.summary, run.disc.conditions.coupled["radiation"]
    room = int(np.unique(rad.region[rad.region > 0])[0])
    assert run.disc.patches.region_open[room] and s["surface_radiation"]["sealed_regions"] == []
    normal = rad.table.normal[rad.patch]
    centre = rad.table.centroid[rad.patch]
    floor = (rad.region == room) & (normal[:, 2] > 0.99) & (centre[:, 2] < 2 * WALL)
    assert floor.sum() >= 4
    left = rad.view_factors.surroundings[floor]
    through = float(np.sum(rad.area[floor] * left) / rad.area[floor].sum())
    inner = SIDE - 2 * WALL
    assert through == pytest.approx(view_factor_parallel_rectangles(inner, inner, SIDE - WALL),
                                    rel=0.03)
    assert s["energy_balance_error"] < 1e-9
    assert s["heat_out_W"] == pytest.approx(2.0, rel=1e-9)
