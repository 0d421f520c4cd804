"""Forced convection: flat plates in parallel flow and flow in ducts (Nusselt numbers).

"Incropera" is Incropera et al., *Fundamentals of Heat and Mass Transfer*, 7th ed., 2011;
"Shah & London" is *Laminar Flow Forced Convection in Ducts*, Academic Press, 1978. Each
returns ``(Nu, flag)`` with the clamping policy of :mod:`solver.physics.validity` (Re, and
the Graetz variable or aspect ratio where they bound the fit); friction factors are Darcy's.
"""

from __future__ import annotations

import math

from numba import njit

from solver.physics.validity import clamp_to_range

PLATE_TRANSITION_REYNOLDS = 5e5  # Incropera eq. 7.38's critical Reynolds number
DUCT_LAMINAR_REYNOLDS = 2300.0
DUCT_TURBULENT_REYNOLDS = 1e4  # Gnielinski's blend region ends here (VDI Heat Atlas, G1)


@njit(cache=True)
def nu_flat_plate_laminar_local(re_x, pr):
    """Laminar boundary layer on an isothermal plate, all Pr: ``Nu_x = 0.3387 Re_x^(1/2)
    Pr^(1/3) / [1 + (0.0468/Pr)^(2/3)]^(1/4)`` (Churchill & Ozoe 1973; Incropera eq. 7.46);
    for Pr >= 0.6 it is within 2 % of Pohlhausen's 0.332 Re^(1/2) Pr^(1/3) (eq. 7.23). Valid
    Re_x <= 5e5 (Pe_x >= 100)."""
    re_x, flag = clamp_to_range(re_x, 0.0, PLATE_TRANSITION_REYNOLDS)
    return 0.3387 * math.sqrt(re_x) * pr ** (1.0 / 3.0) / (
        1.0 + (0.0468 / pr) ** (2.0 / 3.0)) ** 0.25, flag


@njit(cache=True)
def nu_flat_plate_laminar_average(re_l, pr):
    """Average over a laminar plate of length L: twice the local value at L (Churchill & Ozoe;
    Incropera eqs. 7.46-7.47), ``Nu_L = 0.6774 Re_L^(1/2) Pr^(1/3) / [1 + (0.0468/Pr)^(2/3)]
    ^(1/4)``. Valid Re_L <= 5e5."""
    nu, flag = nu_flat_plate_laminar_local(re_l, pr)
    return 2.0 * nu, flag


@njit(cache=True)
def nu_flat_plate_turbulent_local(re_x, pr):
    """Turbulent boundary layer: ``Nu_x = 0.0296 Re_x^(4/5) Pr^(1/3)`` (Incropera eq. 7.36).
    Valid 5e5 <= Re_x <= 1e8, 0.6 <= Pr <= 60."""
    re_x, flag = clamp_to_range(re_x, PLATE_TRANSITION_REYNOLDS, 1e8)
    return 0.0296 * re_x**0.8 * pr ** (1.0 / 3.0), flag


@njit(cache=True)
def nu_flat_plate_average(re_l, pr, re_transition):
    """Average over a plate of length L with a laminar then turbulent boundary layer (the
    mixed condition): ``Nu_L = (0.037 Re_L^(4/5) - A) Pr^(1/3)``, ``A = 0.037 Re_c^(4/5) -
    0.664 Re_c^(1/2)`` (Incropera eqs. 7.38-7.39; A = 871 for Re_c = 5e5; ``re_transition = 0``
    gives a plate tripped at its leading edge). Below ``re_transition`` the laminar average.
    Valid Re_L <= 1e8, 0.6 <= Pr <= 60."""
    if re_l <= re_transition:
        return nu_flat_plate_laminar_average(re_l, pr)
    re_l, flag = clamp_to_range(re_l, 0.0, 1e8)
    a = 0.037 * re_transition**0.8 - 0.664 * math.sqrt(re_transition)
    return (0.037 * re_l**0.8 - a) * pr ** (1.0 / 3.0), flag


@njit(cache=True)
def friction_factor_laminar_rectangular(aspect):
    """Fully developed laminar Darcy friction factor times Re in a rectangular duct of aspect
    ratio ``aspect`` = short/long side: ``f Re = 96 (1 - 1.3553 a + 1.9467 a^2 - 1.7012 a^3 +
    0.9564 a^4 - 0.2537 a^5)`` (Shah & London, ch. VII; 96 for parallel plates, 56.9 for a
    square; Incropera Table 8.1)."""
    a, flag = clamp_to_range(aspect, 0.0, 1.0)
    poly = 1.0 + a * (-1.3553 + a * (1.9467 + a * (-1.7012 + a * (0.9564 - 0.2537 * a))))
    return 96.0 * poly, flag


@njit(cache=True)
def friction_factor_petukhov(re):
    """Smooth-duct turbulent Darcy friction factor ``f = (0.790 ln Re - 1.64)^-2`` (Petukhov
    1970, the Filonenko form; Incropera eq. 8.21). Valid 3000 <= Re <= 5e6."""
    re, flag = clamp_to_range(re, 3000.0, 5e6)
    return (0.790 * math.log(re) - 1.64) ** -2, flag


@njit(cache=True)
def nu_rectangular_duct_laminar_developed(aspect, uniform_flux):
    """Fully developed laminar Nusselt number on the hydraulic diameter of a rectangular duct,
    ``aspect`` = short/long side (Shah & London, ch. VII fits): uniform wall temperature
    ``Nu_T = 7.541 (1 - 2.610 a + 4.970 a^2 - 5.119 a^3 + 2.702 a^4 - 0.548 a^5)``, uniform
    flux (H1) ``Nu_H = 8.235 (1 - 2.0421 a + 3.0853 a^2 - 2.4765 a^3 + 1.0578 a^4 - 0.1861 a^5)``
    (2.98 and 3.61 for a square, 7.54 and 8.23 for parallel plates: Incropera Table 8.1)."""
    a, flag = clamp_to_range(aspect, 0.0, 1.0)
    if uniform_flux:
        poly = 1.0 + a * (-2.0421 + a * (3.0853 + a * (-2.4765 + a * (1.0578 - 0.1861 * a))))
        return 8.235 * poly, flag
    poly = 1.0 + a * (-2.610 + a * (4.970 + a * (-5.119 + a * (2.702 - 0.548 * a))))
    return 7.541 * poly, flag


@njit(cache=True)
def nu_channel_combined_entry(graetz, pr, nu_developed):
    """Mean Nusselt number on the hydraulic diameter of laminar flow entering a channel with
    a uniform profile and developing hydrodynamically and thermally together, uniform wall
    temperature, over a length L from the entry, ``Gz = Re Pr D_h / L``: ``Nu_m = [Nu_1^3 +
    Nu_2^3 + Nu_3^3]^(1/3)`` with ``Nu_2 = 1.841 Gz^(1/3)`` (thermal entry, Leveque),
    ``Nu_3 = (2 / (1 + 22 Pr))^(1/6) Gz^(1/2)`` (the entry's boundary layers: at Pr = 0.7 the
    flat plate's 0.664 Re_L^(1/2) Pr^(1/3)) and ``Nu_1 = nu_developed``, 7.541 for parallel
    plates heated on both sides (Gnielinski, VDI Heat Atlas, 2nd ed., 2010, ch. G2 sec. 2.3,
    plane gap). Valid Re_Dh <= 2300, Pr >= 0.1. For a rectangular channel ThermoCraft passes
    Shah & London's Nu_T of its aspect ratio as ``nu_developed`` and keeps the plane gap's
    entry terms: an approximation, closest for flat channels (aspect <= 0.25, fin channels);
    the circular tube's Leveque coefficient is 1.615 (VDI G1), so for compact sections the
    entry terms may be up to ~14 % high."""
    gz, flag = clamp_to_range(graetz, 0.0, math.inf)
    nu2 = 1.841 * gz ** (1.0 / 3.0)
    nu3 = (2.0 / (1.0 + 22.0 * pr)) ** (1.0 / 6.0) * math.sqrt(gz)
    return (nu_developed**3 + nu2**3 + nu3**3) ** (1.0 / 3.0), flag


@njit(cache=True)
def nu_turbulent_duct_gnielinski(re, pr):
    """Turbulent duct flow, fully developed: ``Nu = (f/8)(Re - 1000) Pr / [1 + 12.7 (f/8)^(1/2)
    (Pr^(2/3) - 1)]`` with Petukhov's f (Gnielinski, Int. Chem. Eng. 16, 1976; Incropera
    eq. 8.62), on the hydraulic diameter. Valid 3000 <= Re <= 5e6, 0.5 <= Pr <= 2000."""
    re, flag = clamp_to_range(re, 3000.0, 5e6)
    f, _ = friction_factor_petukhov(re)
    return (f / 8.0) * (re - 1000.0) * pr / (
        1.0 + 12.7 * math.sqrt(f / 8.0) * (pr ** (2.0 / 3.0) - 1.0)), flag


@njit(cache=True)
def nu_rectangular_duct(re, pr, aspect, length_over_dh):
    """Mean Nusselt number on the hydraulic diameter over a channel of length L, uniform wall
    temperature, for any Re: ``(Nu, flag)``.

    Laminar (Re <= 2300): simultaneously developing flow from a uniform inlet,
    :func:`nu_channel_combined_entry` with Shah & London's developed ``Nu_T(a)``. Turbulent
    (Re >= 1e4), fully developed: Gnielinski. In between the linear blend ``(1 - g)
    Nu_lam(2300) + g Nu_turb(1e4)``, ``g = (Re - 2300)/7700`` (Gnielinski 1995, VDI Heat
    Atlas, 2nd ed., 2010, ch. G1 sec. 4.2)."""
    if re <= DUCT_LAMINAR_REYNOLDS:
        return _nu_rectangular_laminar(re, pr, aspect, length_over_dh)
    if re >= DUCT_TURBULENT_REYNOLDS:
        return nu_turbulent_duct_gnielinski(re, pr)
    nu_lam, flag_l = _nu_rectangular_laminar(DUCT_LAMINAR_REYNOLDS, pr, aspect, length_over_dh)
    nu_turb, flag_t = nu_turbulent_duct_gnielinski(DUCT_TURBULENT_REYNOLDS, pr)
    g = (re - DUCT_LAMINAR_REYNOLDS) / (DUCT_TURBULENT_REYNOLDS - DUCT_LAMINAR_REYNOLDS)
    return (1.0 - g) * nu_lam + g * nu_turb, max(flag_l, flag_t)


@njit(cache=True)
def _nu_rectangular_laminar(re, pr, aspect, length_over_dh):
    nu_fd, flag_a = nu_rectangular_duct_laminar_developed(aspect, False)
    nu, flag_x = nu_channel_combined_entry(re * pr / length_over_dh, pr, nu_fd)
    return nu, max(flag_a, flag_x)


@njit(cache=True)
def friction_factor_duct(re, aspect):
    """Darcy friction factor of a smooth rectangular duct for any Re: laminar ``(f Re)/Re``
    (Shah & London) to Re = 2300, Petukhov from 1e4, linear in Re between (the same blend as
    :func:`nu_rectangular_duct`)."""
    if re <= DUCT_LAMINAR_REYNOLDS:
        f_re, flag = friction_factor_laminar_rectangular(aspect)
        return f_re / max(re, 1e-12), flag
    if re >= DUCT_TURBULENT_REYNOLDS:
        return friction_factor_petukhov(re)
    f_re, flag = friction_factor_laminar_rectangular(aspect)
    f_turb, _ = friction_factor_petukhov(DUCT_TURBULENT_REYNOLDS)
    g = (re - DUCT_LAMINAR_REYNOLDS) / (DUCT_TURBULENT_REYNOLDS - DUCT_LAMINAR_REYNOLDS)
    return (1.0 - g) * f_re / DUCT_LAMINAR_REYNOLDS + g * f_turb, flag


@njit(cache=True)
def loss_coefficient_sudden_contraction(area_ratio):
    """Entry loss of a sudden contraction into channels of open-area ratio ``sigma`` = channel
    flow area / upstream area, on the channel velocity head: ``K_c = 0.42 (1 - sigma)``
    (White, *Fluid Mechanics*, 7th ed., sec. 6.9, for d/D <= 0.76; sigma = 0 is a sharp entry
    from a plenum, 0.42 against the 0.5 of Idelchik's sharp-edged inlet)."""
    sigma, flag = clamp_to_range(area_ratio, 0.0, 1.0)
    return 0.42 * (1.0 - sigma), flag


@njit(cache=True)
def loss_coefficient_sudden_expansion(area_ratio):
    """Exit loss of a sudden expansion from channels of open-area ratio ``sigma`` into a larger
    duct, on the channel velocity head: ``K_e = (1 - sigma)^2`` (Borda-Carnot; White, Fluid
    Mechanics, 7th ed., sec. 6.9); sigma = 0, discharge into a plenum, loses one velocity
    head."""
    sigma, flag = clamp_to_range(area_ratio, 0.0, 1.0)
    return (1.0 - sigma) ** 2, flag


@njit(cache=True)
def channel_pressure_drop(velocity, density, friction_factor, length_over_dh, k_entry, k_exit):
    """Pressure drop (Pa) of a channel at mean velocity ``velocity``: ``(f L/D_h + K_in +
    K_out) rho u^2 / 2`` (Darcy-Weisbach with minor losses; White, Fluid Mechanics, 7th ed.,
    sec. 6.9)."""
    return (friction_factor * length_over_dh + k_entry + k_exit) * 0.5 * density * velocity**2
