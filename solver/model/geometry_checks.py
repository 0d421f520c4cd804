"""Validation of body geometry (structure and ranges here, topology in solver.geometry), and
of probes against it: a probe outside every body is found before meshing."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from solver.errors import GeometryError
from solver.model import ranges
from solver.model.paths import model_file_problems, resolve_model_file
from solver.model.problems import Problem, join
from solver.model.types import BoxGeometry, MeshGeometry, Model, StepGeometry

Box = tuple[np.ndarray, np.ndarray]


@dataclass
class BodyGeometry:
    """What validation learnt of every body's geometry: ``boxes[i]`` its bounding box and
    ``solids[i]`` what a point can be tested against (None where the geometry is invalid or
    was not read), and the problems found."""

    problems: list[Problem] = field(default_factory=list)
    boxes: list[Box | None] = field(default_factory=list)
    solids: list[tuple | None] = field(default_factory=list)

    def add(self, box: Box | None, solid: tuple | None) -> None:
        self.boxes.append(box)
        self.solids.append(solid)

    @property
    def complete(self) -> bool:
        """Every body's geometry is known (probes can be checked against all of them)."""
        return all(s is not None for s in self.solids)


def check_geometry(geom, path: str, base_dir: Path, attachments: Mapping[str, Path] | None,
                   out: BodyGeometry) -> None:
    """Check one body's geometry, appending its problems, box and solid to ``out``."""
    before = len(out.problems)
    if isinstance(geom, BoxGeometry):
        out.problems += box_problems(geom, path)
        ok = len(out.problems) == before
        box = (np.array(geom.min, float), np.array(geom.max, float)) if ok else None
        out.add(box, ("box", *box) if ok else None)
    elif isinstance(geom, MeshGeometry):
        out.problems += mesh_problems(geom, path)
        if len(out.problems) > before:
            out.add(None, None)
            return
        v, t = mesh_arrays(geom)
        out.add((v.min(axis=0), v.max(axis=0)), ("mesh", v, t))
    elif isinstance(geom, StepGeometry):
        out.problems += step_problems(geom, path, base_dir, attachments)
        box = None
        if len(out.problems) == before:
            box = step_solid_box(geom, path, base_dir, attachments, out.problems)
        out.add(box, None if box is None else ("bbox", *box))


def box_problems(geom: BoxGeometry, path: str) -> list[Problem]:
    """Corners of three coordinates in range, ``max`` above ``min`` by a resolvable size."""
    problems = [p for key in ("min", "max")
                for p in ranges.coordinates(getattr(geom, key), join(path, key))]
    if problems:
        return problems
    for axis, lo, hi in zip("xyz", geom.min, geom.max, strict=True):
        if not hi > lo:
            problems.append(Problem(join(path, "max"), (
                f"zero-volume body: max {axis} ({hi:g}) must be greater than "
                f"min {axis} ({lo:g})")))
        elif hi - lo < ranges.MIN_FEATURE_M:
            problems.append(Problem(join(path, "max"), (
                f"the body is {hi - lo:g} m thick along {axis}, less than the smallest "
                f"feature the solver resolves ({ranges.MIN_FEATURE_M:g} m)")))
    return problems


def mesh_arrays(geom: MeshGeometry) -> tuple[np.ndarray, np.ndarray]:
    """Vertices ``(N, 3)`` float and triangles ``(M, 3)`` int of a mesh body."""
    return (np.asarray(geom.vertices, dtype=np.float64).reshape(-1, 3),
            np.asarray(geom.triangles, dtype=np.int64).reshape(-1, 3))


def mesh_problems(geom: MeshGeometry, path: str) -> list[Problem]:
    """Shape, index range, face tags, then closedness and self-intersection."""
    problems = []
    for i, v in enumerate(geom.vertices):
        problems += ranges.coordinates(v, join(join(path, "vertices"), i))
        if len(problems) >= 10:
            break
    n = len(geom.vertices)
    for i, tri in enumerate(geom.triangles):
        where = join(join(path, "triangles"), i)
        if len(tri) != 3:
            problems.append(Problem(where, "needs three vertex indices"))
        elif any(not 0 <= v < n for v in tri):
            problems.append(Problem(where, f"vertex index out of range 0..{n - 1}: {tri}"))
        if len(problems) >= 10:  # enough to show what is wrong
            break
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


def step_solid_box(geom: StepGeometry, path: str, base_dir: Path,
                   attachments: Mapping[str, Path] | None, problems: list[Problem]
                   ) -> Box | None:
    """The bounding box of the STEP body's solid, read from the file without tessellating;
    a ``solid`` index past the file's solids or an unreadable file is a problem."""
    from solver.geometry.step import step_solid_boxes

    file = resolve_step_path(geom, base_dir, attachments, join(path, "path"))
    try:
        boxes = step_solid_boxes(file)
    except GeometryError as exc:
        problems.append(Problem(join(path, "path"), str(exc)))
        return None
    if not boxes:
        problems.append(Problem(join(path, "path"), "the STEP file contains no solids"))
        return None
    if geom.solid > len(boxes):
        problems.append(Problem(join(path, "solid"), (
            f"the STEP file has {len(boxes)} solid{'s' if len(boxes) > 1 else ''}, "
            f"no solid {geom.solid}")))
        return None
    return boxes[geom.solid - 1]


# --- probes ---------------------------------------------------------------------------------

_RAYS = np.array([[0.5773, 0.5774, 0.5773], [-0.3511, 0.8623, -0.3649],
                  [0.2184, -0.4361, 0.8731]])


def probe_problems(model: Model, solids: list[tuple]) -> list[Problem]:
    """A probe outside every body (a point on a face counts as inside). Boxes are tested
    exactly, meshes by ray parity, STEP solids by their bounding box."""
    problems = []
    for n, probe in enumerate(model.probes):
        if len(probe.position) != 3:
            continue
        p = np.asarray(probe.position, dtype=np.float64)
        if not any(_inside(p, solid) for solid in solids):
            problems.append(Problem(f"probes[{n}].position", (
                f"probe {probe.name!r} at {probe.position} is outside every body")))
    return problems


def _inside(p: np.ndarray, solid: tuple) -> bool:
    kind, a, b = solid
    if kind in ("box", "bbox"):
        scale = max(float(np.max(b - a)), 1e-300)
        return bool(np.all(p >= a - 1e-9 * scale) and np.all(p <= b + 1e-9 * scale))
    v, t = a, b
    lo, hi = v.min(axis=0), v.max(axis=0)
    slack = 1e-9 * max(float(np.max(hi - lo)), 1e-300)
    if np.any(p < lo - slack) or np.any(p > hi + slack):
        return False
    tri = v[t]
    return any(_ray_parity(p, tri, sign * d, slack) for d in _RAYS for sign in (1.0, -1.0))


def _ray_parity(p: np.ndarray, tri: np.ndarray, d: np.ndarray, slack: float) -> bool:
    """Odd number of crossings of the ray ``p + s d`` (s >= -slack) with the triangles
    (Moller-Trumbore); a hit at s ~ 0 counts, so a point on the surface is inside for the
    rays leaving through that face."""
    e1 = tri[:, 1] - tri[:, 0]
    e2 = tri[:, 2] - tri[:, 0]
    h = np.cross(d, e2)
    det = np.einsum("ij,ij->i", e1, h)
    ok = np.abs(det) > 1e-30
    inv = np.where(ok, 1.0 / np.where(ok, det, 1.0), 0.0)
    s = p - tri[:, 0]
    u = np.einsum("ij,ij->i", s, h) * inv
    q = np.cross(s, e1)
    w = (q @ d) * inv
    dist = np.einsum("ij,ij->i", e2, q) * inv
    hits = ok & (u >= 0.0) & (w >= 0.0) & (u + w <= 1.0) & (dist >= -slack)
    return bool(np.count_nonzero(hits) % 2)
