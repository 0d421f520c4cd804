"""STEP tessellation through gmsh/OCC."""

import math

import numpy as np
import pytest

from solver.errors import GeometryError
from solver.geometry.trimesh import check_mesh

gmsh = pytest.importorskip("gmsh")

from solver.geometry import step as step_mod  # noqa: E402
from solver.geometry.step import tessellate_step  # noqa: E402


@pytest.mark.parametrize("method", ["occ", "gmsh"])
def test_round_trip(step_file, method, monkeypatch):
    """OCC's tessellation, and gmsh's surface meshing used when OCC's is not watertight."""
    deflection = 2e-6 if method == "occ" else None  # gmsh: would refine flat faces too
    if method == "gmsh":
        def leaky(tris):
            raise GeometryError("mesh is not closed")
        monkeypatch.setattr(step_mod, "check_edges", leaky)
    parts = tessellate_step(step_file, linear_deflection=deflection, angular_deflection=0.1)
    assert len(parts) == 2
    (n1, V1, T1, F1), (n2, V2, T2, F2) = parts
    box = check_mesh(V1, T1, F1)
    assert box.volume == pytest.approx(10 * 20 * 5 * 1e-9, rel=1e-9)
    assert np.allclose(V1.min(0), 0) and np.allclose(V1.max(0), [0.01, 0.02, 0.005])
    assert sorted(box.group_areas) == [1, 2, 3, 4, 5, 6]
    assert sum(box.group_areas.values()) == pytest.approx(2 * (200 + 50 + 100) * 1e-6)
    cyl = check_mesh(V2, T2, F2)
    assert cyl.volume == pytest.approx(math.pi * 16 * 15 * 1e-9, rel=5e-3)
    assert sorted(cyl.group_areas) == [1, 2, 3]
    areas = sorted(cyl.group_areas.values())
    assert areas[0] == pytest.approx(math.pi * 16e-6, rel=5e-3)  # the two discs
    assert areas[2] == pytest.approx(2 * math.pi * 4 * 15e-6, rel=5e-3)
    assert n1 and n2
    if method == "occ":
        assert len(T1) == 12  # flat faces stay coarse
    assert not gmsh.isInitialized()


def test_missing_file(tmp_path):
    with pytest.raises(GeometryError, match="not found"):
        tessellate_step(tmp_path / "nope.step")


def test_not_a_step_file(tmp_path):
    bad = tmp_path / "bad.step"
    bad.write_text("hello")
    with pytest.raises(GeometryError):
        tessellate_step(bad)
