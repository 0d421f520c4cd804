"""The point sampler: probes on a convective edge against a series solution (second order),
exact reproduction of linear fields up to faces, edges and corners, no blending across a
material jump, body selection on shared faces, outside points, and the result.npz round
trip."""

from __future__ import annotations

import numpy as np
import pytest

from solver.api import solve
from solver.model import (
    Body,
    BoxGeometry,
    Convection,
    FixedTemperature,
    Material,
    MeshSettings,
    Model,
    Probe,
)
from solver.output import write_results
from solver.sampling import Sampler

# --- a 2-D plate with a convective edge --------------------------------------------------------

W, H, D, K, HC, TB, TF = 0.1, 0.05, 0.005, 10.0, 200.0, 100.0, 20.0
EDGE = [W / 2, H, D / 2]


def plate_exact(x, y):
    """Plate 0 < x < W, 0 < y < H: T = TB at y = 0, T = TF at x = 0 and x = W, convection
    -k dT/dy = h (T - TF) at y = H. Separation of variables (Incropera et al., 7th ed.,
    sec. 4.2, with the convective edge of Carslaw & Jaeger, 2nd ed., sec. 5.3):
    theta = sum over odd n of 4 theta_b / (n pi) sin(l x) Y(y) / Y(0), l = n pi / W,
    Y(y) = cosh(l (H - y)) + h/(k l) sinh(l (H - y)), evaluated with exp(-l H) scaling."""
    n = np.arange(1, 400, 2)[:, None]
    lam = n * np.pi / W
    b = HC / (K * lam)
    rest = H - np.asarray(y, dtype=float)
    num = np.exp(lam * (rest - H)) * (1 + b) + np.exp(-lam * (rest + H)) * (1 - b)
    den = (1 + b) + np.exp(-2 * lam * H) * (1 - b)
    return TF + (TB - TF) * np.sum(4 / (n * np.pi) * np.sin(lam * x) * num / den, axis=0)


def plate(max_cell_size=None) -> Model:
    """The plate, thin and adiabatic in z (3 cells across by the default mesh rule)."""
    return Model(materials=[Material("m", K)],
                 bodies=[Body("plate", BoxGeometry([0, 0, 0], [W, H, D]), "m")],
                 conditions=[FixedTemperature("plate", TB, ["ymin"]),
                             FixedTemperature("plate", TF, ["xmin", "xmax"]),
                             Convection("plate", HC, TF, ["ymax"])],
                 mesh=MeshSettings(max_cell_size=max_cell_size),
                 probes=[Probe("edge", EDGE)])


def test_probe_on_a_convective_edge_matches_the_series_and_converges_at_second_order():
    exact = plate_exact(W / 2, H).item()
    sizes = [None, W / 80, W / 160]  # the default mesh is W / 40
    errors = []
    for size in sizes:
        r = solve(plate(size))
        errors.append(abs(r.summary["probes"]["edge"]["T_C"] - exact) / (exact - TF))
    assert errors[0] < 0.005  # issue 6: within 0.5 % of the rise on the default mesh
    slope = np.polyfit(np.log([1.0, 0.5, 0.25]), np.log(errors), 1)[0]
    assert slope > 1.8, (errors, slope)


# --- a linear field: exact everywhere ----------------------------------------------------------

L, TS = 0.1, 20.0 + (80.0 / (0.1 / 2.0 + 1.0 / 25.0)) / 25.0


@pytest.fixture(scope="module")
def wall():
    """A wall held at 100 degC on xmin, cooled on xmax: T = 100 - q x / k, exact on the grid."""
    model = Model(materials=[Material("m", 2.0)],
                  bodies=[Body("s", BoxGeometry([0, 0, 0], [L, 0.04, 0.03]), "m")],
                  conditions=[FixedTemperature("s", 100.0, ["xmin"]),
                              Convection("s", 25.0, 20.0, ["xmax"])],
                  mesh=MeshSettings(uniform=[10, 4, 3]))
    return solve(model)


def wall_exact(x):
    return 100.0 - (100.0 - TS) * np.asarray(x) / L


def test_linear_field_is_exact_inside_on_faces_edges_and_corners(wall):
    s = Sampler.from_result(wall)
    rng = np.random.default_rng(1)
    hi = np.array([L, 0.04, 0.03])
    inside = rng.uniform(0, 1, (2000, 3)) * hi
    on_faces = inside.copy()
    axis = rng.integers(0, 3, len(on_faces))
    on_faces[np.arange(len(on_faces)), axis] = hi[axis] * rng.integers(0, 2, len(on_faces))
    corners = np.array([[i, j, k] for i in (0, 1) for j in (0, 1) for k in (0, 1)]) * hi
    edges = corners.copy()
    edges[:, 1] = 0.013  # points along the x-parallel ... and z-parallel edges
    for pts in (inside, on_faces, corners, edges):
        assert np.allclose(s.sample(pts), wall_exact(pts[:, 0]), rtol=0, atol=1e-9)
    # the fixed face reads 100 everywhere, up to its edges and corners
    fixed = on_faces.copy()
    fixed[:, 0] = 0.0
    assert np.allclose(s.sample(fixed), 100.0, rtol=0, atol=1e-9)


def test_points_on_the_last_grid_line_are_inside(wall):
    s = Sampler.from_result(wall)
    pts = np.array([[L, 0.02, 0.015], [0.05, 0.04, 0.015], [0.05, 0.02, 0.03], [L, 0.04, 0.03]])
    assert np.all(s.locate(pts) == 0)
    assert np.allclose(s.sample(pts), wall_exact(pts[:, 0]), atol=1e-9)


def test_outside_points_are_nan_and_reach_snaps_near_ones(wall):
    s = Sampler.from_result(wall)
    pts = np.array([[L + 1e-4, 0.02, 0.015], [-1.0, 0.0, 0.0], [0.05, 0.02, 0.0300001]])
    values, bodies = s.locate_and_sample(pts)
    assert np.all(np.isnan(values)) and np.all(bodies == -1)
    assert np.isnan(s.sample([[np.nan, 0.02, 0.015]])[0])
    near = s.sample(pts, reach=2e-4)
    assert np.isnan(near[1])
    assert near[0] == pytest.approx(TS, abs=1e-9)  # moved onto the cooled face
    assert near[2] == pytest.approx(float(wall_exact(0.05)), abs=1e-9)
    with pytest.raises(ValueError, match="no body 'nope'"):
        s.sample(pts, body="nope")


def test_result_npz_round_trip(wall, tmp_path):
    paths = write_results(wall, tmp_path)
    pts = np.random.default_rng(2).uniform(-0.01, 0.11, (500, 3))
    direct = Sampler.from_result(wall).sample(pts)
    loaded = Sampler.load(paths["fields"])
    assert loaded.body_names == ["s"]
    assert np.array_equal(loaded.sample(pts), direct, equal_nan=True)
    assert np.isfinite(direct).any() and np.isnan(direct).any()


# --- two bodies of very different conductivity -------------------------------------------------

@pytest.fixture(scope="module")
def pair():
    """A poor conductor (k = 0.5) powered on xmin, a good one (k = 200) behind it at x > 0.02
    cooled on xmax: a steep drop in the first body, almost none in the second."""
    model = Model(materials=[Material("poor", 0.5), Material("good", 200.0)],
                  bodies=[Body("a", BoxGeometry([0, 0, 0], [0.02, 0.01, 0.01]), "poor"),
                          Body("b", BoxGeometry([0.02, 0, 0], [0.04, 0.01, 0.01]), "good")],
                  conditions=[FixedTemperature("a", 80.0, ["xmin"]),
                              Convection("b", 50.0, 20.0, ["xmax"])],
                  mesh=MeshSettings(uniform=[8, 2, 2]))
    return solve(model)


def test_interpolation_never_blends_across_a_material_jump(pair):
    s = Sampler.from_result(pair)
    t = pair.t[:, 0, 0]
    x = pair.disc.grid.centers(0)  # cells of 5 mm: a's last centre 0.0175, b's first 0.0225
    between = np.array([[0.019, 0.0025, 0.0025], [0.021, 0.0025, 0.0025]])
    values, bodies = s.locate_and_sample(between)
    assert list(bodies) == [0, 1]
    # each side stays with its own body: no value between a's last and b's first centre
    assert values[0] == pytest.approx(t[3]) and values[1] == pytest.approx(t[4])
    assert t[3] - t[4] > 5.0 and x[3] < 0.019 < 0.021 < x[4]
    # a's interior still interpolates between its own centres
    assert s.sample([[0.015, 0.0025, 0.0025]]) == pytest.approx(0.5 * (t[2] + t[3]))


def test_a_shared_face_takes_the_named_body(pair):
    s = Sampler.from_result(pair)
    t = pair.t[:, 0, 0]
    shared = np.array([[0.02, 0.005, 0.005], [0.02, 0.0, 0.01]])
    assert s.sample(shared, body="a") == pytest.approx([t[3]] * 2)
    assert s.sample(shared, body=1) == pytest.approx([t[4]] * 2)
    # by default the later body in model.bodies, as the overlap rule
    assert np.array_equal(s.locate(shared), [1, 1])
    assert s.sample(shared) == pytest.approx([t[4]] * 2)
    # a point of b only is outside a
    assert np.isnan(s.sample([[0.03, 0.005, 0.005]], body="a")[0])


def test_transient_fields_reload_at_their_output_times(tmp_path):
    from solver.model import Analysis

    model = Model(materials=[Material("m", 2.0, 1000.0, 1000.0)],
                  bodies=[Body("s", BoxGeometry([0, 0, 0], [0.05, 0.02, 0.01]), "m", 3.0)],
                  conditions=[Convection("s", 30.0, 20.0)],
                  mesh=MeshSettings(uniform=[5, 2, 2]),
                  analysis=Analysis("transient", duration=40.0, time_step=10.0,
                                    output_times=[20.0, 40.0]),
                  probes=[Probe("corner", [0.05, 0.02, 0.01])])
    r = solve(model)
    paths = write_results(r, tmp_path)
    corner = np.array([[0.05, 0.02, 0.01]])
    at_20 = Sampler.load(paths["fields"], time=20.0).sample(corner)
    at_40 = Sampler.load(paths["fields"], time=40.0).sample(corner)
    history = dict(zip(r.times, r.probe_history[:, 0], strict=True))
    assert at_20 == pytest.approx([history[20.0]], rel=1e-12)
    assert at_40 == pytest.approx([history[40.0]], rel=1e-12)
    assert Sampler.load(paths["fields"]).sample(corner) == pytest.approx(at_40, rel=1e-12)
    assert at_40[0] > at_20[0] > 20.0
    with pytest.raises(ValueError, match=r"no field at t = 30 s \(output times: 20, 40\)"):
        Sampler.load(paths["fields"], time=30.0)


def test_vertices_of_a_curved_body_are_reached_within_a_cell():
    """A powered ball (1 W, k = 5) cooled by h = 20 to 20 degC: its surface is at
    Ts = Tf + P / (h 4 pi R^2). The vertices of its triangle mesh, as the workbench samples
    them, lie partly in cells outside the staircase solid: NaN as they are, on the ball's
    faces with ``reach`` of one cell, and then near Ts."""
    from solver.geometry.trimesh import sphere_mesh
    from solver.model import MeshGeometry

    radius = 0.01
    vertices, triangles = sphere_mesh(radius, (0.0, 0.0, 0.0), 3)
    model = Model(materials=[Material("m", 5.0)],
                  bodies=[Body("ball", MeshGeometry(vertices.tolist(), triangles.tolist()),
                               "m", 1.0)],
                  conditions=[Convection("ball", 20.0, 20.0)],
                  mesh=MeshSettings(max_cell_size=radius / 8))
    s = Sampler.from_result(solve(model))
    ts = 20.0 + 1.0 / (20.0 * 4 * np.pi * radius**2)
    assert np.isnan(s.sample(vertices)).sum() > len(vertices) // 4
    reached = s.sample(vertices, body="ball", reach=radius / 8)
    assert np.all(np.isfinite(reached))
    assert np.all(np.abs(reached - ts) < 0.015 * (ts - 20.0))


# --- the kernel interpreted (few points, cold cache) and compiled ------------------------------


def _lattice(result, extra_points: int = 200) -> np.ndarray:
    """Points on every grid line and half-way between them (faces, edges, corners, centre
    planes), random points and a few outside the grid."""
    axes = [np.unique(np.r_[ln, 0.5 * (ln[1:] + ln[:-1])]) for ln in result.disc.grid.lines]
    grid = np.stack(np.meshgrid(*axes, indexing="ij"), axis=-1).reshape(-1, 3)
    rng = np.random.default_rng(7)
    lo, hi = grid.min(axis=0), grid.max(axis=0)
    inside = lo + (hi - lo) * rng.random((extra_points, 3))
    return np.vstack([grid, inside, hi + 1e-3, lo - 1e-3, [[np.nan, 0.0, 0.0]]])


@pytest.mark.parametrize("body, reach", [(-1, 0.0), (0, 0.0), (1, 2e-3)])
def test_the_interpreted_kernel_gives_the_compiled_kernels_bits(wall, pair, body, reach):
    from solver import sampling

    for result in (wall, pair):
        s = Sampler.from_result(result)
        pts = _lattice(result)
        out = {}
        for name, kernel in (("compiled", sampling._sample_points),
                             ("interpreted", sampling._python_sample_points())):
            values, bodies = np.empty(len(pts)), np.empty(len(pts), np.int32)
            kernel(pts, body, max(reach, 1e-12), s._lines, s.owner, s._t, s._keys, s._first,
                   s._group, s._face_t, values, bodies)
            out[name] = values, bodies
        assert np.array_equal(out["compiled"][0], out["interpreted"][0], equal_nan=True)
        assert np.array_equal(out["compiled"][1], out["interpreted"][1])
        if body < len(result.disc.model.bodies):  # the wall has no body 1: all NaN
            assert np.isfinite(out["compiled"][0]).sum() > len(pts) // 4


FRESH_PROCESS = """
import numpy as np
from solver import sampling
lines = (np.linspace(0, 0.03, 4), np.linspace(0, 0.02, 3), np.linspace(0, 0.01, 3))
s = sampling.Sampler(lines, np.zeros((3, 2, 2)), np.arange(12.0), [], [], [], [], [])
few = s.sample([[0.005, 0.005, 0.0025], [0.015, 0.015, 0.0075]])  # cell centres
assert not sampling._sample_points.signatures, "compiled for two points"
many = s.sample(np.tile([[0.005, 0.005, 0.0025]], (sampling.INTERPRETED_POINTS + 1, 1)))
assert sampling._sample_points.signatures, "not compiled for many points"
assert few[0] == many[0] and np.all(many == many[0])
print(few[0], few[1])
"""


def test_a_cold_process_interprets_few_points_and_compiles_for_many(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = dict(os.environ, NUMBA_CACHE_DIR=str(tmp_path),
               PYTHONPATH=os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")]))
    proc = subprocess.run([sys.executable, "-c", FRESH_PROCESS], env=env, capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    first, second = (float(v) for v in proc.stdout.split())
    assert (first, second) == (0.0, 7.0)  # cells (0, 0, 0) and (1, 1, 1)
