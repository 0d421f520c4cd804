"""Test helper: compact volume fractions as a full grid array."""

import numpy as np


def to_dense(grid, fractions) -> np.ndarray:
    """Full ``grid.shape`` array from compact ``(slices, fractions)``."""
    out = np.zeros(grid.shape)
    sl, fr = fractions
    out[sl] = fr
    return out
