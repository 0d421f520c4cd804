"""Surface conditions mapped onto the exposed faces.

On one face, conditions of different kinds add up (convection, radiation and a heat flux act
together); a later condition of the same kind replaces an earlier one, and a fixed temperature
replaces everything else on that face. Faces with no condition are adiabatic.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from solver.model import (
    Convection,
    FixedTemperature,
    HeatFlux,
    Model,
    ModelError,
    Problem,
    Radiation,
)
from solver.physics.radiation import radiation_coefficient
from solver.physics.surface_balance import boundary_film_conductance, flux_share_to_cell

KINDS = ("fixed_temperature", "convection", "radiation", "heat_flux")


@dataclass(eq=False)
class FaceConditions:
    """Per exposed face: the condition parameters and, for each kind in :data:`KINDS`, the
    index of the condition that set it (-1: none)."""

    fixed_t: np.ndarray
    h: np.ndarray
    t_fluid: np.ndarray
    emissivity: np.ndarray
    t_surroundings: np.ndarray
    flux: np.ndarray
    origin: np.ndarray  # (4, n) int32

    @property
    def adiabatic(self) -> np.ndarray:
        return np.all(self.origin < 0, axis=0)

    @property
    def has_radiation(self) -> bool:
        return bool(np.any(self.emissivity > 0.0))

    def radiation_h(self, t_surface: np.ndarray) -> np.ndarray:
        """Linearised radiation coefficient at the given surface temperatures."""
        return radiation_coefficient(self.emissivity, t_surface, self.t_surroundings)

    def film(self, t_surface: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        """Total film coefficient (convection + radiation, ``inf`` on fixed temperatures) and
        the film's reference temperature."""
        h_rad = self.radiation_h(t_surface) if t_surface is not None else np.zeros_like(self.h)
        h_rad = np.where(self.emissivity > 0.0, h_rad, 0.0)
        h_tot = self.h + h_rad
        with np.errstate(invalid="ignore", divide="ignore"):
            t_ref = np.where(h_tot > 0.0,
                             (self.h * self.t_fluid + h_rad * self.t_surroundings) / h_tot, 0.0)
        fixed = ~np.isnan(self.fixed_t)
        return np.where(fixed, np.inf, h_tot), np.where(fixed, self.fixed_t, t_ref)

    def couplings(self, area: np.ndarray, k_over_d: np.ndarray, t_surface: np.ndarray | None):
        """Per face: conductance ``G`` to the reference temperature, that temperature, and the
        heat (W) an imposed flux puts into the cell."""
        h_film, t_ref = self.film(t_surface)
        g = boundary_film_conductance(area, k_over_d, h_film)
        q_cell = self.flux * area * flux_share_to_cell(k_over_d, h_film)
        return g, t_ref, q_cell


def _check_face_names(model: Model, body_index: dict[str, int],
                      group_names: list[tuple[int, str]]) -> None:
    """Every face a condition names must exist on its body (for STEP bodies this is known
    only after tessellation)."""
    problems = []
    for c, cond in enumerate(model.conditions):
        b = body_index[cond.body]
        known = [name for body, name in group_names if body == b]
        for j, face in enumerate(cond.faces or []):
            if face not in known:
                problems.append(Problem(f"conditions[{c}].faces[{j}]", (
                    f"body {cond.body!r} has no face {face!r} (faces: {', '.join(known)})")))
    if problems:
        raise ModelError(problems)


def map_conditions(model: Model, face_body: np.ndarray, face_group: np.ndarray,
                   group_names: list[tuple[int, str]]) -> FaceConditions:
    """Conditions per face. ``face_body`` is each face's body index, ``face_group`` an index
    into ``group_names`` = [(body index, face name), ...]."""
    n = face_body.size
    ambient = model.ambient.temperature
    radiant = model.ambient.radiant_temperature
    radiant = ambient if radiant is None else radiant
    out = FaceConditions(np.full(n, np.nan), np.zeros(n), np.full(n, ambient), np.zeros(n),
                         np.full(n, radiant), np.zeros(n), np.full((4, n), -1, dtype=np.int32))
    body_index = {b.name: i for i, b in enumerate(model.bodies)}
    group_body = np.array([g[0] for g in group_names], dtype=np.int64)
    group_face = np.array([g[1] for g in group_names], dtype=object)
    _check_face_names(model, body_index, group_names)
    for c, cond in enumerate(model.conditions):
        b = body_index[cond.body]
        if cond.faces is None:
            on = face_body == b
        else:
            wanted = (group_body == b) & np.isin(group_face, cond.faces)
            on = wanted[face_group]
        if isinstance(cond, FixedTemperature):
            out.fixed_t[on] = cond.temperature
            out.origin[0, on] = c
        elif isinstance(cond, Convection):
            out.h[on] = cond.h
            out.t_fluid[on] = ambient if cond.fluid_temperature is None else cond.fluid_temperature
            out.origin[1, on] = c
        elif isinstance(cond, Radiation):
            material = model.material(model.bodies[b].material)
            out.emissivity[on] = material.emissivity if cond.emissivity is None else cond.emissivity
            t_sur = cond.surroundings_temperature
            out.t_surroundings[on] = radiant if t_sur is None else t_sur
            out.origin[2, on] = c
        elif isinstance(cond, HeatFlux):
            out.flux[on] = cond.flux
            out.origin[3, on] = c
    fixed = ~np.isnan(out.fixed_t)
    out.h[fixed] = 0.0
    out.emissivity[fixed] = 0.0
    out.flux[fixed] = 0.0
    out.origin[1:, fixed] = -1
    return out
