"""Forced-convection correlations, friction factors and loss coefficients against ``ht`` and
``fluids`` (CalebBell) where they use the same equation, against Incropera's Table 8.1, and by
integrating local flat-plate values into the average."""

import numpy as np
import pytest
from scipy.integrate import quad

from solver.physics import forced_convection as fc
from solver.physics.validity import CLAMPED, IN_RANGE

ht = pytest.importorskip("ht")
fluids = pytest.importorskip("fluids")


@pytest.mark.parametrize("pr", [0.02, 0.71, 7.0])
@pytest.mark.parametrize("re", np.logspace(2, 5.5, 8))
def test_laminar_plate_average_matches_ht_churchill_ozoe(re, pr):
    ours, flag = fc.nu_flat_plate_laminar_average(re, pr)
    assert flag == IN_RANGE
    assert ours == pytest.approx(ht.Nu_horizontal_plate_laminar_Churchill_Ozoe(re, pr), rel=1e-3)
    if pr > 0.6:  # Pohlhausen's 0.664 Re^1/2 Pr^1/3 (ht's Baehr), within 2 % (Incropera 7.46)
        assert ours == pytest.approx(ht.Nu_horizontal_plate_laminar_Baehr(re, pr), rel=0.02)


@pytest.mark.parametrize("re_l", [1e6, 3e6, 1e7, 1e8])
def test_mixed_plate_average_is_the_integral_of_the_local_values(re_l):
    pr, re_c = 0.71, fc.PLATE_TRANSITION_REYNOLDS
    # Nu_L = int_0^L h_x dx L/k = int_0^Re_L Nu_x(Re) / Re dRe; the 0.664 of eq. 7.39's A is
    # Pohlhausen's laminar average, so integrate Pohlhausen's 0.332 up to the transition.
    lam = quad(lambda r: 0.332 * np.sqrt(r) * pr ** (1 / 3) / r, 0.0, re_c)[0]
    turb = quad(lambda r: fc.nu_flat_plate_turbulent_local(r, pr)[0] / r, re_c, re_l)[0]
    ours, flag = fc.nu_flat_plate_average(re_l, pr, re_c)
    assert flag == IN_RANGE
    assert ours == pytest.approx(lam + turb, rel=2e-3)


def test_tripped_plate_against_ht_kreith():
    # Fully turbulent from the leading edge: 0.037 Re^0.8 Pr^1/3 against Kreith's 0.036.
    for re in (1e6, 1e7):
        ours, _ = fc.nu_flat_plate_average(re, 0.71, 0.0)
        assert ours == pytest.approx(ht.Nu_horizontal_plate_turbulent_Kreith(re, 0.71), rel=0.03)


@pytest.mark.parametrize("pr", [0.7, 5.0])
@pytest.mark.parametrize("re", np.logspace(np.log10(3000), np.log10(5e6), 9))
def test_gnielinski_matches_ht_and_petukhov_matches_colebrook(re, pr):
    f, flag = fc.friction_factor_petukhov(re)
    assert flag == IN_RANGE
    nu, _ = fc.nu_turbulent_duct_gnielinski(re, pr)
    assert nu == pytest.approx(ht.turbulent_Gnielinski(re, pr, f), rel=1e-12)
    # Petukhov's explicit smooth-pipe law against Colebrook's implicit one (smooth).
    colebrook = fluids.friction_factor(re, eD=0.0, Method="Colebrook")
    assert f == pytest.approx(colebrook, rel=0.02 if re >= 1e4 else 0.05)


# Incropera 7th ed. Table 8.1 (Shah & London): b/a -> Nu_H, Nu_T, f Re_Dh.
TABLE_8_1 = {1.0: (3.61, 2.98, 57), 1.43: (3.73, 3.08, 59), 2.0: (4.12, 3.39, 62),
             3.0: (4.79, 3.96, 69), 4.0: (5.33, 4.44, 73), 8.0: (6.49, 5.60, 82),
             np.inf: (8.23, 7.54, 96)}


@pytest.mark.parametrize("b_over_a", sorted(TABLE_8_1))
def test_rectangular_duct_fits_against_incropera_table_8_1(b_over_a):
    aspect = 1.0 / b_over_a
    nu_h_t, nu_t_t, fre_t = TABLE_8_1[b_over_a]
    nu_h, _ = fc.nu_rectangular_duct_laminar_developed(aspect, True)
    nu_t, _ = fc.nu_rectangular_duct_laminar_developed(aspect, False)
    fre, _ = fc.friction_factor_laminar_rectangular(aspect)
    assert nu_h == pytest.approx(ht.Nu_laminar_rectangular_Shan_London(aspect), rel=1e-12)
    assert nu_h == pytest.approx(nu_h_t, rel=0.012)
    assert nu_t == pytest.approx(nu_t_t, rel=0.012)
    assert fre == pytest.approx(fre_t, rel=0.012)


def _stephan_parallel_plates(x_star, pr):
    """Mean Nu on D_h = 2 b of parallel plates at uniform temperature, flow developing
    hydrodynamically and thermally: ``7.55 + 0.024 x*^-1.14 / (1 + 0.0358 Pr^0.17
    x*^-0.64)``, x* = L / (D_h Re Pr) (Stephan, Chem.-Ing.-Tech. 31, 1959; in Shah & London
    1978, ch. VI, and Kakac, Shah & Aung 1987, ch. 3), 0.1 <= Pr <= 1000."""
    return 7.55 + 0.024 * x_star**-1.14 / (1 + 0.0358 * pr**0.17 * x_star**-0.64)


@pytest.mark.parametrize("pr", [0.7, 5.0])
@pytest.mark.parametrize("x_star", np.logspace(-4, 0, 9))
def test_combined_entry_of_parallel_plates_against_stephan(x_star, pr):
    # Two fits of the same numerical solutions (VDI's composite, Stephan's formula): within
    # 11 % (the largest gap, +10.4 %, is at x* ~ 3e-3, Pr = 0.7); both tend to 7.54.
    ours, flag = fc.nu_channel_combined_entry(1.0 / x_star, pr, 7.541)
    assert flag == IN_RANGE
    assert ours == pytest.approx(_stephan_parallel_plates(x_star, pr), rel=0.11)
    assert ours >= _stephan_parallel_plates(x_star, pr) - 0.01


@pytest.mark.parametrize("re_dh", [100.0, 1000.0, 2300.0])
def test_combined_entry_limits_are_the_developed_duct_and_the_flat_plate(re_dh):
    pr, aspect = 0.7, 0.2
    nu_t, _ = fc.nu_rectangular_duct_laminar_developed(aspect, False)
    assert fc.nu_channel_combined_entry(1e-9, pr, nu_t)[0] == pytest.approx(nu_t, rel=1e-9)
    # a very short channel (D_h / L = 1e6): its walls' boundary layers, Pohlhausen's flat
    # plate (ht's Baehr, 0.664 Re_L^1/2 Pr^1/3) at Re_L = Re_Dh L / D_h, as Nu_L D_h / L
    dh_over_l = 1e6
    nu, _ = fc.nu_channel_combined_entry(re_dh * pr * dh_over_l, pr, nu_t)
    plate = ht.Nu_horizontal_plate_laminar_Baehr(re_dh / dh_over_l, pr) * dh_over_l
    assert nu == pytest.approx(plate, rel=2e-3)


def test_duct_blend_is_continuous_and_a_long_laminar_channel_is_developed():
    pr, aspect, l_dh = 0.71, 0.25, 30.0
    for re in (fc.DUCT_LAMINAR_REYNOLDS, fc.DUCT_TURBULENT_REYNOLDS):
        below = fc.nu_rectangular_duct(re * (1 - 1e-9), pr, aspect, l_dh)[0]
        above = fc.nu_rectangular_duct(re * (1 + 1e-9), pr, aspect, l_dh)[0]
        assert below == pytest.approx(above, rel=1e-6)
        f_below = fc.friction_factor_duct(re * (1 - 1e-9), aspect)[0]
        f_above = fc.friction_factor_duct(re * (1 + 1e-9), aspect)[0]
        assert f_below == pytest.approx(f_above, rel=1e-6)
    # Long laminar channel: the developed value of its aspect ratio.
    nu_long, _ = fc.nu_rectangular_duct(100.0, pr, aspect, 1e4)
    assert nu_long == pytest.approx(fc.nu_rectangular_duct_laminar_developed(aspect, False)[0],
                                    rel=0.02)
    assert fc.friction_factor_duct(500.0, aspect)[0] == pytest.approx(
        fc.friction_factor_laminar_rectangular(aspect)[0] / 500.0)


@pytest.mark.parametrize("sigma", [0.0, 0.3, 0.6, 0.9])
def test_loss_coefficients(sigma):
    k_e, _ = fc.loss_coefficient_sudden_expansion(sigma)
    # fluids' Borda-Carnot expansion, with diameters for the area ratio.
    assert k_e == pytest.approx(fluids.fittings.diffuser_sharp(np.sqrt(sigma), 1.0), abs=1e-12)
    k_c, _ = fc.loss_coefficient_sudden_contraction(sigma)
    assert k_c == pytest.approx(0.42 * (1 - sigma))
    assert fc.loss_coefficient_sudden_expansion(1.5)[1] == CLAMPED


def test_channel_pressure_drop_against_fluids():
    # 2 m/s in a 5 mm x 40 mm channel 0.1 m long, laminar: dp = (f L/Dh + Kc + Ke) rho u^2/2.
    rho, mu, u, a, b, length = 1.16, 1.85e-5, 2.0, 0.005, 0.04, 0.1
    dh = 4 * a * b / (2 * (a + b))
    re = rho * u * dh / mu
    f, _ = fc.friction_factor_duct(re, a / b)
    dp = fc.channel_pressure_drop(u, rho, f, length / dh, 0.42, 1.0)
    expected = fluids.dP_from_K(K=f * length / dh + 0.42 + 1.0, rho=rho, V=u)
    assert dp == pytest.approx(expected, rel=1e-12)
