"""Linear solvers of solver.linalg against scipy's direct solve on small SPD stencils."""

from __future__ import annotations

import re

import numpy as np
import pytest
import scipy.sparse.linalg as spla

from solver.errors import ConvergenceError
from solver.linalg import gmg
from solver.linalg import solve as solve_mod
from solver.linalg.solve import make_linear_solver
from solver.linalg.stencil import Stencil7

METHODS = ["gmg", "scipy", "auto"] + (["pyamg"] if solve_mod._pyamg_available() else [])


def make_stencil(shape, seed=0, kxyz=(1.0, 1.0, 1.0), jumps=False, holes=False,
                 transient=0.0, active=None) -> Stencil7:
    """A conduction stencil: harmonic-mean faces of a random (or two-material) k field,
    films on the x/z boundaries, optional inactive box (or mask ``active``) and ``C/dt``."""
    rng = np.random.default_rng(seed)
    nx, ny, nz = shape
    k = rng.uniform(0.5, 2.0, shape)
    if jumps:  # copper (400) next to FR4 (0.3): layers in z and patches in x-y
        k = np.full(shape, 0.3)
        k[:, :, ::3] = 400.0
        k[nx // 3: 2 * nx // 3, ny // 4:, :] = 400.0
        k[: nx // 4, : ny // 2, 1::2] = 0.03
    act = np.ones(shape, dtype=bool) if active is None else active.copy()
    if holes:
        act[nx // 2:, ny // 3: 2 * ny // 3, nz // 2:] = False
        act[0, 0, :] = False
    kk = [k * s for s in kxyz]
    g = []
    for a in range(3):
        lo = [slice(None)] * 3
        hi = [slice(None)] * 3
        lo[a], hi[a] = slice(None, -1), slice(1, None)
        ga = 2.0 / (1.0 / kk[a][tuple(lo)] + 1.0 / kk[a][tuple(hi)])
        ga = np.where(act[tuple(lo)] & act[tuple(hi)], ga, 0.0)
        g.append(ga)
    extra = np.zeros(shape)
    extra[0] += 0.5
    extra[:, :, -1] += 0.2
    extra += transient
    extra[1:] += np.where(act[1:] & ~act[:-1], 0.3, 0.0)  # film on the hole's faces
    extra = np.where(act, extra, 0.0)
    return Stencil7(g[0], g[1], g[2], extra, act)


def reference(st: Stencil7, b: np.ndarray) -> np.ndarray:
    return spla.spsolve(st.to_csr().tocsc(), b.ravel()).reshape(b.shape)


def rhs(shape, seed=1):
    return np.random.default_rng(seed).normal(size=shape)


def check(method, st, b, tol=1e-10):
    sol = make_linear_solver(st, method=method, tol=tol).solve(b)
    ref = reference(st, b)
    assert sol.residual <= tol
    rel = np.linalg.norm((b - st.matvec(sol.x)).ravel()) / np.linalg.norm(b.ravel())
    assert rel <= tol * 1.01
    assert np.linalg.norm((sol.x - ref).ravel()) <= 1e-6 * np.linalg.norm(ref.ravel())
    return sol


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("shape", [(12, 10, 4), (7, 5, 3), (1, 9, 4), (13, 1, 1), (3, 3, 1),
                                   (17, 23, 9)])
def test_small_spd(method, shape):
    st = make_stencil(shape)
    sol = check(method, st, rhs(shape))
    assert sol.method == ("gmg" if method == "auto" else method)


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("kxyz", [(50.0, 50.0, 1.0), (1.0, 1.0, 100.0), (100.0, 1.0, 1.0),
                                  (1.0, 1e-3, 30.0)])
def test_anisotropic(method, kxyz):
    st = make_stencil((24, 20, 6), seed=3, kxyz=kxyz)
    check(method, st, rhs(st.shape))


@pytest.mark.parametrize("method", METHODS)
def test_inactive_cells_are_identity(method):
    st = make_stencil((20, 18, 6), seed=4, holes=True)
    b = rhs(st.shape)
    sol = check(method, st, b)
    np.testing.assert_allclose(sol.x[~st.active], b[~st.active], rtol=1e-12)


@pytest.mark.parametrize("method", METHODS)
def test_conductance_jumps(method):
    st = make_stencil((32, 28, 7), seed=5, jumps=True, holes=True)
    check(method, st, rhs(st.shape))


def test_gmg_jumps_need_few_iterations():
    st = make_stencil((64, 64, 8), seed=6, jumps=True)
    sol = make_linear_solver(st, method="gmg", tol=1e-8).solve(rhs(st.shape))
    assert sol.iterations <= 30


@pytest.mark.parametrize("method", ["gmg", "pyamg"])
def test_non_convergence_raises_with_numbers(method):
    if method not in METHODS:
        pytest.skip("pyamg not installed")
    st = make_stencil((40, 40, 4), seed=7)
    solver = make_linear_solver(st, method=method, tol=1e-12, maxiter=1)
    with pytest.raises(ConvergenceError) as err:
        solver.solve(rhs(st.shape))
    msg = str(err.value)
    assert f"({method})" in msg and "target 1.0e-12" in msg and "after 1 iterations" in msg
    assert re.search(r"relative residual \d\.\d+e[-+]\d+", msg)


def test_non_convergence_scipy_cg():
    st = make_stencil((70, 60, 50), seed=7)
    from solver.linalg import fallback
    old = fallback.DIRECT_MAX_CELLS
    fallback.DIRECT_MAX_CELLS = 10
    try:
        solver = make_linear_solver(st, method="scipy", tol=1e-10, maxiter=2)
    finally:
        fallback.DIRECT_MAX_CELLS = old
    with pytest.raises(ConvergenceError, match=r"scipy.*after 2 iterations, target 1\.0e-10"):
        solver.solve(rhs(st.shape))


@pytest.mark.parametrize("method", METHODS)
def test_zero_rhs_gives_zeros(method):
    st = make_stencil((6, 5, 3))
    sol = make_linear_solver(st, method=method).solve(np.zeros(st.shape))
    assert sol.iterations == 0 and not np.any(sol.x)


@pytest.mark.parametrize("method", METHODS)
def test_reuse_is_identical_to_fresh(method):
    st = make_stencil((30, 26, 5), seed=8, transient=0.05)
    b1, b2 = rhs(st.shape, 11), rhs(st.shape, 12)
    solver = make_linear_solver(st, method=method, tol=1e-9)
    first = solver.solve(b1).x
    solver.solve(b2)
    for _ in range(3):
        again = solver.solve(b1).x
    fresh = make_linear_solver(st, method=method, tol=1e-9).solve(b1).x
    np.testing.assert_array_equal(again, fresh)
    np.testing.assert_array_equal(first, fresh)
    warm = solver.solve(b2, x0=first)
    assert warm.residual <= 1e-9


@pytest.mark.parametrize("shape,kw", [((16, 12, 5), {}), ((20, 18, 6), {"holes": True}),
                                      ((24, 24, 4), {"jumps": True}),
                                      ((80, 80, 12), {"jumps": True}),
                                      ((30, 20, 5), {"transient": 20.0}),
                                      ((40, 40, 3), {"transient": 1.5})])
def test_preconditioner_is_spd(shape, kw):
    st = make_stencil(shape, seed=9, **kw)
    h = gmg.build_hierarchy(st)
    rng = np.random.default_rng(10)
    for _ in range(3):
        x, y = rng.normal(size=st.extra.size), rng.normal(size=st.extra.size)
        mx, my = h_apply(h, x), h_apply(h, y)
        assert abs(x @ my - y @ mx) <= 1e-11 * np.sqrt((x @ mx) * (y @ my))
        assert x @ mx > 0.0


def h_apply(h, r):
    return gmg.apply_preconditioner(h, r)


@pytest.mark.parametrize("c", [0.5, 5.0, 50.0])
def test_dominant_extra_truncates_hierarchy(c):
    st = make_stencil((40, 36, 5), seed=17, transient=c)
    solver = make_linear_solver(st, method="gmg", tol=1e-10)
    if c >= 5.0:
        assert solver.hierarchy.lower.size == 0  # ends in smoothing, no direct solve
    check("gmg", st, rhs(st.shape))


def test_transient_warm_start_few_iterations():
    st = make_stencil((50, 50, 5), seed=14, transient=2.0)
    solver = make_linear_solver(st, method="gmg")
    x = np.zeros(st.shape)
    src = np.zeros(st.shape)
    src[20:30, 20:30] = 1.0
    for _ in range(20):
        sol = solver.solve(src + 2.0 * x, x0=x)
        x = sol.x
    assert sol.iterations <= 6


def test_auto_falls_back_and_logs(monkeypatch):
    st = make_stencil((10, 9, 4), seed=15)
    notes = []

    def broken(self, b, x0):
        return np.zeros_like(b), 3, 0.5

    monkeypatch.setattr(solve_mod.GMGSolver, "_run", broken)
    sol = make_linear_solver(st, log=notes.append).solve(rhs(st.shape))
    assert sol.residual <= 1e-8
    assert any("gmg" in n and "5.000e-01" in n for n in notes)
    assert sol.method == ("pyamg" if "pyamg" in METHODS else "scipy")


def test_auto_without_pyamg_says_so(monkeypatch, caplog):
    st = make_stencil((10, 9, 4), seed=16)
    notes = []
    monkeypatch.setattr(solve_mod.GMGSolver, "_run", lambda self, b, x0: (b * 0, 1, 1.0))
    monkeypatch.setattr(solve_mod, "_pyamg_available", lambda: False)
    with caplog.at_level("WARNING", logger="thermocraft.solver"):
        sol = make_linear_solver(st, log=notes.append).solve(rhs(st.shape))
    assert sol.method == "scipy" and sol.residual <= 1e-8
    text = " ".join(notes)
    assert "pyamg is not installed" in text and "slower" in text
    assert "pyamg is not installed" in caplog.text


def test_bad_input():
    st = make_stencil((4, 4, 2))
    with pytest.raises(ValueError, match="unknown linear solver"):
        make_linear_solver(st, method="magic")
    with pytest.raises(ValueError, match="shape"):
        make_linear_solver(st, method="gmg").solve(np.ones((4, 4, 3)))




def stacked_bodies(shape, seed=20) -> np.ndarray:
    """Disjoint slabs stacked in z (one touching the bottom, one the top), a post joining two
    of them, a cavity, one-cell layers and random holes: columns of several active runs."""
    nx, ny, nz = shape
    act = np.zeros(shape, dtype=bool)
    act[:, :, :3] = True
    act[2:-3, 1:, 5:9] = True
    act[nx // 4: 3 * nx // 4, ny // 3:, 11] = True  # one cell thick
    act[1:, :-2, 14:nz] = True
    act[nx // 3: nx // 2, ny // 3: ny // 2, 3:14] = True  # a post through the gaps
    act[nx // 2: nx - 4, 2: ny - 3, 15: nz - 2] = False  # a cavity in the top slab
    act &= np.random.default_rng(seed).random(shape) > 0.08
    act[-2:, -1, :] = False  # fully inactive columns
    return act


@pytest.mark.parametrize("nu", [1, 2, 3])
@pytest.mark.parametrize("transient", [0.0, 0.3])
def test_columns_of_several_runs_match_direct_solve(nu, transient):
    act = stacked_bodies((34, 29, 19))
    st = make_stencil(act.shape, seed=21, active=act, jumps=True, transient=transient)
    h = gmg.build_hierarchy(st, nu=nu)
    runs = np.diff(h.rp)[: act.shape[0] * act.shape[1]]
    assert h.levels >= 3 and runs.max() >= 4 and (runs == 0).any()
    assert not h.dense[:-1].any()
    b = rhs(act.shape, 22)
    solver = solve_mod.GMGSolver(st, tol=1e-10, nu=nu)
    sol = solver.solve(b)
    ref = reference(st, b)
    assert np.linalg.norm((sol.x - ref).ravel()) <= 1e-8 * np.linalg.norm(ref.ravel())
    rel = np.linalg.norm((b - st.matvec(sol.x)).ravel()) / np.linalg.norm(b.ravel())
    assert rel <= 1e-10 * 1.01


def test_runs_list_the_mask_and_coarse_masks_cover_children():
    act = stacked_bodies((34, 29, 19))
    h = gmg.build_hierarchy(make_stencil(act.shape, seed=21, active=act))
    col = 0
    fine = act
    for lev in range(h.levels):
        nx, ny, nz = h.shp[lev]
        mask = np.zeros((nx, ny, nz), dtype=bool)
        for c in range(nx * ny):
            for k0, k1 in h.runs[h.rp[col + c]: h.rp[col + c + 1]]:
                assert k0 < k1
                mask[c // ny, c % ny, k0:k1] = True
        col += nx * ny
        if lev:
            f = h.fac[lev - 1]
            want = np.zeros_like(mask)
            i, j, k = np.nonzero(fine)
            want[i // f[0], j // f[1], k // f[2]] = True
        else:
            want = act
        np.testing.assert_array_equal(mask, want)
        assert bool(h.dense[lev]) == mask.all()
        fine = mask


def test_skipping_inactive_cells_changes_nothing():
    """The V-cycle over the active runs equals, to round-off, the V-cycle that smooths every
    cell (identity rows included), and is the identity on inactive cells."""
    act = stacked_bodies((30, 27, 17), seed=23)
    st = make_stencil(act.shape, seed=24, active=act, jumps=True)
    h = gmg.build_hierarchy(st)
    whole = gmg.build_hierarchy(st)
    whole.dense[:] = 1
    r = np.random.default_rng(25).normal(size=act.size)
    z = h_apply(h, r)
    np.testing.assert_allclose(z, h_apply(whole, r), rtol=1e-13, atol=1e-13 * np.abs(z).max())
    np.testing.assert_array_equal(z[~act.ravel()], r[~act.ravel()])
    x = np.random.default_rng(26).normal(size=act.size)
    assert abs(x @ z - r @ h_apply(h, x)) <= 1e-11 * np.sqrt((x @ h_apply(h, x)) * (r @ z))


def test_smoothing_only_hierarchy_over_active_runs():
    """A ``C/dt`` large enough ends the hierarchy at level 0: one sweep pair over the runs."""
    act = stacked_bodies((30, 27, 17), seed=27)
    st = make_stencil(act.shape, seed=28, active=act, transient=50.0)
    solver = make_linear_solver(st, method="gmg", tol=1e-10)
    assert solver.hierarchy.levels == 1 and solver.hierarchy.lower.size == 0
    b = rhs(act.shape, 29)
    z = h_apply(solver.hierarchy, b.ravel())
    np.testing.assert_array_equal(z[~act.ravel()], b.ravel()[~act.ravel()])
    check("gmg", st, b)
