"""Validation of triangle-mesh and STEP bodies (structure here, topology in solver.geometry)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np

from solver.errors import GeometryError
from solver.model.paths import model_file_problems, resolve_model_file
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


def resolve_step_path(geom: StepGeometry, base_dir: str | Path,
                      attachments: Mapping[str, Path] | None = None, where: str = "") -> Path:
    """The STEP file's real path, confined to the model's folder (or an attachment's path);
    raises ModelFileError otherwise (see :func:`solver.model.paths.resolve_model_file`)."""
    return resolve_model_file(geom.path, base_dir, "STEP file", attachments, where)


def step_problems(geom: StepGeometry, path: str, base_dir: str | Path,
                  attachments: Mapping[str, Path] | None = None) -> list[Problem]:
    """The file must be usable (see :mod:`solver.model.paths`); the solid index 1-based."""
    problems = model_file_problems(geom.path, base_dir, "STEP file", join(path, "path"),
                                   attachments)
    if geom.solid < 1:
        problems.append(Problem(join(path, "solid"),
                                f"solids are numbered from 1 (got {geom.solid})"))
    if geom.deflection < 0.0:
        problems.append(Problem(join(path, "deflection"), "must not be negative"))
    return problems
