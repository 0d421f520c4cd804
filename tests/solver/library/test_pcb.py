"""Stack-up and via-array conductivities against hand calculations."""

from __future__ import annotations

import math

import pytest

from solver.library import BUILTIN, Library
from solver.library.stackups import stackup_conductivity
from solver.physics.pcb import (
    layer_conductivity,
    stack_conductivity,
    via_array_conductivity,
    via_barrel_area,
    via_resistance,
)

K_CU, K_FR4 = 400.0, 0.3


def test_jesd51_7_like_board_by_hand():
    """library-sources.md 3.6: 1.6 mm, 2 x 70 um at 10 % + 2 x 35 um planes, k_FR4 0.3.
    By hand: outer layer k = 0.1*400 + 0.9*0.3 = 40.27; dielectric 1.6 - 0.21 = 1.39 mm.
    k_x = (2*70e-6*40.27 + 2*35e-6*400 + 1.39e-3*0.3) / 1.6e-3 = 21.29;
    k_z = 1.6e-3 / (2*70e-6/40.27 + 2*35e-6/400 + 1.39e-3/0.3) = 0.3451."""
    outer = layer_conductivity(0.10, K_CU, K_FR4)
    assert outer == pytest.approx(40.27)
    layers = [(70e-6, outer, outer), (0.4633e-3, K_FR4, K_FR4), (35e-6, K_CU, K_CU),
              (0.4634e-3, K_FR4, K_FR4), (35e-6, K_CU, K_CU), (0.4633e-3, K_FR4, K_FR4),
              (70e-6, outer, outer)]
    k_x, k_z = stack_conductivity(layers)
    assert k_x == pytest.approx(21.29, abs=0.01)
    assert k_z == pytest.approx(0.3451, abs=5e-4)


def test_1s0p_by_hand():
    outer = layer_conductivity(0.10, K_CU, K_FR4)
    k_x, _ = stack_conductivity([(70e-6, outer, outer), (1.53e-3, K_FR4, K_FR4)])
    assert k_x == pytest.approx((70e-6 * 40.27 + 1.53e-3 * 0.3) / 1.6e-3)
    assert k_x == pytest.approx(2.05, abs=0.01)


def test_library_boards_use_their_materials():
    lib = Library([BUILTIN])
    k_x, k_z = stackup_conductivity(lib.get("JESD51-7-2s2p"), lib)
    # Cu 401 and the orthotropic FR-4 (1.059 in plane, 0.343 through) of the library
    assert 21.0 < k_x < 23.0
    assert k_z == pytest.approx(1.6e-3 / (2 * 70e-6 / (40.1 + 0.9 * 0.343) + 70e-6 / 401
                                          + 1.39e-3 / 0.343), rel=1e-3)


def test_via_barrel_and_resistance():
    area = via_barrel_area(0.3e-3, 25e-6)
    assert area == pytest.approx(0.0216e-6, rel=2e-3)  # library-sources: 0.0216 mm^2
    assert via_resistance(1.6e-3, 0.3e-3, 25e-6, 385.0) == pytest.approx(192.4, rel=1e-3)
    assert via_resistance(1.6e-3, 0.3e-3, 25e-6, 385.0, filled=True) == pytest.approx(
        1.6e-3 / (385.0 * math.pi * 0.15e-3 ** 2))
    assert via_resistance(1.6e-3, 0.3e-3, 25e-6, 385.0, filled=True) == pytest.approx(58.8,
                                                                                       rel=2e-3)


@pytest.mark.parametrize("pitch", [0.8e-3, 1.0e-3, 1.2e-3])
def test_via_array_matches_one_resistance_per_via(pitch):
    """A unit cell pitch^2 of the region conducts 1/R_via plus the board beside the hole."""
    L, d, t, k_b = 1.6e-3, 0.3e-3, 25e-6, 0.35
    k = via_array_conductivity(d, t, pitch, 401.0, k_b)
    hole = math.pi * (d / 2) ** 2
    expected = 1 / via_resistance(L, d, t, 401.0) + k_b * (pitch ** 2 - hole) / L
    assert k * pitch ** 2 / L == pytest.approx(expected, rel=1e-12)
    # N vias in parallel: an N-via pad region is N unit cells
    assert 9 * k * pitch ** 2 / L == pytest.approx(9 * expected)


def test_via_fill_and_bad_pitch():
    plain = via_array_conductivity(0.3e-3, 25e-6, 1e-3, 401.0, 0.35)
    epoxy = via_array_conductivity(0.3e-3, 25e-6, 1e-3, 401.0, 0.35, k_fill=0.3)
    filled = via_array_conductivity(0.3e-3, 25e-6, 1e-3, 401.0, 0.35, filled_with_metal=True)
    assert plain < epoxy < filled
    with pytest.raises(ValueError):
        via_array_conductivity(1.2e-3, 25e-6, 1e-3, 401.0, 0.35)
