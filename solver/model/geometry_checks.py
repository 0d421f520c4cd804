"""Validation of triangle-mesh and STEP bodies (structure here, topology in solver.geometry)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from solver.errors import GeometryError
from solver.model.problems import Problem, join
from solver.model.types import MeshGeometry, StepGeometry


def mesh_arrays(geom: MeshGeometry) -> tuple[np.ndarray, np.ndarray]:
    """Vertices ``(N, 3)`` float and triangles ``(M, 3)`` int of a mesh body."""
    return (np.asarray(geom.vertices, dtype=np.float64).reshape(-1, 3),
            np.asarray(geom.triangles, dtype=np.int64).reshape(-1, 3))


def mesh_problems(geom: MeshGeometry, path: str) -> list[Problem]:
    """Shape, index range, face tags, then closedness and self-intersection."""
    problems = [Problem(join(join(path, "vertices"), i), "needs three coordinates [x, y, z]")
                for i, v in enumerate(geom.vertices) if len(v) != 3]
    n = len(geom.vertices)
    for i, tri in enumerate(geom.triangles):
        where = join(join(path, "triangles"), i)
        if len(tri) != 3:
            problems.append(Problem(where, "needs three vertex indices"))
        elif any(not 0 <= v < n for v in tri):
            problems.append(Problem(where, f"vertex index out of range 0..{n - 1}: {tri}"))
    if len(geom.triangles) < 4:
        problems.append(Problem(join(path, "triangles"),
                                "a closed mesh needs at least 4 triangles"))
    if geom.triangle_faces:
        if len(geom.triangle_faces) != len(geom.triangles):
            problems.append(Problem(join(path, "triangle_faces"), (
                f"has {len(geom.triangle_faces)} entries for {len(geom.triangles)} triangles")))
        bad = [f for f in geom.triangle_faces if not 0 <= f < len(geom.face_names)]
        if bad:
            problems.append(Problem(join(path, "triangle_faces"), (
                f"face index {bad[0]} out of range of face_names ({len(geom.face_names)})")))
    if problems:
        return problems
    from solver.geometry.trimesh import checked_mesh  # remembered: resolve checks once

    try:
        checked_mesh(*mesh_arrays(geom))
    except GeometryError as exc:
        problems.append(Problem(path, str(exc)))
    return problems


def resolve_model_path(path: str, base_dir: str | Path) -> Path:
    """A file a model names (a STEP body, a profile table), relative paths taken from the
    model file's folder."""
    p = Path(path).expanduser()
    return p if p.is_absolute() else Path(base_dir) / p


def resolve_step_path(geom: StepGeometry, base_dir: str | Path) -> Path:
    """The STEP file's path (see :func:`resolve_model_path`)."""
    return resolve_model_path(geom.path, base_dir)


def step_problems(geom: StepGeometry, path: str, base_dir: str | Path) -> list[Problem]:
    """The file must exist; the solid index must be 1-based."""
    problems = []
    file = resolve_step_path(geom, base_dir)
    if not file.is_file():
        problems.append(Problem(join(path, "path"), f"STEP file not found: {file}"))
    if geom.solid < 1:
        problems.append(Problem(join(path, "solid"),
                                f"solids are numbered from 1 (got {geom.solid})"))
    if geom.deflection < 0.0:
        problems.append(Problem(join(path, "deflection"), "must not be negative"))
    return problems
