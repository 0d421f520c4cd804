"""Connected pieces of the solid domain (face neighbours), labelled in numba."""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def label_pieces(active: np.ndarray) -> tuple[np.ndarray, int]:
    """Label every active cell with its piece number (1..count; 0 outside) by flood fill over
    the six face neighbours."""
    nx, ny, nz = active.shape
    labels = np.zeros((nx, ny, nz), dtype=np.int32)
    stack = np.empty(nx * ny * nz, dtype=np.int64)
    count = 0
    for start in range(nx * ny * nz):
        i0, rest = divmod(start, ny * nz)
        j0, k0 = divmod(rest, nz)
        if not active[i0, j0, k0] or labels[i0, j0, k0] != 0:
            continue
        count += 1
        labels[i0, j0, k0] = count
        top = 0
        stack[0] = start
        while top >= 0:
            cell = stack[top]
            top -= 1
            i, rest = divmod(cell, ny * nz)
            j, k = divmod(rest, nz)
            for di, dj, dk in ((-1, 0, 0), (1, 0, 0), (0, -1, 0), (0, 1, 0), (0, 0, -1), (0, 0, 1)):
                a, b, c = i + di, j + dj, k + dk
                if 0 <= a < nx and 0 <= b < ny and 0 <= c < nz and active[a, b, c] \
                        and labels[a, b, c] == 0:
                    labels[a, b, c] = count
                    top += 1
                    stack[top] = (a * ny + b) * nz + c
    return labels, count
