"""The ``natural_convection`` condition kind and its model-wide default: validation with
path-named problems, the face mapping, the films installed per patch, round bodies' shapes
given or recognised."""

import copy

import numpy as np
import pytest
from scipy.spatial.transform import Rotation

from solver.discretize import discretize
from solver.geometry.trimesh import cylinder_mesh
from solver.model import (
    Body,
    BoxGeometry,
    Convection,
    FixedTemperature,
    Material,
    MeshGeometry,
    MeshSettings,
    Model,
    ModelError,
    NaturalConvection,
    model_from_dict,
    validate,
)
from solver.patch_films import CORRELATION_NAMES
from solver.physics.natural_convection import PLATE_CORRELATION_NAMES
from solver.system import ThermalSystem

BASE = {
    "materials": [{"name": "al", "conductivity": 200.0}],
    "bodies": [{"name": "b", "material": "al", "power": 1.0,
                "geometry": {"kind": "box", "min": [0, 0, 0], "max": [0.1, 0.1, 0.01]}}],
    "conditions": [{"kind": "natural_convection", "body": "b"}],
}


def problems_of(**changes) -> list[str]:
    d = copy.deepcopy(BASE)
    for key, value in changes.items():
        section, field = key.split("__")
        target = d["conditions"][0] if section == "cond" else d.setdefault(section, {})
        target[field] = value
    try:
        m = model_from_dict(d)
    except ModelError as exc:
        return [str(p) for p in exc.problems]
    return [str(p) for p in validate(m)]


def test_a_valid_condition_has_no_problems():
    assert problems_of(cond__length=0.05, cond__orientation="horizontal_up",
                       cond__fluid_temperature=30.0) == []
    assert problems_of(cond__shape="plate", cond__orientation="vertical") == []
    assert problems_of(cond__shape="horizontal_cylinder", cond__length=0.02) == []


@pytest.mark.parametrize(("changes", "message"), [
    ({"cond__length": -0.1}, "conditions[0].length: must be in (0, 2000] m (got -0.1)"),
    ({"cond__length": 0.0}, "conditions[0].length: must be in (0, 2000] m (got 0)"),
    ({"cond__length": "long"}, 'conditions[0].length: must be a number, not "long"'),
    ({"cond__orientation": "sideways"},
     "conditions[0].orientation: unknown orientation 'sideways' (known: vertical, "
     "horizontal_up, horizontal_down; omit it to take the face's normal against "
     "ambient.gravity)"),
    ({"cond__shape": "cube"},
     "conditions[0].shape: unknown shape 'cube' (known: plate, horizontal_cylinder, "
     "vertical_cylinder, sphere; omit it to recognise a cylinder or sphere from the body's "
     "geometry)"),
    ({"cond__shape": "sphere", "cond__orientation": "vertical"},
     "conditions[0].orientation: a sphere takes one film for the whole body from its own "
     "correlation: orientation applies to plates only"),
    ({"cond__shape": "sphere", "cond__length": -0.02},
     "conditions[0].length: must be in (0, 2000] m (got -0.02)"),
    ({"cond__shape": 3}, 'conditions[0].shape: must be a string, not 3'),
    ({"cond__fluid_temperature": -300.0},
     "conditions[0].fluid_temperature: -300 degC is below absolute zero"),
    ({"ambient__gravity": [0, 0, 0]},
     "conditions[0]: natural convection needs gravity: ambient.gravity is zero"),
    ({"solver__convection_relaxation": 0.0},
     "solver.convection_relaxation: must be in (0, 1] (got 0)"),
    ({"solver__convection_relaxation": 1.5},
     "solver.convection_relaxation: must be in (0, 1] (got 1.5)"),
    ({"solver__convection_tolerance": 1.0},
     "solver.convection_tolerance: must be in (0, 1) (got 1)"),
])
def test_bad_fields_are_named_by_path(changes, message):
    assert problems_of(**changes) == [message]


def test_model_wide_default_is_a_heat_path_and_needs_gravity():
    d = copy.deepcopy(BASE)
    d["conditions"] = []
    assert [p.path for p in validate(model_from_dict(d))] == ["conditions"]
    d["ambient"] = {"natural_convection": True}
    assert validate(model_from_dict(d)) == []
    d["ambient"]["gravity"] = [0, 0, 0]
    assert [str(p) for p in validate(model_from_dict(d))] == [
        "ambient.natural_convection: natural convection needs gravity: ambient.gravity is zero"]


def _disc(conditions, natural_default=True):
    m = Model(materials=[Material("al", 200.0)],
              bodies=[Body("b", BoxGeometry([0, 0, 0], [0.1, 0.1, 0.01]), "al", 1.0)],
              conditions=conditions, mesh=MeshSettings(uniform=[4, 4, 2]))
    m.ambient.natural_convection = natural_default
    return discretize(m)


def test_default_keeps_off_faces_with_convective_or_fixed_conditions():
    disc = _disc([Convection("b", 10.0, faces=["zmax"]),
                  NaturalConvection("b", faces=["zmin"], length=0.2),
                  FixedTemperature("b", 20.0, faces=["xmin"])])
    c = disc.conditions
    nc, names = c.on("natural_convection"), np.array([n for _, n in disc.group_names])
    face = names[disc.face_group]
    assert np.all(nc[face == "zmax"] == -1) and np.all(nc[face == "xmin"] == -1)
    assert np.all(nc[face == "zmin"] == 1)  # the explicit one, not replaced by the default
    assert np.all(c.values["natural_convection"]["length"][face == "zmin"] == 0.2)
    others = np.isin(face, ["xmax", "ymin", "ymax"])
    assert np.all(nc[others] == 3)  # the default appended after the model's conditions
    assert np.all(np.isnan(c.values["natural_convection"]["length"][others]))


def test_films_install_one_h_per_patch_and_none_elsewhere():
    disc = _disc([Convection("b", 10.0, faces=["zmax"])])
    system = ThermalSystem(disc, disc.model.solver)
    films = system.films
    films.start(disc.conditions)
    b = system.boundary(np.full(len(disc.faces), 35.0))
    h = b.conditions.values["natural_convection"]["h"]
    on = disc.conditions.on("natural_convection") >= 0
    assert np.all(h[~on] == 0.0) and np.all(h[on] > 0.0)
    for p in films.patches:
        assert np.unique(h[disc.patches.faces(p)]).size == 1
    # the 10 mm edges (vertical) and the bottom (hot facing down) differ
    assert len(films.patches) == 5 and np.unique(films.h_patch.round(9)).size == 2


def test_no_films_without_the_kind():
    disc = _disc([Convection("b", 10.0)], natural_default=False)
    assert ThermalSystem(disc, disc.model.solver).films is None


def _films_of(body, **cond):
    m = Model(materials=[Material("al", 200.0)], bodies=[body],
              conditions=[NaturalConvection(body.name, **cond)],
              mesh=MeshSettings(max_cell_size=2.5e-3))
    disc = discretize(m)
    films = ThermalSystem(disc, disc.model.solver).films
    return films, films.evaluate(None, disc.conditions)


def _cylinder_body(axis_turn_deg=0.0):
    v, t, _ = cylinder_mesh(0.01, 0.06, 32)
    v = v @ Rotation.from_euler("y", axis_turn_deg, degrees=True).as_matrix().T
    return Body("c", MeshGeometry(v.tolist(), t.tolist()), "al", 1.0)


def test_a_given_shape_on_a_box_sizes_it_by_its_bounding_box():
    # a 20 x 20 x 60 mm box lying along x as a horizontal cylinder: D = the vertical extent
    box = Body("c", BoxGeometry([0, 0, 0], [0.06, 0.02, 0.02]), "al", 1.0)
    films, f = _films_of(box, shape="horizontal_cylinder")
    assert set(CORRELATION_NAMES[k] for k in f.correlation) == {
        "horizontal cylinder, Churchill-Chu"}
    assert np.unique(f.h).size == 1 and np.all(f.length == pytest.approx(0.02))
    # standing: the height is the vertical extent, D the mean of the horizontal ones
    box = Body("c", BoxGeometry([0, 0, 0], [0.02, 0.03, 0.1]), "al", 1.0)
    films, f = _films_of(box, shape="vertical_cylinder")
    assert np.all(f.length == pytest.approx(0.1))
    assert films.round.diameter == pytest.approx([np.sqrt(0.02 * 0.03)])
    # the given length is the diameter
    films, f = _films_of(box, shape="sphere", length=0.05)
    assert np.all(f.length == 0.05) and np.unique(f.h).size == 1


@pytest.mark.parametrize(("turn", "cond", "expected"), [
    (90.0, {}, {"horizontal cylinder, Churchill-Chu"}),
    (5.0, {}, {"vertical cylinder, Popiel-Churchill"}),
    (45.0, {}, None),  # an inclined axis: plates
    (90.0, {"shape": "plate"}, None),  # recognition turned off
    (90.0, {"length": 0.05}, None),  # a length without a shape overrides plates, as before
    (90.0, {"orientation": "vertical"}, None),
])
def test_a_cylinder_mesh_is_recognised_unless_inclined_or_overridden(turn, cond, expected):
    films, f = _films_of(_cylinder_body(turn), **cond)
    names = {CORRELATION_NAMES[k] for k in f.correlation}
    if expected is None:
        assert names <= set(PLATE_CORRELATION_NAMES) and np.all(films.round.group < 0)
    else:
        assert names == expected and np.unique(f.h).size == 1
        assert films.round.diameter == pytest.approx([0.02], rel=1e-9)


def _part_on_board(height):
    m = Model(materials=[Material("fr4", 0.3), Material("al", 200.0)],
              bodies=[Body("pcb", BoxGeometry([0, 0, 0], [0.1, 0.1, 0.0016]), "fr4"),
                      Body("u", BoxGeometry([0.04, 0.04, 0.0016], [0.05, 0.05, 0.0016 + height]),
                           "al", 0.5)],
              mesh=MeshSettings(max_cell_size=2.5e-3))
    m.ambient.natural_convection = True
    disc = discretize(m)
    films = ThermalSystem(disc, disc.model.solver).films
    return disc, films, films.evaluate(None, disc.conditions)


def test_a_low_part_takes_the_board_tops_length_a_tall_one_its_own():
    disc, films, low = _part_on_board(0.0015)
    names = {j: disc.group_names[disc.patches.group[i]] for j, i in enumerate(films.patches)}
    board_top = next(j for j, n in names.items() if n == (0, "zmax"))
    part = [j for j, n in names.items() if n[0] == 1]
    assert len(part) == 5 and all(low.length[j] == low.length[board_top] for j in part)
    assert all(films.patches[board_top] == films.geometry.host[j] for j in part)
    row = films.report(np.full(len(disc.faces), 35.0), disc.conditions, 1)["patches"][part[0]]
    assert row["correlation"].endswith("on the length of pcb/zmax (inside its thermal layer)")
    disc, films, tall = _part_on_board(0.03)  # 30 mm: far beyond the board's few-mm layer
    assert np.all(films.geometry.host == -1)
    top = next(j for j, i in enumerate(films.patches)
               if disc.group_names[disc.patches.group[i]] == (1, "zmax"))
    assert tall.length[top] == pytest.approx(0.01 * 0.01 / 0.04)  # its own A/P


def _slab_with_a_rounded_edge(length=0.1, depth=0.1, height=0.02, radius=0.006,
                              arc_deg=50.0, facets=5):
    """A slab (x, y, z from 0) whose +x top edge is rounded by an arc of ``arc_deg`` from
    the top (``facets`` flat facets) down to a 2 mm bevel at that angle that meets the +x
    side: the top, the arc and the bevel are one body face ``top`` (as a fillet blended into
    its face), the rest (bottom, sides, ends) one face ``rest``."""
    theta = np.radians(np.linspace(0.0, arc_deg, facets + 1))
    slope = np.array([np.cos(theta[-1]), -np.sin(theta[-1])])  # down the bevel
    drop = 0.002  # from the arc's end down the bevel
    cx = length - drop / np.tan(theta[-1]) - radius * np.sin(theta[-1])
    arc = np.c_[cx + radius * np.sin(theta), height - radius + radius * np.cos(theta)]
    bevel = arc[-1] + slope * drop / np.sin(theta[-1])
    outline = np.vstack([[[0.0, 0.0], [length, 0.0]], [bevel], arc[::-1],
                         [[0.0, height]]])  # anticlockwise in (x, z)
    n = len(outline)
    v = np.vstack([np.c_[outline[:, 0], np.zeros(n), outline[:, 1]],
                   np.c_[outline[:, 0], np.full(n, depth), outline[:, 1]]])
    tris, groups = [], []
    for i in range(n):  # the sides, outward
        j = (i + 1) % n
        tris += [(i, n + i, n + j), (i, n + j, j)]
        groups += [0 if 2 <= i <= n - 2 else 1] * 2
    for k in range(1, n - 1):  # the ends, fans
        tris += [(0, k, k + 1), (n, n + k + 1, n + k)]
        groups += [1, 1]
    return MeshGeometry(v.tolist(), tris, ["top", "rest"], groups)


def test_a_sliver_of_a_curved_face_takes_the_length_of_the_face():
    """The rounded edge's last degrees past 45 (and its bevel) are a patch of their own, by
    their orientation class: a strip 5 mm wide, on whose own length the films were 2.4
    times the flat top's (14.7 against 6.2 W/(m^2 K)). Being part of the top, it takes
    the top's lengths at its own inclination; the bottom and the +x side, one face
    ``rest`` but meeting at an edge, keep their own (A/P of the bottom, the side's
    height)."""
    films, first = _films_of(Body("s", _slab_with_a_rounded_edge(), "al", 1.0))
    p = films.disc.patches
    name = np.array([films.disc.group_names[g][1] for g in p.group[films.patches]])
    n = p.normal[films.patches]
    sliver = np.flatnonzero((name == "top") & (n[:, 0] > 0.7))
    flat = np.flatnonzero((name == "top") & (n[:, 2] > 0.99))
    bottom = np.flatnonzero((name == "rest") & (n[:, 2] < -0.99))
    side = np.flatnonzero((name == "rest") & (n[:, 0] > 0.99))
    assert sliver.size == flat.size == bottom.size == side.size == 1
    assert first.length[sliver[0]] > 0.8 * first.length[flat[0]]
    assert first.h[sliver[0]] == pytest.approx(first.h[flat[0]], rel=0.2)
    assert first.length[bottom[0]] == pytest.approx(0.1 * 0.1 / 0.4, rel=0.02)
    assert first.length[side[0]] == pytest.approx(p.hi[films.patches[side[0]], 2], rel=0.05)
