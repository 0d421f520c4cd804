"""Small physics formulas, each named for what it computes and citing its source.

Temperatures in degC unless a name says kelvin; conductances in W/K, coefficients in W/(m^2 K).
"""

from __future__ import annotations

import numpy as np
from numba import njit

STEFAN_BOLTZMANN = 5.670374419e-8  # W/(m^2 K^4), CODATA 2018
KELVIN = 273.15


@njit(cache=True)
def harmonic_face_conductance(area, d_p, k_p, d_n, k_n):
    """Conductance between two cell centres through a shared face: two half cells in series,
    ``A / (d_P/k_P + d_N/k_N)`` (Patankar, *Numerical Heat Transfer and Fluid Flow*, 1980,
    eq. 4.9: the harmonic mean that keeps the flux continuous across a material jump)."""
    return area / (d_p / k_p + d_n / k_n)


def radiation_coefficient(emissivity, t_surface_c, t_surroundings_c):
    """Linearised grey-body radiation coefficient ``h_r = eps sigma (Ts^2 + Tsur^2)(Ts + Tsur)``
    with temperatures in kelvin, so that ``q = h_r (Ts - Tsur)`` equals
    ``eps sigma (Ts^4 - Tsur^4)`` exactly (Incropera et al., *Fundamentals of Heat and Mass
    Transfer*, 7th ed., eq. 1.9)."""
    ts = np.asarray(t_surface_c, dtype=np.float64) + KELVIN
    tsur = np.asarray(t_surroundings_c, dtype=np.float64) + KELVIN
    return emissivity * STEFAN_BOLTZMANN * (ts * ts + tsur * tsur) * (ts + tsur)


def surface_temperature(t_cell, k_over_d, h_film, t_film, flux):
    """Temperature of a boundary face from the balance of the half cell behind it (``k/d``),
    the film in front (``h_film`` to ``t_film``) and an imposed flux ``flux`` (W/m^2, into the
    body): ``Ts = (k/d T_P + h T_f + q'') / (k/d + h)`` (a surface energy balance,
    Incropera et al., 7th ed., sec. 1.3.1)."""
    return (k_over_d * t_cell + h_film * t_film + flux) / (k_over_d + h_film)


def boundary_film_conductance(area, k_over_d, h_film):
    """Conductance from a cell centre through its half cell and a surface film in series,
    ``A / (d/k + 1/h)`` — exact for the half cell, with no penalty constant (Patankar 1980,
    sec. 4.2-7); ``h_film = inf`` (a fixed temperature) gives ``A k/d``."""
    with np.errstate(divide="ignore"):
        return area / (1.0 / k_over_d + 1.0 / h_film)


def flux_share_to_cell(k_over_d, h_film):
    """Share of an imposed surface flux that enters the cell rather than leaving through the
    film: ``(k/d) / (k/d + h)``, from :func:`surface_temperature`."""
    return k_over_d / (k_over_d + h_film)
