"""Where a component sits: the planar board face it is mounted on (a box face, or a named
planar face of a mesh body) as an axis, an outward sign and a plane coordinate, and the
package's boxes placed on it.

A face is usable when it is planar and normal to x, y or z (the grid is Cartesian: a
package box on a tilted face would be a staircase). Its in-plane axes ``(u, v)`` are the two
global axes other than its normal, in increasing order (a z face: x, y; an x face: y, z; a
y face: x, z); the component's ``position`` is [u, v], its package length runs along u at
rotation 0 (along v after an odd number of quarter turns). ``side`` ``top`` / ``bottom``
without a ``face`` is a box board's ``zmax`` / ``zmin``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from solver.model.types import BOX_FACES, BoxGeometry, Component, MeshGeometry

PLANAR_TOLERANCE = 1e-6  # of the board's size: vertices off the face's plane, normals' spread


class PlacementError(ValueError):
    """The component's face cannot carry it (the message says why)."""


@dataclass(frozen=True)
class Mount:
    """A planar face normal to ``axis`` (0, 1, 2) at coordinate ``plane`` (m), its outward
    normal along ``sign`` (+-1) times that axis; ``triangles`` (a mesh face's, projected to
    its (u, v) plane, shape (n, 3, 2)) or None for a box face, whose extent is ``lo``/``hi``
    in (u, v)."""

    name: str
    axis: int
    sign: int
    plane: float
    lo: tuple[float, float] | None = None
    hi: tuple[float, float] | None = None
    triangles: np.ndarray | None = None

    @property
    def in_plane(self) -> tuple[int, int]:
        u, v = (a for a in range(3) if a != self.axis)
        return u, v

    def covers(self, lo: tuple[float, float], hi: tuple[float, float]) -> bool:
        """The rectangle ``lo``..``hi`` in (u, v) lies on the face (a mesh face: a 5 x 5
        lattice of points over it, edges and corners included, each inside a triangle)."""
        if self.triangles is None:
            slack = 1e-12 + 1e-9 * max(abs(c) for c in (*self.lo, *self.hi))
            return all(self.lo[i] - slack <= lo[i] and hi[i] <= self.hi[i] + slack
                       for i in range(2))
        s = np.linspace(0.0, 1.0, 5)
        pu, pv = np.meshgrid(lo[0] + s * (hi[0] - lo[0]), lo[1] + s * (hi[1] - lo[1]))
        return bool(np.all(_in_triangles(np.stack([pu.ravel(), pv.ravel()], axis=1),
                                         self.triangles)))


def face_name(comp: Component) -> str:
    """The board face the component names: its ``face``, else its ``side``'s box face."""
    if comp.face is not None:
        return comp.face
    return "zmin" if comp.side == "bottom" else "zmax"


def mount_of(comp: Component, board) -> Mount:
    """The face of ``board`` (a body's geometry) the component sits on; PlacementError
    when it has no such face or the face is not planar and normal to x, y or z."""
    name = face_name(comp)
    if isinstance(board, BoxGeometry):
        if name not in BOX_FACES:
            raise PlacementError(f"a box board's faces are {', '.join(BOX_FACES)} "
                                 f"(got {name!r})")
        axis, high = BOX_FACES.index(name) // 2, name.endswith("max")
        u, v = (a for a in range(3) if a != axis)
        return Mount(name, axis, 1 if high else -1,
                     float(board.max[axis] if high else board.min[axis]),
                     (float(board.min[u]), float(board.min[v])),
                     (float(board.max[u]), float(board.max[v])))
    if isinstance(board, MeshGeometry):
        return _mesh_mount(name, board, comp.face is None)
    raise PlacementError("boards must be box or mesh bodies (a STEP board: not yet)")


def _mesh_mount(name: str, board: MeshGeometry, by_side: bool) -> Mount:
    if by_side:
        raise PlacementError("a mesh board needs the 'face' the component sits on (one of "
                             f"its face_names: {', '.join(board.face_names[:8]) or 'none'})")
    if name not in board.face_names:
        raise PlacementError(f"the board has no face {name!r} (its faces: "
                             f"{', '.join(board.face_names[:8])}"
                             f"{', ...' if len(board.face_names) > 8 else ''})")
    try:
        v = np.asarray(board.vertices, float).reshape(-1, 3)
        t = np.asarray(board.triangles, np.int64).reshape(-1, 3)
        faces = np.asarray(board.triangle_faces, np.int64)
        ok = len(faces) == len(t) and t.size and t.min() >= 0 and t.max() < len(v)
    except (TypeError, ValueError):
        ok = False
    if not ok:
        raise PlacementError("the board's mesh is not valid (see its geometry)")
    tri = v[t[faces == board.face_names.index(name)]]
    size = float(np.ptp(v, axis=0).max())
    n = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])
    area = np.linalg.norm(n, axis=1)
    keep = area > 1e-12 * size ** 2  # sliver triangles have no direction
    if not np.any(keep):
        raise PlacementError(f"face {name!r} has no area")
    tri, n = tri[keep], n[keep] / area[keep, None]
    if np.abs(n - n.mean(axis=0)).max() > PLANAR_TOLERANCE * 10 or \
            np.ptp(tri.reshape(-1, 3) @ n.mean(axis=0)) > PLANAR_TOLERANCE * size:
        raise PlacementError(f"face {name!r} is not planar")
    normal = n.mean(axis=0)
    axis = int(np.argmax(np.abs(normal)))
    if abs(normal[axis]) < 1.0 - PLANAR_TOLERANCE:
        raise PlacementError(f"face {name!r} is planar but not normal to x, y or z (normal "
                             f"{np.round(normal, 4).tolist()}; the grid is Cartesian)")
    u, w = (a for a in range(3) if a != axis)
    return Mount(name, axis, 1 if normal[axis] > 0 else -1, float(tri[:, :, axis].mean()),
                 triangles=tri[:, :, [u, w]])


def _in_triangles(p: np.ndarray, tri: np.ndarray) -> np.ndarray:
    """Per point of ``p`` (m, 2): inside (or on the edge of) any of the 2-D triangles."""
    a, b, c = (tri[None, :, i] for i in range(3))
    q = p[:, None]

    def cross(o, e, x):
        return (e[..., 0] - o[..., 0]) * (x[..., 1] - o[..., 1]) \
            - (e[..., 1] - o[..., 1]) * (x[..., 0] - o[..., 0])

    d1, d2, d3 = cross(a, b, q), cross(b, c, q), cross(c, a, q)
    scale = np.abs(cross(a, b, c)) * 1e-9
    neg = (d1 < -scale) | (d2 < -scale) | (d3 < -scale)
    pos = (d1 > scale) | (d2 > scale) | (d3 > scale)
    return np.any(~(neg & pos), axis=1)


def footprint_rect(comp: Component, size: tuple[float, float]
                   ) -> tuple[tuple[float, float], tuple[float, float]]:
    """(lo, hi) in the face's (u, v) of a ``size`` (length, width) rectangle centred on the
    component, turned by its rotation."""
    du, dv = (size[1], size[0]) if round(comp.rotation / 90.0) % 2 else size
    cu, cv = comp.position
    return (cu - du / 2, cv - dv / 2), (cu + du / 2, cv + dv / 2)


def placed_box(comp: Component, mount: Mount, size: tuple[float, float], off_low: float,
               off_high: float) -> BoxGeometry:
    """The box over the ``size`` footprint from ``off_low`` to ``off_high`` (m) off the face,
    outwards."""
    (lu, lv), (hu, hv) = footprint_rect(comp, size)
    u, v = mount.in_plane
    lo, hi = [0.0] * 3, [0.0] * 3
    lo[u], hi[u], lo[v], hi[v] = lu, hu, lv, hv
    ends = sorted((mount.plane + mount.sign * off_low, mount.plane + mount.sign * off_high))
    lo[mount.axis], hi[mount.axis] = ends
    return BoxGeometry(lo, hi)
