"""Semantic checks of a model: every problem, each with its path, none raised on the way.

Everything :func:`solver.api.solve` would refuse is found here, before anything is allocated:
physical ranges (:mod:`solver.model.ranges`), sizes against :class:`Limits`
(:mod:`solver.model.size_checks`), files confined to the model's folder
(:mod:`solver.model.paths`), probes outside every body.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterator, Mapping
from dataclasses import replace
from pathlib import Path

import numpy as np

from solver.model import geometry_checks, ranges, size_checks
from solver.model.checks import positive as _positive
from solver.model.checks import temperature as _temperature
from solver.model.component_checks import component_problems
from solver.model.flow_checks import flow_region_problems
from solver.model.frame import frame_problems
from solver.model.limits import DEFAULT_LIMITS, Limits
from solver.model.network_checks import contact_problems, node_heat_sinks, node_problems
from solver.model.problems import Problem, join
from solver.model.profile_checks import profile_problems
from solver.model.types import (
    BOX_FACES,
    SCHEMA_VERSION,
    BoxGeometry,
    MeshGeometry,
    Model,
    StepGeometry,
)

LINEAR_SOLVERS = ("auto", "gmg", "pyamg", "scipy")
SCHEMES = ("euler", "bdf2")
MIN_GROWTH = 1.05
MAX_GROWTH = 10.0


def validate(model: Model, base_dir: str | os.PathLike | None = ".",
             limits: Limits | None = None,
             attachments: Mapping[str, os.PathLike] | None = None,
             files: bool = True) -> list[Problem]:
    """Every problem in ``model``, checked against ``limits`` (default: :class:`Limits`).

    STEP paths are relative to ``base_dir``; in ``limits.step_files == "attachments"`` mode
    they must name one of ``attachments`` (name -> local path) instead. ``files=False`` (or
    ``base_dir=None``) skips everything that reads a file (used while a model is still being
    read). Conditions and contacts may name components' package bodies (valid components
    are expanded first)."""
    from solver.components import with_component_bodies

    limits = limits or DEFAULT_LIMITS
    if limits.step_files == "attachments" and attachments is None:
        attachments = {}
    files = files and base_dir is not None
    base = Path(base_dir or ".")
    problems: list[Problem] = list(component_problems(model))
    for i, comp in enumerate(model.components):
        problems += profile_problems(comp.power_profile,
                                     join(join("components", i), "power_profile"), "power",
                                     base if files else None, _duration(model))
    if not problems:
        model = with_component_bodies(model)
    problems += _materials(model)
    geometry = _bodies(model, base, attachments, limits, files)
    problems += geometry.problems
    problems += _conditions(model, base)
    problems += flow_region_problems(model, limits)
    problems += contact_problems(model)
    problems += node_problems(model, _face_names)
    problems += _settings(model, base)
    problems += size_checks.size_problems(model, limits, geometry.boxes)
    if geometry.complete:
        problems += geometry_checks.probe_problems(model, geometry.solids)
    return problems


def _positive_upto(value: float, path: str, lo: float, hi: float,
                   unit: str = "") -> Iterator[Problem]:
    """Positive, then within ``[lo, hi]`` (one problem at most)."""
    if math.isfinite(value) and not value > 0.0:
        yield from _positive(value, path)
    else:
        yield from ranges.within(value, path, lo, hi, unit)


def _materials(model: Model) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[str] = set()
    transient = model.analysis.kind == "transient"
    used = {b.material for b in model.bodies}
    for i, m in enumerate(model.materials):
        path = join("materials", i)
        if m.name in seen:
            problems.append(Problem(join(path, "name"), f"duplicate material name {m.name!r}"))
        seen.add(m.name)
        k = m.conductivity
        if isinstance(k, list) and len(k) != 3:
            problems.append(Problem(join(path, "conductivity"),
                                    f"needs one value or three [kx, ky, kz], got {len(k)}"))
        else:
            for axis, value in zip("xyz", m.k_xyz() if isinstance(k, list) else [k], strict=False):
                where = join(path, "conductivity")
                what = f"k{axis} " if isinstance(k, list) else ""
                if math.isfinite(value) and not value > 0.0:
                    problems.append(Problem(where, f"{what}must be positive (got {value:g})"))
                else:
                    problems += [Problem(where, what + p.message) for p in ranges.within(
                        value, where, ranges.MIN_CONDUCTIVITY, ranges.MAX_CONDUCTIVITY,
                        " W/(m K)")]
        if m.density < 0.0:
            problems.append(Problem(join(path, "density"), f"must not be negative ({m.density:g})"))
        elif not m.density < 0.0:
            problems += ranges.within(m.density, join(path, "density"), 0.0,
                                      ranges.MAX_DENSITY, " kg/m^3")
        if m.specific_heat < 0.0:
            problems.append(Problem(join(path, "specific_heat"),
                                    f"must not be negative ({m.specific_heat:g})"))
        elif not m.specific_heat < 0.0:
            problems += ranges.within(m.specific_heat, join(path, "specific_heat"), 0.0,
                                      ranges.MAX_SPECIFIC_HEAT, " J/(kg K)")
        if transient and m.name in used and not m.heat_capacity > 0.0:
            problems.append(Problem(path, (
                "a transient needs density and specific_heat of every material in use")))
        if not 0.0 <= m.emissivity <= 1.0:
            problems.append(Problem(join(path, "emissivity"),
                                    f"must be between 0 and 1 (got {m.emissivity:g})"))
    return problems


def _bodies(model: Model, base_dir: Path, attachments, limits: Limits,
            files: bool) -> geometry_checks.BodyGeometry:
    out = geometry_checks.BodyGeometry()
    materials = {m.name for m in model.materials}
    seen: set[str] = set()
    if not model.bodies:
        out.problems.append(Problem("bodies", "the model has no bodies"))
    triangles = 0
    for i, body in enumerate(model.bodies):
        path = join("bodies", i)
        if not body.name:
            out.problems.append(Problem(join(path, "name"), "must not be empty"))
        elif body.name in seen:
            out.problems.append(Problem(join(path, "name"),
                                        f"duplicate body name {body.name!r}"))
        seen.add(body.name)
        if body.material not in materials:
            from solver.library import material_problems  # the library imports the model

            out.problems += material_problems(body.material, join(path, "material"))
        out.problems += ranges.power(body.power, join(path, "power"))
        out.problems += profile_problems(body.power_profile, join(path, "power_profile"),
                                         "power", base_dir if files else None,
                                         _duration(model))
        where = join(path, "geometry")
        if isinstance(body.geometry, MeshGeometry):
            triangles += len(body.geometry.triangles)
            if triangles > limits.triangles:  # before the (costly) topology checks
                out.problems.append(Problem(join(where, "triangles"), (
                    f"the model's meshes have more than {limits.triangles} triangles "
                    f"(the limit) with this body's {len(body.geometry.triangles)}")))
                out.add(None, None)
                continue
        if isinstance(body.geometry, StepGeometry) and not files:
            out.add(None, None)
        else:
            geometry_checks.check_geometry(body.geometry, where, base_dir, attachments, out)
        out.problems += frame_problems(body.frame, join(path, "frame"))
        if body.enclosure and not any(model.ambient.gravity):
            out.problems.append(Problem(join(path, "enclosure"), (
                "the air of an enclosure moves by natural convection, which needs gravity: "
                "ambient.gravity is zero")))
        out.problems += _vents(body, join(path, "vents"))
    return out


def _vents(body, path: str) -> list[Problem]:
    """A body's vents: only on an enclosure, areas and height positive, 0 < C_D <= 1."""
    v = body.vents
    if v is None:
        return []
    if not body.enclosure:
        return [Problem(path, "vents belong to an enclosure: set enclosure to true on the "
                              "body, or remove vents")]
    problems = []
    for name in ("inlet_area", "outlet_area"):
        problems += ranges.within(getattr(v, name), join(path, name), 0.0,
                                  ranges.MAX_COORDINATE_M ** 2, " m^2", lo_open=True)
    problems += ranges.within(v.height, join(path, "height"), 0.0, ranges.MAX_COORDINATE_M,
                              " m", lo_open=True)
    problems += ranges.within(v.discharge_coefficient, join(path, "discharge_coefficient"),
                              0.0, 1.0, lo_open=True)
    return problems


def _duration(model: Model) -> float | None:
    """The transient's duration (None: steady, or not given), which profiles must resolve."""
    a = model.analysis
    return a.duration if a.kind == "transient" else None


def _face_names(geom) -> set[str] | None:
    """Face names a condition may address on this geometry, or None when unknown before
    tessellation (STEP)."""
    if isinstance(geom, BoxGeometry):
        return set(BOX_FACES)
    if isinstance(geom, MeshGeometry):
        return set(geom.face_names)
    return None


def _conditions(model: Model, base_dir: Path) -> list[Problem]:
    from solver.conditions import heat_paths, kind_of, one_of  # the registry imports the model
    from solver.conditions.natural_convection import default_conditions, gravity_problems

    problems: list[Problem] = []
    bodies = {b.name: b for b in model.bodies}
    for i, cond in enumerate(model.conditions):
        path = join("conditions", i)
        body = bodies.get(cond.body)
        if body is None:
            problems.append(Problem(join(path, "body"), f"unknown body {cond.body!r}"))
        elif cond.faces is not None:
            names = _face_names(body.geometry)
            for j, face in enumerate(cond.faces):
                if names is not None and face not in names:
                    known = ", ".join(sorted(names)) or "none: the mesh has no face_names"
                    problems.append(Problem(join(join(path, "faces"), j), (
                        f"body {cond.body!r} has no face {face!r} (faces: {known})")))
                elif names is None and not (face.startswith("Face") and face[4:].isdigit()):
                    problems.append(Problem(join(join(path, "faces"), j), (
                        f"STEP faces are named Face1, Face2, ... (got {face!r})")))
        kind = kind_of(cond)
        problems += kind.validate(cond, path, model)
        for key, quantity in kind.profiles.items():
            problems += profile_problems(getattr(cond, key), join(path, key), quantity,
                                         base_dir, _duration(model))
    every = [*model.conditions, *default_conditions(model)]
    if model.flow_regions:  # which faces a region cools is known on the grid (solve checks)
        return problems
    if model.analysis.kind == "steady" and model.bodies and not any(
            kind_of(c).is_heat_path for c in every) and not node_heat_sinks(model):
        problems.append(Problem("conditions", (
            f"a steady model has no path for heat to leave: add a {one_of(heat_paths())} "
            "condition")))
    elif model.analysis.kind == "steady" and not model.nodes:  # nodes may link pieces
        problems += _uncooled_pieces(replace(model, conditions=every),
                                     [kind_of(c).is_heat_path for c in every])
    if model.ambient.natural_convection:
        problems += gravity_problems(model, "ambient.natural_convection")
    return problems


def _uncooled_pieces(model: Model, heat_path: list[bool]) -> list[Problem]:
    """Groups of touching boxes none of which carries a heat-path condition (as solve's check
    on the grid reports them). Only for models of boxes: for meshes and STEP solids touching
    is known after voxelization, and solve reports it."""
    from solver.conditions import heat_paths, one_of

    boxes = [b.geometry for b in model.bodies]
    if not boxes or not all(isinstance(g, BoxGeometry) and len(g.min) == len(g.max) == 3
                            for g in boxes):
        return []
    lo = np.array([g.min for g in boxes], dtype=np.float64)
    hi = np.array([g.max for g in boxes], dtype=np.float64)
    bound = ranges.MAX_COORDINATE_M
    if not (np.all(np.abs(lo) <= bound) and np.all(np.abs(hi) <= bound) and np.all(hi > lo)):
        return []  # the geometry's own problems come first
    n = len(boxes)
    overlap = np.minimum(hi[:, None], hi[None]) - np.maximum(lo[:, None], lo[None])
    touching = np.all(overlap >= 0.0, axis=2) & (np.sum(overlap > 0.0, axis=2) >= 2)
    piece = list(range(n))

    def root(i: int) -> int:
        while piece[i] != i:
            piece[i] = piece[piece[i]]
            i = piece[i]
        return i
    for i, j in zip(*np.nonzero(np.triu(touching, 1)), strict=True):
        piece[root(int(i))] = root(int(j))
    index = {b.name: i for i, b in enumerate(model.bodies)}
    cooled = {root(index[c.body]) for c, hp in zip(model.conditions, heat_path, strict=True)
              if hp and c.body in index}
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(root(i), []).append(i)
    paths = one_of([name.replace("_", " ") for name in heat_paths()])
    return [Problem(f"bodies[{members[0]}]", (
        f"no path for heat to leave: {', '.join(repr(model.bodies[b].name) for b in members)} "
        f"touch no {paths} condition")) for r, members in groups.items() if r not in cooled]


def _settings(model: Model, base_dir: Path) -> list[Problem]:
    problems: list[Problem] = []
    if model.schema_version != SCHEMA_VERSION:
        problems.append(Problem("schema_version", (
            f"unsupported version {model.schema_version} (read files with load_model or "
            f"model_from_dict, which migrate them to {SCHEMA_VERSION})")))
    problems += _temperature(model.ambient.temperature, "ambient.temperature")
    problems += _temperature(model.ambient.radiant_temperature, "ambient.radiant_temperature")
    problems += _gravity(model.ambient.gravity, "ambient.gravity")
    problems += profile_problems(model.ambient.temperature_profile,
                                 "ambient.temperature_profile", "temperature", base_dir,
                                 _duration(model))
    problems += _mesh(model)
    problems += _analysis(model)
    probes: set[str] = set()
    for i, probe in enumerate(model.probes):
        if probe.name in probes:
            problems.append(Problem(join(join("probes", i), "name"),
                                    f"duplicate probe name {probe.name!r}"))
        probes.add(probe.name)
        problems += ranges.coordinates(probe.position, join(join("probes", i), "position"))
    opts = model.solver
    if opts.linear_solver not in LINEAR_SOLVERS:
        problems.append(Problem("solver.linear_solver", (
            f"unknown solver {opts.linear_solver!r} (known: {', '.join(LINEAR_SOLVERS)})")))
    if not 0.0 < opts.tolerance < 1.0:
        problems.append(Problem("solver.tolerance", f"must be in (0, 1) (got {opts.tolerance:g})"))
    else:
        problems += ranges.tolerance(opts.tolerance, "solver.tolerance", 1.0)
    problems += _positive_upto(opts.nonlinear_tolerance, "solver.nonlinear_tolerance",
                               ranges.MIN_TOLERANCE, ranges.MAX_TEMPERATURE_C, " K")
    problems += ranges.within(opts.convection_relaxation, "solver.convection_relaxation",
                              0.0, 1.0, lo_open=True)
    if not 0.0 < opts.convection_tolerance < 1.0:
        problems.append(Problem("solver.convection_tolerance",
                                f"must be in (0, 1) (got {opts.convection_tolerance:g})"))
    else:
        problems += ranges.tolerance(opts.convection_tolerance, "solver.convection_tolerance", 1.0)
    for key, most in (("max_iterations", 1_000_000), ("max_nonlinear_iterations", 10_000)):
        value = getattr(opts, key)
        if value < 1:
            problems.append(Problem(f"solver.{key}", "must be at least 1"))
        elif value > most:
            problems.append(Problem(f"solver.{key}", f"must be at most {most} (got {value})"))
    return problems


def _gravity(g: list[float], path: str) -> Iterator[Problem]:
    if len(g) != 3:
        yield Problem(path, f"needs three components [gx, gy, gz] in m/s^2, got {len(g)}")
        return
    for value in g:
        bad = list(ranges.within(value, path, -ranges.MAX_GRAVITY, ranges.MAX_GRAVITY,
                                 " m/s^2"))
        if bad:
            yield bad[0]
            return


def _mesh(model: Model) -> list[Problem]:
    """Grid settings in range (their cell count is checked in :mod:`size_checks`)."""
    mesh = model.mesh
    problems: list[Problem] = []
    if mesh.max_cell_size is not None:
        problems += _positive_upto(mesh.max_cell_size, "mesh.max_cell_size",
                                   ranges.MIN_FEATURE_M, 2 * ranges.MAX_COORDINATE_M, " m")
    if mesh.min_cells_across < 1:
        problems.append(Problem("mesh.min_cells_across", "must be at least 1"))
    elif mesh.min_cells_across > 1000:
        problems.append(Problem("mesh.min_cells_across",
                                f"must be at most 1000 (got {mesh.min_cells_across})"))
    if not mesh.max_growth >= MIN_GROWTH:
        problems.append(Problem("mesh.max_growth", (
            f"must be at least {MIN_GROWTH:g} (got {mesh.max_growth:g}); smaller ratios "
            "need impractically many cells")))
    else:
        problems += ranges.within(mesh.max_growth, "mesh.max_growth", MIN_GROWTH, MAX_GROWTH)
    if mesh.max_cells < 1:
        problems.append(Problem("mesh.max_cells", "must be at least 1"))
    if mesh.uniform is not None and (len(mesh.uniform) != 3 or min(mesh.uniform) < 1):
        problems.append(Problem("mesh.uniform", "needs three cell counts [nx, ny, nz], each >= 1"))
    if mesh.max_patch_size is not None:
        problems += _positive_upto(mesh.max_patch_size, "mesh.max_patch_size",
                                   ranges.MIN_FEATURE_M, 2 * ranges.MAX_COORDINATE_M, " m")
    return problems


def _analysis(model: Model) -> list[Problem]:
    a = model.analysis
    if a.kind == "steady":
        return []
    if a.kind != "transient":
        return [Problem("analysis.kind", f"must be 'steady' or 'transient' (got {a.kind!r})")]
    problems: list[Problem] = []
    for key in ("duration", "time_step"):
        value = getattr(a, key)
        if value is None:
            problems.append(Problem(f"analysis.{key}", "is required for a transient"))
        else:
            problems += _positive_upto(value, f"analysis.{key}", ranges.MIN_TIME_S,
                                       ranges.MAX_TIME_S, " s")
    if a.scheme not in SCHEMES:
        problems.append(Problem("analysis.scheme",
                                f"must be one of {', '.join(SCHEMES)} (got {a.scheme!r})"))
    problems += _positive_upto(a.tolerance, "analysis.tolerance", 1e-9, 1e3, " K")
    problems += _temperature(a.initial_temperature, "analysis.initial_temperature")
    if a.duration and a.time_step and a.time_step > a.duration:
        problems.append(Problem("analysis.time_step", (
            f"is longer than the duration ({a.time_step:g} s > {a.duration:g} s)")))
    times = np.asarray(a.output_times, dtype=np.float64)
    if not np.isfinite(times).all():
        problems.append(Problem("analysis.output_times", "must be finite"))
    elif a.duration is not None:
        outside = np.flatnonzero((times < 0.0) | (times > a.duration))
        problems += [Problem(join("analysis.output_times", int(j)), (
            f"{times[j]:g} s is outside the run [0, {a.duration:g}] s")) for j in outside[:10]]
    return problems
