"""Geometry builders for the radiation tests."""

import numpy as np


def rect(origin, u, v):
    """Rectangle ``origin, origin+u, origin+u+v, origin+v``; it faces ``u x v``."""
    o, u, v = (np.asarray(a, dtype=np.float64) for a in (origin, u, v))
    return [o, o + u, o + u + v, o + v]


def box_faces(lo, hi, inward):
    """The six faces of the axis-aligned box lo-hi, facing in or out."""
    (x0, y0, z0), (x1, y1, z1) = lo, hi
    dx, dy, dz = x1 - x0, y1 - y0, z1 - z0
    faces = [
        rect([x0, y0, z0], [0, dy, 0], [dx, 0, 0]),  # bottom, faces -z
        rect([x0, y0, z1], [dx, 0, 0], [0, dy, 0]),  # top, faces +z
        rect([x0, y0, z0], [dx, 0, 0], [0, 0, dz]),  # y0, faces -y
        rect([x0, y1, z0], [0, 0, dz], [dx, 0, 0]),  # y1, faces +y
        rect([x0, y0, z0], [0, 0, dz], [0, dy, 0]),  # x0, faces -x
        rect([x1, y0, z0], [0, dy, 0], [0, 0, dz]),  # x1, faces +x
    ]
    return [f[::-1] for f in faces] if inward else faces


def prism_facets(radius, n_sides, length, segments, outward, phase=0.0):
    """Side facets of a regular n-gon prism along z (``segments`` along its length)."""
    angles = phase + 2 * np.pi * np.arange(n_sides + 1) / n_sides
    pts = radius * np.stack([np.cos(angles), np.sin(angles)], axis=1)
    dz = length / segments
    facets = []
    for k in range(n_sides):
        a, b = pts[k], pts[k + 1]
        for s in range(segments):
            z0 = s * dz
            quad = [[a[0], a[1], z0], [b[0], b[1], z0], [b[0], b[1], z0 + dz],
                    [a[0], a[1], z0 + dz]]
            facets.append(quad if outward else quad[::-1])
    return facets
