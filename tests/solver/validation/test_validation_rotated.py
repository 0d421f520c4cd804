"""Rotated and imported bodies: thin walls of mesh/STEP bodies refine the grid, orthotropic
bodies take an axis-permutation frame, a STEP file is tessellated once per solve, meshes are
checked once, and cancel reaches into meshing."""

import math

import numpy as np
import pytest

import solver.gridding as gridding
from solver.api import solve
from solver.errors import SolveCancelled
from solver.geometry import trimesh
from solver.geometry.trimesh import box_mesh
from solver.model import (
    Body,
    BoxGeometry,
    Convection,
    FixedTemperature,
    Material,
    MeshGeometry,
    MeshSettings,
    Model,
    model_from_dict,
    validate,
)

K = 200.0
WIDTH, LENGTH, THICK = 0.05, 0.05, 1.6e-3
BOX_NAMES = ["xmin", "xmax", "ymin", "ymax", "zmin", "zmax"]


def _tilted_plate(angle_deg: float, **mesh) -> Model:
    """A 50 x 50 x 1.6 mm plate rotated about x; its ends (local y = 0 and y = L) held at
    100 and 0 degC, every other face adiabatic."""
    V, T, G = box_mesh([0, 0, 0], [WIDTH, LENGTH, THICK])
    a = math.radians(angle_deg)
    rot = np.array([[1, 0, 0], [0, math.cos(a), -math.sin(a)], [0, math.sin(a), math.cos(a)]])
    geom = MeshGeometry((V @ rot.T).tolist(), T.tolist(), BOX_NAMES, G.tolist())
    return Model(name="tilted plate", materials=[Material("al", K)],
                 bodies=[Body("plate", geom, "al")],
                 conditions=[FixedTemperature("plate", 100.0, ["ymin"]),
                             FixedTemperature("plate", 0.0, ["ymax"])],
                 mesh=MeshSettings(**mesh))


def _heat(result) -> float:
    return -result.summary["conditions"][0]["heat_out_W"]


def test_tilted_plate_converges_to_the_1d_answer_and_needs_the_refinement(monkeypatch):
    """Q = k W t dT / L with the plate's true section. The staircase of a wall tilted by 30
    degrees conducts (1 - c/n) of that with n cells across (first order: the overlap of
    neighbouring columns is short by one cell's step); Richardson extrapolation of n = 3
    and n = 6 recovers Q within 2 %. Without the thin-wall refinement the default grid
    (1.25 mm cells, 1.85 mm vertical crossing) does not connect the ends at all."""
    exact = K * WIDTH * THICK * 100.0 / LENGTH
    q3 = _heat(solve(_tilted_plate(30.0, min_cells_across=3)))
    q6 = _heat(solve(_tilted_plate(30.0, min_cells_across=6)))
    assert 0.6 * exact < q3 < q6 < exact
    assert (exact - q6) / (exact - q3) == pytest.approx(0.5, abs=0.1)  # first order
    assert 2 * q6 - q3 == pytest.approx(exact, rel=0.02)
    assert _heat(solve(_tilted_plate(0.0))) == pytest.approx(exact, rel=1e-6)

    monkeypatch.setattr(gridding, "_wall_refinements", lambda bodies, s, check: [[], [], []])
    q_plain = _heat(solve(_tilted_plate(30.0, min_cells_across=3)))
    assert abs(q_plain) < 0.05 * exact


def test_tilted_plate_grid_has_min_cells_across_its_crossings():
    """Along z the wall is t / cos(30) thick, along y t / sin(30): at least 3 cells each."""
    result = solve(_tilted_plate(30.0))
    g = result.disc.grid
    assert np.max(g.widths(2)) <= THICK / math.cos(math.radians(30)) / 3 * (1 + 1e-9)
    assert np.max(g.widths(1)) <= THICK / math.sin(math.radians(30)) / 3 * (1 + 1e-9)
    assert g.n_cells < 200_000


def _heat_sink_step(path, fins=4, fin_t=0.6, pitch=5.0):
    """A heat sink in mm as one fused STEP solid: base 20 x 20 x 2, ``fins`` fins
    ``fin_t`` thick along x and 10 tall."""
    gmsh = pytest.importorskip("gmsh")
    gmsh.initialize(readConfigFiles=False)
    try:
        gmsh.option.setNumber("General.Terminal", 0)
        gmsh.model.add("sink")
        base = gmsh.model.occ.addBox(0, 0, 0, 20, 20, 2)
        tools = [(3, gmsh.model.occ.addBox(2 + i * pitch, 0, 2, fin_t, 20, 10))
                 for i in range(fins)]
        gmsh.model.occ.fuse([(3, base)], tools)
        gmsh.model.occ.synchronize()
        gmsh.write(str(path))
    finally:
        gmsh.finalize()
    volume = (20 * 20 * 2 + fins * fin_t * 20 * 10) * 1e-9
    return [(2 + i * pitch) * 1e-3 for i in range(fins)], fin_t * 1e-3, volume


def _sink_model():
    return model_from_dict({
        "materials": [{"name": "al", "conductivity": 200.0}],
        "bodies": [{"name": "sink", "material": "al", "power": 1.0,
                    "geometry": {"kind": "step", "path": "sink.step"}}],
        "conditions": [{"kind": "convection", "body": "sink", "h": 20.0}],
    })


def test_thin_fins_of_a_step_heat_sink_get_min_cells_across(tmp_path, monkeypatch):
    """Each 0.6 mm fin of a 20 mm sink (default cells 0.5 mm) gets >= 3 cells across x, so
    the voxelized volume is right; the bounding box alone leaves the fins 1-2 cells wide."""
    fin_x, fin_t, volume = _heat_sink_step(tmp_path / "sink.step")
    result = solve(_sink_model(), base_dir=tmp_path)
    x = result.disc.grid.x
    for x0 in fin_x:
        inside = np.count_nonzero((x > x0 - 1e-9) & (x < x0 + fin_t + 1e-9)) - 1
        assert inside >= 3, (x0, inside)
    assert result.summary["bodies"]["sink"]["volume_m3"] == pytest.approx(volume, rel=0.01)
    assert result.disc.grid.n_cells < 100_000

    monkeypatch.setattr(gridding, "_wall_refinements", lambda bodies, s, check: [[], [], []])
    plain = solve(_sink_model(), base_dir=tmp_path)
    xp = plain.disc.grid.x
    assert min(np.count_nonzero((xp > x0 - 1e-9) & (xp < x0 + fin_t + 1e-9)) - 1
               for x0 in fin_x) < 3


def _board_model(frame, k):
    """A board standing on its edge (thin along global y), heated, its bottom edge held at 20 degC,
    convection on one side."""
    board = Body("board", BoxGeometry([0, 0, 0], [0.05, 0.0016, 0.03]), "fr4", power=2.0,
                 frame=frame)
    return Model(name="edge board", materials=[Material("fr4", k)], bodies=[board],
                 conditions=[FixedTemperature("board", 20.0, ["zmin"]),
                             Convection("board", 15.0, faces=["ymax"])],
                 mesh=MeshSettings(max_cell_size=2e-3))


@pytest.mark.parametrize("frame", [["x", "z", "y"], ["+x", "-z", "y"]])
def test_frame_permutes_orthotropic_conductivity(frame):
    """k = [30, 30, 0.3] in the board's frame (in-plane x/y, through-thickness z) with the
    board's y along global z and its z along global y solves exactly like the model with
    k = [30, 0.3, 30] and no frame; an identity frame changes nothing."""
    framed = solve(_board_model(frame, [30.0, 30.0, 0.3]))
    permuted = solve(_board_model(None, [30.0, 0.3, 30.0]))
    np.testing.assert_allclose(framed.t, permuted.t, rtol=0, atol=1e-9)
    wrong = solve(_board_model(None, [30.0, 30.0, 0.3]))
    assert np.max(np.abs(wrong.t - permuted.t)) > 10.0


def test_frame_validation_names_the_field():
    problems = validate(_board_model(["x", "x", "y"], [1.0, 1.0, 1.0]))
    assert [(p.path, "once" in p.message) for p in problems] == [("bodies[0].frame", True)]
    problems = validate(_board_model(["x", "w", "y"], [1.0, 1.0, 1.0]))
    assert [p.path for p in problems] == ["bodies[0].frame[1]"]
    problems = validate(_board_model(["x", "y"], [1.0, 1.0, 1.0]))
    assert [p.path for p in problems] == ["bodies[0].frame"]


def test_step_file_used_by_two_bodies_is_tessellated_once(step_file, monkeypatch):
    from solver.geometry import step

    calls = []
    real = step.tessellate_step

    def counting(*args, **kw):
        calls.append(args[0])
        return real(*args, **kw)

    monkeypatch.setattr(step, "tessellate_step", counting)
    model = model_from_dict({
        "materials": [{"name": "cu", "conductivity": 400.0}],
        "bodies": [{"name": f"part{i}", "material": "cu", "power": 0.1,
                    "geometry": {"kind": "step", "path": step_file.name, "solid": i}}
                   for i in (1, 2)],
        "conditions": [{"kind": "convection", "body": f"part{i}", "h": 10.0} for i in (1, 2)],
        "mesh": {"max_cell_size": 1e-3},
    })
    result = solve(model, base_dir=step_file.parent)
    assert len(calls) == 1
    vols = [result.summary["bodies"][f"part{i}"]["volume_m3"] for i in (1, 2)]
    assert vols == pytest.approx([1e-6, math.pi * 16 * 15e-9], rel=0.02)


def test_validate_and_solve_check_a_mesh_once(monkeypatch):
    calls = []
    real = trimesh.check_mesh
    monkeypatch.setattr(trimesh, "check_mesh", lambda *a, **kw: calls.append(1) or real(*a, **kw))
    model = _tilted_plate(17.0)  # a mesh no other test checks
    solve(model)
    assert len(calls) == 1


def test_cancel_reaches_into_meshing(monkeypatch):
    """A cancel raised while a mesh body is being meshed stops the run before any linear
    solve (the checks run between bodies, axes of the thickness scan and voxelizer slabs)."""
    from solver.system import ThermalSystem

    monkeypatch.setattr(ThermalSystem, "solve", lambda *a, **kw: pytest.fail("solved"))
    asked = []

    def cancel():
        asked.append(1)
        return len(asked) > 4

    with pytest.raises(SolveCancelled):
        solve(_tilted_plate(30.0), cancel=cancel)
    assert len(asked) == 5


def test_a_ball_is_no_thin_wall_its_grid_stays_uniform():
    """A sphere's chords end just inside its bounding box: the wall scan must neither refine
    it (no chord is thinner than the grid) nor put sliver cells beside the box faces."""
    radius = 0.01
    V, T = trimesh.sphere_mesh(radius, (0.0, 0.0, 0.0), 3)
    model = Model(materials=[Material("m", 5.0)],
                  bodies=[Body("ball", MeshGeometry(V.tolist(), T.tolist()), "m", 1.0)],
                  conditions=[Convection("ball", 20.0, 20.0)],
                  mesh=MeshSettings(max_cell_size=radius / 8))
    g = solve(model).disc.grid
    for a in range(3):
        assert np.min(g.widths(a)) > 0.9 * radius / 8
