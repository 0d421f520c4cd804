"""Resistance of a thermal interface (grease, pad, solder) between a package and the face it
is mounted on, over the package footprint."""

from __future__ import annotations


def layer_resistance(thickness: float, conductivity: float, area: float,
                     contact: float = 0.0) -> float:
    """K/W of a uniform layer ``thickness`` m of bulk ``conductivity`` W/(m K) over ``area``
    m^2, plus an area-specific ``contact`` resistance (m^2 K/W, the layer's two contacts):
    ``R = (t/k + R''_c) / A`` (1-D conduction through a plane wall in series with contact
    resistances, Incropera et al., *Fundamentals of Heat and Mass Transfer*, 7th ed., eqs.
    3.6 and 3.20; valid while the layer is thin against the footprint, so it spreads no heat
    sideways)."""
    return (thickness / conductivity + contact) / area


def area_specific_resistance(r_area: float, area: float, contact: float = 0.0) -> float:
    """K/W of an interface of area-specific resistance ``r_area`` (m^2 K/W, e.g. a TIM's
    R'' = t/k at its bond line) plus ``contact`` (m^2 K/W) over ``area`` m^2: ``(R'' + R''_c)
    / A`` (Incropera et al., 7th ed., sec. 3.1.4; uniform over the footprint)."""
    return (r_area + contact) / area
