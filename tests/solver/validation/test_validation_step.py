"""A STEP body end to end: tessellated with gmsh, voxelized, cooled through its true area.
The pin is solid 2 of the ``step_file`` fixture (tests/solver/conftest.py)."""

import math

import pytest

from solver.api import solve
from solver.model import ModelError, model_from_dict

pytest.importorskip("gmsh")

RADIUS, LENGTH = 4e-3, 15e-3  # m (the file is in millimetres)
POWER, H = 0.5, 50.0


def _pin_model(faces=None):
    return {
        "materials": [{"name": "copper", "conductivity": 400.0}],
        "bodies": [{"name": "pin", "material": "copper", "power": POWER,
                    "geometry": {"kind": "step", "path": "parts.step", "solid": 2}}],
        "conditions": [{"kind": "convection", "body": "pin", "h": H}
                       | ({"faces": faces} if faces else {})],
        "mesh": {"max_cell_size": 0.5e-3},
    }


def test_step_pin_is_cooled_through_its_true_area(step_file):
    """Biot = h r / k = 5e-4, so the pin is isothermal: T - T_amb = P / (h A) with A the
    cylinder's true area 2 pi r L + 2 pi r^2, not the staircase's (about 25 % more)."""
    result = solve(model_from_dict(_pin_model()), base_dir=step_file.parent)
    s = result.summary
    area = 2 * math.pi * RADIUS * LENGTH + 2 * math.pi * RADIUS**2
    assert s["conditions"][0]["area_m2"] == pytest.approx(area, rel=5e-3)
    rise = POWER / (H * area)
    assert s["bodies"]["pin"]["t_mean_C"] - 25.0 == pytest.approx(rise, rel=1e-2)
    assert s["bodies"]["pin"]["volume_m3"] == pytest.approx(math.pi * RADIUS**2 * LENGTH,
                                                           rel=1e-2)
    assert s["energy_balance_error"] <= 1e-6


def test_step_faces_are_named_per_solid(step_file):
    """The pin's three faces are Face1..Face3 (numbered within the solid, as FreeCAD does);
    a face the solid does not have is reported with its path once the file is read."""
    result = solve(model_from_dict(_pin_model(["Face1", "Face2", "Face3"])),
                   base_dir=step_file.parent)
    area = 2 * math.pi * RADIUS * LENGTH + 2 * math.pi * RADIUS**2
    assert result.summary["conditions"][0]["area_m2"] == pytest.approx(area, rel=5e-3)
    with pytest.raises(ModelError) as err:
        solve(model_from_dict(_pin_model(["Face9"])), base_dir=step_file.parent)
    assert str(err.value) == ("conditions[0].faces[0]: body 'pin' has no face 'Face9' "
                              "(faces: Face1, Face2, Face3)")
