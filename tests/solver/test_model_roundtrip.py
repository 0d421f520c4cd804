"""The model contract: every dataclass kind survives to_dict -> from_dict, JSON text and a
file unchanged."""

from __future__ import annotations

import dataclasses
import json

import pytest

from solver.model import (
    Ambient,
    Analysis,
    Body,
    BoxGeometry,
    ConstantPower,
    Convection,
    FixedTemperature,
    HeatFlux,
    Material,
    MeshGeometry,
    MeshSettings,
    Model,
    NaturalConvection,
    PiecewiseLinearPower,
    Probe,
    PulseTrainPower,
    Radiation,
    SolverOptions,
    StepGeometry,
    StepPower,
    from_dict,
    load_model,
    model_from_dict,
    model_to_json,
    save_model,
    to_dict,
)

TETRA = MeshGeometry([[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1]],
                     [[0, 2, 1], [0, 1, 3], [0, 3, 2], [1, 2, 3]],
                     face_names=["base", "slant"], triangle_faces=[0, 0, 0, 1])


def full_model() -> Model:
    """A model using every kind of every variant and every non-default setting."""
    return Model(
        name="everything",
        materials=[Material("fr4", [0.8, 0.8, 0.3], 1850.0, 1100.0, 0.9, "datasheet"),
                   Material("cu", 390.0, 8933.0, 385.0, 0.05)],
        bodies=[
            Body("board", BoxGeometry([0, 0, 0], [0.1, 0.1, 0.0016]), "fr4"),
            Body("chip", BoxGeometry([0.04, 0.04, 0.0016], [0.06, 0.06, 0.003]), "cu", 2.5,
                 ConstantPower()),
            Body("tet", TETRA, "cu", 1.0, StepPower(10.0, 0.5, 2.0)),
            Body("step", StepGeometry("part.step", 2, 0.001), "cu", 0.0,
                 PulseTrainPower(1.0, 0.25, 4.0, 0.1, 0.5)),
            Body("ramp", BoxGeometry([0, 0, 0.01], [0.01, 0.01, 0.02]), "fr4", 1.0,
                 PiecewiseLinearPower([[0.0, 0.0], [5.0, 2.0]])),
        ],
        conditions=[FixedTemperature("board", 40.0, ["xmin"]),
                    HeatFlux("chip", -100.0),
                    Convection("board", 12.5, 30.0, ["zmin", "zmax"]),
                    Convection("chip", 5.0),
                    Radiation("tet", 0.8, 10.0, ["slant"]),
                    Radiation("board"),
                    NaturalConvection("board", ["zmax"], 0.05, "horizontal_up", 20.0),
                    NaturalConvection("chip", shape="vertical_cylinder")],
        ambient=Ambient(22.0, 18.0, [0.0, -9.81, 0.0], natural_convection=True),
        mesh=MeshSettings(0.002, 4, 1.2, 100000, [10, 20, 3]),
        analysis=Analysis("transient", 60.0, 0.5, "euler", True, 0.01, 30.0, [0.0, 30.0, 60.0]),
        probes=[Probe("centre", [0.05, 0.05, 0.001])],
        solver=SolverOptions("pyamg", 1e-9, 300, 1e-5, 20, 0.5, 1e-4),
    )


def _kinds(obj) -> set[str]:
    out = set()
    if dataclasses.is_dataclass(obj):
        names = {f.name for f in dataclasses.fields(obj)}
        if "kind" not in names and hasattr(type(obj), "kind"):  # a ClassVar tag
            out.add(type(obj).kind)
        for f in dataclasses.fields(obj):
            out |= _kinds(getattr(obj, f.name))
    elif isinstance(obj, list):
        for v in obj:
            out |= _kinds(v)
    return out


def test_full_model_uses_every_kind():
    assert _kinds(full_model()) == {
        "box", "mesh", "step", "constant", "pulse_train", "piecewise_linear",
        "fixed_temperature", "heat_flux", "convection", "radiation", "natural_convection"}


def test_round_trip_dict():
    m = full_model()
    data = to_dict(m)
    assert data["bodies"][2]["geometry"]["kind"] == "mesh"
    assert data["bodies"][3]["power_profile"]["kind"] == "pulse_train"
    assert model_from_dict(data) == m
    back, problems = from_dict(Model, data)
    assert problems == [] and back == m


def test_round_trip_json_text_and_file(tmp_path):
    m = full_model()
    text = model_to_json(m)
    assert model_from_dict(json.loads(text)) == m
    path = tmp_path / "m.json"
    save_model(m, path)
    assert load_model(path) == m
    assert not (tmp_path / "m.json.tmp").exists()


def test_defaults_left_out_none_and_restored():
    m = Model(materials=[Material("a", 1.0)],
              bodies=[Body("b", BoxGeometry([0, 0, 0], [1, 1, 1]), "a")],
              conditions=[Convection("b", 10.0)])
    data = to_dict(m)
    assert "fluid_temperature" not in data["conditions"][0]  # None is left out
    assert "power_profile" not in data["bodies"][0]
    assert model_from_dict(data) == m
    minimal = {"materials": [{"name": "a", "conductivity": 1}],
               "bodies": [{"name": "b", "material": "a",
                           "geometry": {"kind": "box", "min": [0, 0, 0], "max": [1, 1, 1]}}],
               "conditions": [{"kind": "convection", "body": "b", "h": 10}]}
    assert model_from_dict(minimal) == m
    assert isinstance(model_from_dict(minimal).materials[0].conductivity, float)


@pytest.mark.parametrize("obj", [
    Material("m", [1.0, 2.0, 3.0]), BoxGeometry([0, 0, 0], [1, 2, 3]), TETRA,
    StepGeometry("a.step"), ConstantPower(), StepPower(1.0, 2.0, 3.0),
    PulseTrainPower(2.0, 0.5, 1.0), PiecewiseLinearPower([[0.0, 1.0]]),
    FixedTemperature("b", 1.0), HeatFlux("b", 2.0, ["xmin"]), Convection("b", 3.0, 4.0),
    Radiation("b", 0.5), Ambient(), MeshSettings(uniform=[1, 2, 3]), Analysis(),
    Probe("p", [1.0, 2.0, 3.0]), SolverOptions()], ids=lambda o: type(o).__name__)
def test_round_trip_each_dataclass(obj):
    """Each dataclass on its own (tagged variants through their union)."""
    from solver.model.types import Geometry, PowerProfile, SurfaceCondition
    cls = type(obj)
    for union in (Geometry, PowerProfile, SurfaceCondition):
        if cls in union.__args__:
            cls = union
    back, problems = from_dict(cls, to_dict(obj))
    assert problems == []
    assert back == obj
