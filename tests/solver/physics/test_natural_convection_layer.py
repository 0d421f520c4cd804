"""Which faces lie in another surface's thermal layer (hand-built patch boxes)."""

import numpy as np
import pytest

from solver.physics.natural_convection import natural_convection_plate
from solver.physics.natural_convection_layer import layer_hosts, thermal_layer_thickness

UP, SIDE = [0.0, 0.0, 1.0], [1.0, 0.0, 0.0]


def hosts(patches, thickness):
    """``patches``: (normal, lo, hi, body) rows, patch 0 the board's top."""
    normal = np.array([p[0] for p in patches])
    lo, hi = np.array([p[1] for p in patches]), np.array([p[2] for p in patches])
    area = np.array([np.prod(np.delete(h - low, np.argmax(np.abs(n))))
                     for n, low, h in zip(normal, lo, hi, strict=True)])
    n = len(patches)
    every = np.ones(n, dtype=np.bool_)
    return layer_hosts(normal, lo, hi, np.zeros(n, np.int64), np.array([p[3] for p in patches]),
                       area, np.full(n, thickness), every, every)


BOARD = (UP, [0.0, 0.0, 0.0016], [0.1, 0.1, 0.0016], 0)


def test_the_thickness_is_the_film_thickness_k_over_h():
    # 100 mm plate facing up, 10 K above air (Ra/L^3 = 1.1e9 /m^3 at Pr 0.71): L / Nu = k / h
    nu, length, _, _ = natural_convection_plate(1.1e9, 0.71, 0.1, 0.025, 1.0, True)
    assert thermal_layer_thickness(nu, length) == pytest.approx(length / nu)
    assert 1e-3 < thermal_layer_thickness(nu, length) < 1e-2  # millimetres, as for boards


def test_a_part_top_and_short_walls_on_a_board_lie_in_its_layer():
    top = (UP, [0.04, 0.04, 0.0034], [0.05, 0.045, 0.0034], 1)
    wall = (SIDE, [0.05, 0.04, 0.0016], [0.05, 0.045, 0.0034], 1)
    assert list(hosts([BOARD, top, wall], 0.005)) == [-1, 0, 0]


def test_tall_parts_overhangs_and_opposite_faces_keep_their_own_films():
    tall_top = (UP, [0.04, 0.04, 0.03], [0.05, 0.045, 0.03], 1)
    tall_wall = (SIDE, [0.05, 0.04, 0.0016], [0.05, 0.045, 0.03], 1)
    overhang = (UP, [0.09, 0.04, 0.0034], [0.12, 0.045, 0.0034], 2)
    below = ([0.0, 0.0, -1.0], [0.04, 0.04, 0.0], [0.05, 0.045, 0.0], 3)
    assert list(hosts([BOARD, tall_top, tall_wall, overhang, below], 0.005)) == [-1] * 5


def test_an_isolated_plate_and_faces_of_one_body_have_no_host():
    own = (UP, [0.04, 0.04, 0.0034], [0.05, 0.045, 0.0034], 0)
    assert list(hosts([BOARD], 0.005)) == [-1]
    assert list(hosts([BOARD, own], 0.005)) == [-1, -1]
