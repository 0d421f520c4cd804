"""Fixtures shared by the solver tests."""

import pytest


@pytest.fixture
def step_file(tmp_path):
    """``parts.step`` in millimetres: solid 1 a box 10 x 20 x 5 at the origin, solid 2 a
    cylinder r = 4, h = 15 along z at x = 30."""
    gmsh = pytest.importorskip("gmsh")
    path = tmp_path / "parts.step"
    gmsh.initialize(readConfigFiles=False)
    try:
        gmsh.option.setNumber("General.Terminal", 0)
        gmsh.model.add("parts")
        gmsh.model.occ.addBox(0, 0, 0, 10, 20, 5)
        gmsh.model.occ.addCylinder(30, 0, 0, 0, 0, 15, 4)
        gmsh.model.occ.synchronize()
        gmsh.write(str(path))
    finally:
        gmsh.finalize()
    return path
