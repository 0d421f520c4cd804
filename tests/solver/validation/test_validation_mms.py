"""Second-order spatial convergence on a smooth manufactured solution, uniform and
non-uniform grids, through the low-level API: :func:`solver.conductance.conduction_stencil`
(the solver's own harmonic-mean face conductances) with Dirichlet boundary conductances
``k A / (d/2)`` to the exact face value, solved by :func:`make_linear_solver` ("auto")."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from tc_helpers import convergence_slope

from solver.conductance import conduction_stencil
from solver.grid import Grid
from solver.linalg.solve import make_linear_solver
from solver.linalg.stencil import Stencil7

K = (1.0, 2.0, 0.5)  # orthotropic, so each axis uses its own component
DOMAIN = (1.0, 0.8, 0.6)
A, B, C = 1.3, 0.9, 0.7


def exact(x, y, z):
    """T = sin(a x + 0.2) cos(b y) exp(c z) + 3."""
    return np.sin(A * x + 0.2) * np.cos(B * y) * np.exp(C * z) + 3.0


def source(x, y, z):
    """q''' = -div(k grad T) = (kx a^2 + ky b^2 - kz c^2) (T - 3)."""
    return (K[0] * A**2 + K[1] * B**2 - K[2] * C**2) * (exact(x, y, z) - 3.0)


def lines(n: int, length: float, stretch: float) -> np.ndarray:
    """``n`` cells on [0, length]: uniform for stretch 0, else smoothly graded by the map
    xi + stretch sin(2 pi xi) / (2 pi) (monotone for |stretch| < 1; widths vary by a factor
    (1 + stretch) / (1 - stretch) across the domain)."""
    xi = np.linspace(0.0, 1.0, n + 1)
    return length * (xi + stretch * np.sin(2 * np.pi * xi) / (2 * np.pi))


def solve_mms(n: int, stretch: tuple[float, float, float]) -> tuple[float, float]:
    """Max error at the cell centres and the largest cell width."""
    grid = Grid(*(lines(n, DOMAIN[a], stretch[a]) for a in range(3)))
    shape = grid.shape
    active = np.ones(shape, dtype=bool)
    k_cells = tuple(np.full(shape, K[a]) for a in range(3))
    st = conduction_stencil(grid, k_cells, active)
    cx, cy, cz = np.meshgrid(*(grid.centers(a) for a in range(3)), indexing="ij")
    widths = [grid.widths(a) for a in range(3)]
    rhs = source(cx, cy, cz) * grid.cell_volumes()
    extra = np.zeros(shape)
    for axis in range(3):
        o1, o2 = (a for a in range(3) if a != axis)
        for end in (0, -1):
            sl = [slice(None)] * 3
            sl[axis] = end
            sl = tuple(sl)
            area = (widths[o1][:, None] * widths[o2][None, :])
            g = K[axis] * area / (0.5 * widths[axis][end])
            face = [cx[sl], cy[sl], cz[sl]]
            face[axis] = np.full_like(face[axis], grid.lines[axis][end])
            extra[sl] += g
            rhs[sl] += g * exact(*face)
    op = Stencil7(st.gx, st.gy, st.gz, extra, active)
    sol = make_linear_solver(op, "auto", tol=1e-11, maxiter=2000).solve(rhs)
    err = float(np.max(np.abs(sol.x - exact(cx, cy, cz))))
    h = max(float(w.max()) for w in widths)
    return err, h


@pytest.mark.parametrize("stretch", [(0.0, 0.0, 0.0), (0.5, -0.4, 0.3)],
                         ids=["uniform", "non-uniform"])
def test_second_order_convergence(stretch):
    """Max-norm error slope in log h >= 1.8 (second order) over n = 8, 16, 32, 48."""
    errs, hs = zip(*(solve_mms(n, stretch) for n in (8, 16, 32, 48)), strict=True)
    assert all(b < a for a, b in itertools.pairwise(errs)), errs
    assert convergence_slope(hs, errs) >= 1.8, errs


def test_stencil_matches_csr():
    """The matrix-free operator and its CSR form agree (the CSR feeds pyamg and scipy)."""
    grid = Grid(lines(5, 1.0, 0.3), lines(4, 0.5, 0.0), lines(3, 0.2, -0.2))
    rng = np.random.default_rng(1)
    active = rng.random(grid.shape) > 0.2
    k_cells = tuple(np.where(active, rng.uniform(0.5, 3.0, grid.shape), 0.0) for _ in range(3))
    st = conduction_stencil(grid, k_cells, active)
    op = st.with_extra(np.where(active, rng.uniform(0.0, 1.0, grid.shape), 0.0))
    t = rng.standard_normal(grid.shape)
    assert np.allclose(op.matvec(t).ravel(), op.to_csr() @ t.ravel(), rtol=1e-12, atol=1e-12)
    csr = op.to_csr()
    assert abs(csr - csr.T).max() == 0.0
