"""Natural convection across enclosed air layers (cavities): average Nusselt numbers on the
gap width L between the hot and cold walls, ``q'' = Nu k (T1 - T2) / L``, with ``Ra_L`` on the
gap width and the temperature difference between the walls.

"Incropera" is Incropera et al., *Fundamentals of Heat and Mass Transfer*, 7th ed., 2011. Each
returns ``(Nu, flag)`` with the clamping policy of :mod:`solver.physics.validity`; Nu is never
below 1, pure conduction across the layer.
"""

from __future__ import annotations

import math

from numba import njit

from solver.physics.validity import CLAMPED, IN_RANGE, clamp_to_range

# Vertical-cavity correlation identifiers reported by nu_vertical_cavity.
BERKOVSKY_POLEVIKOV_SHORT = 0
CATTON = 1
MACGREGOR_EMERY_LAMINAR = 2
MACGREGOR_EMERY_TURBULENT = 3
CAVITY_CORRELATION_NAMES = (
    "vertical cavity, Berkovsky-Polevikov (1 < H/L < 2)",
    "vertical cavity, Catton / Berkovsky-Polevikov (2 < H/L < 10)",
    "vertical cavity, MacGregor-Emery laminar",
    "vertical cavity, MacGregor-Emery turbulent",
)


@njit(cache=True)
def nu_vertical_cavity_catton(ra, pr, height_over_gap):
    """Vertical cavity with isothermal side walls, 2 <= H/L <= 10: ``Nu_L = 0.22 (Pr/(0.2+Pr)
    Ra_L)^0.28 (H/L)^(-1/4)`` (Catton 1978, after Berkovsky & Polevikov; Incropera eq. 9.50).
    Valid Pr <= 1e5, 1e3 <= Ra_L <= 1e10."""
    ra, flag_r = clamp_to_range(ra, 1e3, 1e10)
    a, flag_a = clamp_to_range(height_over_gap, 2.0, 10.0)
    nu = 0.22 * (pr / (0.2 + pr) * ra) ** 0.28 * a**-0.25
    return max(1.0, nu), max(flag_r, flag_a)


@njit(cache=True)
def nu_vertical_cavity_berkovsky_polevikov(ra, pr):
    """Vertical cavity, 1 <= H/L <= 2: ``Nu_L = 0.18 (Pr/(0.2+Pr) Ra_L)^0.29`` (Berkovsky &
    Polevikov 1977, via Catton 1978; Incropera eq. 9.51). Valid 1e-3 <= Pr <= 1e5,
    Ra_L Pr/(0.2+Pr) >= 1e3 (upper end taken as 1e10)."""
    x, flag = clamp_to_range(pr / (0.2 + pr) * ra, 1e3, 1e10)
    return max(1.0, 0.18 * x**0.29), flag


@njit(cache=True)
def nu_vertical_cavity_macgregor_emery(ra, pr, height_over_gap):
    """Tall vertical cavity (MacGregor & Emery, J. Heat Transfer 91, 1969; Incropera eqs. 9.52,
    9.53): ``Nu_L = 0.42 Ra_L^(1/4) Pr^0.012 (H/L)^-0.3`` for 10 <= H/L <= 40,
    1e4 <= Ra_L <= 1e7, and ``Nu_L = 0.046 Ra_L^(1/3)`` for 1 <= H/L <= 40, 1e6 <= Ra_L <= 1e9
    The two forms are switched where they cross, kept inside their common range 1e6-1e7 (a
    jump remains only where they do not cross there, e.g. H/L near 10). The published Pr ranges
    (1-2e4, 1-20) start just above air's 0.7; Incropera applies them to air, and so does this
    function, without a flag for Pr."""
    a, flag_a = clamp_to_range(height_over_gap, 10.0, 40.0)
    ra, flag_r = clamp_to_range(ra, 1e4, 1e9)
    if ra <= macgregor_emery_switch(pr, a):
        nu = 0.42 * ra**0.25 * pr**0.012 * a**-0.3
    else:
        nu = 0.046 * ra ** (1.0 / 3.0)
    return max(1.0, nu), max(flag_a, flag_r)


@njit(cache=True)
def macgregor_emery_switch(pr, height_over_gap):
    """Rayleigh number where MacGregor-Emery's laminar form gives way to the turbulent one:
    their crossing ``(0.42/0.046 Pr^0.012 (H/L)^-0.3)^12``, kept within 1e6-1e7."""
    crossing = (0.42 / 0.046 * pr**0.012 * height_over_gap**-0.3) ** 12
    return clamp_to_range(crossing, 1e6, 1e7)[0]


@njit(cache=True)
def nu_vertical_cavity(ra, pr, height_over_gap):
    """Vertical cavity of any aspect ratio: ``(Nu, correlation, flag)``. Berkovsky-Polevikov
    below H/L = 2 (H/L < 1 clamped to 1), Catton for 2-10, MacGregor-Emery above 10 (laminar
    form below :func:`macgregor_emery_switch`, turbulent above). Below Ra_L = 1e3 the layer
    conducts (Nu = 1, in range: Incropera sec. 9.8)."""
    if ra < 1e3:
        return 1.0, CATTON if height_over_gap >= 2.0 else BERKOVSKY_POLEVIKOV_SHORT, IN_RANGE
    if height_over_gap < 2.0:
        nu, flag = nu_vertical_cavity_berkovsky_polevikov(ra, pr)
        short_flag = CLAMPED if height_over_gap < 1.0 else IN_RANGE
        return nu, BERKOVSKY_POLEVIKOV_SHORT, max(flag, short_flag)
    if height_over_gap <= 10.0:
        nu, flag = nu_vertical_cavity_catton(ra, pr, height_over_gap)
        return nu, CATTON, flag
    nu, flag = nu_vertical_cavity_macgregor_emery(ra, pr, height_over_gap)
    laminar = ra <= macgregor_emery_switch(pr, min(height_over_gap, 40.0))
    return nu, MACGREGOR_EMERY_LAMINAR if laminar else MACGREGOR_EMERY_TURBULENT, flag


@njit(cache=True)
def nu_horizontal_cavity_globe_dropkin(ra, pr):
    """Horizontal layer heated from below: ``Nu_L = 0.069 Ra_L^(1/3) Pr^0.074`` (Globe &
    Dropkin, J. Heat Transfer 81, 1959; Incropera eq. 9.49). Valid 3e5 <= Ra_L <= 7e9."""
    ra, flag = clamp_to_range(ra, 3e5, 7e9)
    return max(1.0, 0.069 * ra ** (1.0 / 3.0) * pr**0.074), flag


@njit(cache=True)
def nu_horizontal_cavity_hollands(ra, pr, heated_from_below):
    """Horizontal layer between wide plates: ``Nu = 1 + [1 - 1708/Ra]* [k1 + 2 (Ra^(1/3)/k2)^(1
    - ln(Ra^(1/3)/k2))]* + [(Ra/5830)^(1/3) - 1]*`` with ``k1 = 1.44/(1 + 0.018/Pr +
    0.00136/Pr^2)``, ``k2 = 75 exp(1.5 Pr^-1/2)``, ``[x]* = max(x, 0)`` (Hollands, Int. J. Heat
    Mass Transfer 27, 1984, multi-Prandtl form of Hollands et al., J. Heat Transfer 98, 1976).
    Heated from above the layer is stable, Nu = 1. Valid Ra_L <= 1e8 (the data), clamped."""
    if not heated_from_below:
        return 1.0, IN_RANGE
    ra, flag = clamp_to_range(ra, 0.0, 1e8)
    if ra <= 1708.0:
        return 1.0, flag
    k1 = 1.44 / (1.0 + 0.018 / pr + 0.00136 / (pr * pr))
    k2 = 75.0 * math.exp(1.5 / math.sqrt(pr))
    r = ra ** (1.0 / 3.0) / k2
    onset = max(0.0, k1 + 2.0 * r ** (1.0 - math.log(r)))
    return 1.0 + (1.0 - 1708.0 / ra) * onset + max(0.0, (ra / 5830.0) ** (1.0 / 3.0) - 1.0), flag


def h_conducting_layer_wall(k, gap):
    """Film (W/(m^2 K)) of each wall of an air layer ``gap`` wide that conducts, to the
    layer's middle: ``h = 2 k / gap``, so the two walls in series give ``k / gap``. That is
    ``Nu_L = 1``, the floor of every cavity correlation above: below the onset of convection
    (``Ra_L < 1708`` heated from below, Hollands; ``Ra_L < 1e3`` in vertical cavities) the
    layer conducts (Incropera sec. 9.8). Arrays or scalars."""
    return 2.0 * k / gap
