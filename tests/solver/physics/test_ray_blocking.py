"""Blocking by the voxel grid: the two-level walk (empty blocks crossed whole) finds exactly
the segments that pass through a solid cell, on a non-uniform grid."""

import numpy as np

from solver.physics.ray_blocking import block_grid, segment_blocked_by_grid


def crosses_active(p, q, lines, active, samples=20000):
    """Reference: dense points along the open segment, looked up cell by cell."""
    t = (np.arange(samples) + 0.5) / samples
    pts = p + t[:, None] * (q - p)
    idx = []
    for a in range(3):
        i = np.searchsorted(lines[a], pts[:, a], side="right") - 1
        idx.append(i)
    idx = np.array(idx)
    inside = np.all((idx >= 0) & (idx < np.array(active.shape)[:, None]), axis=0)
    return bool(active[tuple(idx[:, inside])].any())


def test_block_walk_matches_dense_sampling_and_the_cell_walk():
    rng = np.random.default_rng(5)
    lines = [np.cumsum(np.r_[0.0, rng.uniform(0.5, 1.5, n)]) for n in (37, 29, 11)]
    active = np.zeros((37, 29, 11), dtype=bool)
    for _ in range(12):  # sparse boxes of solid
        lo = [rng.integers(0, s - 3) for s in active.shape]
        active[lo[0]:lo[0] + 3, lo[1]:lo[1] + 2, lo[2]:lo[2] + 3] = True
    coarse = block_grid(*lines, active)
    cells = block_grid(*lines, active, block=1)
    hi = np.array([v[-1] for v in lines])
    found = 0
    for _ in range(400):
        p, q = rng.uniform(-0.1 * hi, 1.1 * hi, (2, 3))
        expected = crosses_active(p, q, lines, active)
        assert segment_blocked_by_grid(p, q, coarse) == expected
        assert segment_blocked_by_grid(p, q, cells) == expected
        found += expected
    assert 50 < found < 350
