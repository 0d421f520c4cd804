"""Air flowing past heated surfaces: the film coefficient of a surface parallel to the flow
and the stream's energy balance marched along the flow (the air heats up, so downstream
surfaces see warmer air)."""

from __future__ import annotations

from numba import njit

from solver.physics.air import ATMOSPHERIC_PRESSURE, air_properties
from solver.physics.forced_convection import (
    PLATE_TRANSITION_REYNOLDS,
    nu_flat_plate_average,
    nu_rectangular_duct,
)

PLATE = 0  # the face's h came from the flat-plate boundary layer
DUCT = 1  # ... from fully developed duct flow

DEVELOPED = 1e12  # L / D_h of a thermally fully developed channel


@njit(cache=True)
def h_parallel_flow_face(x0, x1, dh, mass_flux, aspect, t_air_c):
    """Film coefficient (W/(m^2 K)) of a face spanning running lengths ``[x0, x1]`` (m from
    its body's leading edge) in a channel of hydraulic diameter ``dh`` with mass flux
    ``mass_flux`` (kg/(m^2 s)), air properties at ``t_air_c``; returns ``(h, which, flag)``.

    The larger of the two asymptotes of developing channel flow (Shah & London 1978, ch. I):
    the flat-plate boundary layer averaged over the face, ``k (Nu_L(x1) - Nu_L(x0)) /
    (x1 - x0)`` with the mixed laminar-turbulent plate average (Incropera eqs. 7.38-7.39,
    Re_c = 5e5; the plate's mean h is then exact whatever the cells), and the fully developed
    duct value on ``dh`` (Shah & London's rectangular-duct Nu_T, Gnielinski when turbulent:
    :func:`~solver.physics.forced_convection.nu_rectangular_duct`). ``which`` is
    :data:`PLATE` or :data:`DUCT`; ``flag`` that a correlation was used outside its range."""
    _, _, mu, k, _, _, pr, _, flag_t = air_properties(t_air_c, ATMOSPHERIC_PRESSURE)
    nu1, flag1 = nu_flat_plate_average(mass_flux * x1 / mu, pr, PLATE_TRANSITION_REYNOLDS)
    nu0 = 0.0
    flag0 = False
    if x0 > 0.0:
        nu0, flag0 = nu_flat_plate_average(mass_flux * x0 / mu, pr, PLATE_TRANSITION_REYNOLDS)
    h_plate = k * (nu1 - nu0) / (x1 - x0)
    nu_d, flag_d = nu_rectangular_duct(mass_flux * dh / mu, pr, aspect, DEVELOPED)
    h_duct = nu_d * k / dh
    if h_plate >= h_duct:
        return h_plate, PLATE, flag_t or flag0 or flag1
    return h_duct, DUCT, flag_t or flag_d


@njit(cache=True)
def march_stream(starts, area, t_surface, x0, x1, dh, mass_flux, aspect, t_inlet,
                 capacity_rate, h, t_air, which, clamped):
    """March the stream's energy balance over slices along the flow; faces are sorted by
    slice, slice ``k`` holding faces ``starts[k]:starts[k+1]``. Each slice's air enters at
    ``t_up`` and picks up ``Q = sum h A (Ts - T_mid)`` from its faces at surface temperatures
    ``t_surface``, ``T_mid = t_up + Q / (2 C)`` the slice's mean bulk temperature (``C = m_dot
    cp``, ``capacity_rate`` W/K): solved exactly per slice, ``Q = (sum h A Ts - t_up sum h A)
    / (1 + sum h A / (2 C))`` (a first-law balance of the control volume, e.g. Incropera
    eq. 8.34 summed over a slice). Writes every face's ``h`` (at the slice's inlet
    temperature), its air temperature ``t_air`` = ``T_mid`` and ``which`` correlation set it
    (with ``clamped``); returns the outlet temperature."""
    t_up = t_inlet
    for s in range(starts.size - 1):
        ha = 0.0
        hat = 0.0
        for i in range(starts[s], starts[s + 1]):
            h[i], which[i], clamped[i] = h_parallel_flow_face(x0[i], x1[i], dh[i],
                                                              mass_flux[i], aspect[i], t_up)
            ha += h[i] * area[i]
            hat += h[i] * area[i] * t_surface[i]
        q = (hat - ha * t_up) / (1.0 + ha / (2.0 * capacity_rate))
        t_mid = t_up + q / (2.0 * capacity_rate)
        for i in range(starts[s], starts[s + 1]):
            t_air[i] = t_mid
        t_up += q / capacity_rate
    return t_up
