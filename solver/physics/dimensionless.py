"""Dimensionless groups of convection and the conversion of a Nusselt number to a film
coefficient (Incropera et al., *Fundamentals of Heat and Mass Transfer*, 7th ed.)."""

from __future__ import annotations

from numba import njit


@njit(cache=True)
def rayleigh_number(gravity, beta, delta_t, length, kinematic_viscosity, diffusivity):
    """``Ra_L = g beta |dT| L^3 / (nu alpha)`` (Incropera 7th ed., eq. 9.25); ``gravity`` is
    the magnitude of the component of g that drives the flow."""
    return gravity * beta * abs(delta_t) * length**3 / (kinematic_viscosity * diffusivity)


@njit(cache=True)
def reynolds_number(velocity, length, kinematic_viscosity):
    """``Re_L = u L / nu`` (Incropera 7th ed., eq. 6.41)."""
    return abs(velocity) * length / kinematic_viscosity


@njit(cache=True)
def h_from_nusselt(nusselt, conductivity, length):
    """Film coefficient ``h = Nu k / L`` (W/(m^2 K)) from the Nusselt number on length ``L``
    (Incropera 7th ed., eq. 6.49)."""
    return nusselt * conductivity / length
