"""Exact 2-D orientation sign (Shewchuk-style filter + exact expansion fallback), numba."""

from __future__ import annotations

import numpy as np
from numba import njit

_SPLITTER = 134217729.0  # 2**27 + 1
_ERRBOUND = 3.3306690738754716e-16 * 1.01  # (3 + 16 eps) eps, slightly padded


@njit(cache=True, inline="always")
def _two_diff(a, b):
    x = a - b
    bv = a - x
    av = x + bv
    return x, (a - av) + (bv - b)


@njit(cache=True, inline="always")
def _two_prod(a, b):
    x = a * b
    c = _SPLITTER * a
    ahi = c - (c - a)
    alo = a - ahi
    c = _SPLITTER * b
    bhi = c - (c - b)
    blo = b - bhi
    return x, alo * blo - (((x - ahi * bhi) - alo * bhi) - ahi * blo)


@njit(cache=True)
def _exact_sum_sign(terms):
    """Sign of the exact sum of ``terms`` (Shewchuk/msum partials)."""
    partials = np.empty(terms.size)
    n = 0
    for x0 in terms:
        x = x0
        i = 0
        for j in range(n):
            y = partials[j]
            if abs(x) < abs(y):
                x, y = y, x
            hi = x + y
            lo = y - (hi - x)
            if lo != 0.0:
                partials[i] = lo
                i += 1
            x = hi
        partials[i] = x
        n = i + 1
    for j in range(n - 1, -1, -1):
        if partials[j] > 0.0:
            return 1
        if partials[j] < 0.0:
            return -1
    return 0


@njit(cache=True)
def orient2d_sign(ax, ay, bx, by, px, py):
    """Exact sign of (b - a) x (p - a): +1 if p is left of a->b, -1 right, 0 on the line."""
    detl = (bx - ax) * (py - ay)
    detr = (by - ay) * (px - ax)
    det = detl - detr
    if abs(det) > _ERRBOUND * (abs(detl) + abs(detr)):
        return 1 if det > 0.0 else -1
    if detl == 0.0 and detr == 0.0 and (bx - ax == 0.0 or py - ay == 0.0) \
            and (by - ay == 0.0 or px - ax == 0.0):
        # both products exactly zero only if a factor is exactly zero; differences of
        # floats are zero exactly when the operands are equal
        return 0
    s1, e1 = _two_diff(bx, ax)
    s2, e2 = _two_diff(py, ay)
    s3, e3 = _two_diff(by, ay)
    s4, e4 = _two_diff(px, ax)
    terms = np.empty(16)
    k = 0
    for u, v in ((s1, s2), (s1, e2), (e1, s2), (e1, e2)):
        p, q = _two_prod(u, v)
        terms[k] = p
        terms[k + 1] = q
        k += 2
    for u, v in ((s3, s4), (s3, e4), (e3, s4), (e3, e4)):
        p, q = _two_prod(u, v)
        terms[k] = -p
        terms[k + 1] = -q
        k += 2
    return _exact_sum_sign(terms)
