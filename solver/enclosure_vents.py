"""Vented enclosures: the stack-effect flow through an enclosure's ``vents`` as a conductance
``m_dot c_p`` from its air node to the ambient temperature.

The vents are data (:class:`solver.model.Vents`): the box is modelled closed, its air found as
the sealed cavity of :mod:`solver.enclosure`, and the openings' areas and height enter the
orifice model of :mod:`solver.physics.vent_flow` only. The mass flow depends on the air
node's temperature, so the conductance follows the Picard loop with the enclosure's films
(:meth:`VentFlow.settle` / :meth:`VentFlow.relax`, lagged per step in transients); the heat
it carries leaves through a fixed-temperature link of the network, so the energy balance counts
it as a sink like any other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from solver.patch_films import START_DELTA_T
from solver.physics.air import ATMOSPHERIC_PRESSURE, air_properties
from solver.physics.vent_flow import effective_vent_area, stack_mass_flow

if TYPE_CHECKING:
    from solver.model import Model, Vents
    from solver.network import LumpedNetwork

MIN_CONDUCTANCE = 1e-9  # W/K: a link's conductance must be positive; no flow below T_i = T_o


@dataclass(eq=False)
class Vent:
    """The vents ``vents`` of the air node ``node``, through the network link ``link``."""

    node: int
    link: int
    vents: Vents


class VentFlow:
    """The vent links of a model's vented enclosures and their conductances ``g`` (W/K)."""

    def __init__(self, model: Model, network: LumpedNetwork) -> None:
        self.network = network
        self.t_amb = model.ambient.temperature
        props = air_properties(self.t_amb, ATMOSPHERIC_PRESSURE)
        self.density, self.cp = float(props[0]), float(props[1])
        self.gravity = float(np.linalg.norm(model.ambient.gravity))
        self.items: list[Vent] = []
        self.g = np.zeros(0)
        self.target = np.zeros(0)

    def add(self, node: int, vents: Vents) -> None:
        """Vent the air node ``node`` to the ambient temperature (a new network link), its
        conductance first taken at the air :data:`START_DELTA_T` above the ambient."""
        g = self._conductance(vents, self.t_amb + START_DELTA_T)
        self.network.link_temperature(node, self.t_amb, g,
                                      f"vents:{self.network.names[node]}")
        self.items.append(Vent(node, len(self.network.links) - 1, vents))
        self.g = np.append(self.g, g)

    def mass_flow(self, vents: Vents, t_air: float) -> float:
        """Stack-effect mass flow (kg/s) through ``vents`` at the air temperature ``t_air``."""
        return stack_mass_flow(vents.inlet_area, vents.outlet_area, vents.height,
                               vents.discharge_coefficient, t_air, self.t_amb, self.density,
                               self.gravity)

    def _conductance(self, vents: Vents, t_air: float) -> float:
        return max(self.mass_flow(vents, t_air) * self.cp, MIN_CONDUCTANCE)

    def settle(self, tn: np.ndarray) -> tuple[float, float]:
        """The target conductances at the air temperatures ``tn``; returns the mismatch of
        the vents' heat flows and their heat at the targets (W), for the caller's residual."""
        self.target = np.array([self._conductance(v.vents, float(tn[v.node]))
                                for v in self.items])
        dt = np.abs(np.array([tn[v.node] for v in self.items]) - self.t_amb)
        return (float(np.sum(np.abs(self.target - self.g) * dt)),
                float(np.sum(self.target * dt)))

    def relax(self, factor: float) -> None:
        """Move the conductances a fraction ``factor`` towards the last targets."""
        self._set(self.g + factor * (self.target - self.g))

    def take_targets(self) -> None:
        """Use the last targets as they are (transient steps)."""
        self._set(self.target)

    def _set(self, g: np.ndarray) -> None:
        self.g = np.maximum(g, MIN_CONDUCTANCE)
        for v, gi in zip(self.items, self.g, strict=True):
            self.network.set_conductance(v.link, float(gi))

    def report(self, node: int, t_air: float) -> dict[str, Any] | None:
        """The summary's ``vents`` of the air node ``node`` (None: not vented): the vents'
        data, effective area, the mass and volume flow in use (``g / c_p``, the entering air's
        density) and the heat they carry out (W), the stack flow at the air temperature
        ``t_air`` (``stack_mass_flow_kg_s``, equal to the flow in use once converged)."""
        for v, g in zip(self.items, self.g, strict=True):
            if v.node != node:
                continue
            flow = g / self.cp if g > MIN_CONDUCTANCE else 0.0
            return {
                "inlet_area_m2": v.vents.inlet_area, "outlet_area_m2": v.vents.outlet_area,
                "height_m": v.vents.height,
                "discharge_coefficient": v.vents.discharge_coefficient,
                "effective_area_m2": effective_vent_area(v.vents.inlet_area,
                                                         v.vents.outlet_area),
                "mass_flow_kg_s": flow, "volume_flow_m3_s": flow / self.density,
                "stack_mass_flow_kg_s": self.mass_flow(v.vents, t_air),
                "heat_out_W": float(g * (t_air - self.t_amb))}
        return None
