"""``solve`` under :class:`Limits`: the grid estimate before allocation, the cap a model may
only lower, the monitor's reports, the wall time and the adaptive step count."""

from __future__ import annotations

import math

import pytest

from solver.api import LimitExceeded, solve
from solver.meshing.gridgen import GridSettings, build_grid
from solver.model import (
    Analysis,
    Body,
    BoxGeometry,
    Convection,
    Limits,
    Material,
    MeshSettings,
    Model,
    Probe,
    Radiation,
    validate,
)
from solver.model.size_checks import axis_cells_lower_bound


def _plate(mesh=None, analysis=None, radiation=False) -> Model:
    conditions = [Convection("plate", 10.0)] + ([Radiation("plate")] if radiation else [])
    return Model(materials=[Material("al", 200.0, 2700.0, 900.0)],
                 bodies=[Body("plate", BoxGeometry([0, 0, 0], [0.04, 0.02, 0.004]), "al", 2.0),
                         Body("chip", BoxGeometry([0.01, 0.01, 0.004], [0.02, 0.015, 0.005]),
                              "al", 1.0)],
                 conditions=conditions, mesh=mesh or MeshSettings(max_cell_size=0.004),
                 analysis=analysis or Analysis(), probes=[Probe("c", [0.015, 0.012, 0.0045])])


@pytest.mark.parametrize(("size", "across", "growth"), [
    (0.004, 3, 1.3), (0.001, 3, 1.3), (0.0005, 5, 1.1), (0.01, 1, 2.0)])
def test_the_cell_estimate_is_a_lower_bound_of_the_built_grid(size, across, growth):
    model = _plate()
    boxes = [(b.geometry.min, b.geometry.max) for b in model.bodies]
    grid = build_grid(boxes, GridSettings(size, across, growth))
    lo = [min(b[0][a] for b in boxes) for a in range(3)]
    hi = [max(b[1][a] for b in boxes) for a in range(3)]
    for a, line in enumerate((grid.x, grid.y, grid.z)):
        bound = axis_cells_lower_bound([b[0][a] for b in boxes], [b[1][a] for b in boxes],
                                       lo[a], hi[a], 0.04, size, across)
        assert 0.5 * (len(line) - 1) <= bound <= len(line) - 1


def test_a_grid_over_the_cap_is_refused_by_validate_not_built():
    model = _plate(MeshSettings(max_cell_size=1e-7, max_cells=10**15))
    (problem,) = validate(model)
    assert problem.path == "mesh"
    assert "at least" in problem.message and "20000000 cells" in problem.message
    assert "can lower it, not raise it" in problem.message
    grid = build_grid([(b.geometry.min, b.geometry.max) for b in model.bodies],
                      GridSettings(0.004))
    # a cap between the lower bound and the true count: the true count is worked out
    exact = _plate(MeshSettings(max_cell_size=0.004, max_cells=grid.n_cells - 1))
    (problem,) = validate(exact)
    assert problem.path == "mesh.max_cells"
    assert f"needs {grid.n_cells} cells" in problem.message
    assert validate(exact, limits=Limits(cells=grid.n_cells)) != []
    assert validate(_plate(MeshSettings(max_cell_size=0.004)),
                    limits=Limits(cells=grid.n_cells)) == []


def test_monitor_reports_every_stage_in_order():
    events = []
    result = solve(_plate(radiation=True), monitor=events.append)
    stages = [e["stage"] for e in events]
    assert stages[0] == "meshing" and stages[-1] == "done"
    assert {"meshing", "assembly", "steady", "done"} <= set(stages)
    fractions = [e["fraction"] for e in events]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    outer = [e for e in events if e["stage"] == "steady" and "iteration" in e]
    assert len(outer) == result.summary["outer_iterations"] >= 2
    assert outer[-1]["max_temperature_C"] == pytest.approx(
        float(max(v for v in result.t.ravel() if not math.isnan(v))))
    # the outer change (K) of each iteration; the last is the summary's, the loop having
    # stopped on the radiation heat flows
    assert outer[-1]["residual"] == result.summary["outer_change_K"] > 0.0
    assert result.summary["outer_residuals"]["radiation"] < 1e-3


def test_monitor_reports_every_time_step():
    events = []
    result = solve(_plate(analysis=Analysis("transient", 10.0, 1.0)), monitor=events.append)
    steps = [e for e in events if e["stage"] == "transient"]
    assert [e["iteration"] for e in steps] == list(range(1, result.summary["steps"] + 1))
    assert steps[-1]["time_s"] == pytest.approx(10.0)


def test_wall_time_and_adaptive_steps_are_bounded_while_solving():
    with pytest.raises(LimitExceeded, match="wall time limit of 0 s"):
        solve(_plate(), limits=Limits(wall_time_s=0.0))
    adaptive = _plate(analysis=Analysis("transient", 100.0, 1.0, adaptive=True,
                                        tolerance=1e-6))
    with pytest.raises(LimitExceeded, match="more than 120 time steps"):
        solve(adaptive, limits=Limits(time_steps=120))
