"""Surface condition kinds: one module each, one line each in :data:`REGISTRY`.

A new kind is its dataclass in :mod:`solver.model.types` (the contract), a module here with a
:class:`~solver.conditions.base.ConditionKind` subclass, and its line below; validation, the
face mapping, the linear system, the steady heat-path check and the report all go through
the registry.
"""

from __future__ import annotations

from typing import Any

from solver.conditions.base import ConditionKind
from solver.conditions.convection import ConvectionKind
from solver.conditions.fixed_temperature import FixedTemperatureKind
from solver.conditions.forced_flow import ForcedFlowKind
from solver.conditions.heat_flux import HeatFluxKind
from solver.conditions.natural_convection import NaturalConvectionKind
from solver.conditions.radiation import RadiationKind

REGISTRY: dict[str, ConditionKind] = {k.name: k for k in (
    FixedTemperatureKind(),
    ConvectionKind(),
    RadiationKind(),
    HeatFluxKind(),
    NaturalConvectionKind(),
    ForcedFlowKind(),
)}


def heat_paths() -> list[str]:
    """Names of the condition kinds through which heat can leave the solid."""
    return [name for name, kind in REGISTRY.items() if kind.is_heat_path and not kind.internal]


def one_of(names: list[str]) -> str:
    """``a, b or c``: for messages listing kinds."""
    return f"{', '.join(names[:-1])} or {names[-1]}" if len(names) > 1 else names[0]


def kind_of(cond: Any) -> ConditionKind:
    """The registry entry of a model condition."""
    return REGISTRY[cond.kind]


__all__ = ["REGISTRY", "ConditionKind", "heat_paths", "kind_of", "one_of"]
