"""``radiation``: grey radiation to large surroundings, linearised (Newton) at the surface
temperature."""

from __future__ import annotations

import numpy as np

from solver.conditions.base import ConditionKind, Values
from solver.model.checks import temperature
from solver.model.problems import Problem, join
from solver.model.types import Model, Radiation
from solver.physics.radiation import radiation_tangent


def _radiant(model: Model) -> float:
    radiant = model.ambient.radiant_temperature
    return model.ambient.temperature if radiant is None else radiant


class RadiationKind(ConditionKind):
    name = Radiation.kind
    is_heat_path = True
    nonlinear = True

    def defaults(self, model: Model) -> dict[str, float]:
        return {"emissivity": 0.0, "t_surroundings": _radiant(model)}

    def validate(self, cond: Radiation, path: str, model: Model):
        problems = []
        if cond.emissivity is not None and not 0.0 < cond.emissivity <= 1.0:
            problems.append(Problem(join(path, "emissivity"),
                                    f"must be in (0, 1] (got {cond.emissivity:g})"))
        problems += temperature(cond.surroundings_temperature,
                                join(path, "surroundings_temperature"))
        return problems

    def apply(self, cond: Radiation, faces, values: Values, model: Model, time):
        if cond.emissivity is None:
            body = next(b for b in model.bodies if b.name == cond.body)
            values["emissivity"][faces] = model.material(body.material).emissivity
        else:
            values["emissivity"][faces] = cond.emissivity
        t_sur = cond.surroundings_temperature
        values["t_surroundings"][faces] = _radiant(model) if t_sur is None else t_sur

    def film(self, values: Values, t_surface):
        eps, t_sur = values["emissivity"], values["t_surroundings"]
        if t_surface is None:
            return np.zeros_like(eps), t_sur
        return radiation_tangent(eps, t_surface, t_sur)

    def heat_path(self, values: Values):
        return values["emissivity"] > 0.0
