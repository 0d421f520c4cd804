"""Recognising a closed triangle mesh as a sphere or a circular cylinder (a tessellated
primitive, from a mesh or a STEP solid), for the whole-body natural-convection correlations.

A mesh is a sphere when every vertex lies within :data:`RADIUS_TOLERANCE` of one radius
about its surface centroid and every triangle's normal is within :data:`FACET_ANGLE` of the
radial direction at its centroid (a cube's corners lie on a sphere too: its faces fail the
angle). It is a cylinder about an axis through that centroid when every triangle is either
on the side (normal within :data:`FACET_ANGLE` of the radial direction, vertices within the
tolerance of one radius) or on one of the two end discs (normal within the angle of the
axis, vertices on the end planes and inside the radius). Either way the facets must cover
:data:`MIN_AREA_RATIO` of the true round surface's area, so a prism of few sides (a box) is
not a cylinder nor a coarse polyhedron a sphere. Candidate axes: the eigenvectors of
the area-weighted normal tensor (distinct for a cylinder unless L = D) and the normal
direction holding the most area (the end discs', unless the side is faceted coarser than
about 4 L / D facets). Anything else (a tube, a chamfered or cut cylinder) is not round.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

FACET_ANGLE = math.radians(15.0)
RADIUS_TOLERANCE = 0.01  # relative
# the least area of the facets over the round surface's (a cylinder's side, a sphere): a
# regular 10-gon prism's side has 0.984, an octagon's 0.974 (sin(pi/N) / (pi/N)); an
# icosphere of 320 triangles 0.981
MIN_AREA_RATIO = 0.98


@dataclass(frozen=True)
class RoundFit:
    """A recognised round body: ``kind`` "sphere" or "cylinder", ``center`` (m), the unit
    ``axis`` (a cylinder's; None for a sphere), ``diameter`` and ``length`` along the axis
    (m; a sphere's length is its diameter)."""

    kind: str
    center: np.ndarray
    axis: np.ndarray | None
    diameter: float
    length: float


def fit_round_body(vertices: np.ndarray, triangles: np.ndarray) -> RoundFit | None:
    """The sphere or cylinder the closed, outward mesh is, None when it is neither."""
    v = np.asarray(vertices, dtype=float)
    t = np.asarray(triangles, dtype=np.int64)
    corners = v[t]
    cross = np.cross(corners[:, 1] - corners[:, 0], corners[:, 2] - corners[:, 0])
    twice_area = np.linalg.norm(cross, axis=1)
    if t.shape[0] < 4 or np.any(twice_area <= 0.0):
        return None
    normal = cross / twice_area[:, None]
    mid = corners.mean(axis=1)
    center = twice_area @ mid / twice_area.sum()
    used = v[np.unique(t)]
    sphere = _sphere(used, normal, mid, center, 0.5 * twice_area.sum())
    if sphere is not None:
        return sphere
    for axis in _candidate_axes(normal, twice_area):
        fit = _cylinder(corners, normal, 0.5 * twice_area, mid, center, axis)
        if fit is not None:
            return fit
    return None


def _sphere(used, normal, mid, center, area) -> RoundFit | None:
    radius = np.linalg.norm(used - center, axis=1)
    r = float(radius.mean())
    if r <= 0.0 or np.max(np.abs(radius - r)) > RADIUS_TOLERANCE * r or \
            area < MIN_AREA_RATIO * 4.0 * math.pi * r * r:
        return None
    radial = mid - center
    radial /= np.maximum(np.linalg.norm(radial, axis=1, keepdims=True), 1e-300)
    if np.min(np.sum(normal * radial, axis=1)) < math.cos(FACET_ANGLE):
        return None
    return RoundFit("sphere", center, None, 2.0 * r, 2.0 * r)


def _candidate_axes(normal: np.ndarray, weight: np.ndarray) -> list[np.ndarray]:
    """The normal tensor's eigenvectors and the normal direction (up to sign) with the most
    area."""
    tensor = (normal * weight[:, None]).T @ normal
    axes = list(np.linalg.eigh(tensor)[1].T)
    big = np.argmax(np.abs(normal), axis=1)
    sign = np.sign(normal[np.arange(len(normal)), big])
    keys, which = np.unique(np.round(normal * sign[:, None], 3), axis=0, return_inverse=True)
    top = int(np.argmax(np.bincount(which.reshape(-1), weights=weight)))
    axes.append(keys[top] / np.linalg.norm(keys[top]))
    return axes


def _cylinder(corners, normal, area, mid, center, axis) -> RoundFit | None:
    along = normal @ axis
    side = np.abs(along) < math.sin(FACET_ANGLE)
    end = np.abs(along) > math.cos(FACET_ANGLE)
    if not np.all(side | end) or not np.any(side):
        return None
    rel = corners - center
    height = rel @ axis  # (n, 3)
    radial = rel - height[..., None] * axis
    distance = np.linalg.norm(radial, axis=2)
    r = float(distance[side].mean())
    if r <= 0.0 or np.max(np.abs(distance[side] - r)) > RADIUS_TOLERANCE * r:
        return None
    out = mid[side] - center
    out -= np.outer(out @ axis, axis)
    out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-300)
    if np.min(np.sum(normal[side] * out, axis=1)) < math.cos(FACET_ANGLE):
        return None
    lo, hi = float(height.min()), float(height.max())
    length = hi - lo
    if area[side].sum() < MIN_AREA_RATIO * 2.0 * math.pi * r * length:
        return None
    tol = RADIUS_TOLERANCE * max(r, length)
    plane = np.where(along[end] > 0.0, hi, lo)
    if np.any(np.abs(height[end] - plane[:, None]) > tol) or \
            np.any(distance[end] > r * (1.0 + RADIUS_TOLERANCE)):
        return None
    return RoundFit("cylinder", center, axis, 2.0 * r, length)
