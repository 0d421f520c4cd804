"""Which body fills which cell, and by how much.

Overlap rule: a later body in ``model.bodies`` wins over an earlier one. Walking the bodies
from last to first, each takes what is still free of its volume fraction in every cell
(``min(fraction, 1 - taken)``); a cell is owned by the body with the largest share (ties go to
the later body) and is outside the solid domain when less than half of it is taken. Sources
and heat capacities use the shares (exact volumes); conduction uses the owner's material.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numba import njit

from solver.grid import Grid

FILL_THRESHOLD = 0.5


@njit(cache=True)
def _positive_cells(share, i0, j0, k0, ny, nz):
    """Global flat indices and values of the positive entries of a block at (i0, j0, k0)."""
    count = 0
    for v in share.flat:
        if v > 0.0:
            count += 1
    flat = np.empty(count, dtype=np.int64)
    vals = np.empty(count)
    n = 0
    bi, bj, bk = share.shape
    for i in range(bi):
        for j in range(bj):
            for k in range(bk):
                if share[i, j, k] > 0.0:
                    flat[n] = ((i + i0) * ny + (j + j0)) * nz + (k + k0)
                    vals[n] = share[i, j, k]
                    n += 1
    return flat, vals


@dataclass(eq=False)
class BodyShare:
    """A body's share of the cells in the region ``index`` (a tuple of three slices)."""

    index: tuple[slice, slice, slice]
    share: np.ndarray

    def flat_cells(self, shape: tuple[int, int, int]) -> tuple[np.ndarray, np.ndarray]:
        """Flat indices of the cells with a positive share, and those shares."""
        return _positive_cells(self.share, *(s.start for s in self.index), shape[1], shape[2])


@dataclass(eq=False)
class BodyMap:
    """Owner body of every cell (-1 outside) and each body's shares."""

    owner: np.ndarray
    shares: list[BodyShare]

    @property
    def active(self) -> np.ndarray:
        return self.owner >= 0


def map_bodies(grid: Grid, fractions: list[tuple[tuple[slice, slice, slice], np.ndarray]],
               threshold: float = FILL_THRESHOLD) -> BodyMap:
    """Apply the overlap rule to each body's volume fractions (region, values), in model order."""
    shape = grid.shape
    taken = np.zeros(shape, dtype=np.float64)
    best = np.zeros(shape, dtype=np.float64)
    owner = np.full(shape, -1, dtype=np.int32)
    shares: list[BodyShare | None] = [None] * len(fractions)
    for b in range(len(fractions) - 1, -1, -1):
        index, frac = fractions[b]
        free = 1.0 - taken[index]
        share = np.minimum(frac, np.maximum(free, 0.0))
        taken[index] += share
        wins = share > best[index]
        best[index] = np.where(wins, share, best[index])
        owner[index] = np.where(wins, b, owner[index])
        shares[b] = BodyShare(index, share)
    owner[taken < threshold] = -1
    return BodyMap(owner, shares)
