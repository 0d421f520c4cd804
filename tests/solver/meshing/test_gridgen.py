"""Keypoint grid generation: keypoints exact, size caps, thin bodies, growth ratio."""

import math

import numpy as np
import pytest

from solver.errors import GridError
from solver.meshing import gridgen
from solver.meshing.gridgen import GridSettings, build_grid, build_uniform_grid


def _check(grid, boxes, s, domain=None):
    los = np.array([b[0] for b in boxes], dtype=float)
    his = np.array([b[1] for b in boxes], dtype=float)
    for a in range(3):
        lines = grid.lines[a]
        keys = np.concatenate([los[:, a], his[:, a]])
        if domain is not None:
            keys = keys[(keys >= domain[0][a]) & (keys <= domain[1][a])]
        assert np.all(np.isin(keys, lines)), "a keypoint is missing (bit-exact)"
        w = np.diff(lines)
        assert w.max() <= s.max_cell_size * (1 + 1e-9)
        if w.size > 1:
            ratio = np.maximum(w[1:] / w[:-1], w[:-1] / w[1:])
            assert ratio.max() <= s.max_growth * (1 + 1e-9)
        for lo, hi in zip(los[:, a], his[:, a], strict=True):
            inside = (lines[:-1] >= lo) & (lines[1:] <= hi)
            if hi > lo:
                assert inside.sum() >= s.min_cells_across
                assert w[inside].max() <= (hi - lo) / s.min_cells_across * (1 + 1e-9)


@pytest.mark.parametrize("seed", range(40))
def test_random_boxes(seed):
    rng = np.random.default_rng(seed)
    nb = int(rng.integers(1, 25))
    lo = rng.uniform(-0.1, 0.1, (nb, 3))
    hi = lo + 10 ** rng.uniform(-4.5, -1, (nb, 3))
    s = GridSettings(max_cell_size=float(rng.uniform(0.002, 0.02)),
                     min_cells_across=int(rng.integers(1, 5)),
                     max_growth=float(rng.uniform(1.05, 1.6)))
    boxes = list(zip(lo, hi, strict=True))
    _check(build_grid(boxes, s), boxes, s)


def test_thin_layer_grows_out_gradually():
    boxes = [((0, 0, 0), (1, 1, 1)), ((0.5, 0.2, 0.2), (0.5 + 1e-5, 0.4, 0.4))]
    s = GridSettings(max_cell_size=0.05, min_cells_across=2, max_growth=1.2)
    g = build_grid(boxes, s)
    _check(g, boxes, s)
    w = g.widths(0)
    assert w.min() == pytest.approx(5e-6)
    assert g.shape[0] < 150  # grading, not a uniformly fine grid


def test_domain_clips_and_keeps_its_ends():
    boxes = [((-1, -1, -1), (2, 2, 2)), ((0.25, 0.25, 0.25), (0.5, 0.5, 0.5))]
    dom = ((0, 0, 0), (1, 1, 1))
    s = GridSettings(max_cell_size=0.1)
    g = build_grid(boxes, s, domain=dom)
    assert g.x[0] == 0.0 and g.x[-1] == 1.0
    _check(g, boxes[1:], s)


def test_keypoints_merge_within_tolerance():
    boxes = [((0, 0, 0), (1, 1, 1)), ((0.5, 0, 0), (1 + 1e-12, 1, 1))]
    g = build_grid(boxes, GridSettings(max_cell_size=0.25))
    assert 0.5 in g.x and g.x[-1] == 1 + 1e-12
    assert np.all(np.diff(g.x) > 1e-6)


def test_deterministic():
    boxes = [((0, 0, 0), (0.1, 0.03, 0.002)), ((0.01, 0.01, 0.002), (0.02, 0.015, 0.004))]
    s = GridSettings(max_cell_size=0.005)
    a, b = build_grid(boxes, s), build_grid(boxes, s)
    assert all(np.array_equal(p, q) for p, q in zip(a.lines, b.lines, strict=True))


def test_max_cells_error_names_count():
    with pytest.raises(GridError, match=r"needs \d+ cells"):
        build_grid([((0, 0, 0), (1, 1, 1))], GridSettings(max_cell_size=0.01, max_cells=1000))


def test_uniform_grid():
    g = build_uniform_grid((0, 0, 0), (1, 2, 3), (4, 5, 6))
    assert g.shape == (4, 5, 6)
    assert g.z[-1] == 3.0
    assert np.allclose(g.widths(1), 0.4)


def _place_one(a, b, pieces, n):
    """The lines of one interval as gridgen placed them one interval at a time (before the
    intervals were placed together): the reference for the bit-for-bit test below."""
    total = sum(p[3] for p in pieces)
    targets = total * np.arange(1, n) / n
    xs = np.empty(n + 1)
    xs[0], xs[-1] = a, b
    ends = np.cumsum([p[3] for p in pieces])
    which = np.minimum(np.searchsorted(ends, targets, side="right"), len(pieces) - 1)
    inner = np.empty(n - 1)
    for k, (x0, x1, sigma, phi) in enumerate(pieces):
        sel = which == k
        if not sel.any():
            continue
        t = targets[sel] - (ends[k] - phi)
        if sigma == 0.0:
            inner[sel] = x0 + (x1 - x0) / phi * t
        else:
            h0 = sigma * (x1 - x0) / math.expm1(sigma * phi)
            inner[sel] = x0 + h0 * np.expm1(sigma * t) / sigma
    xs[1:-1] = np.clip(inner, a, b)
    if np.any(np.diff(xs) <= 0.0):
        xs = np.linspace(a, b, n + 1)
        xs[0], xs[-1] = a, b
    return xs


@pytest.mark.parametrize("seed", range(30))
def test_intervals_placed_together_equal_one_at_a_time_bit_for_bit(seed):
    """All intervals' lines in one pass of array operations (the size check's exact count
    and every grid) give the very bits of each interval placed alone: graded and uniform
    pieces, one to many cells, repaired counts, and intervals so short beside their
    coordinates that rounding makes them uniform."""
    rng = np.random.default_rng(seed)
    m = int(rng.integers(1, 30))
    offset = 10 ** rng.uniform(-3, 3) * rng.choice([-1, 1])
    lengths = 10 ** rng.uniform(-10 if seed % 3 == 0 else -6, -1, m)
    keys = offset + np.concatenate([[0.0], np.cumsum(lengths)])
    keys = np.unique(keys)
    m = keys.size - 1
    caps = np.minimum(np.diff(keys), 10 ** rng.uniform(-4, -1)) * rng.uniform(0.05, 1, m)
    growth = float(rng.uniform(1.05, 3.0))
    slope = 0.9 * math.log(growth)
    left = np.full(m, np.inf)
    right = np.full(m, np.inf)
    if m > 1:
        left[1:] = np.minimum.accumulate(caps[:-1] - slope * keys[1:-1])
        right[:-1] = np.minimum.accumulate((caps[1:] + slope * keys[1:-1])[::-1])[::-1]
    pieces = [gridgen._pieces(keys[j], keys[j + 1], caps[j], left[j], right[j], slope)
              for j in range(m)]
    counts = np.array([max(1, math.ceil(sum(p[3] for p in pc) - 1e-9)) for pc in pieces])
    counts = counts * rng.integers(1, 4, m)  # as the ratio repair raises them
    together = gridgen._place(keys, pieces, counts, range(m))
    for j in range(m):
        alone = _place_one(keys[j], keys[j + 1], pieces[j], counts[j])
        assert together[j].tobytes() == alone.tobytes(), j
        assert gridgen._place(keys, pieces, counts, [j])[0].tobytes() == alone.tobytes()


def test_rounding_makes_only_its_own_interval_uniform():
    """An interval a few ulps long gets equal lines from rounding: that interval alone falls
    back to uniform spacing (as placed one at a time), its neighbours keep their graded
    lines."""
    keys = np.array([1e3 - 0.5, 1e3, 1e3 + 4e-12, 1e3 + 0.5])
    slope = 0.9 * math.log(1.3)
    pieces = [[(keys[0], keys[1], -slope, 0.4)], [(keys[1], keys[2], 0.0, 40.0)],
              [(keys[2], keys[3], slope, 0.3)]]
    counts = np.array([7, 40, 5])
    together = gridgen._place(keys, pieces, counts, range(3))
    for j in range(3):
        assert together[j].tobytes() == _place_one(keys[j], keys[j + 1], pieces[j],
                                                   counts[j]).tobytes()
    uniform = np.linspace(keys[1], keys[2], 41)
    uniform[0], uniform[-1] = keys[1], keys[2]
    assert together[1].tobytes() == uniform.tobytes()  # the fallback, for this one only
    assert together[0].tobytes() != np.linspace(keys[0], keys[1], 8).tobytes()
