"""Library heat sinks: the styles the issue asks for, sources, the reference designs'
spacing recomputed, fins that fit, and the geometry built into a solid that conducts."""

from __future__ import annotations

import itertools
import math

import pytest

from solver.api import solve
from solver.library import BUILTIN, Library, heat_sink_bodies
from solver.library.schema import file_problems
from solver.model import Convection, HeatFlux, MeshSettings, Model, validate
from solver.physics.air import air_properties
from solver.physics.channel_convection import optimum_channel_spacing_bar_cohen_rohsenow

LIB = Library([BUILTIN])
SINKS = [i for i in LIB.items.values() if i.kind == "heat_sink"]
BUILT = [i for i in SINKS if "fins" in i.data]


def test_twenty_heat_sinks_of_every_style():
    assert len(SINKS) >= 20
    assert {i.data["style"] for i in SINKS} == {"plate_fin", "pin_fin", "clip"}
    rated = [i for i in SINKS if "resistance_natural" in i.data or "resistance_forced" in i.data]
    assert len(rated) >= 4
    for item in SINKS:  # geometry or a rating: an item says something about the sink
        assert rated.count(item) or "fins" in item.data, item.id


@pytest.mark.parametrize("item", [i for i in BUILT if i.id.startswith("HS-ref-")],
                         ids=lambda i: i.id)
def test_reference_designs_sit_at_the_optimum_spacing(item):
    """S_opt = 2.714 L Ra_L^(-1/4) at Ts 50, T_inf 25 degC; fin count floor((W+S)/(t+S))."""
    _, _, _, _, nu, alpha, _, beta, _ = air_properties(37.5, 101325.0)
    base, fins = item.data["base"], item.data["fins"]
    s_opt = optimum_channel_spacing_bar_cohen_rohsenow(9.81 * beta * 25.0 / (nu * alpha),
                                                      base["length"])
    assert fins["spacing"] == pytest.approx(s_opt, abs=5e-5)
    assert fins["count"] == math.floor((base["width"] + fins["spacing"])
                                       / (fins["thickness"] + fins["spacing"]))


@pytest.mark.parametrize("item", BUILT, ids=lambda i: i.id)
def test_fins_stand_on_the_base_side_by_side(item):
    bodies = heat_sink_bodies(item, "hs", [0.01, 0.02, 0.003])
    base, fins = bodies[0].geometry, [b.geometry for b in bodies[1:]]
    assert len(fins) == item.data["fins"]["count"]
    for fin in fins:
        assert fin.min[2] == pytest.approx(base.max[2])
        assert base.min[0] - 1e-12 <= fin.min[0] and fin.max[0] <= base.max[0] + 1e-12
        assert base.min[1] - 1e-12 <= fin.min[1] and fin.max[1] <= base.max[1] + 1e-12
        assert fin.max[1] - fin.min[1] == pytest.approx(item.data["fins"]["thickness"])
    gaps = [b.min[1] - a.max[1] for a, b in itertools.pairwise(fins)]
    assert all(g > 0 for g in gaps)
    if "spacing" in item.data["fins"]:
        assert gaps == pytest.approx([item.data["fins"]["spacing"]] * len(gaps))
    model = Model(bodies=bodies, conditions=[Convection("hs", 10.0)])
    assert validate(model) == []  # the lib: material resolves, nothing floats


def test_fins_too_wide_for_the_base_are_refused():
    item = {"id": "X", "source": "s", "style": "plate_fin", "material": "Al",
            "base": {"length": 0.05, "width": 0.02, "thickness": 0.003},
            "fins": {"count": 6, "thickness": 0.002, "height": 0.01, "spacing": 0.002}}
    msgs = [str(p) for p in file_problems({"kind": "heat_sink", "items": [item]}, "f")]
    assert msgs == ["f.items[0].fins: 6 fins take 22 mm across a 20 mm base"]
    del item["base"]
    msgs = [str(p) for p in file_problems({"kind": "heat_sink", "items": [item]}, "f")]
    assert msgs == ["f.items[0].base: fins need the base they stand on"]


def test_built_sink_conducts_as_one_solid(tmp_path):
    """The 50 mm reference sink (10 mm fins) heated under its base, every other face cooled
    by h = 10: with fin efficiency ~1 (m H = sqrt(2h/(k t)) H = 0.08) the base rises by
    P / (h A) over the whole cooled area A, which counts the fins: fins not joined to the
    base would leave A at the bare base's and the rise far higher."""
    item = LIB.get("HS-ref-plate-L50-H10")
    bodies = heat_sink_bodies(item, "hs", [0.0, 0.0, 0.0])
    base, fins = item.data["base"], item.data["fins"]
    L, W, tb = base["length"], base["width"], base["thickness"]
    n, t, H = fins["count"], fins["thickness"], fins["height"]
    area = (L * W - n * t * L) + 2 * tb * (L + W) + n * (2 * H * L + t * L + 2 * H * t)
    power, h = 2.0, 10.0
    conditions = [HeatFlux("hs", power / (L * W), faces=["zmin"])]
    conditions += [Convection(b.name, h) for b in bodies[1:]]
    conditions.append(Convection("hs", h, faces=["zmax", "xmin", "xmax", "ymin", "ymax"]))
    model = Model(bodies=bodies, conditions=conditions,
                  mesh=MeshSettings(max_cell_size=0.002))
    s = solve(model, tmp_path).summary
    rise = s["bodies"]["hs"]["t_mean_C"] - 25.0
    assert rise == pytest.approx(power / (h * area), rel=0.01)
    assert s["energy_balance_error"] < 1e-6


def test_natural_rating_conditions_are_checked():
    """The rating's power and orientation (vertical fins or a horizontal base) are checked
    like every other field, with the path of what is wrong."""
    item = {"id": "X", "source": "s", "style": "clip", "resistance_natural": 8.0,
            "natural_rating": {"power": 5.0, "orientation": "vertical"}}
    assert file_problems({"kind": "heat_sink", "items": [item]}, "f") == []
    item["natural_rating"] = {"power": -1.0, "orientation": "sideways"}
    msgs = [str(p) for p in file_problems({"kind": "heat_sink", "items": [item]}, "f")]
    assert [m.split(":")[0] for m in msgs] == ["f.items[0].natural_rating.power",
                                               "f.items[0].natural_rating.orientation"]
