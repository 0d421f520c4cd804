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
