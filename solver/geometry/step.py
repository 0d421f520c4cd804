"""STEP tessellation through gmsh's OpenCASCADE kernel (gmsh is imported lazily)."""

from __future__ import annotations

import math
import os
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from solver.errors import GeometryError
from solver.geometry.trimesh import check_edges, orient_patches

Tessellation = tuple[str, np.ndarray, np.ndarray, np.ndarray]
_MM = 1e-3  # metres per model unit


def _gmsh():
    try:
        import gmsh
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise GeometryError("reading STEP files needs the gmsh Python module: "
                            "pip install gmsh") from exc
    return gmsh


def tessellate_step(path: str | os.PathLike, linear_deflection: float | None = None,
                    angular_deflection: float = 0.35) -> list[Tessellation]:
    """Closed triangle meshes of the solids in a STEP file.

    One ``(name, vertices (N, 3) m, triangles (M, 3), face_ids (M,))`` per volume, outward
    oriented, vertices shared between faces, coordinates in metres (OCC reads the file's
    units into millimetres; converted here). ``face_ids`` are the 1-based index of the face
    within its solid in OCC exploration order (FreeCAD's ``FaceN`` for single-solid files).

    OpenCASCADE's own tessellation (``importStl``) is used: ``linear_deflection`` is the
    absolute chord height in m (None: 1e-3 × model diagonal) and ``angular_deflection`` the
    angle in rad; flat faces stay coarse. If that tessellation is not watertight, gmsh meshes
    the surfaces instead: ``angular_deflection`` then sets elements per 2π of curvature and
    ``linear_deflection`` bounds the element size everywhere (``≈ 2 d / θ``).
    """
    p = Path(path)
    if not p.is_file():
        raise GeometryError(f"STEP file not found: {p}")
    with _step_model(p, str(p)) as gmsh:
        volumes = [tag for _, tag in gmsh.model.getEntities(3)]
        if not volumes:
            raise GeometryError(f"STEP file {p} contains no solids")
        deflection = linear_deflection
        if deflection is None:  # per-face relative deflection is not watertight
            box = np.array(gmsh.model.getBoundingBox(-1, -1)) * _MM
            deflection = 1e-3 * float(np.linalg.norm(box[3:] - box[:3]))
        gmsh.option.setNumber("Mesh.StlLinearDeflectionRelative", 0)
        gmsh.option.setNumber("Mesh.StlLinearDeflection", deflection / _MM)
        gmsh.option.setNumber("Mesh.StlAngularDeflection", angular_deflection)
        try:
            gmsh.model.mesh.importStl()
            out = [_volume_mesh(gmsh, v) for v in volumes]
            for _, _, tris, _ in out:
                check_edges(tris)
            return out
        except Exception:  # not watertight or no triangulation: let gmsh mesh it
            gmsh.model.mesh.clear()
        _mesh_options(gmsh, linear_deflection, angular_deflection)
        try:
            gmsh.model.mesh.generate(2)
        except Exception as exc:
            raise GeometryError(f"cannot tessellate STEP file {p}: {exc}") from exc
        return [_volume_mesh(gmsh, v) for v in volumes]


_NUMBER_OPTIONS = ("General.Terminal", "Mesh.StlLinearDeflectionRelative",
                   "Mesh.StlLinearDeflection", "Mesh.StlAngularDeflection",
                   "Mesh.MeshSizeFromCurvature", "Mesh.MeshSizeExtendFromBoundary",
                   "Mesh.MeshSizeMax")


def _save_options(gmsh) -> dict:
    saved: dict = {name: gmsh.option.getNumber(name) for name in _NUMBER_OPTIONS}
    saved["Geometry.OCCTargetUnit"] = gmsh.option.getString("Geometry.OCCTargetUnit")
    return saved


def _restore_options(gmsh, saved: dict) -> None:
    for name, value in saved.items():
        if isinstance(value, str):
            gmsh.option.setString(name, value)
        else:
            gmsh.option.setNumber(name, value)


def _mesh_options(gmsh, linear: float | None, angular: float) -> None:
    n_per_2pi = max(6, math.ceil(2 * math.pi / angular)) if angular > 0 else 0
    gmsh.option.setNumber("Mesh.MeshSizeFromCurvature", n_per_2pi)
    gmsh.option.setNumber("Mesh.MeshSizeExtendFromBoundary", 1)
    lmax = math.inf
    if linear is not None and n_per_2pi:
        # on a circle of radius r, n elements per 2π give chord height r (1 - cos(π/n));
        # bound the element size so the height stays below ``linear`` for any r
        theta = math.pi / n_per_2pi
        lmax = min(lmax, 2 * math.sin(theta) * linear / (1 - math.cos(theta)))
    if math.isfinite(lmax):
        gmsh.option.setNumber("Mesh.MeshSizeMax", lmax / _MM)


def _volume_mesh(gmsh, vol: int) -> Tessellation:
    name = gmsh.model.getEntityName(3, vol).rsplit("/", 1)[-1] or f"Volume{vol}"
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
            ids.append(np.full(tri.shape[0], local[s]))
    if not tri_list:
        raise GeometryError(f"solid {name} has no surface triangles")
    tris = np.concatenate(tri_list)
    face_ids = np.concatenate(ids)
    used = np.unique(tris)
    all_tags, all_xyz, _ = gmsh.model.mesh.getNodes()
    all_xyz = np.asarray(all_xyz, dtype=np.float64).reshape(-1, 3)
    order = np.argsort(all_tags)
    verts = all_xyz[order[np.searchsorted(np.asarray(all_tags)[order], used)]]
    # faces tessellated separately repeat their boundary nodes: merge equal coordinates
    verts, inv = np.unique(verts, axis=0, return_inverse=True)
    verts = verts * _MM
    tris = orient_patches(inv.reshape(-1)[np.searchsorted(used, tris)], face_ids)
    p = verts[tris]
    vol6 = np.einsum("ij,ij->", p[:, 0] - p.mean((0, 1)),
                     np.cross(p[:, 1] - p.mean((0, 1)), p[:, 2] - p.mean((0, 1))))
    if vol6 < 0:
        tris = tris[:, ::-1]
    return name, verts, np.ascontiguousarray(tris), face_ids


def step_solid_boxes(path: str | os.PathLike) -> list[tuple[np.ndarray, np.ndarray]]:
    """Bounding box ``(lo, hi)`` in m of every solid in a STEP file, in file order, read
    without tessellating (for validation: counting solids, sizing the grid)."""
    with _step_model(path, Path(path).name) as gmsh:
        boxes = []
        for _, tag in gmsh.model.getEntities(3):
            box = np.array(gmsh.model.getBoundingBox(3, tag)) * _MM
            boxes.append((box[:3], box[3:]))
        return boxes


@contextmanager
def _step_model(path: str | os.PathLike, shown: str):
    """gmsh with the STEP file imported into a fresh model (terminal off, OCC units mm);
    after it, the model is removed, gmsh's process-global options put back and gmsh
    finalized if this opened it. ``shown`` names the file in the error when it is unreadable.
    """
    gmsh = _gmsh()
    own = not gmsh.isInitialized()
    if own:
        gmsh.initialize(readConfigFiles=False, interruptible=False)  # thread-safe signals
    saved = _save_options(gmsh)
    try:
        gmsh.option.setNumber("General.Terminal", 0)
        # millimetres, OCC's own default: the unit is an OCC process-wide setting that
        # also steers later STEP writes, so never leave it at anything else
        gmsh.option.setString("Geometry.OCCTargetUnit", "MM")
        gmsh.model.add(f"thermocraft_step_{os.getpid()}")
        try:
            gmsh.model.occ.importShapes(str(path))
        except Exception as exc:
            raise GeometryError(f"cannot read STEP file {shown}: {exc}") from exc
        gmsh.model.occ.synchronize()
        yield gmsh
    finally:
        gmsh.model.remove()
        _restore_options(gmsh, saved)
        if own:
            gmsh.finalize()
