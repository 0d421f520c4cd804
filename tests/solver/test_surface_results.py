"""Surface temperatures as results: the face balance in Result, summary.json and result.npz;
extremes over cells and faces; the per-condition heat split adds up to the face flows."""

from __future__ import annotations

import json

import numpy as np
import pytest

from solver.api import solve
from solver.model import (
    Body,
    BoxGeometry,
    Convection,
    FixedTemperature,
    HeatFlux,
    Material,
    MeshSettings,
    Model,
    Radiation,
)
from solver.output import write_results

K, L, H, TF = 2.0, 0.1, 25.0, 20.0


@pytest.fixture(scope="module")
def wall():
    """A wall 0.1 m thick (k = 2) held at 100 degC on xmin, cooled by h = 25 to 20 degC on
    xmax, adiabatic elsewhere: a linear field the finite volumes reproduce exactly, with
    q = 80 / (L/k + 1/h) and Ts = Tf + q/h on the cooled face."""
    model = Model(materials=[Material("m", K)],
                  bodies=[Body("s", BoxGeometry([0, 0, 0], [L, 1, 1]), "m")],
                  conditions=[FixedTemperature("s", 100.0, ["xmin"]),
                              Convection("s", H, TF, ["xmax"])],
                  mesh=MeshSettings(uniform=[10, 1, 1]))
    return solve(model)


Q = 80.0 / (L / K + 1.0 / H)
TS = TF + Q / H


def test_a_face_held_at_100_reports_max_100(wall):
    s = wall.summary
    assert np.nanmax(wall.t) < 98.0  # the first cell centre is below 100 ...
    assert s["max_temperature_C"] == pytest.approx(100.0, rel=1e-13)  # ... the face is not
    assert s["min_temperature_C"] == pytest.approx(TS, rel=1e-12)
    assert s["bodies"]["s"]["t_max_C"] == pytest.approx(100.0, rel=1e-13)
    assert s["bodies"]["s"]["t_min_C"] == pytest.approx(TS, rel=1e-12)


def test_surface_temperatures_per_face_body_and_condition(wall):
    f = wall.disc.faces
    xmax = (f.axis == 0) & (f.side > 0)
    xmin = (f.axis == 0) & (f.side < 0)
    assert wall.surface_t[xmax] == pytest.approx([TS], rel=1e-12)
    assert wall.surface_t[xmin] == pytest.approx([100.0], rel=1e-13)
    side = f.axis > 0  # adiabatic: the face is at its cell's temperature
    assert np.allclose(wall.surface_t[side], wall.t.ravel()[f.cell[side]], rtol=1e-13)
    s = wall.summary
    body = s["bodies"]["s"]["surface"]
    assert body["area_m2"] == pytest.approx(2.4)
    # side faces: 0.4 m^2 at the mean of a linear profile, 100 - q (L/2) / k
    mean = (100.0 + TS + 0.4 * (100.0 - Q * L / 2 / K)) / 2.4
    assert body["t_mean_C"] == pytest.approx(mean, rel=1e-12)
    assert (body["t_min_C"], body["t_max_C"]) == pytest.approx((TS, 100.0), rel=1e-12)
    fixed, cooled = s["conditions"]
    assert fixed["surface"] == pytest.approx(
        {"t_min_C": 100.0, "t_mean_C": 100.0, "t_max_C": 100.0, "area_m2": 1.0}, rel=1e-13)
    assert cooled["surface"]["t_mean_C"] == pytest.approx(TS, rel=1e-12)
    assert cooled["heat_out_W"] == pytest.approx(Q, rel=1e-12)
    assert fixed["heat_out_W"] == pytest.approx(-Q, rel=1e-12)


def test_heat_split_adds_up_to_the_face_flows():
    """Convection, radiation and an outgoing flux share faces of a powered block: on every
    face the kinds' shares add up to the net flow, and the rows to the heat out."""
    model = Model(materials=[Material("m", 3.0, emissivity=0.7)],
                  bodies=[Body("b", BoxGeometry([0, 0, 0], [0.04, 0.03, 0.02]), "m", 6.0)],
                  conditions=[Convection("b", 12.0, 30.0), Radiation("b", None, 5.0),
                              HeatFlux("b", -500.0, ["zmax", "xmin"]),
                              FixedTemperature("b", 40.0, ["ymin"])],
                  mesh=MeshSettings(uniform=[8, 6, 4]))
    # the radiation row against sigma Ts^4 to 1e-5: its heat flows settled that far
    model.solver.convection_tolerance = 1e-7
    r = solve(model)
    d = r.disc
    area, ts = d.faces.area, r.surface_t
    conv = d.conditions.on("convection") == 0
    rad = d.conditions.on("radiation") == 1
    rows = r.summary["conditions"]
    total = sum(row["heat_out_W"] for row in rows)
    assert total == pytest.approx(r.summary["heat_out_W"], rel=1e-12)
    assert r.summary["heat_out_W"] == pytest.approx(6.0, rel=1e-6)
    assert rows[2]["heat_out_W"] == pytest.approx(500.0 * (0.04 * 0.03 + 0.03 * 0.02))
    assert rows[0]["heat_out_W"] == pytest.approx(
        float(np.sum(12.0 * area[conv] * (ts[conv] - 30.0))), rel=1e-12)
    sigma, kelvin = 5.670374419e-8, 273.15
    assert rows[1]["heat_out_W"] == pytest.approx(float(np.sum(
        0.7 * sigma * area[rad] * ((ts[rad] + kelvin) ** 4 - (5.0 + kelvin) ** 4))), rel=1e-5)
    assert rows[3]["surface"]["t_max_C"] == pytest.approx(40.0, rel=1e-13)


def test_result_npz_locates_every_face(wall, tmp_path):
    paths = write_results(wall, tmp_path)
    s = json.loads(paths["summary"].read_text())
    assert s["max_temperature_C"] == pytest.approx(100.0, rel=1e-13)
    with np.load(paths["fields"]) as z:
        assert np.array_equal(z["surface_temperature_C"], wall.surface_t)
        cell, axis, side = z["face_cell"], z["face_axis"], z["face_side"]
        idx = np.unravel_index(cell, z["temperature_C"].shape)
        lines = (z["x"], z["y"], z["z"])
        # the face plane: the cell's upper line for side +1, its lower line for side -1
        plane = np.array([lines[a][idx[a][n] + (side[n] > 0)] for n, a in enumerate(axis)])
        names = z["group_name"][z["face_group"]]
        assert set(names) == {"xmin", "xmax", "ymin", "ymax", "zmin", "zmax"}
        for name, a, value in (("xmin", 0, 0.0), ("xmax", 0, L), ("ymax", 1, 1.0)):
            on = names == name
            assert np.all(axis[on] == a) and np.allclose(plane[on], value)
        assert z["face_area_m2"].sum() == pytest.approx(2.4)
        assert list(z["body_names"]) == ["s"] and np.all(z["face_body"] == 0)
        assert np.all(z["group_body"] == 0)
