"""Box and triangle-mesh volume fractions, grazing rays, and the body-overlap rule."""

import math

import numpy as np
import pytest
from voxel_helpers import to_dense

from solver.bodymap import map_bodies
from solver.errors import GeometryError
from solver.geometry.trimesh import box_mesh, sphere_mesh
from solver.grid import Grid
from solver.meshing.gridgen import GridSettings, build_grid, build_uniform_grid
from solver.meshing.voxelize import box_fractions, mesh_fractions


def _volume(grid, fr):
    sl, f = fr
    return float((f * grid.cell_volumes()[sl]).sum())


def _random_grid(rng, n=(17, 13, 11)):
    return Grid(*(np.sort(np.concatenate([[0, 1], rng.uniform(0, 1, k - 1)])) for k in n))


@pytest.mark.parametrize("seed", range(10))
def test_box_fractions_exact(seed):
    rng = np.random.default_rng(seed)
    g = _random_grid(rng)
    lo = rng.uniform(-0.2, 0.6, 3)
    hi = lo + rng.uniform(0.01, 0.7, 3)
    clo, chi = np.maximum(lo, 0), np.minimum(hi, 1)
    sl, f = box_fractions(g, lo, hi)
    assert np.all((f >= 0) & (f <= 1))
    assert _volume(g, (sl, f)) == pytest.approx(np.prod(chi - clo), rel=1e-12)
    dense = to_dense(g, (sl, f))
    assert dense.sum() == pytest.approx(f.sum())


def test_box_fractions_on_grid_lines_are_one():
    g = build_uniform_grid((0, 0, 0), (1, 1, 1), (10, 10, 10))
    sl, f = box_fractions(g, g.x[[2, 2, 2]], g.x[[5, 6, 7]])
    assert sl == (slice(2, 5), slice(2, 6), slice(2, 7))
    assert np.all(f == 1.0)
    sl, f = box_fractions(g, (2, 2, 2), (3, 3, 3))
    assert f.size == 0


def test_sphere_volume_converges():
    r = 0.01
    V, T = sphere_mesh(r, (0.001, -0.002, 0.0005), 5)
    exact = 4 / 3 * math.pi * r**3
    poly = 4 / 3 * math.pi * r**3 * (1 - 2.1e-3)  # icosphere-5 volume deficit, roughly
    g = build_uniform_grid((-0.012,) * 3, (0.013,) * 3, (30, 30, 30))
    vol = _volume(g, mesh_fractions(g, V, T, samples=4))
    assert vol == pytest.approx(exact, rel=5e-3)
    assert vol == pytest.approx(poly, rel=2e-3)


def test_cube_mesh_equals_box_fractions():
    rng = np.random.default_rng(3)
    g = _random_grid(rng)
    lo = np.array([g.x[3], g.y[2], 0.123])
    hi = np.array([g.x[9], g.y[10], 0.777])
    V, T, _ = box_mesh(lo, hi)
    sl_b, fb = box_fractions(g, lo, hi)
    sl_m, fm = mesh_fractions(g, V, T, samples=3)
    assert np.allclose(to_dense(g, (sl_m, fm)), to_dense(g, (sl_b, fb)), atol=1e-12)
    # off-grid x/y faces: sampled in x, y -> close, and exact in total z
    lo2, hi2 = np.array([0.111, 0.222, 0.123]), np.array([0.71, 0.83, 0.777])
    V, T, _ = box_mesh(lo2, hi2)
    fm = to_dense(g, mesh_fractions(g, V, T, samples=8))
    fb = to_dense(g, box_fractions(g, lo2, hi2))
    assert np.abs(fm - fb).max() <= 1 / 8 + 1e-12


def test_stacked_boxes_and_partial_overlap_with_grid():
    rng = np.random.default_rng(5)
    g = _random_grid(rng)
    V1, T1, _ = box_mesh((g.x[2], g.y[1], 0.05), (g.x[8], g.y[9], 0.31))
    V2, T2, _ = box_mesh((g.x[2], g.y[1], 0.52), (g.x[8], g.y[9], 1.4))  # leaves the grid
    V, T = np.vstack([V1, V2]), np.vstack([T1, T2 + 8])
    fm = to_dense(g, mesh_fractions(g, V, T, samples=2))
    fb = to_dense(g, box_fractions(g, V1.min(0), V1.max(0)))
    fb += to_dense(g, box_fractions(g, V2.min(0), V2.max(0)))
    assert np.allclose(fm, fb, atol=1e-12)


def _octahedron(r=1.0):
    V = np.array([[r, 0, 0], [-r, 0, 0], [0, r, 0], [0, -r, 0], [0, 0, r], [0, 0, -r]],
                 dtype=float)
    T = []
    for xi in (0, 1):
        for yi in (2, 3):
            for zi in (4, 5):
                tri = [xi, yi, zi]
                a, b, c = V[tri]
                if np.dot(np.cross(b - a, c - a), a + b + c) < 0:
                    tri = [xi, zi, yi]
                T.append(tri)
    return V, np.array(T, dtype=np.int64)


def _column_lengths(grid, fr):
    sl, f = fr
    dense = to_dense(grid, (sl, f))
    return (dense * grid.widths(2)[None, None, :]).sum(axis=2)


def test_grazing_rays_octahedron():
    """Rays through vertices, edges and silhouettes of an octahedron: exact chord lengths."""
    V, T = _octahedron(1.0)
    c = np.arange(-1.25, 1.26, 0.25)  # sample points (cell centres), hit vertices and edges
    xl = np.concatenate([c - 0.125, [c[-1] + 0.125]])
    g = Grid(xl, xl, np.linspace(-1.5, 1.5, 7))
    lengths = _column_lengths(g, mesh_fractions(g, V, T, samples=1))
    expected = 2 * np.maximum(0.0, 1 - np.abs(c)[:, None] - np.abs(c)[None, :])
    assert np.allclose(lengths, expected, atol=1e-14)


def test_grazing_rays_cube_fan_vertices():
    """A cube whose faces are split into fans, rays aimed at every vertex and edge."""
    V, T, _ = box_mesh((-1, -1, -1), (1, 1, 1))
    # split the top and bottom faces into 4 triangles around a centre vertex
    top = [i for i, t in enumerate(T) if np.all(V[t][:, 2] == 1)]
    bot = [i for i, t in enumerate(T) if np.all(V[t][:, 2] == -1)]
    V = np.vstack([V, [[0, 0, 1], [0, 0, -1]]])
    keep = [t for i, t in enumerate(T) if i not in top + bot]
    for face, centre in ((top, 8), (bot, 9)):
        edges = {}
        for i in face:
            for k in range(3):
                a, b = T[i][k], T[i][(k + 1) % 3]
                edges[(a, b)] = edges.get((a, b), 0) + 1
        boundary = [e for e in edges if (e[1], e[0]) not in edges]
        keep += [(a, b, centre) for a, b in boundary]
    T = np.array(keep, dtype=np.int64)
    c = np.arange(-1.5, 1.51, 0.5)
    xl = np.concatenate([c - 0.25, [c[-1] + 0.25]])
    g = Grid(xl, xl, np.linspace(-2, 2, 5))
    lengths = _column_lengths(g, mesh_fractions(g, V, T, samples=1))
    inside = (np.abs(c) <= 1)[:, None] & (np.abs(c) <= 1)[None, :]
    # on the cube's side faces the ray is tangent: counted as inside or outside, never odd
    strict = (np.abs(c) < 1)[:, None] & (np.abs(c) < 1)[None, :]
    assert np.allclose(lengths[strict], 2.0, atol=1e-14)
    assert np.all((lengths[~strict] == 0) | np.isclose(lengths[~strict], 2.0))
    assert np.all(lengths[~inside] == 0)


def test_grazing_rays_sphere_vertices():
    """Rays aimed exactly at the vertices of an icosphere never see an odd crossing count."""
    V, T = sphere_mesh(1.0, (0, 0, 0), 2)
    V = np.round(V * 2**20) / 2**20  # dyadic coordinates: the ray positions below are exact
    pts = V[np.hypot(V[:, 0], V[:, 1]) < 0.95, :2]  # away from the silhouette
    for px, py in pts:
        lengths = []
        for dx in (0.0, 1e-9):
            h = 2.0**-4
            g = Grid(np.array([px + dx - h, px + dx + h]), np.array([py - h, py + h]),
                     np.array([-2.0, 2.0]))
            assert dx or g.x[0] + 0.5 * (g.x[1] - g.x[0]) == px
            _, f = mesh_fractions(g, V, T, samples=1)  # strict: raises on odd counts
            lengths.append(f.sum() * 4.0)
        assert lengths[0] == pytest.approx(lengths[1], abs=1e-6)
        assert lengths[0] > 0.5


def test_open_mesh_is_reported():
    V, T, _ = box_mesh((0, 0, 0), (1, 1, 1))
    g = build_uniform_grid((-0.5,) * 3, (1.5,) * 3, (4, 4, 4))
    with pytest.raises(GeometryError, match="odd number"):
        mesh_fractions(g, V, T[:-1])


def test_overlap_rule():
    g = build_uniform_grid((0, 0, 0), (4, 1, 1), (4, 1, 1))
    board = box_fractions(g, (0, 0, 0), (4, 1, 1))
    chip = box_fractions(g, (1.5, 0, 0), (3, 1, 1))
    bm = map_bodies(g, [board, chip])
    assert np.allclose(to_dense(g, (bm.shares[0].index, bm.shares[0].share)).ravel(),
                       [1, 0.5, 0, 1])
    assert np.allclose(to_dense(g, (bm.shares[1].index, bm.shares[1].share)).ravel(),
                       [0, 0.5, 1, 0])
    assert bm.owner.ravel().tolist() == [0, 1, 1, 0]  # tie goes to the later body
    small = box_fractions(g, (0, 0, 0), (0.3, 1, 1))
    bm = map_bodies(g, [small], threshold=0.5)
    assert bm.owner.ravel().tolist() == [-1, -1, -1, -1]
    assert bm.shares[0].share.ravel()[0] == pytest.approx(0.3)


def test_sphere_20k_triangles_on_200_cubed():
    """The large case of bench/voxelize.py, for its volume (its speed is in the bench)."""
    V, T = sphere_mesh(1.0, (0, 0, 0), 5)
    g = build_uniform_grid((-1.1,) * 3, (1.1,) * 3, (200, 200, 200))
    fr = mesh_fractions(g, V, T, samples=4)
    assert _volume(g, fr) == pytest.approx(4 / 3 * math.pi, rel=2e-3)


def test_graded_grid_with_sphere():
    V, T = sphere_mesh(0.005, (0.02, 0.02, 0.02), 4)
    boxes = [((0, 0, 0), (0.04, 0.04, 0.04)), (V.min(0), V.max(0))]
    g = build_grid(boxes, GridSettings(max_cell_size=0.004, min_cells_across=12))
    vol = _volume(g, mesh_fractions(g, V, T))
    assert vol == pytest.approx(4 / 3 * math.pi * 0.005**3, rel=5e-3)
