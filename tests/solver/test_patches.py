"""The patch table: exposed faces per body face, orientation and air region, with true areas,
normals, centroids and extents; subdivision to a maximum size."""

import math

import numpy as np
import pytest

from solver.discretize import discretize
from solver.geometry.trimesh import box_mesh, cylinder_mesh, triangle_areas
from solver.model import (
    BOX_FACES,
    Body,
    BoxGeometry,
    Convection,
    Material,
    MeshGeometry,
    MeshSettings,
    Model,
)
from solver.patches import refine_patches, split_patches

AXIS_NORMALS = {name: np.eye(3)[i // 2] * (1 if i % 2 else -1) for i, name in enumerate(BOX_FACES)}


def _model(bodies, mesh):
    return Model(materials=[Material("al", 200.0)], bodies=bodies,
                 conditions=[Convection(bodies[0].name, 10.0)], mesh=mesh)


def _box(name, lo, hi):
    return Body(name, BoxGeometry(list(lo), list(hi)), "al")


def _names(disc):
    return [disc.group_names[g][1] for g in disc.patches.group]


def test_a_box_has_six_patches_with_exact_area_normal_centroid_and_extent():
    lo, hi = np.array([0.01, -0.02, 0.0]), np.array([0.11, 0.03, 0.02])
    disc = discretize(_model([_box("b", lo, hi)], MeshSettings(uniform=[10, 5, 4])))
    p = disc.patches
    assert len(p) == 6 and sorted(_names(disc)) == sorted(BOX_FACES)
    size = hi - lo
    for i, name in enumerate(_names(disc)):
        axis = BOX_FACES.index(name) // 2
        n = AXIS_NORMALS[name]
        others = [a for a in range(3) if a != axis]
        assert p.area[i] == pytest.approx(size[others[0]] * size[others[1]], rel=1e-12)
        assert p.normal[i] == pytest.approx(n, abs=1e-12)
        plane = hi[axis] if n[axis] > 0 else lo[axis]
        centre = 0.5 * (lo + hi)
        centre[axis] = plane
        assert p.centroid[i] == pytest.approx(centre, abs=1e-12)
        assert p.lo[i, others] == pytest.approx(lo[others]) and p.lo[i, axis] == plane
        assert p.hi[i, others] == pytest.approx(hi[others]) and p.hi[i, axis] == plane
        assert p.body[i] == 0 and p.region[i] == 0
        faces = p.faces(i)
        assert np.all(disc.faces.axis[faces] == axis)
        assert np.sum(disc.faces.area[faces]) == pytest.approx(p.area[i])
    assert p.n_regions == 1
    assert np.all(p.face_patch >= 0)


def _hollow_box(t=0.01, inner=0.04):
    """Six wall boxes around a sealed cubic cavity of side ``inner``."""
    a, b = 0.0, inner + 2 * t
    walls = [((a, a, a), (b, b, t)), ((a, a, b - t), (b, b, b)),
             ((a, a, t), (t, b, b - t)), ((b - t, a, t), (b, b, b - t)),
             ((t, a, t), (b - t, t, b - t)), ((t, b - t, t), (b - t, b, b - t))]
    return [_box(f"wall{i}", lo, hi) for i, (lo, hi) in enumerate(walls)]


def test_inner_patches_of_a_sealed_hollow_box_face_region_1():
    t, inner = 0.01, 0.04
    disc = discretize(_model(_hollow_box(t, inner), MeshSettings(uniform=[6, 6, 6])))
    p = disc.patches
    assert p.n_regions == 2
    inside = p.region == 1
    # the cavity's six walls, each an inner x inner square facing into the cavity
    assert np.count_nonzero(inside) == 6
    assert p.area[inside] == pytest.approx(np.full(6, inner * inner))
    centre = np.full(3, t + inner / 2)
    for i in np.nonzero(inside)[0]:
        assert np.dot(p.normal[i], centre - p.centroid[i]) == pytest.approx(inner / 2)
    outer = 6 * (inner + 2 * t) ** 2
    assert p.area[~inside].sum() == pytest.approx(outer)


def test_a_cavity_open_to_the_grid_edge_is_the_outside():
    walls = _hollow_box()[:-1]  # the ymax wall removed: the cavity opens onto the grid's edge
    disc = discretize(_model(walls, MeshSettings(uniform=[6, 6, 6])))
    assert disc.patches.n_regions == 1 and np.all(disc.patches.region == 0)


def _rotated(vertices, angle_deg):
    a = math.radians(angle_deg)
    rot = np.array([[1, 0, 0], [0, math.cos(a), -math.sin(a)], [0, math.sin(a), math.cos(a)]])
    return vertices @ rot.T, rot


def test_patches_of_a_rotated_mesh_plate_take_the_true_normals_and_areas():
    width, length, thick = 0.05, 0.05, 2e-3
    V, T, G = box_mesh([0, 0, 0], [width, length, thick])
    V, rot = _rotated(V, 30.0)
    names = list(BOX_FACES)
    body = Body("plate", MeshGeometry(V.tolist(), T.tolist(), names, G.tolist()), "al")
    disc = discretize(_model([body], MeshSettings(max_cell_size=2e-3, min_cells_across=3)))
    p = disc.patches
    true_area = np.bincount(G, weights=triangle_areas(V, T), minlength=6)
    for g, name in enumerate(names):
        on = np.array([disc.group_names[k][1] == name for k in p.group])
        assert np.count_nonzero(on) == 1, name  # a flat face is one orientation class
        i = np.nonzero(on)[0][0]
        assert p.normal[i] == pytest.approx(rot @ AXIS_NORMALS[name], abs=1e-9)
        assert p.area[i] == pytest.approx(true_area[g], rel=1e-9)
    big = _names(disc).index("zmax")
    # the centroid lies on the plate's top face, within a cell of its true centre
    top = rot @ np.array([width / 2, length / 2, thick])
    assert np.linalg.norm(p.centroid[big] - top) < 2e-3


def test_a_cylinder_side_splits_by_dominant_normal_and_keeps_its_true_area():
    r, h = 0.02, 0.05
    V, T, G = cylinder_mesh(r, h)
    body = Body("cyl", MeshGeometry(V.tolist(), T.tolist(), ["side", "bottom", "top"],
                                    G.tolist()), "al")
    disc = discretize(_model([body], MeshSettings(max_cell_size=2.5e-3)))
    p = disc.patches
    names = _names(disc)
    assert names.count("side") == 4 and names.count("bottom") == names.count("top") == 1
    true_area = np.bincount(G, weights=triangle_areas(V, T))
    side = np.array([n == "side" for n in names])
    assert p.area[side].sum() == pytest.approx(true_area[0], rel=1e-9)
    # the four quarters by symmetry: equal areas, mean normals along +-x and +-y
    assert p.area[side] == pytest.approx(np.full(4, true_area[0] / 4), rel=0.05)
    axes = {(int(np.argmax(np.abs(n))), bool(n[np.argmax(np.abs(n))] > 0))
            for n in p.normal[side]}
    assert axes == {(0, False), (0, True), (1, False), (1, True)}
    assert np.all(np.max(np.abs(p.normal[side]), axis=1) > 0.99)
    assert p.normal[names.index("top")] == pytest.approx([0, 0, 1], abs=1e-9)
    assert p.area[names.index("top")] == pytest.approx(true_area[2], rel=1e-9)
    # the face normals are the triangles' (radial), not the staircase axes
    faces = p.faces(int(np.nonzero(side)[0][0]))
    radial = p.face_normal[faces]
    assert np.allclose(radial[:, 2], 0.0) and np.allclose(np.linalg.norm(radial, axis=1), 1.0)
    assert np.unique(np.round(radial, 6), axis=0).shape[0] > 4


def test_split_patches_tiles_each_patch_and_keeps_its_area():
    lo, hi = np.zeros(3), np.array([0.1, 0.05, 0.02])
    disc = discretize(_model([_box("b", lo, hi)], MeshSettings(uniform=[20, 10, 4])))
    p = split_patches(disc.patches, 0.025)
    names = [disc.group_names[g][1] for g in p.group]
    assert names.count("zmax") == 4 * 2 and names.count("xmin") == 2 * 1
    assert names.count("ymin") == 4 * 1
    assert p.area.sum() == pytest.approx(disc.patches.area.sum())
    assert np.all(p.hi - p.lo <= 0.025 + 1e-12)
    top = [i for i, n in enumerate(names) if n == "zmax"]
    assert p.area[top] == pytest.approx(np.full(8, 0.025 ** 2))
    assert np.all(p.region == 0) and np.all(p.body == 0)
    for i in range(len(p)):
        assert np.all(p.face_patch[p.faces(i)] == i)
    with pytest.raises(ValueError, match="max_size"):
        split_patches(disc.patches, 0.0)


def _board_with_parts(exchange=None, patch=None):
    from solver.model import Radiation
    bodies = [Body("board", BoxGeometry([0, 0, 0], [0.03, 0.03, 0.002]), "fr4"),
              Body("U1", BoxGeometry([0.006, 0.008, 0.002], [0.012, 0.013, 0.005]), "si",
                   power=0.3),
              Body("U2", BoxGeometry([0.018, 0.017, 0.002], [0.023, 0.024, 0.004]), "si",
                   power=0.2)]
    conditions = []
    for b in bodies:
        conditions += [Convection(b.name, 5.0), Radiation(b.name, exchange=exchange)]
    return Model(materials=[Material("fr4", 0.3, emissivity=0.9),
                            Material("si", 100.0, emissivity=0.9)],
                 bodies=bodies, conditions=conditions,
                 mesh=MeshSettings(max_cell_size=1e-3, max_patch_size=patch))


def test_refined_patches_stay_within_one_patch_and_keep_its_area():
    disc = discretize(_board_with_parts())
    p = disc.patches
    r = refine_patches(p, 0.015)
    assert len(r) > len(split_patches(p, 0.015))
    on = r.face_patch >= 0
    assert np.array_equal(on, p.face_patch >= 0)
    # every refined patch holds faces of one original patch (body face, orientation, region)
    parents = np.full(len(r), -1)
    parents[r.face_patch[on]] = p.face_patch[on]
    assert np.array_equal(parents[r.face_patch[on]], p.face_patch[on])
    assert np.bincount(parents, weights=r.area, minlength=len(p)) == pytest.approx(p.area,
                                                                                  rel=1e-12)
    assert r.area.sum() == pytest.approx(disc.faces.area[on].sum(), rel=1e-12)
    # the board's top is cut finest beside the components, not far from them
    top = (r.body == 0) & (r.normal[:, 2] > 0.5)
    diameter = np.linalg.norm(r.hi - r.lo, axis=1)
    assert diameter[top].min() < 0.5 * diameter[top].max()
    again = refine_patches(p, 0.015)
    assert np.array_equal(again.face_patch, r.face_patch)


def test_refinement_moves_the_radiation_effect_toward_the_fine_patches(monkeypatch):
    """The S2S effect on the parts (t_max change against radiation to the surroundings):
    the refined default (here from 15 mm tiles) is closer to 1 mm patches (the cells) than
    uniform 15 mm tiles."""
    import solver.surface_radiation
    from solver.api import solve

    monkeypatch.setattr(solver.surface_radiation, "DEFAULT_PATCHES_ACROSS", 2)

    def parts(exchange, patch):
        s = solve(_board_with_parts(exchange, patch)).summary
        return np.array([s["bodies"][n]["t_max_C"] for n in ("U1", "U2")])

    base = parts(None, None)
    fine = parts("surfaces", 1e-3) - base
    uniform = parts("surfaces", 0.015) - base
    refined = parts("surfaces", None) - base
    assert np.all(fine > 0.0)
    assert np.abs(refined - fine).max() < 0.5 * np.abs(uniform - fine).max()
