"""The thermal layer of a surface in natural convection, and which faces lie inside it.

A small face standing on (or just above) a larger surface of the same air sits in the air the
larger surface has already heated: it has no leading edge of its own in fresh ambient air, and
the usual electronics-cooling approximation treats a populated board and its parts as one
plate on the board's length. Here a face inside a larger surface's thermal layer takes that
surface's correlation and length (at its own temperature).
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def thermal_layer_thickness(nusselt, length):
    """Conduction thickness (m) of a surface's thermal layer: ``delta_t = L / Nu_L = k / h``,
    the still-air layer that conducts the surface's mean heat flux across its whole
    surface-to-air difference (Incropera 7th ed. ch. 6: ``Nu`` is the dimensionless
    temperature gradient at the surface, so ``Nu ~ L / delta_t``). Any correlation and
    orientation (``Nu_L``, ``L`` as the correlation defines them). It is the thinnest
    estimate of the layer: the laminar velocity layer on a vertical plate,
    ``delta = 6 x (Gr_x/4)^(-1/4)``, is four times thicker at the plate's end in air than
    ``L / Nu_L`` with the laminar mean ``Nu_L = 0.67 (Gr_L/4)^(1/4)`` at Pr 0.71 (both from
    the similarity solution, Incropera sec. 9.4)."""
    return length / nusselt


@njit(cache=True)
def layer_hosts(normal, lo, hi, region, body, area, thickness, host, guest):
    """Per patch the index of the largest ``host`` patch in whose thermal layer it lies (-1:
    none). A ``guest`` patch of another body in the same air region lies in host ``j``'s
    layer (``thickness[j]``, :func:`thermal_layer_thickness`) when its footprint on ``j``'s
    plane is inside ``j``'s extent, ``j`` is larger, and either it faces the same way
    (normals within 8 deg) at a height ``0 <= d <= thickness[j]`` above ``j``'s plane (a
    part's top above its board), or it is normal to ``j`` (within 6 deg) and spans heights
    ``0 .. <= thickness[j]`` above it (a short part's side wall). Grid-aligned hosts only
    (the plane from the bounding box along the normal's dominant axis)."""
    n = normal.shape[0]
    out = np.full(n, -1)
    tol = 1e-9
    for i in range(n):
        if not guest[i]:
            continue
        best = 0.0
        for j in range(n):
            if not host[j] or j == i or body[j] == body[i] or region[j] != region[i]:
                continue
            if area[j] <= area[i] or area[j] <= best:
                continue
            a = np.argmax(np.abs(normal[j]))
            if abs(normal[j, a]) < 0.99:
                continue
            side = 1.0 if normal[j, a] > 0.0 else -1.0
            plane = hi[j, a] if side > 0.0 else lo[j, a]
            cos = normal[i] @ normal[j]
            near = side * (lo[i, a] - plane)
            far = side * (hi[i, a] - plane)
            if far < near:
                near, far = far, near
            inside = (cos > 0.99 or abs(cos) < 0.1) and near >= -tol and \
                far <= thickness[j] + tol
            for b in range(3):
                if b != a and (lo[i, b] < lo[j, b] - tol or hi[i, b] > hi[j, b] + tol):
                    inside = False
            if inside:
                best = area[j]
                out[i] = j
    return out
