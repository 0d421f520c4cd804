"""Effective conductivities of a printed circuit board and of thermal via arrays.

Rule of mixtures (e.g. excelcalcs "PCB Equivalent Conductivity"; Lemczyk, Culham and
Yovanovich, 1992): a layer with copper coverage phi conducts ``phi k_Cu + (1 - phi) k_d``;
layers conduct in parallel in the plane and in series through it. Limits: the board is
treated as homogeneous, so spreading resistance around small sources (often as large as the
bulk resistance, Culham/MHTL) and the placement of copper within a layer are ignored.
"""

from __future__ import annotations

import math
from collections.abc import Sequence


def layer_conductivity(coverage: float, k_metal: float, k_dielectric: float) -> float:
    """Conductivity of one layer of metal covering ``coverage`` (0..1) of its area, the rest
    dielectric: the area-weighted (parallel) mean, valid in the plane and, for copper running
    through the layer, through it."""
    return coverage * k_metal + (1.0 - coverage) * k_dielectric


def stack_conductivity(layers: Sequence[tuple[float, float, float]]) -> tuple[float, float]:
    """``(k_in_plane, k_through_plane)`` of a stack of ``(thickness, k_in_plane, k_through)``
    layers: ``sum k t / sum t`` in the plane (parallel) and ``sum t / sum (t / k)`` through it
    (series)."""
    total = sum(t for t, _, _ in layers)
    k_in = sum(t * k for t, k, _ in layers) / total
    k_through = total / sum(t / k for t, _, k in layers)
    return k_in, k_through


def via_barrel_area(drill: float, plating: float, filled: bool = False) -> float:
    """Copper cross-section of a plated via (m^2): the annulus between the drill radius and
    the radius less the plating, ``pi (r^2 - (r - t)^2)``; a copper-filled via is the full
    disc ``pi r^2``."""
    r = 0.5 * drill
    if filled:
        return math.pi * r * r
    inner = max(r - plating, 0.0)
    return math.pi * (r * r - inner * inner)


def via_resistance(length: float, drill: float, plating: float, k_metal: float,
                   filled: bool = False) -> float:
    """Thermal resistance of one via barrel along its axis, ``R = L / (k A)`` (K/W)."""
    return length / (k_metal * via_barrel_area(drill, plating, filled))


def via_array_conductivity(drill: float, plating: float, pitch: float, k_metal: float,
                           k_board: float, k_fill: float | None = None,
                           filled_with_metal: bool = False) -> float:
    """Through-plane conductivity of a board region with vias on a square ``pitch``: the
    area fractions of barrel copper, of the hole's fill (``k_fill``; None: air, taken as 0)
    and of the board conducting in parallel. Each unit cell ``pitch^2`` then conducts
    ``k A / L`` per via plus the board's share, so ``k p^2 / L = 1/R_via + k_board
    (p^2 - A_hole) / L``. Valid while the pitch is well above the drill and the region is
    wide compared to the pitch; the lateral spreading into the vias is ignored."""
    cell = pitch * pitch
    hole = math.pi * (0.5 * drill) ** 2
    if hole >= cell:
        raise ValueError("the drill must be smaller than the pitch")
    metal = via_barrel_area(drill, plating, filled_with_metal)
    fill = 0.0 if filled_with_metal or k_fill is None else (hole - metal) * k_fill
    return (metal * k_metal + fill + (cell - hole) * k_board) / cell
