"""``fixed_temperature``: the surface held at a temperature (Dirichlet)."""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from solver.conditions.base import ConditionKind, Values
from solver.model.checks import temperature
from solver.model.problems import join
from solver.model.types import FixedTemperature, Model


class FixedTemperatureKind(ConditionKind):
    name = FixedTemperature.kind
    is_heat_path = True
    profiles: ClassVar[dict[str, str]] = {"temperature_profile": "temperature"}
    replaces_others = True

    def defaults(self, model: Model) -> dict[str, float]:
        return {"temperature": np.nan}

    def validate(self, cond: FixedTemperature, path: str, model: Model):
        return list(temperature(cond.temperature, join(path, "temperature")))

    def apply(self, cond: FixedTemperature, faces, values: Values, model: Model, time):
        values["temperature"][faces] = cond.temperature

    def fixed(self, values: Values) -> np.ndarray:
        return values["temperature"]

    def heat_path(self, values: Values) -> np.ndarray:
        return ~np.isnan(values["temperature"])

    def face_heat(self, values, area, t_surface, t_lin, net_out) -> np.ndarray:
        """All of a fixed face's flow: nothing else acts there."""
        return np.where(np.isnan(values["temperature"]), 0.0, net_out)
