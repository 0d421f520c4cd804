"""True-area correction of staircase boundary faces."""

import math

import numpy as np
import pytest
from voxel_helpers import to_dense

from solver.faces import find_exposed_faces
from solver.geometry.trimesh import box_mesh, group_areas, sphere_mesh, surface_area
from solver.meshing.gridgen import build_uniform_grid
from solver.meshing.surface_area import true_face_areas
from solver.meshing.voxelize import box_fractions, mesh_fractions


def _correct(grid, faces, vertices, triangles, groups):
    every = np.arange(len(faces))
    return true_face_areas(faces.centers(grid, every), faces.normals(every), faces.area,
                           vertices, triangles, groups)


def test_sphere_area_corrected():
    r = 1.0
    V, T = sphere_mesh(r, (0, 0, 0), 4)
    g = build_uniform_grid((-1.2,) * 3, (1.2,) * 3, (40, 40, 40))
    inside = to_dense(g, mesh_fractions(g, V, T)) >= 0.5
    faces = find_exposed_faces(g, inside)
    exact = 4 * math.pi * r**2
    assert faces.area.sum() > 1.3 * exact  # the staircase overstates
    groups = np.where(V[T].mean(axis=1)[:, 2] > 0, 1, 0) + 2 * (V[T].mean(axis=1)[:, 0] > 0)
    corr = _correct(g, faces, V, T, groups)
    ico = surface_area(V, T)
    assert corr.area.sum() == pytest.approx(ico, rel=1e-12)
    assert corr.area.sum() == pytest.approx(exact, rel=abs(ico / exact - 1) + 1e-12)
    per = group_areas(V, T, groups)
    for gid, area in per.items():
        assert corr.area[corr.group == gid].sum() == pytest.approx(area, rel=1e-12)
    assert corr.missing_groups == []


def test_box_faces_keep_their_area_and_group():
    g = build_uniform_grid((0, 0, 0), (1, 1, 1), (10, 10, 10))
    lo, hi = (0.2, 0.3, 0.1), (0.6, 0.9, 0.5)
    inside = to_dense(g, box_fractions(g, lo, hi)) >= 0.5
    faces = find_exposed_faces(g, inside)
    V, T, G = box_mesh(lo, hi)
    corr = _correct(g, faces, V, T, G)
    assert np.allclose(corr.area, faces.area)  # on grid lines: the staircase is exact
    expected_group = 2 * faces.axis + (faces.side > 0)
    assert np.array_equal(corr.group, expected_group)


def test_domain_boundary_faces():
    g = build_uniform_grid((0, 0, 0), (1, 1, 1), (3, 3, 3))
    faces = find_exposed_faces(g, np.ones(g.shape, dtype=bool))
    assert faces.area.sum() == pytest.approx(6.0)
    centers = faces.centers(g, np.arange(len(faces)))
    on_walls = np.isclose(centers, 0.0) | np.isclose(centers, 1.0)
    assert np.all(on_walls.sum(axis=1) == 1)


def test_faces_of_a_large_triangle_beside_fine_ones_go_to_it():
    """A slab of two-triangle faces with a finely meshed sphere just above its top: the
    staircase faces of the top lie on the slab's top triangles, however many of the
    sphere's small triangles have their centroids nearer (the slivers of issue 7: they were
    given to the sphere, whose area they then shared)."""
    V1, T1, G1 = box_mesh((0.0, 0.0, 0.0), (1.0, 1.0, 0.2))
    V2, T2 = sphere_mesh(0.1, (0.5, 0.5, 0.35), 4)
    V = np.vstack([V1, V2])
    T = np.vstack([T1, T2 + len(V1)])
    G = np.concatenate([G1, np.full(len(T2), 6)])
    g = build_uniform_grid((-0.05, -0.05, -0.05), (1.05, 1.05, 0.5), (44, 44, 22))
    inside = to_dense(g, mesh_fractions(g, V, T)) >= 0.5
    faces = find_exposed_faces(g, inside)
    corr = _correct(g, faces, V, T, G)
    z = faces.centers(g, np.arange(len(faces)))[:, 2]
    top = (faces.axis == 2) & (faces.side > 0) & (z < 0.25)
    assert top.sum() > 1000
    assert np.all(corr.group[top] == 5)
    assert np.all(corr.group[z > 0.225] == 6)  # the sphere keeps its own faces
    assert np.allclose(corr.normal[top], [0.0, 0.0, 1.0])
