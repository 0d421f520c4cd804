"""The ``natural_convection`` condition kind and its model-wide default: validation with
path-named problems, the face mapping, the films installed per patch."""

import copy

import numpy as np
import pytest

from solver.discretize import discretize
from solver.model import (
    Body,
    BoxGeometry,
    Convection,
    FixedTemperature,
    Material,
    MeshSettings,
    Model,
    ModelError,
    NaturalConvection,
    model_from_dict,
    validate,
)
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


@pytest.mark.parametrize(("changes", "message"), [
    ({"cond__length": -0.1}, "conditions[0].length: must be in (0, 2000] m (got -0.1)"),
    ({"cond__length": 0.0}, "conditions[0].length: must be in (0, 2000] m (got 0)"),
    ({"cond__length": "long"}, 'conditions[0].length: must be a number, not "long"'),
    ({"cond__orientation": "sideways"},
     "conditions[0].orientation: unknown orientation 'sideways' (known: vertical, "
     "horizontal_up, horizontal_down; omit it to take the face's normal against "
     "ambient.gravity)"),
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
