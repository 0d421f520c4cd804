"""Air flowing past heated surfaces: the film coefficient of a surface parallel to the flow
or across it, and the stream's energy balance marched along the flow (the air heats up, so
downstream surfaces see warmer air)."""

from __future__ import annotations

from numba import njit

from solver.physics.air import ATMOSPHERIC_PRESSURE, air_properties
from solver.physics.forced_convection import (
    PLATE_TRANSITION_REYNOLDS,
    nu_flat_plate_average,
    nu_rectangular_duct,
)

PLATE = 0  # the face's h came from the flat-plate boundary layer
DUCT = 1  # ... from developing (laminar) or fully developed (turbulent) duct flow
ACROSS = 2  # ... from the flow spreading over a face across it (flat plate from its centre)
WAKE = 3  # a back face in the wake: the front face's value, an estimate (no correlation)


@njit(cache=True)
def h_parallel_flow_face(x0, x1, dh, mass_flux, aspect, t_air_c):
    """Film coefficient (W/(m^2 K)) of a face spanning running lengths ``[x0, x1]`` (m from
    its body's leading edge) in a channel of hydraulic diameter ``dh`` with mass flux
    ``mass_flux`` (kg/(m^2 s)), air properties at ``t_air_c``; returns ``(h, which, flag)``.

    The larger of the flat-plate boundary layer and the channel flow, each averaged over the
    face as ``k (x1 Nu(x1) - x0 Nu(x0)) / ((x1 - x0) L_ref)`` from its mean Nusselt number
    over a length x (the mean h of the face's span, whatever the cells): the mixed
    laminar-turbulent plate average (Incropera eqs. 7.38-7.39, Re_c = 5e5) and the duct's
    :func:`~solver.physics.forced_convection.nu_rectangular_duct` on ``dh`` (laminar:
    simultaneously developing from the leading edge, VDI Heat Atlas G2; turbulent:
    Gnielinski). The plate governs where the channel is wide for its boundary layers (a
    plate in a large duct), the channel where the walls' boundary layers interact. ``which``
    is :data:`PLATE` or :data:`DUCT`; ``flag`` that a correlation was used outside its
    range."""
    _, _, mu, k, _, _, pr, _, flag_t = air_properties(t_air_c, ATMOSPHERIC_PRESSURE)
    h_plate, flag_p = _h_plate_span(x0, x1, mass_flux, mu, k, pr)
    nu1, flag_d = nu_rectangular_duct(mass_flux * dh / mu, pr, aspect, x1 / dh)
    xnu0 = 0.0
    if x0 > 0.0:
        nu0, flag0 = nu_rectangular_duct(mass_flux * dh / mu, pr, aspect, x0 / dh)
        xnu0, flag_d = x0 * nu0, max(flag_d, flag0)
    h_duct = k * (x1 * nu1 - xnu0) / ((x1 - x0) * dh)
    if h_plate >= h_duct:
        return h_plate, PLATE, flag_t or flag_p
    return h_duct, DUCT, flag_t or flag_d


@njit(cache=True)
def h_across_flow_face(run, mass_flux, t_air_c):
    """Film coefficient (W/(m^2 K)) of a face across the flow (its normal along it: the front
    or back of a block in a duct), ``run`` (m) half its smaller extent across the flow, at the
    mass flux ``mass_flux`` of the air beside it; returns ``(h, ACROSS, flag)``.

    The air meeting a front face spreads from its centre to its edges: the face is taken as
    flat plates of length ``run`` from a stagnation line, the plate average of
    :func:`~solver.physics.forced_convection.nu_flat_plate_average` at the approach mass
    flux. This is the plate the solver uses elsewhere, with the stagnation flow's start and
    no empirical constant; against Sparrow & Geiger's measured disk facing a uniform flow
    (J. Heat Transfer 107, 1985: ``Nu_D = 1.05 Re_D^(1/2) Pr^0.36``, 5e3 <= Re_D <= 5e4) it
    is 10 % lower at Pr = 0.7 (run D/2). A back face in the wake is given the same value, an
    estimate: no rear-face correlation of a bluff body was found in a readable source, so
    :func:`march_stream` marks such faces :data:`WAKE` and the results flag them per patch.
    Valid Re_run <= 5e5 laminar, mixed beyond as the plate."""
    _, _, mu, k, _, _, pr, _, flag_t = air_properties(t_air_c, ATMOSPHERIC_PRESSURE)
    h, flag = _h_plate_span(0.0, run, mass_flux, mu, k, pr)
    return h, ACROSS, flag_t or flag


@njit(cache=True)
def _h_plate_span(x0, x1, mass_flux, mu, k, pr):
    """Mean h over ``[x0, x1]`` of the mixed plate boundary layer from its leading edge."""
    nu1, flag = nu_flat_plate_average(mass_flux * x1 / mu, pr, PLATE_TRANSITION_REYNOLDS)
    nu0 = 0.0
    if x0 > 0.0:
        nu0, flag0 = nu_flat_plate_average(mass_flux * x0 / mu, pr, PLATE_TRANSITION_REYNOLDS)
        flag = max(flag, flag0)
    return k * (nu1 - nu0) / (x1 - x0), flag


@njit(cache=True)
def march_stream(starts, area, t_surface, x0, x1, dh, mass_flux, aspect, across, wake,
                 t_inlet, capacity_rate, h, t_air, which, clamped):
    """March the stream's energy balance over slices along the flow; faces are sorted by
    slice, slice ``k`` holding faces ``starts[k]:starts[k+1]``. Each slice's air enters at
    ``t_up`` and picks up ``Q = sum h A (Ts - T_mid)`` from its faces at surface temperatures
    ``t_surface``, ``T_mid = t_up + Q / (2 C)`` the slice's mean bulk temperature (``C = m_dot
    cp``, ``capacity_rate`` W/K): solved exactly per slice, ``Q = (sum h A Ts - t_up sum h A)
    / (1 + sum h A / (2 C))`` (a first-law balance of the control volume, e.g. Incropera
    eq. 8.34 summed over a slice). Writes every face's ``h`` (at the slice's inlet
    temperature; :func:`h_across_flow_face` with run ``x1`` where ``across``, else
    :func:`h_parallel_flow_face`), its air temperature ``t_air`` = ``T_mid`` and ``which``
    correlation set it (with ``clamped``; :data:`WAKE` for the faces across the flow that
    ``wake`` marks as facing downstream); returns the outlet temperature."""
    t_up = t_inlet
    for s in range(starts.size - 1):
        ha = 0.0
        hat = 0.0
        for i in range(starts[s], starts[s + 1]):
            if across[i]:
                h[i], which[i], clamped[i] = h_across_flow_face(x1[i], mass_flux[i], t_up)
                if wake[i]:
                    which[i] = WAKE
            else:
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
