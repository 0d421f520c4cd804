"""The bordered (field + lumped nodes) solvers against scipy's direct solve of the whole
system: stiff and weak node links, a node linked only to cells, links to fixed temperatures."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
import scipy.sparse.linalg as spla
from test_linear_solvers import make_stencil

from solver.api import solve
from solver.linalg.bordered import BorderedPCG
from solver.linalg.gmg import build_hierarchy
from solver.linalg.solve import make_linear_solver
from solver.model import (
    Body,
    BoxGeometry,
    Convection,
    Material,
    MeshSettings,
    Model,
    Node,
    NodeLink,
)

SHAPE = (20, 14, 9)


def network(st, m, seed=1):
    """Coupling ``C`` of ``m`` nodes, each to a patch of 2-8 active cells with conductances
    spanning 1e-3..1e3 (the links of compact packages and enclosure films); the node block
    with every third node also tied to a fixed temperature and a chain between nodes."""
    rng = np.random.default_rng(seed)
    active = np.flatnonzero(st.active.ravel())
    rows, cols, vals = [], [], []
    for j in range(m):
        cells = rng.choice(active, int(rng.integers(2, 9)), replace=False)
        rows += list(cells)
        cols += [j] * cells.size
        vals += list(10.0 ** rng.uniform(-3, 3, cells.size))
    c = sp.csc_matrix((vals, (rows, cols)), shape=(st.extra.size, m))
    block = np.diag(np.asarray(c.sum(axis=0)).ravel())
    fixed = np.zeros(m)
    for j in range(0, m, 3):
        block[j, j] += 1e6 if j == 0 else 0.5
        fixed[j] = block[j, j] - c[:, j].sum()
    for j in range(1, m - 1, 4):
        block[j, j] += 2.0
        block[j + 1, j + 1] += 2.0
        block[j, j + 1] = block[j + 1, j] = -2.0
    return c, block, fixed


def reference(st, c, block, b, cn):
    a = st.to_csr() + sp.diags(np.asarray(c.sum(axis=1)).ravel())
    k = sp.bmat([[a, -c], [-c.T, sp.csr_matrix(block)]]).tocsc()
    x = spla.spsolve(k, np.concatenate([b.ravel(), cn]))
    return x[: b.size], x[b.size:]


@pytest.mark.parametrize("m", [1, 7, 30])
def test_bordered_pcg_matches_the_direct_solve_in_few_iterations(m):
    st0 = make_stencil(SHAPE, seed=m, jumps=True, holes=True)
    c, block, fixed = network(st0, m)
    st = st0.with_extra(st0.extra + np.asarray(c.sum(axis=1)).reshape(SHAPE))
    rng = np.random.default_rng(m)
    b = np.where(st.active, rng.uniform(0, 1, SHAPE) + 25.0 * st0.extra, 0.0)
    cn = rng.uniform(0, 2, m) + 25.0 * fixed
    x_ref, tn_ref = reference(st0, c, block, b, cn)
    h = build_hierarchy(st)
    pcg = BorderedPCG(st, h, c, 1e-10, 500, make_linear_solver(st, "gmg", 1e-10))
    x, tn, it = pcg.solve(b, cn, block)
    scale = np.max(np.abs(x_ref))
    assert np.max(np.abs(x.ravel() - x_ref)) < 1e-7 * scale
    assert np.max(np.abs(tn - tn_ref)) < 1e-7 * scale
    node_residual = cn - block @ tn + c.T @ x.ravel()
    assert np.max(np.abs(node_residual)) < 1e-9 * np.max(np.abs(cn))
    field_only = make_linear_solver(st, "gmg", 1e-10).solve(b).iterations
    assert pcg.iterations == m and it <= field_only + 6
    warm, _, it_warm = pcg.solve(b, cn, block, x_ref.reshape(SHAPE), tn_ref)
    assert it_warm <= 2 and np.max(np.abs(warm.ravel() - x_ref)) < 1e-7 * scale



@pytest.mark.parametrize("m", [1, 7])
def test_bordered_pcg_with_another_operators_columns_still_solves_exactly(m):
    """The next outer iteration's operator (its boundary diagonal doubled, another node
    block) with the last one's preconditioned columns ``B C`` (no setup V-cycles): the
    preconditioner is no longer the exact block inverse but stays SPD, so CG still reaches
    the direct solution, in about as many iterations as with fresh columns."""
    st0 = make_stencil(SHAPE, seed=m, jumps=True, holes=True)
    c, block, fixed = network(st0, m)
    links = np.asarray(c.sum(axis=1)).reshape(SHAPE)
    old = BorderedPCG(st0.with_extra(st0.extra + links), build_hierarchy(
        st0.with_extra(st0.extra + links)), c, 1e-10, 500, None)
    st1 = st0.with_extra(2.0 * st0.extra)
    st = st1.with_extra(st1.extra + links)
    block = block + np.diag(np.linspace(0.5, 2.0, m))
    rng = np.random.default_rng(m)
    b = np.where(st.active, rng.uniform(0, 1, SHAPE) + 25.0 * st1.extra, 0.0)
    cn = rng.uniform(0, 2, m) + 25.0 * fixed
    x_ref, tn_ref = reference(st1, c, block, b, cn)
    h = build_hierarchy(st)
    reused = BorderedPCG(st, h, c, 1e-10, 500, None, old.bc)
    fresh = BorderedPCG(st, h, c, 1e-10, 500, None)
    assert reused.iterations == 0 and fresh.iterations == m
    assert not np.allclose(reused.bc, fresh.bc)
    x, tn, it = reused.solve(b, cn, block)
    scale = np.max(np.abs(x_ref))
    assert np.max(np.abs(x.ravel() - x_ref)) < 1e-7 * scale
    assert np.max(np.abs(tn - tn_ref)) < 1e-7 * scale
    assert it <= fresh.solve(b, cn, block)[2] + 4


def test_many_model_nodes_cost_about_one_field_solve():
    """24 nodes on one board through solver.api: gmg (the bordered CG) agrees with scipy (the
    Schur complement on a direct field solve), and its iterations are the 24 setup V-cycles
    plus a CG about as long as without nodes, not one field solve per node."""
    faces = ["xmin", "xmax", "ymin", "ymax", "zmin", "zmax"]
    nodes = [Node(f"n{i}", [NodeLink(0.05 * (i + 1), body="b", faces=[faces[i % 6]])],
                  power=0.1) for i in range(24)]
    nodes[0].links.append(NodeLink(1e5, temperature=30.0))
    model = Model(materials=[Material("m", [15.0, 15.0, 0.5])],
                  bodies=[Body("b", BoxGeometry([0, 0, 0], [0.05, 0.04, 0.004]), "m", power=1.0)],
                  conditions=[Convection("b", 10.0)], mesh=MeshSettings(uniform=[25, 20, 6]),
                  nodes=nodes)
    plain = solve(Model(materials=model.materials, bodies=model.bodies,
                        conditions=model.conditions, mesh=model.mesh)).summary
    s = solve(model).summary
    model.solver.linear_solver = "scipy"
    ref = solve(model).summary
    for name, node in ref["nodes"].items():
        assert s["nodes"][name]["T_C"] == pytest.approx(node["T_C"], abs=1e-6)
    assert s["energy_balance_error"] < 1e-7
    assert s["linear_iterations"] <= 24 + plain["linear_iterations"] + 8
