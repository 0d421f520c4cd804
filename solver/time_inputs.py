"""The inputs of a transient that vary in time: body powers, the lumped nodes' powers (the
components' junctions follow their ``power_profile``), the surface conditions' profile
fields (see ``ConditionKind.profiles``) and the ambient temperature, per step.

A step ``(a, b]`` never straddles a jump of any of them. Implicit Euler takes every input's
average over the step (exact energy for piecewise-linear power wherever its points fall);
BDF2 takes the values at the step's end (the left limit), which its second order needs.
The conditions' profiles are resolved to constants for the step (``temperature_profile`` sets
``temperature``...) and the registry applies them as in a steady model, so a kind never sees
a profile and values defaulting to the ambient's follow the ambient's profile.
"""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import numpy as np

from solver.conditions import kind_of
from solver.discretize import Discretization
from solver.model import ConstantProfile, Model
from solver.profiles import Signal, signal
from solver.surface import FaceConditions

PROFILE_SUFFIX = "_profile"


class TimeInputs:
    """Body powers and face conditions of a transient as functions of the step."""

    def __init__(self, disc: Discretization, base_dir: str | Path = ".") -> None:
        model = disc.model
        self.model = model
        self.base = disc.conditions
        self.powers = [signal(b.power_profile, b.power, "power", base_dir)
                       for b in model.bodies]
        self.node_powers = np.asarray(disc.network.power, dtype=float)
        # (network node, its power signal) of the junctions whose power varies
        self.junctions = [(j.node, signal(j.component.power_profile, j.component.power,
                                          "power", base_dir))
                          for j in disc.junctions
                          if j.die is None and _varies(j.component.power_profile)]
        self.ambient = signal(model.ambient.temperature_profile, model.ambient.temperature,
                              "temperature", base_dir)
        self.varies_ambient = _varies(model.ambient.temperature_profile)
        # (condition index, field the profile sets, its signal)
        self.conditions: list[tuple[int, str, Signal]] = []
        for c, cond in enumerate(model.conditions):
            for key, quantity in kind_of(cond).profiles.items():
                profile = getattr(cond, key)
                if _varies(profile):
                    target = key.removesuffix(PROFILE_SUFFIX)
                    self.conditions.append(
                        (c, target, signal(profile, 0.0, quantity, base_dir)))
        self._signals = [*self.powers, self.ambient, *(s for _, _, s in self.conditions),
                         *(s for _, s in self.junctions)]

    def next_jump(self, t: float) -> float:
        """The first instant after ``t`` where any input jumps (``inf``: none)."""
        return min((s.next_jump(t) for s in self._signals), default=math.inf)

    def step(self, a: float, b: float, bdf2: bool
             ) -> tuple[list[float], np.ndarray, FaceConditions]:
        """Body powers, node powers and face conditions for the step ``(a, b]`` (see the
        module's doc)."""
        def at(s: Signal) -> float:
            return float(s.value(b, "left")) if bdf2 else s.mean(a, b)

        powers = [at(s) for s in self.powers]
        nodes = self.node_powers
        if self.junctions:
            nodes = nodes.copy()
            for node, sig in self.junctions:
                nodes[node] = at(sig)
        if not (self.conditions or self.varies_ambient):
            return powers, nodes, self.base
        return powers, nodes, self.base.at(b, self._model_at(at))

    def _model_at(self, at) -> Model:
        """A shallow copy of the model with every varying value replaced by ``at(signal)``."""
        conditions = list(self.model.conditions)
        for c, target, sig in self.conditions:
            conditions[c] = dataclasses.replace(conditions[c], **{target: at(sig)})
        ambient = self.model.ambient
        if self.varies_ambient:
            ambient = dataclasses.replace(ambient, temperature=at(self.ambient))
        return dataclasses.replace(self.model, conditions=conditions, ambient=ambient)


def _varies(profile) -> bool:
    """Whether a profile field changes its value in time (a ``constant`` one does not)."""
    return profile is not None and not isinstance(profile, ConstantProfile)
