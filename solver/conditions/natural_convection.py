"""``natural_convection``: a film to still air whose coefficient comes from correlations per
surface patch (:mod:`solver.patch_films`, updated in the Picard loop), and the model-wide
default ``ambient.natural_convection``."""

from __future__ import annotations

import math
from typing import ClassVar

import numpy as np

from solver.conditions.base import ConditionKind, Values
from solver.model import ranges
from solver.model.checks import temperature
from solver.model.problems import Problem, join
from solver.model.types import (
    NATURAL_CONVECTION_ORIENTATIONS,
    NATURAL_CONVECTION_SHAPES,
    Model,
    NaturalConvection,
)
from solver.physics.natural_convection import HORIZONTAL_CYLINDER, PLATE, SPHERE, VERTICAL_CYLINDER

# orientation override per face: NaN = from the normal and gravity, else n . up
ORIENTATION_UP_DOT_NORMAL = {"vertical": 0.0, "horizontal_up": 1.0, "horizontal_down": -1.0}
# shape per face: NaN = the body's, recognised from its triangles (solver.patch_films)
SHAPE_CODES = {"plate": PLATE, "horizontal_cylinder": HORIZONTAL_CYLINDER,
               "vertical_cylinder": VERTICAL_CYLINDER, "sphere": SPHERE}


class NaturalConvectionKind(ConditionKind):
    name = NaturalConvection.kind
    is_heat_path = True
    nonlinear = True
    convective = True
    patch_film = True
    profiles: ClassVar[dict[str, str]] = {"fluid_temperature_profile": "temperature"}

    def defaults(self, model: Model) -> dict[str, float]:
        """``on`` marks the faces; ``h`` is the patch film the Picard loop installs
        (:meth:`solver.patch_films.NaturalConvectionFilms.install`); NaN ``length`` and
        ``up_dot_normal``: from the patch's geometry; ``shape`` a code of
        :data:`SHAPE_CODES`, NaN: recognised from the body's geometry."""
        return {"on": 0.0, "h": 0.0, "t_fluid": model.ambient.temperature,
                "length": np.nan, "up_dot_normal": np.nan, "shape": np.nan}

    def validate(self, cond: NaturalConvection, path: str, model: Model):
        problems: list[Problem] = []
        if cond.length is not None:
            problems += ranges.within(cond.length, join(path, "length"), 0.0,
                                      2 * ranges.MAX_COORDINATE_M, " m", lo_open=True)
        if cond.orientation is not None and cond.orientation not in NATURAL_CONVECTION_ORIENTATIONS:
            problems.append(Problem(join(path, "orientation"), (
                f"unknown orientation {cond.orientation!r} (known: "
                f"{', '.join(NATURAL_CONVECTION_ORIENTATIONS)}; omit it to take the face's "
                "normal against ambient.gravity)")))
        if cond.shape is not None and cond.shape not in NATURAL_CONVECTION_SHAPES:
            problems.append(Problem(join(path, "shape"), (
                f"unknown shape {cond.shape!r} (known: {', '.join(NATURAL_CONVECTION_SHAPES)}; "
                "omit it to recognise a cylinder or sphere from the body's geometry)")))
        elif cond.shape not in (None, "plate") and cond.orientation is not None:
            problems.append(Problem(join(path, "orientation"), (
                f"a {cond.shape} takes one film for the whole body from its own correlation: "
                "orientation applies to plates only")))
        problems += temperature(cond.fluid_temperature, join(path, "fluid_temperature"))
        return problems + gravity_problems(model, path)

    def apply(self, cond: NaturalConvection, faces, values: Values, model: Model, time):
        values["on"][faces] = 1.0
        fluid = cond.fluid_temperature
        values["t_fluid"][faces] = model.ambient.temperature if fluid is None else fluid
        values["length"][faces] = np.nan if cond.length is None else cond.length
        values["up_dot_normal"][faces] = ORIENTATION_UP_DOT_NORMAL.get(cond.orientation, np.nan)
        values["shape"][faces] = shape_code(cond)

    def film(self, values: Values, t_surface):
        return values["h"], values["t_fluid"]

    def heat_path(self, values: Values):
        return values["on"] > 0.0


def shape_code(cond: NaturalConvection) -> float:
    """The shape code of ``cond``'s faces: the given ``shape``'s; NaN (recognised from the
    body) without shape, length and orientation; else a plate (those override plates)."""
    if cond.shape is not None:
        return float(SHAPE_CODES[cond.shape])
    return np.nan if cond.length is None and cond.orientation is None else float(PLATE)


def gravity_problems(model: Model, path: str) -> list[Problem]:
    """Natural convection needs gravity (the problem is reported once per condition)."""
    g = model.ambient.gravity
    if len(g) == 3 and all(math.isfinite(v) for v in g) and not any(g):
        return [Problem(path, "natural convection needs gravity: ambient.gravity is zero")]
    return []


def default_conditions(model: Model) -> list[NaturalConvection]:
    """The conditions ``ambient.natural_convection`` stands for: one per body, with no
    overrides (:func:`solver.surface.map_conditions` keeps them to faces on the outside air
    with no convective condition)."""
    if not model.ambient.natural_convection:
        return []
    return [NaturalConvection(b.name) for b in model.bodies]
