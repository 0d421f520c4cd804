"""What every surface condition kind provides to the solver (see :mod:`solver.conditions`)."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np

from solver.model.problems import Problem
from solver.model.types import Model

Values = dict[str, np.ndarray]


class ConditionKind:
    """The behaviour of one condition kind of the model (its dataclass lives in
    :mod:`solver.model.types`, the contract).

    A kind keeps per-face parameter arrays (:attr:`defaults`: name -> value on faces the kind
    does not act on, which must make its terms vanish) and turns them into the terms of the
    face's energy balance: a film (coefficient and reference temperature, possibly depending
    on the surface temperature), an imposed flux into the body, or a fixed temperature.
    :meth:`apply` writes one condition's parameters at a time ``t``, so values that vary in
    time are re-evaluated by applying again (:meth:`solver.surface.FaceConditions.at`).
    """

    name: ClassVar[str]  # the model's ``kind`` tag
    is_heat_path: ClassVar[bool]  # can heat leave the solid through it (a steady sink)
    replaces_others: ClassVar[bool] = False  # on its faces every other condition is dropped
    nonlinear: ClassVar[bool] = False  # its film depends on the surface temperature
    convective: ClassVar[bool] = False  # its film is convection to a fluid
    # its (nonlinear) film is set per surface patch by the Picard loop and settles with the
    # patches' heat flows (solver.patch_films), not by re-linearisation at each face
    patch_film: ClassVar[bool] = False
    # its re-linearised film settles by its heat flows (radiation; solver.steady), not by the
    # temperature change (a flow region's stream: its reported outlet air follows the field)
    heat_flow_settle: ClassVar[bool] = False
    # placed by the discretization, not a condition of the model (a flow region's faces):
    # :meth:`apply` gets the discretization's items, see ``FaceConditions.items``
    internal: ClassVar[bool] = False
    # profile fields of the kind's dataclass -> the quantity their values are (see
    # solver.model.profile_checks.QUANTITIES); field ``x_profile`` makes field ``x`` vary in
    # a transient, which resolves it to a constant per step before :meth:`apply`
    profiles: ClassVar[dict[str, str]] = {}

    def defaults(self, model: Model) -> dict[str, float]:
        """Parameter name -> value on faces this kind does not act on."""
        raise NotImplementedError

    def reaches_surroundings(self, cond: Any) -> bool:
        """Whether ``cond`` sends heat to the room (the ambient air, a fluid, distant
        surroundings) rather than to other surfaces: on a whole body such a film leaves the
        faces on an enclosure's air to that air (:func:`solver.surface.map_conditions`)."""
        return self.is_heat_path and not self.replaces_others

    def validate(self, cond: Any, path: str, model: Model) -> list[Problem]:
        """Problems of the kind's own fields (body and faces are checked for every kind)."""
        return []

    def apply(self, cond: Any, faces: np.ndarray, values: Values, model: Model,
              time: float | None) -> None:
        """Write ``cond``'s parameters at ``time`` (None: steady) onto ``faces`` (indices)."""
        raise NotImplementedError

    def film(self, values: Values, t_surface: np.ndarray | None
             ) -> tuple[np.ndarray, np.ndarray] | None:
        """Film coefficient (W/(m^2 K)) and its reference temperature per face, linearised at
        ``t_surface`` (None: before any surface temperature is known); None: no film."""
        return None

    def flux(self, values: Values) -> np.ndarray | None:
        """Imposed heat flux into the body (W/m^2) per face; None: none."""
        return None

    def fixed(self, values: Values) -> np.ndarray | None:
        """Imposed surface temperature per face (NaN where not imposed); None: none."""
        return None

    def heat_path(self, values: Values) -> np.ndarray | None:
        """Faces through which this kind lets heat leave the solid; None: none."""
        return None

    def face_heat(self, values: Values, area: np.ndarray, t_surface: np.ndarray,
                  t_lin: np.ndarray | None, net_out: np.ndarray) -> np.ndarray:
        """Heat (W, positive leaving the solid) this kind carries through every face, for the
        surface temperatures ``t_surface`` of a balance linearised at ``t_lin``; the kinds'
        shares of a face add up to its net flow ``net_out``."""
        out = np.zeros_like(area)
        film = self.film(values, t_lin)
        if film is not None:
            h, t_ref = film
            out += h * area * (t_surface - t_ref)
        q = self.flux(values)
        if q is not None:
            out -= q * area
        return out
