"""Radiosity exchange against the closed forms of two-surface enclosures (Incropera 7th ed.,
Table 13.3), energy conservation, the Picard linearisation and the Jacobian."""

import numpy as np
import pytest
from vf_shapes import box_faces, prism_facets, rect

from solver.physics.constants import KELVIN, STEFAN_BOLTZMANN
from solver.physics.radiosity import RadiosityExchange, group_exchange
from solver.physics.view_factors import Patches, compute_view_factors

T1, T2 = 400.0 - KELVIN, 300.0 - KELVIN
EPS1, EPS2 = 0.8, 0.5


def plates(gap):
    return [rect([0, 0, 0], [1, 0, 0], [0, 1, 0]), rect([0, 0, gap], [0, 1, 0], [1, 0, 0])]


@pytest.mark.parametrize("sealed", [True, False])
def test_large_parallel_plates(sealed):
    # q'' = sigma (T1^4 - T2^4) / (1/eps1 + 1/eps2 - 1); open, the 1 mm gap of 1 m plates
    # leaks 0.1 % of the view to surroundings at T2.
    vf = compute_view_factors(Patches(plates(1e-3)), resolution=8, sealed=sealed)
    _, _, q = RadiosityExchange(vf, [EPS1, EPS2]).solve([T1, T2], T2)
    expected = STEFAN_BOLTZMANN * (400.0**4 - 300.0**4) / (1 / EPS1 + 1 / EPS2 - 1)
    assert q[0] == pytest.approx(expected, rel=0.01)
    if sealed:
        assert q[1] == pytest.approx(-q[0], rel=1e-12)


def test_concentric_cylinders():
    # q1 = sigma A1 (T1^4 - T2^4) / (1/eps1 + (1 - eps2)/eps2 A1/A2), with the polygons' areas;
    # long prisms sealed (rows closed), the inner prism blocking the outer facets' views.
    r1, r2, length = 0.5, 1.0, 3.0
    inner = prism_facets(r1, 12, length, 3, outward=True)
    outer = prism_facets(r2, 24, length, 3, outward=False, phase=0.1)
    patches = Patches(inner + outer)
    vf = compute_view_factors(patches, resolution=3, blockers=Patches(inner), sealed=True)
    n1 = len(inner)
    eps = np.r_[np.full(n1, EPS1), np.full(len(outer), EPS2)]
    t = np.r_[np.full(n1, T1), np.full(len(outer), T2)]
    _, _, q = RadiosityExchange(vf, eps).solve(t, T2)
    a1, a2 = patches.areas[:n1].sum(), patches.areas[n1:].sum()
    expected = STEFAN_BOLTZMANN * a1 * (400.0**4 - 300.0**4) / (
        1 / EPS1 + (1 - EPS2) / EPS2 * a1 / a2)
    assert q[:n1].sum() == pytest.approx(expected, rel=0.01)
    assert q.sum() == pytest.approx(0.0, abs=1e-9 * expected)


def box_scene():
    inner = box_faces((0.3, 0.3, 0.2), (0.6, 0.5, 0.4), inward=False)
    polys = box_faces((0, 0, 0), (1, 0.8, 0.6), inward=True) + inner
    return polys, Patches(inner)


def test_energy_balance_linearisation_and_jacobian():
    polys, inner = box_scene()
    vf = compute_view_factors(Patches(polys), resolution=3, blockers=inner)
    rng = np.random.default_rng(3)
    eps = rng.uniform(0.2, 1.0, len(polys))
    t = rng.uniform(20.0, 120.0, len(polys))
    rad = RadiosityExchange(vf, eps)
    j, _, q = rad.solve(t, 25.0)
    e_sur = STEFAN_BOLTZMANN * (25.0 + KELVIN) ** 4
    # Open: what the patches lose in net, the surroundings gain.
    to_sur = (vf.areas * vf.surroundings * (j - e_sur)).sum()
    assert q.sum() == pytest.approx(to_sur, rel=1e-9, abs=1e-12)
    # Per-patch film coefficient to the radiant temperature reproduces q exactly.
    h, t_rad = rad.film_coefficients(t, 25.0)
    assert np.allclose(h * vf.areas * (t - t_rad), q, rtol=1e-10, atol=1e-12)
    # Group exchange sums to the groups' net heat.
    groups = np.r_[np.zeros(6, int), np.ones(6, int)]
    between, sur = group_exchange(vf, j, e_sur, groups, 2)
    assert np.allclose(between.sum(axis=1) + sur, np.bincount(groups, weights=q), rtol=1e-10)
    assert between[0, 1] == pytest.approx(-between[1, 0], rel=1e-12)
    # Jacobian against central differences.
    jac = rad.jacobian(t)
    step = 1e-3
    for k in (0, 7):
        tp, tm = t.copy(), t.copy()
        tp[k] += step
        tm[k] -= step
        fd = (rad.solve(tp, 25.0)[2] - rad.solve(tm, 25.0)[2]) / (2 * step)
        assert np.allclose(jac[:, k], fd, rtol=1e-6, atol=1e-9)


def test_bad_emissivity_is_reported():
    vf = compute_view_factors(Patches(plates(0.1)), resolution=2)
    with pytest.raises(ValueError, match="emissivity of patch 1"):
        RadiosityExchange(vf, [0.5, 1.5])
