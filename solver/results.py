"""What a solve tells the user: temperatures per body and probe, heat flow through every
surface condition, the energy balance, and the run's statistics."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from solver.conditions import REGISTRY
from solver.discretize import Discretization
from solver.system import Boundary


@dataclass(eq=False)
class Result:
    """A finished solve. ``t`` is the final cell field (degC, NaN outside the solid);
    transients add step ``times``, ``probe_history`` (steps x probes) and ``fields`` at the
    output times."""

    disc: Discretization
    t: np.ndarray
    summary: dict[str, Any]
    face_heat_out: np.ndarray
    times: np.ndarray | None = None
    probe_history: np.ndarray | None = None
    fields: dict[float, np.ndarray] = field(default_factory=dict)


def body_statistics(disc: Discretization, t: np.ndarray) -> dict[str, dict[str, float]]:
    """Minimum, volume-weighted mean and maximum temperature of every body."""
    flat = t.ravel()
    out = {}
    for body, bc in zip(disc.model.bodies, disc.body_cells, strict=True):
        vals = flat[bc.cells]
        out[body.name] = {"t_min_C": float(vals.min()), "t_mean_C": float(vals @ bc.weights),
                          "t_max_C": float(vals.max()), "volume_m3": bc.volume}
    return out


def condition_heat(disc: Discretization, t: np.ndarray, b: Boundary,
                   net_out: np.ndarray) -> list[dict[str, Any]]:
    """Heat (W, positive leaving the solid) and area through every surface condition, split
    on shared faces by kind (each kind's film or flux at the surface temperature, see
    :meth:`solver.conditions.base.ConditionKind.face_heat`; a fixed temperature all of it)."""
    c = disc.conditions
    area = disc.faces.area
    fixed_t = c.fixed_t
    t_surface = np.where(~np.isnan(fixed_t), fixed_t,
                         t.ravel()[disc.faces.cell] - net_out / (disc.k_over_d * area))
    per_kind = {name: kind.face_heat(c.values[name], area, t_surface, b.t_lin, net_out)
                for name, kind in REGISTRY.items()}
    rows = []
    for i, cond in enumerate(disc.model.conditions):
        on = c.on(cond.kind) == i
        rows.append({"index": i, "kind": cond.kind, "body": cond.body, "faces": cond.faces,
                     "area_m2": float(area[on].sum()),
                     "heat_out_W": float(per_kind[cond.kind][on].sum())})
    return rows


def adiabatic_area(disc: Discretization) -> dict[str, float]:
    """Exposed area (m^2) of every body that carries no condition (adiabatic by default)."""
    adiabatic = disc.conditions.adiabatic
    areas = np.bincount(disc.face_body[adiabatic], weights=disc.faces.area[adiabatic],
                        minlength=len(disc.model.bodies))
    return {b.name: float(a) for b, a in zip(disc.model.bodies, areas, strict=True)}


def energy_balance_error(power_in: float, net_out: np.ndarray) -> float:
    """Steady ``|in - out| / max(in, out)``, boundary inflows counted as inputs."""
    inflow = power_in + float(np.sum(np.maximum(-net_out, 0.0)))
    outflow = float(np.sum(np.maximum(net_out, 0.0)))
    scale = max(inflow, outflow)
    return abs(inflow - outflow) / scale if scale > 0.0 else 0.0


def base_summary(disc: Discretization, t: np.ndarray, b: Boundary,
                 net_out: np.ndarray) -> dict[str, Any]:
    """The summary fields shared by steady and transient results."""
    active = disc.active
    return {
        "schema_version": 1,
        "model": disc.model.name,
        "analysis": disc.model.analysis.kind,
        "max_temperature_C": float(np.nanmax(t)),
        "min_temperature_C": float(np.nanmin(t)),
        "bodies": body_statistics(disc, t),
        "conditions": condition_heat(disc, t, b, net_out),
        "adiabatic_area_m2": adiabatic_area(disc),
        "cells": int(disc.grid.n_cells),
        "solid_cells": int(np.count_nonzero(active)),
        "grid": list(disc.grid.shape),
    }
