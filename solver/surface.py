"""Surface conditions mapped onto the exposed faces.

On one face, conditions of different kinds add up (convection, radiation and a heat flux act
together); a later condition of the same kind replaces an earlier one, and a kind that
replaces others (a fixed temperature) drops everything else on that face. Faces with no
condition are adiabatic. What each kind does is in :mod:`solver.conditions`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from solver.conditions import REGISTRY
from solver.conditions.base import Values
from solver.model import Model, ModelError, Problem, StepGeometry
from solver.physics.surface_balance import (
    boundary_film_conductance,
    flux_share_to_cell,
    surface_temperature,
)


class FaceCoupling(Protocol):
    """What couples the faces of one kind to each other (surface-to-surface radiation): from
    the kind's per-face values and the surface temperatures ``t_lin``, further per-face
    values the kind's film reads (e.g. each face's irradiation temperature)."""

    def values(self, values: Values, t_lin: np.ndarray) -> Values: ...


@dataclass(eq=False)
class FaceConditions:
    """Per exposed face: for each kind of :data:`~solver.conditions.REGISTRY` (in its order)
    the index of the condition that acts there (``origin``, -1: none), and the kinds'
    parameter arrays (``values[kind][name]``) evaluated at ``time`` (None: steady). An
    internal kind's ``origin`` indexes its ``items`` (the discretization's, e.g. the flow
    regions) instead of the model's conditions; ``coupled``: kind name -> the
    :class:`FaceCoupling` that completes its values."""

    model: Model
    origin: np.ndarray  # (len(REGISTRY), n) int32
    values: dict[str, Values]
    time: float | None = None
    items: dict[str, list[Any]] = field(default_factory=dict)
    coupled: dict[str, FaceCoupling] = field(default_factory=dict)

    @classmethod
    def evaluate(cls, model: Model, origin: np.ndarray, time: float | None,
                 items: dict[str, list[Any]] | None = None) -> FaceConditions:
        """Every condition (and internal item) applied to the faces it acts on, at ``time``."""
        items = items or {}
        n = origin.shape[1]
        values = {name: {key: np.full(n, v, dtype=np.float64)
                         for key, v in kind.defaults(model).items()}
                  for name, kind in REGISTRY.items()}
        for row, (name, kind) in enumerate(REGISTRY.items()):
            sources = items.get(name, []) if kind.internal else model.conditions
            for c in np.unique(origin[row][origin[row] >= 0]):
                faces = np.nonzero(origin[row] == c)[0]
                kind.apply(sources[c], faces, values[name], model, time)
        return cls(model, origin, values, time, items)

    def at(self, time: float | None, model: Model | None = None) -> FaceConditions:
        """The same mapping (items and couplings) with the conditions' values at ``time``, of
        ``model`` (default: this one's; a transient passes its inputs at the step)."""
        out = FaceConditions.evaluate(self.model if model is None else model, self.origin, time,
                                      self.items)
        out.coupled = self.coupled
        return out

    def kind_values(self, name: str, t_lin: np.ndarray | None) -> Values:
        """The values of kind ``name``, completed by its coupling at ``t_lin``."""
        coupling = self.coupled.get(name)
        if coupling is None or t_lin is None:
            return self.values[name]
        return {**self.values[name], **coupling.values(self.values[name], t_lin)}

    def on(self, kind: str) -> np.ndarray:
        """Index of the condition of ``kind`` acting on every face (-1: none)."""
        return self.origin[list(REGISTRY).index(kind)]

    @property
    def adiabatic(self) -> np.ndarray:
        return np.all(self.origin < 0, axis=0)

    @property
    def nonlinear(self) -> bool:
        """Whether any face carries a kind whose film depends on the surface temperature."""
        return any(kind.nonlinear and np.any(self.origin[row] >= 0)
                   for row, kind in enumerate(REGISTRY.values()))

    def _relinearised(self, heat_flow: bool | None = None) -> list[tuple[str, Any]]:
        """The nonlinear kinds on some face that are re-linearised at every surface
        temperature (not patch films), of them those settling by their heat flows (``True``)
        or by the temperature change (``False``)."""
        return [(name, kind) for row, (name, kind) in enumerate(REGISTRY.items())
                if kind.nonlinear and not kind.patch_film and np.any(self.origin[row] >= 0)
                and heat_flow in (None, kind.heat_flow_settle)]

    @property
    def relinearised(self) -> bool:
        """Whether a face carries a nonlinear kind re-linearised at every surface temperature
        (radiation, a flow region's stream); patch films (natural convection) are not."""
        return bool(self._relinearised())

    @property
    def heat_flow_settled(self) -> bool:
        """Whether a re-linearised kind settles by its heat flows (radiation)."""
        return bool(self._relinearised(True))

    @property
    def temperature_settled(self) -> bool:
        """Whether a re-linearised kind settles by the temperature change (a flow region's
        stream, marched from the surface temperatures: its outlet air follows them)."""
        return bool(self._relinearised(False))

    def relinearised_flux(self, t_surface: np.ndarray, t_lin: np.ndarray) -> np.ndarray:
        """Per face, the heat flux (W/m^2, out of the solid) at the surface temperatures
        ``t_surface`` of the films settling by heat flow (:attr:`heat_flow_settled`)
        linearised at ``t_lin``: at ``t_lin = t_surface`` the films' own heat flows
        (radiation's ``eps (sigma Ts^4 - G)`` with the irradiation at ``t_surface``)."""
        out = np.zeros(self.origin.shape[1])
        for name, kind in self._relinearised(True):
            h, t_ref = kind.film(self.kind_values(name, t_lin), t_lin)
            out += h * (t_surface - t_ref)
        return out

    @property
    def fixed_t(self) -> np.ndarray:
        """Imposed surface temperature per face, NaN where none is imposed."""
        out = np.full(self.origin.shape[1], np.nan)
        for name, kind in REGISTRY.items():
            t = kind.fixed(self.values[name])
            if t is not None:
                out = np.where(np.isnan(t), out, t)
        return out

    @property
    def flux(self) -> np.ndarray:
        """Total imposed heat flux into the body (W/m^2) per face."""
        out = np.zeros(self.origin.shape[1])
        for name, kind in REGISTRY.items():
            q = kind.flux(self.values[name])
            if q is not None:
                out = out + q
        return out

    @property
    def heat_path(self) -> np.ndarray:
        """Faces through which heat can leave the solid."""
        out = np.zeros(self.origin.shape[1], dtype=bool)
        for name, kind in REGISTRY.items():
            path = kind.heat_path(self.values[name])
            if path is not None:
                out |= path
        return out

    def film(self, t_surface: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        """Total film coefficient (the kinds' films added, linearised at ``t_surface``;
        ``inf`` on fixed temperatures) and the film's reference temperature."""
        h_tot = np.zeros(self.origin.shape[1])
        h_t = np.zeros_like(h_tot)
        for name, kind in REGISTRY.items():
            film = kind.film(self.kind_values(name, t_surface), t_surface)
            if film is not None:
                h_tot = h_tot + film[0]
                h_t = h_t + film[0] * film[1]
        with np.errstate(invalid="ignore", divide="ignore"):
            t_ref = np.where(h_tot > 0.0, h_t / h_tot, 0.0)
        fixed_t = self.fixed_t
        fixed = ~np.isnan(fixed_t)
        return np.where(fixed, np.inf, h_tot), np.where(fixed, fixed_t, t_ref)

    def surface_temperature(self, t_cell: np.ndarray, k_over_d: np.ndarray,
                            t_lin: np.ndarray | None) -> np.ndarray:
        """Temperature of every face from the exact balance of its half cell (``k_over_d``,
        cell temperatures ``t_cell``), its film linearised at ``t_lin`` and its imposed flux;
        the imposed temperature on fixed faces. The one formula the Picard loop, the report
        and the sampler use."""
        h_film, t_ref = self.film(t_lin)
        finite = np.isfinite(h_film)
        ts = np.where(finite, 0.0, t_ref)
        ts[finite] = surface_temperature(t_cell[finite], k_over_d[finite], h_film[finite],
                                         t_ref[finite], self.flux[finite])
        return ts

    def couplings(self, area: np.ndarray, k_over_d: np.ndarray, t_surface: np.ndarray | None):
        """Per face: conductance ``G`` to the reference temperature, that temperature, and the
        heat (W) an imposed flux puts into the cell."""
        h_film, t_ref = self.film(t_surface)
        g = boundary_film_conductance(area, k_over_d, h_film)
        q_cell = self.flux * area * flux_share_to_cell(k_over_d, h_film)
        return g, t_ref, q_cell


def _check_face_names(model: Model, body_index: dict[str, int],
                      group_names: list[tuple[int, str]]) -> None:
    """Every face a condition names on a STEP body must exist: its face names are known only
    after tessellation (``validate`` checks those of boxes and meshes)."""
    problems = []
    for c, cond in enumerate(model.conditions):
        b = body_index[cond.body]
        if not isinstance(model.bodies[b].geometry, StepGeometry):
            continue
        known = [name for body, name in group_names if body == b]
        for j, face in enumerate(cond.faces or []):
            if face not in known:
                problems.append(Problem(f"conditions[{c}].faces[{j}]", (
                    f"body {cond.body!r} has no face {face!r} (faces: {', '.join(known)})")))
    if problems:
        raise ModelError(problems)


def map_conditions(model: Model, face_body: np.ndarray, face_group: np.ndarray,
                   group_names: list[tuple[int, str]], time: float | None = None,
                   face_region: np.ndarray | None = None, first_default: int | None = None,
                   items: dict[str, list[Any]] | None = None,
                   enclosed: np.ndarray | None = None) -> FaceConditions:
    """Conditions per face, evaluated at ``time``. ``face_body`` is each face's body index,
    ``face_group`` an index into ``group_names`` = [(body index, face name), ...];
    ``items`` are internal kinds' items (name -> list, each with the ``faces`` it acts on),
    placed first. The conditions from ``first_default`` on stand for a model-wide default
    (see :func:`solver.conditions.natural_convection.default_conditions`): they act only on
    faces on the outside air (``face_region`` 0) that no earlier convective condition or
    internal convective item (a flow region) covers. Faces on an enclosure's air
    (``enclosed``, see :func:`solver.enclosure.enclosed_faces`) are left to that air by
    whole-body films to the surroundings (convection, radiation to the surroundings: see
    :meth:`~solver.conditions.base.ConditionKind.reaches_surroundings`); conditions naming
    faces still act there."""
    rows = list(REGISTRY)
    origin = np.full((len(rows), face_body.size), -1, dtype=np.int32)
    body_index = {b.name: i for i, b in enumerate(model.bodies)}
    group_body = np.array([g[0] for g in group_names], dtype=np.int64)
    group_face = np.array([g[1] for g in group_names], dtype=object)
    convective = [row for row, kind in enumerate(REGISTRY.values()) if kind.convective]
    first_default = len(model.conditions) if first_default is None else first_default
    _check_face_names(model, body_index, group_names)
    for name, placed in (items or {}).items():
        for i, item in enumerate(placed):
            origin[rows.index(name), item.faces] = i
    for c, cond in enumerate(model.conditions):
        b = body_index[cond.body]
        kind = REGISTRY[cond.kind]
        if cond.faces is None:
            on = face_body == b
            if enclosed is not None and kind.reaches_surroundings(cond):
                on = on & ~enclosed
        else:
            wanted = (group_body == b) & np.isin(group_face, cond.faces)
            on = wanted[face_group]
        if c >= first_default:
            outside = np.ones_like(on) if face_region is None else face_region == 0
            on = on & outside & np.all(origin[convective] < 0, axis=0)
        origin[rows.index(cond.kind), on] = c
    for row, kind in enumerate(REGISTRY.values()):
        if kind.replaces_others:
            taken = origin[row] >= 0
            kept = origin[row, taken]
            origin[:, taken] = -1
            origin[row, taken] = kept
    return FaceConditions.evaluate(model, origin, time, items)
