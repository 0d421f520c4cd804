"""The energy balance of a boundary face: half cell, surface film and imposed flux."""

from __future__ import annotations

import numpy as np


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
