"""Recognising tessellated spheres and cylinders (meshes and STEP solids), and rejecting
boxes, coarse prisms and polyhedra, tubes and cut cylinders."""

import numpy as np
import pytest
from scipy.spatial.transform import Rotation

from solver.geometry.round_shapes import fit_round_body
from solver.geometry.trimesh import box_mesh, cylinder_mesh, sphere_mesh

TURN = Rotation.from_euler("xyz", [20, -35, 50], degrees=True).as_matrix()


def test_an_icosphere_is_a_sphere_of_its_diameter_and_a_coarse_one_is_not():
    v, t = sphere_mesh(0.03, center=(0.1, -0.2, 0.05), subdivisions=3)
    fit = fit_round_body(v, t)
    assert fit.kind == "sphere" and fit.diameter == pytest.approx(0.06, rel=1e-9)
    assert fit.center == pytest.approx([0.1, -0.2, 0.05], abs=1e-9)
    assert fit_round_body(*sphere_mesh(0.03, subdivisions=1)) is None  # 93 % of the area


@pytest.mark.parametrize(("length", "n"), [(0.2, 64), (0.02, 64), (0.005, 64), (0.4, 12)])
def test_cylinders_of_any_proportion_and_pose_are_found(length, n):
    r = 0.01
    v, t, _ = cylinder_mesh(r, length, n)
    v = v @ TURN.T + [0.3, 0.1, -0.2]
    fit = fit_round_body(v, t)
    assert fit.kind == "cylinder"
    assert (fit.diameter, fit.length) == (pytest.approx(2 * r, rel=1e-9),
                                          pytest.approx(length, rel=1e-9))
    assert abs(fit.axis @ TURN[:, 2]) == pytest.approx(1.0, abs=1e-9)


def test_boxes_coarse_prisms_tubes_and_cut_cylinders_are_not_round():
    v, t, _ = box_mesh([0, 0, 0], [0.02, 0.02, 0.02])
    assert fit_round_body(v, t) is None  # corners on a sphere, faces far from it
    assert fit_round_body(*box_mesh([0, 0, 0], [0.02, 0.02, 0.2])[:2]) is None
    assert fit_round_body(*cylinder_mesh(0.01, 0.1, 8)[:2]) is None  # 97 % of the side
    v, t, _ = cylinder_mesh(0.01, 0.1, 64)
    flat = v[:, 0] > 0.008  # a flat milled along the side
    v[flat, 0] = 0.008
    assert fit_round_body(v, t) is None
    vo, to, _ = cylinder_mesh(0.01, 0.1, 64)
    vi, ti, _ = cylinder_mesh(0.005, 0.1, 64)
    tube_v = np.concatenate([vo, vi])
    tube_t = np.concatenate([to, ti[:, ::-1] + len(vo)])  # two shells, the inner one inward
    assert fit_round_body(tube_v, tube_t) is None


def test_step_cylinder_is_found_and_the_box_is_not(step_file):
    from solver.geometry.step import tessellate_step

    box, cyl = tessellate_step(step_file)
    assert fit_round_body(box[1], box[2]) is None
    fit = fit_round_body(cyl[1], cyl[2])
    assert fit.kind == "cylinder"
    assert (fit.diameter, fit.length) == (pytest.approx(8e-3, rel=1e-3),
                                          pytest.approx(15e-3, rel=1e-3))
    assert abs(fit.axis[2]) == pytest.approx(1.0, abs=1e-6)
