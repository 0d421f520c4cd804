"""Semantic checks of a model: every problem, each with its path, none raised on the way."""

from __future__ import annotations

import math
from pathlib import Path

from solver.model import geometry_checks
from solver.model.checks import positive as _positive
from solver.model.checks import temperature as _temperature
from solver.model.component_checks import component_problems
from solver.model.frame import frame_problems
from solver.model.network_checks import contact_problems, node_heat_sinks, node_problems
from solver.model.problems import Problem, join
from solver.model.profile_checks import profile_problems
from solver.model.types import (
    BOX_FACES,
    BoxGeometry,
    MeshGeometry,
    Model,
    StepGeometry,
)

LINEAR_SOLVERS = ("auto", "gmg", "pyamg", "scipy")
SCHEMES = ("euler", "bdf2")
MIN_GROWTH = 1.05


def validate(model: Model, base_dir: str | Path = ".") -> list[Problem]:
    """Every problem in ``model``; STEP paths are relative to ``base_dir``. Conditions and
    contacts may name components' package bodies (valid components are expanded first)."""
    from solver.components import with_component_bodies

    problems: list[Problem] = list(component_problems(model))
    if not problems:
        model = with_component_bodies(model)
    problems += _materials(model)
    problems += _bodies(model, Path(base_dir))
    problems += _conditions(model, Path(base_dir))
    problems += contact_problems(model)
    problems += node_problems(model, _face_names)
    problems += _settings(model, Path(base_dir))
    return problems


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
                if not value > 0.0:
                    where = join(path, "conductivity")
                    what = f"k{axis} " if isinstance(k, list) else ""
                    problems.append(Problem(where, f"{what}must be positive (got {value:g})"))
        if m.density < 0.0:
            problems.append(Problem(join(path, "density"), f"must not be negative ({m.density:g})"))
        if m.specific_heat < 0.0:
            problems.append(Problem(join(path, "specific_heat"),
                                    f"must not be negative ({m.specific_heat:g})"))
        if transient and m.name in used and not m.heat_capacity > 0.0:
            problems.append(Problem(path, (
                "a transient needs density and specific_heat of every material in use")))
        if not 0.0 <= m.emissivity <= 1.0:
            problems.append(Problem(join(path, "emissivity"),
                                    f"must be between 0 and 1 (got {m.emissivity:g})"))
    return problems


def _bodies(model: Model, base_dir: Path) -> list[Problem]:
    problems: list[Problem] = []
    materials = {m.name for m in model.materials}
    seen: set[str] = set()
    if not model.bodies:
        problems.append(Problem("bodies", "the model has no bodies"))
    for i, body in enumerate(model.bodies):
        path = join("bodies", i)
        if not body.name:
            problems.append(Problem(join(path, "name"), "must not be empty"))
        elif body.name in seen:
            problems.append(Problem(join(path, "name"), f"duplicate body name {body.name!r}"))
        seen.add(body.name)
        if body.material not in materials:
            problems.append(Problem(join(path, "material"), f"unknown material {body.material!r}"))
        if body.power < 0.0:
            problems.append(Problem(join(path, "power"), f"must not be negative ({body.power:g})"))
        problems += _geometry(body.geometry, join(path, "geometry"), base_dir)
        problems += profile_problems(body.power_profile, join(path, "power_profile"), "power",
                                     base_dir, _duration(model))
        problems += frame_problems(body.frame, join(path, "frame"))
    return problems


def _geometry(geom, path: str, base_dir: Path) -> list[Problem]:
    if isinstance(geom, BoxGeometry):
        problems = [Problem(join(path, key), "needs three coordinates [x, y, z]")
                    for key in ("min", "max") if len(getattr(geom, key)) != 3]
        if not problems:
            for axis, lo, hi in zip("xyz", geom.min, geom.max, strict=True):
                if not hi > lo:
                    problems.append(Problem(join(path, "max"), (
                        f"zero-volume body: max {axis} ({hi:g}) must be greater than "
                        f"min {axis} ({lo:g})")))
        return problems
    if isinstance(geom, MeshGeometry):
        return geometry_checks.mesh_problems(geom, path)
    if isinstance(geom, StepGeometry):
        return geometry_checks.step_problems(geom, path, base_dir)
    return []


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
    if model.analysis.kind == "steady" and model.bodies and not any(
            kind_of(c).is_heat_path for c in model.conditions) and not node_heat_sinks(model):
        problems.append(Problem("conditions", (
            f"a steady model has no path for heat to leave: add a {one_of(heat_paths())} "
            "condition")))
    return problems


def _settings(model: Model, base_dir: Path) -> list[Problem]:
    problems: list[Problem] = []
    if model.schema_version != 1:
        problems.append(Problem("schema_version", f"unsupported version {model.schema_version}"))
    problems += _temperature(model.ambient.temperature, "ambient.temperature")
    problems += _temperature(model.ambient.radiant_temperature, "ambient.radiant_temperature")
    problems += profile_problems(model.ambient.temperature_profile,
                                 "ambient.temperature_profile", "temperature", base_dir,
                                 _duration(model))
    mesh = model.mesh
    if mesh.max_cell_size is not None:
        problems += _positive(mesh.max_cell_size, "mesh.max_cell_size")
    if mesh.min_cells_across < 1:
        problems.append(Problem("mesh.min_cells_across", "must be at least 1"))
    if not mesh.max_growth >= MIN_GROWTH:
        problems.append(Problem("mesh.max_growth", (
            f"must be at least {MIN_GROWTH:g} (got {mesh.max_growth:g}); smaller ratios "
            "need impractically many cells")))
    if mesh.max_cells < 1:
        problems.append(Problem("mesh.max_cells", "must be at least 1"))
    if mesh.uniform is not None and (len(mesh.uniform) != 3 or min(mesh.uniform) < 1):
        problems.append(Problem("mesh.uniform", "needs three cell counts [nx, ny, nz], each >= 1"))
    elif mesh.uniform is not None and math.prod(mesh.uniform) > mesh.max_cells:
        problems.append(Problem("mesh.uniform", (
            f"{math.prod(mesh.uniform)} cells exceed mesh.max_cells ({mesh.max_cells})")))
    problems += _analysis(model)
    probes: set[str] = set()
    for i, probe in enumerate(model.probes):
        if probe.name in probes:
            problems.append(Problem(join(join("probes", i), "name"),
                                    f"duplicate probe name {probe.name!r}"))
        probes.add(probe.name)
        if len(probe.position) != 3:
            problems.append(Problem(join(join("probes", i), "position"),
                                    "needs three coordinates [x, y, z]"))
    opts = model.solver
    if opts.linear_solver not in LINEAR_SOLVERS:
        problems.append(Problem("solver.linear_solver", (
            f"unknown solver {opts.linear_solver!r} (known: {', '.join(LINEAR_SOLVERS)})")))
    if not 0.0 < opts.tolerance < 1.0:
        problems.append(Problem("solver.tolerance", f"must be in (0, 1) (got {opts.tolerance:g})"))
    problems += _positive(opts.nonlinear_tolerance, "solver.nonlinear_tolerance")
    for key in ("max_iterations", "max_nonlinear_iterations"):
        if getattr(opts, key) < 1:
            problems.append(Problem(f"solver.{key}", "must be at least 1"))
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
            problems += _positive(value, f"analysis.{key}")
    if a.scheme not in SCHEMES:
        problems.append(Problem("analysis.scheme",
                                f"must be one of {', '.join(SCHEMES)} (got {a.scheme!r})"))
    problems += _positive(a.tolerance, "analysis.tolerance")
    problems += _temperature(a.initial_temperature, "analysis.initial_temperature")
    if a.duration and a.time_step and a.time_step > a.duration:
        problems.append(Problem("analysis.time_step", (
            f"is longer than the duration ({a.time_step:g} s > {a.duration:g} s)")))
    for j, t in enumerate(a.output_times):
        if a.duration is not None and not 0.0 <= t <= a.duration:
            problems.append(Problem(join("analysis.output_times", j),
                                    f"{t:g} s is outside the run [0, {a.duration:g}] s"))
    if any(not math.isfinite(t) for t in a.output_times):
        problems.append(Problem("analysis.output_times", "must be finite"))
    return problems
