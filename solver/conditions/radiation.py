"""``radiation``: grey radiation to large surroundings, or exchanged among surfaces
(``exchange: "surfaces"``, coupled by :mod:`solver.surface_radiation`), linearised (Newton) at
the surface temperature."""

from __future__ import annotations

import numpy as np

from solver.conditions.base import ConditionKind, Values
from solver.model.checks import temperature
from solver.model.problems import Problem, join
from solver.model.types import Model, Radiation
from solver.physics.radiation import radiation_tangent

EXCHANGES = ("surroundings", "surfaces")


def _radiant(model: Model) -> float:
    radiant = model.ambient.radiant_temperature
    return model.ambient.temperature if radiant is None else radiant


class RadiationKind(ConditionKind):
    name = Radiation.kind
    is_heat_path = True
    nonlinear = True
    heat_flow_settle = True

    def defaults(self, model: Model) -> dict[str, float]:
        return {"emissivity": 0.0, "t_surroundings": _radiant(model), "surfaces": 0.0}

    def validate(self, cond: Radiation, path: str, model: Model):
        problems = []
        if cond.emissivity is not None and not 0.0 < cond.emissivity <= 1.0:
            problems.append(Problem(join(path, "emissivity"),
                                    f"must be in (0, 1] (got {cond.emissivity:g})"))
        problems += temperature(cond.surroundings_temperature,
                                join(path, "surroundings_temperature"))
        if cond.exchange is not None and cond.exchange not in EXCHANGES:
            problems.append(Problem(join(path, "exchange"), (
                f"must be {' or '.join(repr(e) for e in EXCHANGES)} (got {cond.exchange!r})")))
        return problems

    def reaches_surroundings(self, cond: Radiation) -> bool:
        """Radiation exchanged among surfaces stays inside an enclosure."""
        return cond.exchange != "surfaces"

    def apply(self, cond: Radiation, faces, values: Values, model: Model, time):
        if cond.emissivity is None:
            body = next(b for b in model.bodies if b.name == cond.body)
            values["emissivity"][faces] = model.material(body.material).emissivity
        else:
            values["emissivity"][faces] = cond.emissivity
        t_sur = cond.surroundings_temperature
        values["t_surroundings"][faces] = _radiant(model) if t_sur is None else t_sur
        values["surfaces"][faces] = float(cond.exchange == "surfaces")

    def film(self, values: Values, t_surface):
        """To the surroundings, or on faces exchanging with surfaces to their irradiation's
        black-body temperature ``t_irradiation`` (given by the coupling: the radiosity solve
        at ``t_surface``): the tangent film, ``h (Ts - t_ref) = eps (sigma Ts^4 - G)`` exactly
        and ``h`` its derivative in ``Ts`` with ``G`` held."""
        eps = values["emissivity"]
        t_rad = values.get("t_irradiation", values["t_surroundings"])
        if t_surface is None:
            return np.zeros_like(eps), t_rad
        return radiation_tangent(eps, t_surface, t_rad)

    def heat_path(self, values: Values):
        return values["emissivity"] > 0.0
