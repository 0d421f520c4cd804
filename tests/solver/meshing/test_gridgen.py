"""Keypoint grid generation: keypoints exact, size caps, thin bodies, growth ratio."""

import numpy as np
import pytest

from solver.errors import GridError
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
