"""Validity ranges of correlations: the clamping policy shared by every correlation module.

Policy: a correlation evaluated outside its documented range is evaluated at the nearest valid
value of the offending parameter (the parameter is clamped), and a flag says so, so the results
can report per patch that a correlation was extrapolated by clamping. Flags combine with
``max``: ``IN_RANGE`` (0) < ``CLAMPED`` (1).
"""

from __future__ import annotations

from numba import njit

IN_RANGE = 0
CLAMPED = 1


@njit(cache=True)
def clamp_to_range(value, low, high):
    """``(value clamped to [low, high], IN_RANGE or CLAMPED)``."""
    if value < low:
        return low, CLAMPED
    if value > high:
        return high, CLAMPED
    return value, IN_RANGE
