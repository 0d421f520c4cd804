"""Conduction between cells."""

from __future__ import annotations

from numba import njit


@njit(cache=True)
def harmonic_face_conductance(area, d_p, k_p, d_n, k_n):
    """Conductance between two cell centres through a shared face: two half cells in series,
    ``A / (d_P/k_P + d_N/k_N)`` (Patankar, *Numerical Heat Transfer and Fluid Flow*, 1980,
    eq. 4.9: the harmonic mean that keeps the flux continuous across a material jump)."""
    return area / (d_p / k_p + d_n / k_n)


@njit(cache=True)
def contact_face_conductance(area, d_p, k_p, r_contact, d_n, k_n):
    """Conductance between two cell centres through a shared face that carries a contact
    resistance ``r_contact`` (m^2 K/W): ``A / (d_P/k_P + R'' + d_N/k_N)``, the two half cells
    and the interface in series (thermal contact resistance, Incropera et al., *Fundamentals of
    Heat and Mass Transfer*, 7th ed., sec. 3.1.4; a thin layer of thickness ``t`` and
    conductivity ``k`` is ``R'' = t/k``, valid while the layer is thin against the cells, so
    its lateral conduction is negligible)."""
    return area / (d_p / k_p + r_contact + d_n / k_n)
