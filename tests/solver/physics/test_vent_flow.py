"""Stack-effect flow through an inlet and an outlet, against hand calculations."""

import pytest

from solver.physics.vent_flow import effective_vent_area, stack_mass_flow, ventilation_heat


def test_effective_area_of_two_openings_in_series():
    # two equal openings of 10 cm2: A / sqrt(2); 20 and 10 cm2: (1/4e-6 + 1/1e-6)^-1/2
    assert effective_vent_area(1e-3, 1e-3) == pytest.approx(7.0710678e-4, rel=1e-7)
    assert effective_vent_area(2e-3, 1e-3) == pytest.approx(8.9442719e-4, rel=1e-7)
    assert effective_vent_area(0.0, 1e-3) == 0.0


def test_stack_mass_flow_by_hand():
    # 1.2 kg/m3 * 0.6 * 7.0711e-4 m2 * sqrt(2 * 9.81 * 0.1 * 20 / 313.15) = 1.8022e-4 kg/s
    m = stack_mass_flow(1e-3, 1e-3, 0.1, 0.6, 40.0, 20.0, 1.2, 9.81)
    assert m == pytest.approx(1.8022e-4, rel=1e-4)
    # no stack flow when the inside is not warmer, nor without height
    assert stack_mass_flow(1e-3, 1e-3, 0.1, 0.6, 20.0, 20.0, 1.2, 9.81) == 0.0
    assert stack_mass_flow(1e-3, 1e-3, 0.1, 0.6, 10.0, 20.0, 1.2, 9.81) == 0.0
    assert stack_mass_flow(1e-3, 1e-3, 0.0, 0.6, 40.0, 20.0, 1.2, 9.81) == 0.0


def test_flow_scales_with_the_root_of_height_and_heat_with_the_flow():
    m1 = stack_mass_flow(1e-3, 1e-3, 0.1, 0.6, 40.0, 20.0, 1.2, 9.81)
    m4 = stack_mass_flow(1e-3, 1e-3, 0.4, 0.6, 40.0, 20.0, 1.2, 9.81)
    assert m4 == pytest.approx(2.0 * m1, rel=1e-12)
    # 1.8022e-4 kg/s * 1007 J/(kg K) * 20 K = 3.6297 W
    assert ventilation_heat(1.8022e-4, 1007.0, 40.0, 20.0) == pytest.approx(3.6296, rel=1e-4)
