"""Colour maps for temperature overlays: values -> RGB in 0..1 (no FreeCAD, no Qt)."""

from __future__ import annotations

import numpy as np

NAN_COLOUR = (0.6, 0.6, 0.6)
# control points (position 0..1, r, g, b) of each map
MAPS = {
    "Rainbow": [(0.0, 0.0, 0.0, 1.0), (0.25, 0.0, 1.0, 1.0), (0.5, 0.0, 1.0, 0.0),
                (0.75, 1.0, 1.0, 0.0), (1.0, 1.0, 0.0, 0.0)],
    "Inferno": [(0.0, 0.0, 0.0, 0.016), (0.25, 0.341, 0.063, 0.431), (0.5, 0.735, 0.216, 0.329),
                (0.75, 0.976, 0.557, 0.035), (1.0, 0.988, 1.0, 0.643)],
    "Coolwarm": [(0.0, 0.230, 0.299, 0.754), (0.5, 0.865, 0.865, 0.865),
                 (1.0, 0.706, 0.016, 0.150)],
    "Grey": [(0.0, 0.1, 0.1, 0.1), (1.0, 0.95, 0.95, 0.95)],
}


def to_rgb(values, vmin: float, vmax: float, name: str = "Rainbow") -> np.ndarray:
    """(n, 3) colours of ``values`` on the map ``name`` over [vmin, vmax]; NaN -> grey."""
    v = np.asarray(values, dtype=float)
    span = vmax - vmin if vmax > vmin else 1.0
    s = np.clip((v - vmin) / span, 0.0, 1.0)
    stops = np.array(MAPS[name])
    rgb = np.stack([np.interp(s, stops[:, 0], stops[:, c]) for c in (1, 2, 3)], axis=-1)
    rgb[~np.isfinite(v)] = NAN_COLOUR
    return rgb


def ticks(vmin: float, vmax: float, count: int = 5) -> list[float]:
    """``count`` evenly spaced legend values from vmin to vmax."""
    return list(np.linspace(vmin, vmax, count))
