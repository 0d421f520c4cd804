"""Air flow through a region: a fan's curve, the region's flow resistance and where they meet.

"White" is F. M. White, *Fluid Mechanics*, 7th ed., 2011; "Idelchik" is I. E. Idelchik,
*Handbook of Hydraulic Resistance*, 3rd ed., 1994. Pressures are static pressures (Pa), flows
volume flows (m^3/s) at the inlet air's density.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import numpy as np
from scipy.optimize import brentq

from solver.physics.forced_convection import (
    channel_pressure_drop,
    friction_factor_duct,
    loss_coefficient_sudden_contraction,
    loss_coefficient_sudden_expansion,
)


def fan_free_delivery(curve_q: np.ndarray, curve_p: np.ndarray) -> float:
    """Flow of one fan at zero pressure: the table's last flow if it ends at zero pressure,
    else its last segment extended down to zero."""
    if curve_p[-1] <= 0.0:
        return float(curve_q[-1])
    slope = (curve_p[-1] - curve_p[-2]) / (curve_q[-1] - curve_q[-2])
    return float(curve_q[-1] - curve_p[-1] / slope)


def fan_pressure(curve_q: np.ndarray, curve_p: np.ndarray, flow: float, count: int = 1
                 ) -> float:
    """Static pressure (Pa) of ``count`` identical fans in parallel delivering ``flow`` in
    all: each gives ``flow / count`` at the pressure of its table (``[Q, dP]`` points,
    linear between them, the last segment extended to free delivery; the fan-law view of
    parallel fans, e.g. ASHRAE Handbook, HVAC Systems and Equipment, ch. 21)."""
    q = flow / count
    if q <= curve_q[-1]:
        return float(np.interp(q, curve_q, curve_p))
    q_free = fan_free_delivery(curve_q, curve_p)
    if q_free <= curve_q[-1]:
        return 0.0
    return float(max(curve_p[-1] * (q_free - q) / (q_free - curve_q[-1]), 0.0))


def fan_operating_point(curve_q: np.ndarray, curve_p: np.ndarray,
                        system_pressure: Callable[[float], float], count: int = 1
                        ) -> tuple[float, float]:
    """Flow (m^3/s) and pressure (Pa) where ``count`` fans in parallel meet a system whose
    pressure drop ``system_pressure(Q)`` rises from 0 at Q = 0: the one root of ``fan(Q) -
    system(Q)`` (falling: the fan curve does not rise, validation refuses stall dips) on
    ``[0, count * free delivery]``, by Brent's method."""
    q_max = count * fan_free_delivery(curve_q, curve_p)

    def excess(q: float) -> float:
        return fan_pressure(curve_q, curve_p, q, count) - system_pressure(q)

    if excess(q_max) >= 0.0:
        return q_max, fan_pressure(curve_q, curve_p, q_max, count)
    q = float(brentq(excess, 0.0, q_max, xtol=1e-12 * q_max, rtol=1e-10))
    return q, system_pressure(q)


def loss_coefficient_perforated_plate(open_fraction: float) -> float:
    """Loss of a thin sharp-edged perforated plate or grille of open-area fraction ``f`` on
    the approach velocity head: ``zeta = (1 + 0.707 (1 - f)^(1/2) - f)^2 / f^2`` (Idelchik,
    thin-walled orifices and perforated plates, l/d_h -> 0, Re >= 1e5; White eq. 6.83 gives the
    same form for an orifice). 0 for a fully open inlet (f = 1)."""
    f = open_fraction
    return (1.0 + 0.707 * np.sqrt(1.0 - f) - f) ** 2 / f**2


def duct_series_pressure_drop(flow: float, density: float, viscosity: float,
                              areas: np.ndarray, perimeters: np.ndarray,
                              lengths: np.ndarray, aspect: float, duct_area: float,
                              k_inlet: float = 0.0) -> float:
    """Pressure drop (Pa) of ``flow`` through slices in series (free ``areas`` m^2, wetted
    ``perimeters`` m, ``lengths`` m along the flow) inside a duct of cross-section
    ``duct_area``: Darcy friction in every slice on its hydraulic diameter ``4 A / P``
    (:func:`friction_factor_duct` at the channels' ``aspect``), a sudden contraction loss
    wherever the free area shrinks (from the duct into the first slice too) and a sudden
    expansion loss wherever it grows (into the duct after the last), each on the narrower
    side's velocity (White sec. 6.9), plus ``k_inlet`` on the duct velocity (a grille). Valid
    for incompressible flow (Mach < 0.3) and slices long enough for the losses not to
    interact."""
    u = flow / areas
    dh = 4.0 * areas / perimeters
    dp = 0.0
    for i in range(areas.size):
        re = density * u[i] * dh[i] / viscosity
        f, _ = friction_factor_duct(re, aspect)
        dp += channel_pressure_drop(u[i], density, f, lengths[i] / dh[i], 0.0, 0.0)
    chain = np.concatenate([[duct_area], areas, [duct_area]])
    for a, b in itertools.pairwise(chain):
        if b < a:
            k, _ = loss_coefficient_sudden_contraction(b / a)
            dp += k * 0.5 * density * (flow / b) ** 2
        elif b > a:
            k, _ = loss_coefficient_sudden_expansion(a / b)
            dp += k * 0.5 * density * (flow / a) ** 2
    return dp + k_inlet * 0.5 * density * (flow / duct_area) ** 2
