"""Triangle-mesh validation: closed, oriented, degenerate, self-intersection, measures."""

import math

import numpy as np
import pytest

from solver.errors import GeometryError
from solver.geometry.trimesh import (
    box_mesh,
    check_mesh,
    find_self_intersection,
    flip,
    orient_patches,
    signed_volume,
    sphere_mesh,
)


def test_box_measures_and_groups():
    V, T, G = box_mesh((0, 0, 0), (1, 2, 3))
    info = check_mesh(V, T, G)
    assert info.volume == pytest.approx(6.0)
    assert info.area == pytest.approx(2 * (2 + 3 + 6))
    assert info.group_areas == pytest.approx({0: 6, 1: 6, 2: 3, 3: 3, 4: 2, 5: 2})
    assert not info.flipped


def test_sphere_mesh():
    V, T = sphere_mesh(2.0, (1, 2, 3), 3)
    assert T.shape == (20 * 4**3, 3)
    assert np.allclose(np.linalg.norm(V - (1, 2, 3), axis=1), 2.0)
    info = check_mesh(V, T)
    assert info.volume == pytest.approx(4 / 3 * math.pi * 8, rel=2e-2)
    assert info.volume < 4 / 3 * math.pi * 8


def test_open_mesh():
    V, T, _ = box_mesh((0, 0, 0), (1, 1, 1))
    with pytest.raises(GeometryError, match=r"not closed: 3 open edges \(first at vertices"):
        check_mesh(V, T[:-1])


def test_flipped_mesh_is_fixed_or_reported():
    V, T, _ = box_mesh((0, 0, 0), (1, 1, 1))
    info = check_mesh(V, flip(T))
    assert info.flipped and info.volume == pytest.approx(1.0)
    assert signed_volume(V, info.triangles) > 0
    with pytest.raises(GeometryError, match="inside out"):
        check_mesh(V, flip(T), fix_orientation=False)


def test_inconsistent_orientation():
    V, T, _ = box_mesh((0, 0, 0), (1, 1, 1))
    T = T.copy()
    T[0] = T[0, ::-1]
    with pytest.raises(GeometryError, match="not consistently oriented"):
        check_mesh(V, T)
    fixed = orient_patches(T, np.arange(len(T)))
    if signed_volume(V, fixed) < 0:
        fixed = flip(fixed)
    assert check_mesh(V, fixed).volume == pytest.approx(1.0)


def test_self_intersection_two_cubes():
    V1, T1, _ = box_mesh((0, 0, 0), (1, 1, 1))
    V2, T2, _ = box_mesh((0.5, 0.5, 0.5), (1.5, 1.5, 1.5))
    V = np.vstack([V1, V2])
    T = np.vstack([T1, T2 + len(V1)])
    pair = find_self_intersection(V, T)
    assert pair is not None and pair[0] < 12 <= pair[1]
    with pytest.raises(GeometryError, match=r"intersects itself: triangles \d+ and \d+"):
        check_mesh(V, T)
    # two disjoint cubes in one mesh are fine
    V3, T3, _ = box_mesh((2, 0, 0), (3, 1, 1))
    assert check_mesh(np.vstack([V1, V3]), np.vstack([T1, T3 + 8])).volume == pytest.approx(2)


def test_sphere_has_no_self_intersection():
    V, T = sphere_mesh(1.0, (0, 0, 0), 4)
    assert find_self_intersection(V, T) is None


def test_degenerate_triangle():
    V, T, _ = box_mesh((0, 0, 0), (1, 1, 1))
    a, b, c = T[0]
    V = np.vstack([V, 0.5 * (V[a] + V[b])])  # m on edge a-b
    m = len(V) - 1
    # 1-to-3 split of triangle 0 around m: still closed, but (a, b, m) has zero area
    T = np.vstack([T[1:], [[a, b, m], [b, c, m], [c, a, m]]])
    with pytest.raises(GeometryError, match=r"1 degenerate \(zero-area\) triangles"):
        check_mesh(V, T)


def test_bad_indices():
    V, T, _ = box_mesh((0, 0, 0), (1, 1, 1))
    with pytest.raises(GeometryError, match="indices"):
        check_mesh(V, T + 1)
