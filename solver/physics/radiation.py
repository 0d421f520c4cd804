"""Grey-body radiation."""

from __future__ import annotations

import numpy as np

from solver.physics.constants import KELVIN, STEFAN_BOLTZMANN


def radiation_coefficient(emissivity, t_surface_c, t_surroundings_c):
    """Linearised grey-body radiation coefficient ``h_r = eps sigma (Ts^2 + Tsur^2)(Ts + Tsur)``
    with temperatures in kelvin, so that ``q = h_r (Ts - Tsur)`` equals
    ``eps sigma (Ts^4 - Tsur^4)`` exactly (Incropera et al., *Fundamentals of Heat and Mass
    Transfer*, 7th ed., eq. 1.9)."""
    ts = np.asarray(t_surface_c, dtype=np.float64) + KELVIN
    tsur = np.asarray(t_surroundings_c, dtype=np.float64) + KELVIN
    return emissivity * STEFAN_BOLTZMANN * (ts * ts + tsur * tsur) * (ts + tsur)


def radiation_tangent(emissivity, t_surface_c, t_surroundings_c):
    """Newton (tangent) linearisation of grey-body radiation at ``t_surface_c``: the film
    ``(h_t, t_ref)`` with ``h_t = 4 eps sigma Ts^3`` and ``t_ref = Ts - q / h_t``, so that
    ``h_t (T - t_ref) = q(Ts) + dq/dT (T - Ts)`` for ``q = eps sigma (T^4 - Tsur^4)``
    (Incropera et al., eq. 1.7, differentiated). A Picard loop on it converges quadratically,
    against linearly for the secant :func:`radiation_coefficient`; ``q`` is convex, so after
    the first step the iterates approach the root from one side. ``t_ref`` lies between
    ``Tsur`` and ``Ts`` when ``Ts >= Tsur``, above ``Tsur`` otherwise. Faces with zero
    emissivity get ``h_t = 0``, ``t_ref = Tsur``."""
    eps = np.asarray(emissivity, dtype=np.float64)
    ts = np.asarray(t_surface_c, dtype=np.float64) + KELVIN
    tsur = np.asarray(t_surroundings_c, dtype=np.float64) + KELVIN
    h = 4.0 * eps * STEFAN_BOLTZMANN * ts**3
    # (Ts^4 - Tsur^4) / (4 Ts^3) without cancellation near Ts = Tsur
    lag = (ts - tsur) * (ts + tsur) * (ts * ts + tsur * tsur) / (4.0 * ts**3)
    t_ref = np.where(eps > 0.0, ts - lag, tsur) - KELVIN
    return np.where(eps > 0.0, h, 0.0), t_ref
