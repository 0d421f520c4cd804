"""Bodies reduced to what the mesher needs: a box, or a closed triangle mesh with named faces
(STEP solids are tessellated here with gmsh, each file once per solve)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from solver.geometry.trimesh import checked_mesh
from solver.meshing.checkpoint import Check, never
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


def resolve_bodies(model: Model, base_dir: Path, check: Check = never,
                   attachments: Mapping[str, Path] | None = None) -> list[ResolvedBody]:
    """One :class:`ResolvedBody` per model body, in model order. A STEP file (confined to
    ``base_dir``, or taken from ``attachments``) is tessellated once per ``(file,
    deflection)`` however many bodies use it; ``check()`` runs before each body (it raises
    to cancel)."""
    tessellations: dict[tuple[Path, float], list] = {}
    out = []
    for b in model.bodies:
        check()
        out.append(_resolve(b.geometry, base_dir, tessellations, attachments))
    return out


def _resolve(geom, base_dir: Path, tessellations: dict, attachments=None) -> ResolvedBody:
    if isinstance(geom, BoxGeometry):
        return ResolvedBody(np.array(geom.min, float), np.array(geom.max, float))
    if isinstance(geom, MeshGeometry):
        names = list(geom.face_names) or ["surface"]
        return _mesh_body(*mesh_arrays(geom), names, geom.triangle_faces or None)
    if isinstance(geom, StepGeometry):
        return _resolve_step(geom, base_dir, tessellations, attachments)
    raise TypeError(f"unknown geometry {geom!r}")


def _resolve_step(geom: StepGeometry, base_dir: Path, tessellations: dict,
                  attachments=None) -> ResolvedBody:
    from solver.geometry import step

    key = (resolve_step_path(geom, base_dir, attachments), float(geom.deflection))
    if key not in tessellations:
        tessellations[key] = step.tessellate_step(key[0], geom.deflection or None)
    _, v, t, face_ids = tessellations[key][geom.solid - 1]
    ids = np.unique(face_ids)
    names = [f"Face{int(i)}" for i in ids]  # numbered within the solid, as FreeCAD does
    return _mesh_body(v, t, names, np.searchsorted(ids, face_ids))


def _mesh_body(vertices, triangles, names: list[str], triangle_faces) -> ResolvedBody:
    """A checked mesh body (turned outward if it was inside out)."""
    info = checked_mesh(vertices, triangles)
    v = info.vertices
    groups = (np.zeros(info.triangles.shape[0], dtype=np.int64) if triangle_faces is None
              else np.asarray(triangle_faces, dtype=np.int64))
    return ResolvedBody(v.min(axis=0), v.max(axis=0), v, info.triangles, names, groups)
