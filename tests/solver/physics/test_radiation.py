"""Grey-body radiation to surroundings: the secant and the tangent (Newton) films."""

import numpy as np
import pytest

from solver.physics.constants import KELVIN, STEFAN_BOLTZMANN
from solver.physics.radiation import radiation_coefficient, radiation_tangent

EPS = 0.85


def q_rad(t_c, t_sur_c):
    return EPS * STEFAN_BOLTZMANN * ((t_c + KELVIN) ** 4 - (t_sur_c + KELVIN) ** 4)


@pytest.mark.parametrize("ts", [-40.0, 20.0, 20.0 + 1e-9, 85.0, 600.0])
def test_tangent_film_is_the_first_order_expansion(ts):
    # h_t (T - t_ref) = q(Ts) + q'(Ts) (T - Ts) for every T, with q'(Ts) = 4 eps sigma Ts^3
    h, t_ref = radiation_tangent(EPS, ts, 20.0)
    t = np.array([-50.0, 0.0, ts, 300.0])
    dq = 4.0 * EPS * STEFAN_BOLTZMANN * (ts + KELVIN) ** 3
    assert h == pytest.approx(dq, rel=1e-12)
    assert h * (t - t_ref) == pytest.approx(q_rad(ts, 20.0) + dq * (t - ts), rel=1e-9, abs=1e-9)
    # Ts above Tsur: t_ref between them; below: the tangent lies under the secant, t_ref > Tsur
    assert (20.0 < t_ref) if ts < 20.0 else (20.0 <= t_ref <= ts)


def test_zero_emissivity_has_no_film():
    h, t_ref = radiation_tangent(np.array([0.0, 0.5]), np.array([80.0, 80.0]), 25.0)
    assert h[0] == 0.0 and t_ref[0] == 25.0 and h[1] > 0.0


def _iterate(film, steps):
    # a plate losing P = 500 W/m^2 by radiation only: find Ts with q(Ts) = P
    ts, out = 20.0, []
    for _ in range(steps):
        h, t_ref = film(ts)
        ts = t_ref + 500.0 / h
        out.append(ts)
    return np.array(out)


def test_tangent_picard_converges_quadratically_and_faster_than_secant():
    exact = (500.0 / (EPS * STEFAN_BOLTZMANN) + (20.0 + KELVIN) ** 4) ** 0.25 - KELVIN
    newton = np.abs(_iterate(lambda ts: radiation_tangent(EPS, ts, 20.0), 6) - exact)
    secant = np.abs(_iterate(lambda ts: (radiation_coefficient(EPS, ts, 20.0), 20.0), 6)
                    - exact)
    assert newton[4] < 1e-9 < secant[4]
    assert newton[2] < 0.2 * newton[1] ** 2  # error squared each step (q''/2q' < 0.2 /K)
