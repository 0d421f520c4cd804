"""What a solve tells the user: temperatures per body and probe, heat flow through every
surface condition, the energy balance, and the run's statistics."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from solver.conditions import REGISTRY
from solver.contacts import contact_report
from solver.discretize import Discretization
from solver.flow_regions import flow_report
from solver.system import Boundary


@dataclass(eq=False)
class Result:
    """A finished solve. ``t`` is the final cell field (degC, NaN outside the solid),
    ``surface_t`` the temperature of every exposed face (``disc.faces``) and ``face_heat_out``
    the heat leaving through it (W); transients add step ``times``, ``probe_history``
    (steps x probes) and cell ``fields`` and face ``surface_fields`` at the output times;
    ``node_t`` holds the final lumped node temperatures."""

    disc: Discretization
    t: np.ndarray
    surface_t: np.ndarray
    summary: dict[str, Any]
    face_heat_out: np.ndarray
    times: np.ndarray | None = None
    probe_history: np.ndarray | None = None
    fields: dict[float, np.ndarray] = field(default_factory=dict)
    surface_fields: dict[float, np.ndarray] = field(default_factory=dict)
    node_t: np.ndarray | None = None  # lumped node temperatures (degC), in network order
    face_convection_h: np.ndarray | None = None  # convective film per exposed face, W/(m^2 K)
    radiation_flux: np.ndarray | None = None  # net radiation leaving every face (W/m^2)


def surface_statistics(t_surface: np.ndarray, area: np.ndarray) -> dict[str, float]:
    """Minimum, area-weighted mean and maximum of face temperatures, and their area."""
    total = float(area.sum())
    if t_surface.size == 0:
        return {"t_min_C": float("nan"), "t_mean_C": float("nan"), "t_max_C": float("nan"),
                "area_m2": 0.0}
    return {"t_min_C": float(t_surface.min()), "t_mean_C": float(t_surface @ area / total),
            "t_max_C": float(t_surface.max()), "area_m2": total}


def body_statistics(disc: Discretization, t: np.ndarray,
                    t_surface: np.ndarray) -> dict[str, dict[str, Any]]:
    """Every body's minimum and maximum over its cells and exposed faces, volume-weighted
    mean of its cells, volume, and the statistics of its exposed surface."""
    flat = t.ravel()
    out = {}
    for b, (body, bc) in enumerate(zip(disc.model.bodies, disc.body_cells, strict=True)):
        vals = flat[bc.cells]
        on = disc.face_body == b
        surface = surface_statistics(t_surface[on], disc.faces.area[on])
        out[body.name] = {"t_min_C": float(np.fmin(vals.min(), surface["t_min_C"])),
                          "t_mean_C": float(vals @ bc.weights),
                          "t_max_C": float(np.fmax(vals.max(), surface["t_max_C"])),
                          "volume_m3": bc.volume, "surface": surface}
    return out


def condition_heat(disc: Discretization, t_surface: np.ndarray, b: Boundary,
                   net_out: np.ndarray) -> list[dict[str, Any]]:
    """Heat (W, positive leaving the solid), area and surface temperatures of every surface
    condition; the heat is split on shared faces by kind (each kind's film or flux at the
    surface temperature, see :meth:`solver.conditions.base.ConditionKind.face_heat`; a fixed
    temperature all of it), so the kinds' shares add up to each face's net flow. The values
    are those of ``b``'s conditions (a transient's at its last step)."""
    c = b.conditions
    area = disc.faces.area
    per_kind = kind_heat(disc, t_surface, b, net_out)
    rows = []
    for i, cond in enumerate(disc.model.conditions):
        on = c.on(cond.kind) == i
        rows.append({"index": i, "kind": cond.kind, "body": cond.body, "faces": cond.faces,
                     "area_m2": float(area[on].sum()),
                     "heat_out_W": float(per_kind[cond.kind][on].sum()),
                     "surface": surface_statistics(t_surface[on], area[on])})
    return rows


def kind_heat(disc: Discretization, t_surface: np.ndarray, b: Boundary,
              net_out: np.ndarray) -> dict[str, np.ndarray]:
    """Heat (W, leaving the solid) every kind carries through every face (see
    :func:`condition_heat`)."""
    c = b.conditions
    return {name: kind.face_heat(c.kind_values(name, b.t_lin), disc.faces.area, t_surface,
                                 b.t_lin, net_out)
            for name, kind in REGISTRY.items()}


def body_convection(disc: Discretization, per_kind: dict[str, np.ndarray]) -> np.ndarray:
    """Heat (W) every body gives to the air by convection: the convective kinds' shares."""
    heat = sum(per_kind[name] for name, kind in REGISTRY.items() if kind.convective)
    return np.bincount(disc.face_body, weights=heat, minlength=len(disc.model.bodies))


def convection_film(b: Boundary) -> np.ndarray:
    """Per face the convective film coefficient (W/(m^2 K)) of ``b``: the convective kinds'
    films added."""
    c = b.conditions
    out = np.zeros(c.origin.shape[1])
    for name, kind in REGISTRY.items():
        if kind.convective:
            out = out + kind.film(c.values[name], b.t_lin)[0]
    return out


def radiation_flux(disc: Discretization, t_surface: np.ndarray, b: Boundary) -> np.ndarray:
    """Net radiation (W/m^2, positive leaving) through every exposed face, to the
    surroundings and exchanged with other surfaces."""
    kind = REGISTRY["radiation"]
    area = disc.faces.area
    heat = kind.face_heat(b.conditions.kind_values(kind.name, b.t_lin), area, t_surface,
                          b.t_lin, np.zeros_like(area))
    return heat / area


def surface_radiation(disc: Discretization, t_surface: np.ndarray,
                      b: Boundary) -> dict[str, Any]:
    """The summary's ``surface_radiation`` (see :meth:`solver.surface_radiation.
    SurfaceRadiation.report`), with surface-to-surface radiation only."""
    coupling = b.conditions.coupled.get("radiation")
    if coupling is None:
        return {}
    return {"surface_radiation": coupling.report(b.conditions.values["radiation"], t_surface)}


def adiabatic_area(disc: Discretization) -> dict[str, float]:
    """Exposed area (m^2) of every body that carries no condition (adiabatic by default) and
    faces no enclosure's air."""
    adiabatic = disc.conditions.adiabatic
    if disc.enclosures is not None:
        adiabatic = adiabatic & ~disc.enclosures.on
    areas = np.bincount(disc.face_body[adiabatic], weights=disc.faces.area[adiabatic],
                        minlength=len(disc.model.bodies))
    return {b.name: float(a) for b, a in zip(disc.model.bodies, areas, strict=True)}


def energy_balance_error(power_in: float, net_out: np.ndarray) -> float:
    """Steady ``|in - out| / max(in, out)``, boundary inflows counted as inputs."""
    inflow = power_in + float(np.sum(np.maximum(-net_out, 0.0)))
    outflow = float(np.sum(np.maximum(net_out, 0.0)))
    scale = max(inflow, outflow)
    return abs(inflow - outflow) / scale if scale > 0.0 else 0.0


def base_summary(disc: Discretization, t: np.ndarray, t_surface: np.ndarray, b: Boundary,
                 net_out: np.ndarray) -> dict[str, Any]:
    """The summary fields shared by steady and transient results; the extreme temperatures
    are over cells and exposed faces."""
    active = disc.active
    bodies = body_statistics(disc, t, t_surface)
    per_kind = kind_heat(disc, t_surface, b, net_out)
    convection = body_convection(disc, per_kind)
    radiation = np.bincount(disc.face_body, weights=per_kind["radiation"],
                            minlength=len(disc.model.bodies))
    for body, heat, rad in zip(bodies.values(), convection, radiation, strict=True):
        body["convection_W"] = float(heat)
        body["radiation_W"] = float(rad)
    return {
        "schema_version": 1,
        "model": disc.model.name,
        "analysis": disc.model.analysis.kind,
        "max_temperature_C": float(np.fmax(np.nanmax(t), np.max(t_surface, initial=-np.inf))),
        "min_temperature_C": float(np.fmin(np.nanmin(t), np.min(t_surface, initial=np.inf))),
        "bodies": bodies,
        "conditions": condition_heat(disc, t_surface, b, net_out),
        "flow_regions": flow_report(disc, b.conditions, t_surface, b.t_lin, net_out),
        "contacts": contact_report(disc.model, disc.contacts, t),
        **surface_radiation(disc, t_surface, b),
        "adiabatic_area_m2": adiabatic_area(disc),
        "cells": int(disc.grid.n_cells),
        "solid_cells": int(np.count_nonzero(active)),
        "grid": list(disc.grid.shape),
    }
