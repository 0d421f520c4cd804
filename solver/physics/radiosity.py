"""Grey, diffuse radiation exchange among patches and with the surroundings: the radiosity
solve, its per-patch linearisation for a Picard loop, and the pairwise exchange.

With view factors ``F`` (rows summing to one with the surroundings' share ``F_sur``), radiosity
``J``, irradiation ``G = F J + F_sur E_sur`` and ``J = eps E_b + (1 - eps) G``:
``(I - diag(1 - eps) F) J = eps E_b + (1 - eps) F_sur E_sur``, and the net heat leaving patch
i is ``q_i = A_i eps_i (E_b,i - G_i)`` (Siegel & Howell, *Thermal Radiation Heat Transfer*,
4th ed., 2002, ch. 6, the net-radiation method; Incropera et al., 7th ed., sec. 13.3). Valid
for eps = 1 too. Temperatures in degC at the interface.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from solver.physics.constants import KELVIN, STEFAN_BOLTZMANN
from solver.physics.radiation import radiation_coefficient


class RadiosityExchange:
    """The radiosity system of fixed view factors (:class:`~solver.physics.view_factors.
    ViewFactors`) and emissivities, factorised once for every later solve."""

    def __init__(self, view_factors, emissivity):
        n = view_factors.areas.size
        eps = np.broadcast_to(np.asarray(emissivity, dtype=np.float64), (n,)).copy()
        if np.any((eps <= 0.0) | (eps > 1.0)):
            bad = int(np.flatnonzero((eps <= 0.0) | (eps > 1.0))[0])
            raise ValueError(f"radiosity: emissivity of patch {bad} must be in (0, 1]")
        self.view_factors = view_factors
        self.emissivity = eps
        system = sp.identity(n, format="csc") - sp.diags(1.0 - eps) @ view_factors.matrix
        self._lu = spla.splu(sp.csc_matrix(system))

    def solve(self, t_patch_c, t_surroundings_c):
        """``(J, G, q)``: radiosity and irradiation (W/m^2) and the net heat leaving each patch
        (W) for patch temperatures ``t_patch_c`` and surroundings at ``t_surroundings_c``
        (scalar or per patch)."""
        vf, eps = self.view_factors, self.emissivity
        e_b = STEFAN_BOLTZMANN * (np.asarray(t_patch_c, dtype=np.float64) + KELVIN) ** 4
        e_sur = STEFAN_BOLTZMANN * (np.asarray(t_surroundings_c, dtype=np.float64) + KELVIN) ** 4
        from_sur = vf.surroundings * e_sur
        j = self._lu.solve(eps * e_b + (1.0 - eps) * from_sur)
        g = vf.matrix @ j + from_sur
        return j, g, vf.areas * eps * (e_b - g)

    def film_coefficients(self, t_patch_c, t_surroundings_c):
        """Per-patch linearisation for a Picard loop: ``(h_r, T_rad)`` with
        ``q_i = h_r,i A_i (T_i - T_rad,i)`` exact at these temperatures, ``T_rad`` the
        irradiation's black-body temperature ``(G/sigma)^(1/4)`` (degC) and ``h_r`` the
        grey-body coefficient to it (:func:`~solver.physics.radiation.radiation_coefficient`).
        Holding ``T_rad`` fixed while a patch's own temperature moves is the Picard lag."""
        _, g, _ = self.solve(t_patch_c, t_surroundings_c)
        t_rad = (g / STEFAN_BOLTZMANN) ** 0.25 - KELVIN
        return radiation_coefficient(self.emissivity, t_patch_c, t_rad), t_rad

    def jacobian(self, t_patch_c):
        """Dense ``d q_i / d T_j`` (W/K): ``A_i eps_i (4 sigma T_i^3 delta_ij - (F M^-1
        diag(4 sigma eps T^3))_ij)`` with ``M = I - diag(1 - eps) F``; for small patch sets."""
        vf, eps = self.view_factors, self.emissivity
        t_k = np.asarray(t_patch_c, dtype=np.float64) + KELVIN
        de_b = 4.0 * STEFAN_BOLTZMANN * t_k**3
        dj = self._lu.solve(np.diag(eps * de_b))
        dg = vf.matrix @ dj
        return (vf.areas * eps)[:, None] * (np.diag(de_b) - dg)


def group_exchange(view_factors, radiosity, e_surroundings, groups, n_groups):
    """Net radiation between groups of patches (bodies): ``Q[a, b]`` (W) from group a to group
    b, ``sum_(i in a, j in b) A_i F_ij (J_i - J_j)``, and ``Q_sur[a]`` to the surroundings,
    ``sum_(i in a) A_i F_sur,i (J_i - E_sur)``. Row sums plus ``Q_sur`` are the groups' net
    heat; ``groups`` holds each patch's group index."""
    f = view_factors.matrix.tocoo()
    flow = view_factors.areas[f.row] * f.data * (radiosity[f.row] - radiosity[f.col])
    q = np.zeros((n_groups, n_groups))
    np.add.at(q, (groups[f.row], groups[f.col]), flow)
    to_sur = view_factors.areas * view_factors.surroundings * (radiosity - e_surroundings)
    return q, np.bincount(groups, weights=to_sur, minlength=n_groups)
