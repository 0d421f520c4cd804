"""Air properties from the cited fits against Incropera et al., 7th ed., Table A.4 (typed in)."""

import pytest

from solver.physics.air import air_properties, film_temperature
from solver.physics.constants import KELVIN
from solver.physics.validity import CLAMPED, IN_RANGE

# T (K): rho (kg/m^3), cp (kJ/(kg K)), mu (1e-7 N s/m^2), nu (1e-6 m^2/s), k (1e-3 W/(m K)),
# alpha (1e-6 m^2/s), Pr -- Incropera 7th ed., Table A.4, air at 1 atm.
TABLE_A4 = {
    250.0: (1.3947, 1.006, 159.6, 11.44, 22.3, 15.9, 0.720),
    300.0: (1.1614, 1.007, 184.6, 15.89, 26.3, 22.5, 0.707),
    350.0: (0.9950, 1.009, 208.2, 20.92, 30.0, 29.9, 0.700),
    400.0: (0.8711, 1.014, 230.1, 26.41, 33.8, 38.3, 0.690),
    450.0: (0.7740, 1.021, 250.7, 32.39, 37.3, 47.2, 0.686),
    500.0: (0.6964, 1.030, 270.1, 38.79, 40.7, 56.7, 0.684),
}


@pytest.mark.parametrize("t_k", sorted(TABLE_A4))
def test_air_against_incropera_table_a4(t_k):
    rho_t, cp_t, mu_t, nu_t, k_t, alpha_t, pr_t = TABLE_A4[t_k]
    rho, cp, mu, k, nu, alpha, pr, beta, flag = air_properties(t_k - KELVIN, 101325.0)
    assert flag == IN_RANGE
    # The table's densities sit 1.2-1.4 % below the ideal gas at 101325 Pa (its own p/(rho T)
    # is 290.8 J/(kg K), not 287.05), which carries into nu and alpha.
    assert rho == pytest.approx(101325.0 / (287.05 * t_k), rel=1e-12)
    assert rho == pytest.approx(rho_t, rel=0.015)
    assert cp == pytest.approx(cp_t * 1e3, rel=0.01)
    assert mu == pytest.approx(mu_t * 1e-7, rel=0.011)
    assert k == pytest.approx(k_t * 1e-3, rel=0.013)
    assert pr == pytest.approx(pr_t, rel=0.01)
    assert nu == pytest.approx(nu_t * 1e-6, rel=0.025)
    assert alpha == pytest.approx(alpha_t * 1e-6, rel=0.035)
    assert beta == pytest.approx(1.0 / t_k)


def test_density_scales_with_pressure_and_range_is_flagged():
    rho_low = air_properties(26.85, 0.5 * 101325.0)[0]
    assert rho_low == pytest.approx(0.5 * air_properties(26.85, 101325.0)[0])
    assert air_properties(900.0, 101325.0)[-1] == CLAMPED
    assert air_properties(900.0, 101325.0)[3] == pytest.approx(
        air_properties(800.0 - KELVIN, 101325.0)[3])
    assert film_temperature(80.0, 20.0) == 50.0
