"""Conduction between cells."""

from __future__ import annotations

from numba import njit


@njit(cache=True)
def harmonic_face_conductance(area, d_p, k_p, d_n, k_n):
    """Conductance between two cell centres through a shared face: two half cells in series,
    ``A / (d_P/k_P + d_N/k_N)`` (Patankar, *Numerical Heat Transfer and Fluid Flow*, 1980,
    eq. 4.9: the harmonic mean that keeps the flux continuous across a material jump)."""
    return area / (d_p / k_p + d_n / k_n)
