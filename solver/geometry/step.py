"""STEP tessellation through gmsh's OpenCASCADE kernel (gmsh is imported lazily)."""

from __future__ import annotations

import math
import os
from pathlib import Path

import numpy as np

from solver.errors import GeometryError
from solver.geometry.trimesh import orient_patches

Tessellation = tuple[str, np.ndarray, np.ndarray, np.ndarray]


def _gmsh():
    try:
        import gmsh
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise GeometryError("reading STEP files needs the gmsh Python module: "
                            "pip install gmsh") from exc
    return gmsh


def tessellate_step(path: str | os.PathLike, linear_deflection: float | None = None,
                    angular_deflection: float = 0.35, max_size: float | None = None,
                    face_numbering: str = "local") -> list[Tessellation]:
    """Closed triangle meshes of the solids in a STEP file.

    One ``(name, vertices (N, 3) m, triangles (M, 3), face_ids (M,))`` per volume, outward
    oriented. ``angular_deflection`` (rad) sets elements per 2π of curvature;
    ``linear_deflection`` (m, chord height) limits the size on curved faces through
    ``h = sqrt(8 r d)`` with ``r`` the smallest radius implied by the curvature rule;
    ``max_size`` (m) caps the element size. Coordinates are imported in metres
    (``Geometry.OCCTargetUnit = M``). ``face_ids``: with ``face_numbering="local"`` the 1-based index
    of the face within its solid in OCC exploration order (FreeCAD's ``FaceN``); with
    ``"gmsh"`` the global gmsh/OCC surface tag.
    """
    p = Path(path)
    if not p.is_file():
        raise GeometryError(f"STEP file not found: {p}")
    if face_numbering not in ("local", "gmsh"):
        raise GeometryError(f"face_numbering must be 'local' or 'gmsh', not {face_numbering!r}")
    gmsh = _gmsh()
    own = not gmsh.isInitialized()
    if own:
        gmsh.initialize(readConfigFiles=False)
    try:
        gmsh.option.setNumber("General.Terminal", 0)
        gmsh.option.setString("Geometry.OCCTargetUnit", "M")
        gmsh.model.add(f"thermocraft_step_{os.getpid()}")
        try:
            gmsh.model.occ.importShapes(str(p))
        except Exception as exc:
            raise GeometryError(f"cannot read STEP file {p}: {exc}") from exc
        gmsh.model.occ.synchronize()
        volumes = [tag for _, tag in gmsh.model.getEntities(3)]
        if not volumes:
            raise GeometryError(f"STEP file {p} contains no solids")
        _mesh_options(gmsh, linear_deflection, angular_deflection, max_size)
        try:
            gmsh.model.mesh.generate(2)
        except Exception as exc:
            raise GeometryError(f"cannot tessellate STEP file {p}: {exc}") from exc
        return [_volume_mesh(gmsh, v, face_numbering) for v in volumes]
    finally:
        gmsh.model.remove()
        if own:
            gmsh.finalize()


def _mesh_options(gmsh, linear: float | None, angular: float,
                  max_size: float | None) -> None:
    n_per_2pi = max(6, math.ceil(2 * math.pi / angular)) if angular > 0 else 0
    gmsh.option.setNumber("Mesh.MeshSizeFromCurvature", n_per_2pi)
    gmsh.option.setNumber("Mesh.MeshSizeExtendFromBoundary", 1)
    lmax = math.inf if max_size is None else max_size
    if linear is not None and n_per_2pi:
        # on a circle of radius r, n elements per 2π give chord height r (1 - cos(π/n));
        # bound the element size so the height stays below ``linear`` for any r
        theta = math.pi / n_per_2pi
        lmax = min(lmax, 2 * math.sin(theta) * linear / (1 - math.cos(theta)))
    if math.isfinite(lmax):
        gmsh.option.setNumber("Mesh.MeshSizeMax", lmax)


def _volume_mesh(gmsh, vol: int, numbering: str) -> Tessellation:
    name = gmsh.model.getEntityName(3, vol) or f"Volume{vol}"
    bnd = gmsh.model.getBoundary([(3, vol)], combined=False, oriented=False, recursive=False)
    tags = sorted({abs(t) for _, t in bnd})
    local = {t: i + 1 for i, t in enumerate(tags)}
    tri_list, ids = [], []
    for _, t in bnd:
        s = abs(t)
        etypes, _, enodes = gmsh.model.mesh.getElements(2, s)
        for et, en in zip(etypes, enodes, strict=True):
            if et != 2:  # 3-node triangles only
                continue
            tri = np.asarray(en, dtype=np.int64).reshape(-1, 3)
            tri_list.append(tri)
            ids.append(np.full(tri.shape[0], local[s] if numbering == "local" else s))
    if not tri_list:
        raise GeometryError(f"solid {name} has no surface triangles")
    tris = np.concatenate(tri_list)
    face_ids = np.concatenate(ids)
    used = np.unique(tris)
    all_tags, all_xyz, _ = gmsh.model.mesh.getNodes()
    all_xyz = np.asarray(all_xyz, dtype=np.float64).reshape(-1, 3)
    order = np.argsort(all_tags)
    verts = all_xyz[order[np.searchsorted(np.asarray(all_tags)[order], used)]]
    tris = orient_patches(np.searchsorted(used, tris), face_ids)
    p = verts[tris]
    vol6 = np.einsum("ij,ij->", p[:, 0] - p.mean((0, 1)),
                     np.cross(p[:, 1] - p.mean((0, 1)), p[:, 2] - p.mean((0, 1))))
    if vol6 < 0:
        tris = tris[:, ::-1]
    return name, verts, np.ascontiguousarray(tris), face_ids
