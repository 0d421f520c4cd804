"""Bodies reduced to what the mesher needs: a box, or a closed triangle mesh with named faces
(STEP solids are tessellated here with gmsh)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from solver.geometry.trimesh import check_mesh
from solver.model import BoxGeometry, MeshGeometry, Model, StepGeometry
from solver.model.geometry_checks import mesh_arrays, resolve_step_path


@dataclass(eq=False)
class ResolvedBody:
    """A box (``triangles`` is None) or a triangle mesh, with its bounding box."""

    lo: np.ndarray
    hi: np.ndarray
    vertices: np.ndarray | None = None
    triangles: np.ndarray | None = None
    face_names: list[str] = field(default_factory=lambda: ["surface"])
    triangle_faces: np.ndarray | None = None

    @property
    def is_box(self) -> bool:
        return self.triangles is None


def resolve_bodies(model: Model, base_dir: Path) -> list[ResolvedBody]:
    """One :class:`ResolvedBody` per model body, in model order."""
    return [_resolve(b.geometry, base_dir) for b in model.bodies]


def _resolve(geom, base_dir: Path) -> ResolvedBody:
    if isinstance(geom, BoxGeometry):
        return ResolvedBody(np.array(geom.min, float), np.array(geom.max, float))
    if isinstance(geom, MeshGeometry):
        names = list(geom.face_names) or ["surface"]
        return _mesh_body(*mesh_arrays(geom), names, geom.triangle_faces or None)
    if isinstance(geom, StepGeometry):
        return _resolve_step(geom, base_dir)
    raise TypeError(f"unknown geometry {geom!r}")


def _resolve_step(geom: StepGeometry, base_dir: Path) -> ResolvedBody:
    from solver.geometry.step import tessellate_step

    solids = tessellate_step(resolve_step_path(geom, base_dir), geom.deflection or None)
    _, v, t, face_ids = solids[geom.solid - 1]
    ids = np.unique(face_ids)
    names = [f"Face{int(i)}" for i in ids]  # numbered within the solid, as FreeCAD does
    return _mesh_body(v, t, names, np.searchsorted(ids, face_ids))


def _mesh_body(vertices, triangles, names: list[str], triangle_faces) -> ResolvedBody:
    """A checked mesh body (turned outward if it was inside out)."""
    info = check_mesh(vertices, triangles, triangle_faces)
    v = info.vertices
    return ResolvedBody(v.min(axis=0), v.max(axis=0), v, info.triangles, names, info.groups)
