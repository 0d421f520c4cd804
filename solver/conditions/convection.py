"""``convection``: a film coefficient to a fluid temperature (Newton's law of cooling)."""

from __future__ import annotations

from typing import ClassVar

from solver.conditions.base import ConditionKind, Values
from solver.model import ranges
from solver.model.checks import positive, temperature
from solver.model.problems import join
from solver.model.types import Convection, Model


class ConvectionKind(ConditionKind):
    name = Convection.kind
    is_heat_path = True
    convective = True
    profiles: ClassVar[dict[str, str]] = {"fluid_temperature_profile": "temperature"}

    def defaults(self, model: Model) -> dict[str, float]:
        return {"h": 0.0, "t_fluid": model.ambient.temperature}

    def validate(self, cond: Convection, path: str, model: Model):
        return [*positive(cond.h, join(path, "h")),
                *(ranges.within(cond.h, join(path, "h"), 0.0, ranges.MAX_FILM, " W/(m^2 K)")
                  if cond.h > 0.0 else ()),
                *temperature(cond.fluid_temperature, join(path, "fluid_temperature"))]

    def apply(self, cond: Convection, faces, values: Values, model: Model, time):
        values["h"][faces] = cond.h
        fluid = cond.fluid_temperature
        values["t_fluid"][faces] = model.ambient.temperature if fluid is None else fluid

    def film(self, values: Values, t_surface):
        return values["h"], values["t_fluid"]

    def heat_path(self, values: Values):
        return values["h"] > 0.0
