"""``heat_flux``: an imposed heat flux into the body (Neumann)."""

from __future__ import annotations

from typing import ClassVar

from solver.conditions.base import ConditionKind, Values
from solver.model import ranges
from solver.model.problems import join
from solver.model.types import HeatFlux, Model


class HeatFluxKind(ConditionKind):
    name = HeatFlux.kind
    is_heat_path = False
    profiles: ClassVar[dict[str, str]] = {"flux_profile": "flux"}

    def defaults(self, model: Model) -> dict[str, float]:
        return {"flux": 0.0}

    def validate(self, cond: HeatFlux, path: str, model: Model):
        return list(ranges.within(cond.flux, join(path, "flux"), -ranges.MAX_FLUX,
                                  ranges.MAX_FLUX, " W/m^2"))

    def apply(self, cond: HeatFlux, faces, values: Values, model: Model, time):
        values["flux"][faces] = cond.flux

    def flux(self, values: Values):
        return values["flux"]
