"""Fin-channel and enclosure correlations: limits, optimum spacing, and ``ht`` where it has the
same equation (Hollands' horizontal layer)."""

import numpy as np
import pytest
from scipy.optimize import minimize_scalar

from solver.physics import channel_convection as cc
from solver.physics import enclosure_convection as ec
from solver.physics.validity import CLAMPED, IN_RANGE

ht = pytest.importorskip("ht")


@pytest.mark.parametrize("one_side", [False, True])
def test_channel_limits(one_side):
    # Fully developed: Nu_S = x/24 symmetric, x/12 one side insulated (Incropera sec. 9.7);
    # isolated plate: 0.59 x^(1/4) from 0.59 Ra_L^(1/4) on the plate height.
    small = cc.nu_vertical_channel_bar_cohen_rohsenow(0.1, 1.0, one_side)[0]
    assert small == pytest.approx(0.1 / (12.0 if one_side else 24.0), rel=1e-3)
    large = cc.nu_vertical_channel_bar_cohen_rohsenow(1e5, 1.0, one_side)[0]
    assert large == pytest.approx(0.59 * 1e5**0.25, rel=0.01)
    assert cc.nu_vertical_channel_elenbaas(0.1, 1.0)[0] == pytest.approx(0.1 / 24.0, rel=1e-6)
    assert cc.nu_vertical_channel_elenbaas(1e5, 1.0)[0] == pytest.approx(
        35.0**0.75 / 24.0 * 1e5**0.25, rel=1e-3)


@pytest.mark.parametrize("x", [10.0 ** (k / 2) for k in range(-2, 11)])
def test_elenbaas_and_bar_cohen_rohsenow_agree(x):
    # Bar-Cohen & Rohsenow's composite is a fit of Elenbaas' isothermal data.
    el, f1 = cc.nu_vertical_channel_elenbaas(x, 1.0)
    bc, f2 = cc.nu_vertical_channel_bar_cohen_rohsenow(x, 1.0, False)
    assert (f1, f2) == (IN_RANGE, IN_RANGE)
    assert el == pytest.approx(bc, rel=0.06)


@pytest.mark.parametrize("length", [0.03, 0.1, 0.3])
def test_optimum_spacing_maximises_array_heat(length):
    # Heat from a base of fixed width with thin fins at pitch S: (W/S) 2 L h, h = Nu_S k / S.
    ra_l3 = 9.81 / 320.0 * 40.0 / (1.75e-5 * 2.5e-5)

    def minus_heat(s):
        nu, _ = cc.nu_vertical_channel_bar_cohen_rohsenow(ra_l3 * s**3, s / length, False)
        return -nu / s**2

    best = minimize_scalar(minus_heat, bounds=(1e-4, 0.05), method="bounded",
                           options={"xatol": 1e-9}).x
    assert cc.optimum_channel_spacing_bar_cohen_rohsenow(ra_l3, length) == pytest.approx(
        best, rel=0.01)


@pytest.mark.parametrize("ra", np.logspace(3, 8, 11))
def test_hollands_layer_matches_ht(ra):
    ours, flag = ec.nu_horizontal_cavity_hollands(ra, 0.71, True)
    assert flag == IN_RANGE
    # ht writes Hollands' 5830 as 5803: (5830/5803)^(1/3) differs by 0.15 %.
    assert ours == pytest.approx(ht.Nu_Nusselt_Rayleigh_Hollands(0.71, ra / 0.71), rel=2e-3)
    assert ec.nu_horizontal_cavity_hollands(ra, 0.71, False) == (1.0, IN_RANGE)


@pytest.mark.parametrize("ra", [3e5, 1e6, 1e7, 1e8])
def test_globe_dropkin_close_to_hollands(ra):
    gd, flag = ec.nu_horizontal_cavity_globe_dropkin(ra, 0.71)
    assert flag == IN_RANGE
    assert gd == pytest.approx(ec.nu_horizontal_cavity_hollands(ra, 0.71, True)[0], rel=0.13)


def test_vertical_cavity_dispatch_and_limits():
    assert ec.nu_vertical_cavity(500.0, 0.71, 5.0)[0] == 1.0  # conduction below Ra = 1e3
    nu, which, flag = ec.nu_vertical_cavity(1e5, 0.71, 5.0)
    assert (which, flag) == (ec.CATTON, IN_RANGE)
    assert nu == pytest.approx(0.22 * (0.71 / 0.91 * 1e5) ** 0.28 * 5.0**-0.25)
    assert ec.nu_vertical_cavity(1e5, 0.71, 1.5)[1] == ec.BERKOVSKY_POLEVIKOV_SHORT
    assert ec.nu_vertical_cavity(1e5, 0.71, 0.5)[2] == CLAMPED
    assert ec.nu_vertical_cavity(1e5, 0.71, 20.0)[1] == ec.MACGREGOR_EMERY_LAMINAR
    assert ec.nu_vertical_cavity(1e8, 0.71, 20.0)[1] == ec.MACGREGOR_EMERY_TURBULENT
    # The short and mid-aspect forms meet within the scatter at H/L = 2 (Catton 1978).
    short = ec.nu_vertical_cavity_berkovsky_polevikov(1e6, 0.71)[0]
    mid = ec.nu_vertical_cavity_catton(1e6, 0.71, 2.0)[0]
    assert short == pytest.approx(mid, rel=0.15)
    # MacGregor-Emery's two forms are switched where they cross (H/L = 20: Ra = 6.7e6).
    switch = ec.macgregor_emery_switch(0.71, 20.0)
    assert 1e6 < switch < 1e7
    lam = ec.nu_vertical_cavity_macgregor_emery(switch * (1 - 1e-9), 0.71, 20.0)[0]
    turb = ec.nu_vertical_cavity_macgregor_emery(switch * (1 + 1e-9), 0.71, 20.0)[0]
    assert lam == pytest.approx(turb, rel=1e-6)
    assert lam == pytest.approx(0.046 * switch ** (1 / 3), rel=1e-6)
