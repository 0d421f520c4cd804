"""The discretization's rules: overlaps, exposed faces, condition mapping, sources, probes."""

import numpy as np
import pytest

from solver.api import solve
from solver.bodymap import map_bodies
from solver.discretize import discretize, heat_sink_problems
from solver.faces import find_exposed_faces
from solver.grid import Grid
from solver.model import (
    Body,
    BoxGeometry,
    Convection,
    FixedTemperature,
    HeatFlux,
    Material,
    MeshSettings,
    Model,
    ModelError,
    Probe,
    Radiation,
)
from solver.probes import ProbeSampler


def _box(name, lo, hi, material="m", power=0.0):
    return Body(name, BoxGeometry(list(lo), list(hi)), material, power)


def _model(bodies, conditions, **kw):
    return Model(materials=[Material("m", 2.0, 1000.0, 1000.0), Material("n", 5.0)],
                 bodies=bodies, conditions=conditions, **kw)


def test_later_body_wins_and_sources_keep_exact_power():
    grid = Grid(np.linspace(0, 1, 5), np.linspace(0, 1, 2), np.linspace(0, 1, 2))
    whole = ((slice(0, 4), slice(0, 1), slice(0, 1)), np.ones((4, 1, 1)))
    # the second body covers 1.6 of the 4 cells: all of cell 0 and 60 % of cell 1
    part = ((slice(0, 2), slice(0, 1), slice(0, 1)), np.array([1.0, 0.6]).reshape(2, 1, 1))
    bm = map_bodies(grid, [whole, part])
    assert bm.owner.ravel().tolist() == [1, 1, 0, 0]
    assert bm.shares[0].share.ravel().tolist() == pytest.approx([0.0, 0.4, 1.0, 1.0])
    model = _model([_box("a", (0, 0, 0), (1, 1, 1), power=1.0),
                    _box("b", (0, 0, 0), (0.4, 1, 1), "n", power=3.0)],
                   [Convection("a", 10.0)], mesh=MeshSettings(uniform=[4, 1, 1]))
    disc = discretize(model)
    q = disc.source([1.0, 3.0])
    assert q.sum() == pytest.approx(4.0)
    # b (0.4 wide) takes cell 0 and 60 % of cell 1: its 3 W split 0.25 : 0.15; a keeps 0.1 of
    # its 0.6 m^3 in cell 1
    assert q.ravel()[:2] == pytest.approx([3.0 * 0.25 / 0.4, 3.0 * 0.15 / 0.4 + 1.0 * 0.1 / 0.6])


def test_exposed_faces_of_an_l_shape_and_grid_edges():
    grid = Grid(np.arange(3.0), np.arange(3.0), np.arange(2.0))
    active = np.ones((2, 2, 1), dtype=bool)
    active[1, 1, 0] = False
    faces = find_exposed_faces(grid, active)
    # 3 cells x (top + bottom) + the 8 unit edges of the L's outline
    assert len(faces) == 6 + 8
    assert faces.area.sum() == pytest.approx(14.0)
    assert np.all(faces.half == 0.5)


def test_fixed_temperature_replaces_other_conditions_on_its_faces():
    model = _model([_box("a", (0, 0, 0), (1, 1, 1))],
                   [Convection("a", 5.0), HeatFlux("a", 100.0, ["xmin"]),
                    Radiation("a", 0.5), FixedTemperature("a", 30.0, ["xmax"])],
                   mesh=MeshSettings(uniform=[2, 2, 2]))
    disc = discretize(model)
    c, f = disc.conditions, disc.faces
    h, eps = c.values["convection"]["h"], c.values["radiation"]["emissivity"]
    xmax = (f.axis == 0) & (f.side > 0)
    xmin = (f.axis == 0) & (f.side < 0)
    assert np.all(c.fixed_t[xmax] == 30.0) and np.all(h[xmax] == 0.0)
    assert np.all(eps[xmax] == 0.0) and np.all(c.flux[xmax] == 0.0)
    assert np.all(h[xmin] == 5.0) and np.all(c.flux[xmin] == 100.0)
    assert np.all(eps[~xmax] == 0.5)
    assert np.all(c.on("fixed_temperature")[xmax] == 3) and np.all(c.origin[1:, xmax] == -1)
    assert np.all(c.on("heat_flux")[xmin] == 1) and np.all(c.on("convection")[~xmax] == 0)


def test_every_unconnected_piece_needs_a_heat_sink():
    model = _model([_box("cooled", (0, 0, 0), (1, 1, 1)), _box("floating", (2, 0, 0), (3, 1, 1))],
                   [Convection("cooled", 5.0)], mesh=MeshSettings(max_cell_size=0.5))
    problems = heat_sink_problems(discretize(model))
    assert [str(p) for p in problems] == [
        "bodies[1]: no path for heat to leave: 'floating' touch no fixed temperature, "
        "convection, radiation or natural convection condition"]
    with pytest.raises(ModelError, match="floating"):
        solve(model)


def test_probe_interpolates_linear_fields_exactly_and_rejects_outside_points():
    model = _model([_box("a", (0, 0, 0), (1, 2, 1))], [Convection("a", 5.0)],
                   mesh=MeshSettings(uniform=[5, 4, 2]))
    disc = discretize(model)
    grid = disc.grid
    x, y, z = np.meshgrid(*(grid.centers(a) for a in range(3)), indexing="ij")
    field = 1.0 + 2.0 * x - 3.0 * y + 0.5 * z
    on_top = [0.33, 1.1, 1.0]  # exactly on the last grid line: inside
    sampler = ProbeSampler(disc, [Probe("p", [0.33, 1.1, 0.4]), Probe("top", on_top)])
    centres = disc.faces.centers(grid, np.arange(len(disc.faces)))
    faces_t = 1.0 + 2.0 * centres[:, 0] - 3.0 * centres[:, 1] + 0.5 * centres[:, 2]
    assert sampler.sample(field, faces_t) == pytest.approx(
        [1.0 + 0.66 - 3.3 + 0.2, 1.0 + 0.66 - 3.3 + 0.5])
    with pytest.raises(ModelError, match=r"probes\[1\].position: probe 'q' .* outside every body"):
        ProbeSampler(disc, [Probe("p", [0.5, 0.5, 0.5]), Probe("q", [1.5, 0.5, 0.5])])


def test_cancel_stops_the_solve_and_progress_reaches_one():
    from solver.errors import SolveCancelled

    model = _model([_box("a", (0, 0, 0), (1, 1, 1), power=1.0)], [Convection("a", 5.0)],
                   mesh=MeshSettings(uniform=[4, 4, 4]))
    with pytest.raises(SolveCancelled):
        solve(model, cancel=lambda: True)
    seen = []
    solve(model, progress=lambda f, msg: seen.append(f))
    assert seen[-1] == 1.0 and seen == sorted(seen)
