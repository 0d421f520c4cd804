"""View factors against closed forms (Howell's catalogue / Siegel & Howell), view-factor
algebra, reciprocity, closure and blocking."""

import math

import numpy as np
import pytest
from vf_shapes import box_faces, prism_facets, rect

from solver.physics.view_factors import (
    Patches,
    compute_view_factors,
    view_factor_parallel_rectangles,
    view_factor_perpendicular_rectangles,
)


def f_matrix(polys, **kw):
    vf = compute_view_factors(Patches(polys), **kw)
    return vf, vf.matrix.toarray()


def test_closed_forms_against_published_values():
    # Tabulated: Howell's catalogue C-11 (unit squares 1 apart 0.1998; 2x2 squares 0.4152),
    # C-14 (unit squares at a right angle 0.2000; 1 x 1 to a 1 x 2 wall 0.2329).
    assert view_factor_parallel_rectangles(1, 1, 1) == pytest.approx(0.1998, abs=1e-4)
    assert view_factor_parallel_rectangles(2, 2, 1) == pytest.approx(0.4152, abs=1e-4)
    assert view_factor_perpendicular_rectangles(1, 1, 1) == pytest.approx(0.2000, abs=1e-4)
    assert view_factor_perpendicular_rectangles(1, 1, 2) == pytest.approx(0.2329, abs=1e-4)
    # Reciprocity of C-14 with the roles of W and H swapped.
    assert 2 * view_factor_perpendicular_rectangles(1, 2, 1) == pytest.approx(
        view_factor_perpendicular_rectangles(1, 1, 2), rel=1e-12)


@pytest.mark.parametrize("a,b,c", [(1, 1, 1), (2, 1, 0.5), (0.1, 3, 0.2), (5, 5, 0.3)])
def test_directly_opposed_rectangles(a, b, c):
    bottom = rect([0, 0, 0], [a, 0, 0], [0, b, 0])
    top = rect([0, 0, c], [0, b, 0], [a, 0, 0])
    _, f = f_matrix([bottom, top], resolution=6)
    assert f[0, 1] == pytest.approx(view_factor_parallel_rectangles(a, b, c), rel=0.01)


@pytest.mark.parametrize("length,width,height", [(1, 1, 1), (2, 0.5, 1.5), (0.3, 1, 2)])
def test_perpendicular_rectangles_sharing_an_edge(length, width, height):
    floor = rect([0, 0, 0], [length, 0, 0], [0, width, 0])  # faces +z
    wall = rect([0, 0, 0], [0, 0, height], [length, 0, 0])  # at y = 0, faces +y
    _, f = f_matrix([floor, wall], resolution=6)
    expected = view_factor_perpendicular_rectangles(length, width, height)
    assert f[0, 1] == pytest.approx(expected, rel=0.01)


@pytest.mark.parametrize("gap", [0.2, 1.0])
def test_perpendicular_pair_with_an_offset_by_view_factor_algebra(gap):
    # Floor strip y in [gap, gap + w] to the wall at y = 0: (w + gap) F(w + gap) = w F_12 +
    # gap F(gap) (Siegel & Howell, view-factor algebra).
    length, w, h = 1.5, 0.8, 1.2
    strip = rect([0, gap, 0], [length, 0, 0], [0, w, 0])
    wall = rect([0, 0, 0], [0, 0, h], [length, 0, 0])
    _, f = f_matrix([strip, wall], resolution=6)
    expected = ((w + gap) * view_factor_perpendicular_rectangles(length, w + gap, h)
                - gap * view_factor_perpendicular_rectangles(length, gap, h)) / w
    assert f[0, 1] == pytest.approx(expected, rel=1e-3)


def disk(radius, z, n, facing_up):
    # n-gon of the disk's area, so that only the shape differs.
    r = radius * math.sqrt(2 * math.pi / (n * math.sin(2 * math.pi / n)))
    t = 2 * np.pi * np.arange(n) / n
    pts = np.stack([r * np.cos(t), r * np.sin(t), np.full(n, z)], axis=1)
    return pts if facing_up else pts[::-1]


@pytest.mark.parametrize("r1,r2,h", [(1.0, 1.0, 1.0), (0.5, 1.5, 0.8), (2.0, 1.0, 3.0)])
def test_coaxial_parallel_disks(r1, r2, h):
    # Howell's catalogue C-41: R_i = r_i/h, X = 1 + (1 + R2^2)/R1^2,
    # F12 = (X - sqrt(X^2 - 4 (R2/R1)^2)) / 2.
    big_r1, big_r2 = r1 / h, r2 / h
    x = 1 + (1 + big_r2**2) / big_r1**2
    expected = 0.5 * (x - math.sqrt(x * x - 4 * (big_r2 / big_r1) ** 2))
    _, f = f_matrix([disk(r1, 0.0, 48, True), disk(r2, h, 48, False)], resolution=8)
    assert f[0, 1] == pytest.approx(expected, rel=0.01)


def scene():
    """A closed box's inner faces, a plate in it and a small cube on its floor."""
    polys = box_faces((0, 0, 0), (1, 0.8, 0.6), inward=True)
    polys += [rect([0.2, 0.1, 0.3], [0.3, 0, 0], [0, 0.4, 0]),
              rect([0.2, 0.1, 0.3], [0, 0.4, 0], [0.3, 0, 0])]
    polys += [f for f in box_faces((0.6, 0.5, 0.0), (0.8, 0.7, 0.15), inward=False)[1:]]
    return polys


def test_reciprocity_to_round_off():
    polys = scene()
    vf, f = f_matrix(polys, resolution=3, blockers=Patches(polys))
    g = vf.areas[:, None] * f
    assert np.abs(g - g.T).max() <= 1e-14 * np.abs(g).max()
    assert np.count_nonzero(g) > 40


def test_closure_of_a_sealed_box():
    vf, f = f_matrix(box_faces((0, 0, 0), (1.0, 0.7, 0.4), inward=True), resolution=4)
    assert np.allclose(f.sum(axis=1), 1.0, rtol=0.01, atol=0.0)
    assert np.allclose(vf.surroundings, 0.0, atol=0.01)
    assert np.allclose(np.diag(f), 0.0)
    # Opposite faces by the closed form as well.
    assert f[0, 1] == pytest.approx(view_factor_parallel_rectangles(1.0, 0.7, 0.4), rel=0.01)


def test_sealed_rows_sum_to_one_and_keep_reciprocity():
    polys = scene()
    vf, f = f_matrix(polys, resolution=3, blockers=Patches(polys), sealed=True)
    assert np.allclose(f.sum(axis=1), 1.0, atol=1e-9)
    g = vf.areas[:, None] * f
    assert np.abs(g - g.T).max() <= 1e-12 * np.abs(g).max()
    # Unsealed, the rows were already within 6 % of closing (the quadrature at resolution 3
    # and blocking by rays), the floor's less its 5 % under the cube, which sees nothing.
    _, f_open = f_matrix(polys, resolution=3, blockers=Patches(polys))
    expected = np.ones(len(polys))
    expected[0] = 1.0 - 0.2 * 0.2 / (1.0 * 0.8)
    assert np.allclose(f_open.sum(axis=1), expected, atol=0.06)


A, C = 1.0, 0.5
LOWER = rect([0, 0, 0], [A, 0, 0], [0, A, 0])
UPPER = rect([0, 0, C], [0, A, 0], [A, 0, 0])
F_OPEN = view_factor_parallel_rectangles(A, A, C)


def blocker_cases():
    """(blocking plate in the mid-plane, expected F12 / F12 unblocked)."""
    mid = C / 2
    return [
        (rect([-1, -1, mid], [3, 0, 0], [0, 3, 0]), 0.0),  # covers everything
        # x < 0.5 of the mid-plane: by symmetry a line is blocked iff x1 + x2 < 1, half.
        (rect([-1, -1, mid], [1.5, 0, 0], [0, 3, 0]), 0.5),
        (rect([2, -1, mid], [1, 0, 0], [0, 3, 0]), 1.0),  # beside the pair, blocks nothing
    ]


@pytest.mark.parametrize("case", range(3))
def test_third_plate_blocks_what_it_should(case):
    plate, share = blocker_cases()[case]
    _, f = f_matrix([LOWER, UPPER], resolution=8, blockers=Patches([plate]))
    assert f[0, 1] == pytest.approx(share * F_OPEN, abs=0.01 * F_OPEN)


@pytest.mark.parametrize("case", range(3))
def test_voxel_grid_blocks_like_the_plate(case):
    # The same blockers as a layer of solid cells of a grid around the plates.
    plate, share = blocker_cases()[case]
    x = np.linspace(-1.0, 3.0, 81)
    y = np.linspace(-1.0, 2.0, 31)
    z = np.array([-0.1, 0.0, 0.24, 0.26, C, 0.6])
    xs = 0.5 * (x[1:] + x[:-1])
    px = np.array(plate)[:, 0]
    active = np.zeros((x.size - 1, y.size - 1, z.size - 1), dtype=bool)
    active[(xs > px.min()) & (xs < px.max()), :, 2] = True
    _, f = f_matrix([LOWER, UPPER], resolution=8, grid=(x, y, z, active))
    assert f[0, 1] == pytest.approx(share * F_OPEN, abs=0.01 * F_OPEN)


def test_bad_patches_are_reported_with_their_index():
    with pytest.raises(ValueError, match=r"patches\[1\]: .*no area"):
        Patches([LOWER, [[0, 0, 0], [1, 0, 0], [2, 0, 0]]])
    with pytest.raises(ValueError, match=r"patches\[0\]: .*not planar"):
        Patches([[[0, 0, 0], [1, 0, 0], [1, 1, 0.5], [0, 1, 0]]])
    with pytest.raises(ValueError, match="resolution"):
        compute_view_factors(Patches([LOWER]), resolution=0)


def test_cylinder_facets_helper_is_closed():
    # Inner prism facets face out and see nothing of each other (convex).
    vf, f = f_matrix(prism_facets(1.0, 12, 1.0, 1, outward=True), resolution=2)
    assert np.count_nonzero(f) == 0
    assert np.allclose(vf.surroundings, 1.0)


def test_points_inside_a_solid_do_not_stand_for_the_patch():
    # A floor half covered by a thin solid slab (a board's top around a component): its view
    # of the plate above is that of its exposed half, not half of it (points under the slab
    # are not on the surface, and targets inside a solid are not seen either).
    x = np.linspace(-0.5, 1.5, 41)
    y = np.linspace(-0.5, 1.5, 41)
    z = np.array([-0.1, 0.0, 0.02, 0.5, 1.0, 1.1])
    active = np.zeros((40, 40, 5), dtype=bool)
    active[(x[:-1] >= 0.0) & (x[:-1] < 0.5), 10:30, 1] = True  # x in [0, 0.5), on the floor
    floor = rect([0, 0, 0], [1, 0, 0], [0, 1, 0])  # x < 0.5 lies in the slab's cells
    half = rect([0.5, 0, 0], [0.5, 0, 0], [0, 1, 0])
    top = rect([0, 0, 1.0], [0, 1, 0], [1, 0, 0])
    grid = (x, y, z, active)
    _, f_floor = f_matrix([floor, top], resolution=6, grid=grid)
    _, f_half = f_matrix([half, top], resolution=6, grid=grid)
    assert f_floor[0, 1] == pytest.approx(f_half[0, 1], rel=0.05)
    assert f_half[0, 1] > 0.1
