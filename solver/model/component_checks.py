"""Checks of the model's components, every problem with its path."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterator

from solver.model.problems import Problem, join
from solver.model.types import (
    BoxGeometry,
    Component,
    DetailedPackage,
    MeshGeometry,
    Model,
    Package,
    PackageOverrides,
)

PACKAGE_POSITIVE = ("length", "width", "height", "theta_jc", "theta_jb", "theta_jc_bottom")
MODELS = ("two_resistor", "pad", "detailed")
MOULD_OVER_DIE = 50e-6  # m, the least mould cap a detailed model leaves over its die


def _box_ok(g: BoxGeometry) -> bool:
    """Three finite coordinates per corner, min below max (the body checks say what is
    wrong otherwise)."""
    try:
        return (len(g.min) == 3 and len(g.max) == 3
                and all(math.isfinite(a) and math.isfinite(b) and a < b
                        for a, b in zip(g.min, g.max, strict=True)))
    except TypeError:
        return False


def _override_problems(overrides: PackageOverrides | None, path: str) -> Iterator[Problem]:
    """The overrides' capacity and emissivity figures in range (the resistances and sizes
    are checked on the completed package)."""
    if overrides is None:
        return
    for key in ("density", "specific_heat"):
        value = getattr(overrides, key)
        if value is not None and not value > 0.0:
            yield Problem(join(path, key), f"must be positive (got {value:g})")
    e = overrides.emissivity
    if e is not None and not 0.0 <= e <= 1.0:
        yield Problem(join(path, "emissivity"), f"must be within 0..1 (got {e:g})")


def _detailed_problems(comp: Component, pkg: Package, path: str) -> Iterator[Problem]:
    """A detailed model's kind, positive sizes and conductivities, a die that fits on its
    pad or substrate and under the package's top with some mould over it."""
    from solver.package_layers import KINDS, layer_kind, layers, stack_height

    dpath = join(path, "detailed")
    d = comp.detailed or DetailedPackage()
    kind = layer_kind(comp)
    if kind not in KINDS:
        yield Problem(join(dpath, "kind"), (f"must be one of {', '.join(KINDS)} (got {kind!r})"
                                            if kind is not None else
                                            "needed: 'bga' or 'qfn' (the part does not say)"))
        return
    bad = False
    for f in dataclasses.fields(d):
        value = getattr(d, f.name)
        if f.name == "kind" or value is None:
            continue
        values = value if isinstance(value, list) else [value]
        if f.name == "substrate_conductivity" and len(values) not in (1, 3):
            yield Problem(join(dpath, f.name), "one number or [kx, ky, kz]")
            bad = True
        elif not all(isinstance(v, int | float) and math.isfinite(v) and v > 0 for v in values):
            yield Problem(join(dpath, f.name), f"must be positive (got {value})")
            bad = True
    if bad:
        return
    stack = layers(comp, pkg)
    base, die = stack[1], stack[-1]
    for axis, key in ((0, "length"), (1, "width")):
        if die.size[axis] > base.size[axis]:
            yield Problem(join(dpath, f"die_{key}"), (
                f"the die ({die.size[axis]:g} m) is larger than its {base.role} "
                f"({base.size[axis]:g} m)"))
        if base.size[axis] > getattr(pkg, key):
            yield Problem(join(dpath, f"pad_{key}"), (
                f"the pad ({base.size[axis]:g} m) is larger than the package "
                f"({getattr(pkg, key):g} m)"))
    top = stack_height(stack) + MOULD_OVER_DIE
    if top > pkg.height:
        yield Problem(dpath, (f"the stack up to the die's top ({stack_height(stack):g} m) "
                              f"leaves less than {MOULD_OVER_DIE:g} m of mould under the "
                              f"package height ({pkg.height:g} m)"))


def _figure_problems(comp: Component, pkg: Package, path: str) -> Iterator[Problem]:
    """The package's sizes and resistances positive where given, and those the component's
    model needs given (an inline package; a library part's are checked as it resolves); a
    detailed model uses no resistance."""
    from solver.library.parts import FIGURES, MODEL_NAMES, NEEDS

    model = comp.model if comp.model in MODELS else "two_resistor"
    needed = NEEDS[model][:3] if model == "detailed" else NEEDS[model]
    for key in PACKAGE_POSITIVE[:3] if model == "detailed" else PACKAGE_POSITIVE:
        value = getattr(pkg, key)
        given = getattr(comp.package_overrides, key, None) is not None
        where = join(join(path, "package_overrides" if given else "package"), key)
        if value is None and key in needed:
            hint = (" (its theta_jc_bottom is junction to the exposed pad or tab: "
                    "\"model\": \"pad\" uses it in theta_JB's place)"
                    if key == "theta_jb" and pkg.theta_jc_bottom is not None else "")
            yield Problem(where, f"the {MODEL_NAMES[model]} model needs the package's "
                                 f"{FIGURES[key]}{hint}")
        elif value is not None and not value > 0.0:
            yield Problem(where, f"must be positive (got {value:g})")


def component_problems(model: Model) -> Iterator[Problem]:
    """Unique names not clashing with bodies, a known box or mesh board, side top/bottom or
    a planar board ``face`` normal to x, y or z, a package (inline or from the library)
    whose footprint lies on that face, rotation by quarter turns."""
    from solver.components import package_of
    from solver.library import part_problems
    from solver.mounts import footprint_rect

    bodies = {b.name: b for b in model.bodies}
    seen: set[str] = set()
    for i, comp in enumerate(model.components):
        path = join("components", i)
        if not comp.name:
            yield Problem(join(path, "name"), "must not be empty")
        elif comp.name in seen or comp.name in bodies:
            yield Problem(join(path, "name"), f"duplicate component or body name {comp.name!r}")
        seen.add(comp.name)
        board = bodies.get(comp.board)
        if board is None:
            yield Problem(join(path, "board"), f"unknown body {comp.board!r}")
        elif not isinstance(board.geometry, BoxGeometry | MeshGeometry):
            yield Problem(join(path, "board"), "boards must be box or mesh bodies (a STEP "
                                               "board: not yet)")
            board = None
        elif isinstance(board.geometry, BoxGeometry) and not _box_ok(board.geometry):
            yield Problem(join(path, "board"), f"board {comp.board!r} has no valid box (see "
                                               "its geometry)")
            board = None
        if len(comp.position) != 2:
            yield Problem(join(path, "position"), "needs two coordinates [x, y]")
        if comp.rotation % 90.0 != 0.0:
            yield Problem(join(path, "rotation"),
                          f"must be a multiple of 90 degrees (got {comp.rotation:g})")
        if comp.side not in (None, "top", "bottom"):
            yield Problem(join(path, "side"), f"must be 'top' or 'bottom' (got {comp.side!r})")
        elif comp.face is not None and comp.side is not None:
            yield Problem(join(path, "side"), "give the 'face' or the 'side', not both")
        mount = _mount(comp, board, path) if board is not None else None
        if isinstance(mount, Problem):
            yield mount
            mount = None
        if comp.model is not None and comp.model not in MODELS:
            yield Problem(join(path, "model"), (f"must be one of {', '.join(MODELS)} "
                                                f"(got {comp.model!r})"))
        if comp.detailed is not None and comp.model != "detailed":
            yield Problem(join(path, "detailed"), "describes a 'model': 'detailed' component")
        yield from _interface_problems(comp, path)
        if not comp.power >= 0.0:
            yield Problem(join(path, "power"), f"must not be negative ({comp.power:g})")
        if comp.package_overrides is not None and not comp.part:
            yield Problem(join(path, "package_overrides"), (
                "completes a library 'part' (lib:ID): name the part, or give every figure "
                "in the inline 'package'"))
            continue
        if comp.package is None and comp.part:
            yield from part_problems(comp.part, path, overrides=comp.package_overrides,
                                     model=comp.model)
        pkg = package_of(comp)
        if pkg is None:
            if not comp.part:
                yield Problem(path, "needs a 'package' or a 'part'")
            continue
        detailed = comp.model == "detailed"
        bad = list(_figure_problems(comp, pkg, path))
        yield from bad
        yield from _override_problems(comp.package_overrides, join(path, "package_overrides"))
        if detailed and not bad:
            yield from _detailed_problems(comp, pkg, path)
        if bad or mount is None or len(comp.position) != 2:
            continue
        lo, hi = footprint_rect(comp, (pkg.length, pkg.width))
        if not mount.covers(lo, hi):
            where = "" if comp.face is None else f"'s face {mount.name!r}"
            yield Problem(path, (f"the package ({hi[0] - lo[0]:g} x {hi[1] - lo[1]:g} m at "
                                 f"{comp.position[0]:g}, {comp.position[1]:g}) does not fit "
                                 f"on board {comp.board!r}{where}"))


def _interface_problems(comp: Component, path: str) -> Iterator[Problem]:
    """The interface's own problems (:func:`solver.library.tims.interface_problems`); a
    detailed model has none (its solder layer is a body: put a contact under it)."""
    from solver.library.tims import interface_problems

    if comp.interface is None:
        return
    ipath = join(path, "interface")
    if comp.model == "detailed":
        yield Problem(ipath, ("is for the compact models (two_resistor, pad): a detailed "
                              "model's solder layer is a body, put a 'contact' between it "
                              "and the board instead"))
        return
    yield from interface_problems(comp.interface, ipath)


def _mount(comp: Component, board, path: str):
    """The component's board face, or the problem with it (at ``face``, or ``side``)."""
    from solver.mounts import PlacementError, mount_of

    try:
        return mount_of(comp, board.geometry)
    except PlacementError as exc:
        return Problem(join(path, "face" if comp.face is not None
                            or not isinstance(board.geometry, BoxGeometry) else "board"),
                       str(exc))
