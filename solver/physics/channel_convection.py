"""Natural convection in vertical parallel-plate channels (fin arrays): average Nusselt numbers
on the spacing S, ``Nu_S = h S / k``, with ``Ra_S`` on the spacing, and the optimum spacing.

"Incropera" is Incropera et al., *Fundamentals of Heat and Mass Transfer*, 7th ed., 2011. Each
returns ``(Nu_S, flag)`` with the clamping policy of :mod:`solver.physics.validity`, applied
to the channel Rayleigh number ``Ra_S S/L``.
"""

from __future__ import annotations

import math

from numba import njit

from solver.physics.validity import clamp_to_range


@njit(cache=True)
def nu_vertical_channel_elenbaas(ra_s, spacing_over_length):
    """Isothermal vertical parallel plates, open at both ends: ``Nu_S = (1/24) Ra_S (S/L)
    [1 - exp(-35 / (Ra_S S/L))]^(3/4)`` (Elenbaas, Physica 9, 1942; Incropera eq. 9.36). Tends
    to fully developed flow, ``Ra_S (S/L)/24``, for narrow channels and to an isolated plate,
    ``0.60 (Ra_S S/L)^(1/4)``, for wide ones. Valid 1e-1 <= Ra_S S/L <= 1e5."""
    x, flag = clamp_to_range(ra_s * spacing_over_length, 1e-1, 1e5)
    return x / 24.0 * (1.0 - math.exp(-35.0 / x)) ** 0.75, flag


@njit(cache=True)
def nu_vertical_channel_bar_cohen_rohsenow(ra_s, spacing_over_length, one_side_insulated):
    """Isothermal vertical parallel plates, both heated (or one insulated): ``Nu_S =
    [C1 / (Ra_S S/L)^2 + C2 / (Ra_S S/L)^(1/2)]^(-1/2)`` with C1 = 576, C2 = 2.87 (symmetric)
    or C1 = 144, C2 = 2.87 (one plate insulated) (Bar-Cohen & Rohsenow, J. Heat Transfer 106,
    1984; Incropera eq. 9.37 and Table 9.3). The composite spans fully developed to isolated
    plate; clamped to 1e-1 <= Ra_S S/L <= 1e5, the range of Elenbaas' data it fits."""
    x, flag = clamp_to_range(ra_s * spacing_over_length, 1e-1, 1e5)
    c1 = 144.0 if one_side_insulated else 576.0
    return (c1 / (x * x) + 2.87 / math.sqrt(x)) ** -0.5, flag


@njit(cache=True)
def optimum_channel_spacing_bar_cohen_rohsenow(ra_per_length3, length):
    """Spacing of symmetric isothermal plates of height ``length`` that maximises the heat from
    a fixed base width: ``S_opt = 2.714 (S^3 L / Ra_S)^(1/4) = 2.714 L Ra_L^(-1/4)``
    (Bar-Cohen & Rohsenow 1984; Incropera eq. 9.38); ``ra_per_length3 = g beta dT/(nu alpha)``."""
    return 2.714 * (length / ra_per_length3) ** 0.25
