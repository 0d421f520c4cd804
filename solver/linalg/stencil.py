"""The symmetric 7-point operator of a conduction problem on a :class:`~solver.grid.Grid`.

``(A T)_P = diag_P T_P - sum_f G_f T_nb(f)`` with ``diag_P = sum_f G_f + extra_P``: ``G_f`` are
the face conductances (W/K) between neighbouring cells and ``extra_P`` collects what couples
a cell to a known temperature (boundary conductances, ``C/dt`` in transients). Inactive cells
(outside every body) have no conductances and an identity row, so their value stays 0.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(eq=False)
class Stencil7:
    """Face conductances ``gx (nx-1,ny,nz)``, ``gy (nx,ny-1,nz)``, ``gz (nx,ny,nz-1)``,
    ``extra (nx,ny,nz)`` and the ``active`` mask ``(nx,ny,nz)``."""

    gx: np.ndarray
    gy: np.ndarray
    gz: np.ndarray
    extra: np.ndarray
    active: np.ndarray

    @property
    def shape(self) -> tuple[int, int, int]:
        return self.extra.shape

    def with_extra(self, extra: np.ndarray) -> Stencil7:
        """The same couplings with another ``extra`` (e.g. adding ``C/dt``)."""
        return Stencil7(self.gx, self.gy, self.gz, extra, self.active)

    def diagonal(self) -> np.ndarray:
        """The diagonal of A, shape ``(nx, ny, nz)``; 1 on inactive cells."""
        d = self.extra.astype(np.float64, copy=True)
        d[1:, :, :] += self.gx
        d[:-1, :, :] += self.gx
        d[:, 1:, :] += self.gy
        d[:, :-1, :] += self.gy
        d[:, :, 1:] += self.gz
        d[:, :, :-1] += self.gz
        d[~self.active] = 1.0
        return d

    def matvec(self, t: np.ndarray) -> np.ndarray:
        """``A @ t`` for a cell array ``t`` of shape ``(nx, ny, nz)``."""
        out = self.diagonal() * t
        out[1:, :, :] -= self.gx * t[:-1, :, :]
        out[:-1, :, :] -= self.gx * t[1:, :, :]
        out[:, 1:, :] -= self.gy * t[:, :-1, :]
        out[:, :-1, :] -= self.gy * t[:, 1:, :]
        out[:, :, 1:] -= self.gz * t[:, :, :-1]
        out[:, :, :-1] -= self.gz * t[:, :, 1:]
        return out

    def to_csr(self):
        """A as a scipy CSR matrix on the flat C-order cell index."""
        import scipy.sparse as sp  # on demand: a multigrid solve needs it only here
        nx, ny, nz = self.shape
        idx = np.arange(nx * ny * nz).reshape(nx, ny, nz)
        rows, cols, vals = [idx.ravel()], [idx.ravel()], [self.diagonal().ravel()]
        for g, lo, hi in ((self.gx, idx[:-1], idx[1:]),
                          (self.gy, idx[:, :-1], idx[:, 1:]),
                          (self.gz, idx[:, :, :-1], idx[:, :, 1:])):
            keep = g.ravel() != 0.0
            a, b, v = lo.ravel()[keep], hi.ravel()[keep], -g.ravel()[keep]
            rows += [a, b]
            cols += [b, a]
            vals += [v, v]
        n = nx * ny * nz
        return sp.csr_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                             shape=(n, n))
