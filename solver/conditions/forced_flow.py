"""``forced_flow``: film coefficients on the faces inside a model's flow regions.

Not a condition of the model: the discretization places it (:mod:`solver.flow_regions`
finds each region's faces, its operating point and every face's channel), one item per
region. The film's reference temperature is the local bulk air temperature, marched along
the flow from the surface temperatures of the linearisation (regions in series in flow order,
each from the mix of its upstream regions' outlets), so the film depends on the
surface temperatures (``nonlinear``: the steady Picard loop, and each transient step's,
re-march the stream; the sparsity pattern never changes).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from solver.conditions.base import ConditionKind, Values
from solver.model.types import Model
from solver.physics.stream_heating import march_stream

FACE_FIELDS = ("x0", "x1", "dh", "mass_flux", "aspect", "across", "slice", "area")
NO_LINKS = np.zeros((0, 4))


class ForcedFlowKind(ConditionKind):
    name = "forced_flow"
    is_heat_path = True
    internal = True
    nonlinear = True
    convective = True  # the natural-convection default leaves its faces alone

    def defaults(self, model: Model) -> dict[str, float]:
        return {"region": -1.0, "x0": 0.0, "x1": 1.0, "dh": 1.0, "mass_flux": 0.0,
                "aspect": 1.0, "across": 0.0, "slice": 0.0, "area": 0.0,
                "rank": 0.0, "t_inlet": model.ambient.temperature, "capacity_rate": 1.0}

    def apply(self, item: Any, faces, values: Values, model: Model, time):
        """``item`` is a :class:`solver.flow_regions.RegionFlow`. Besides the per-face arrays,
        ``values["links"]`` gets a row per upstream region of the item: (region, upstream
        region, share of the inlet air, the upstream's ``t_inlet``), and one (region, -1,
        share, ambient) for the room's make-up air when it draws some."""
        at = np.searchsorted(item.faces, faces)
        for key in FACE_FIELDS:
            values[key][faces] = item.face_data[key][at]
        values["region"][faces] = item.index
        room = [(item.index, -1, item.room, model.ambient.temperature)] if item.room else []
        values["links"] = np.vstack([values.get("links", NO_LINKS), [
            (item.index, u.index, w, u.t_inlet) for u, w in zip(item.upstream, item.mix,
                                                                strict=True)] + room
                                     or NO_LINKS])
        values["rank"][faces] = item.rank
        values["t_inlet"][faces] = item.t_inlet
        values["capacity_rate"][faces] = item.capacity_rate(item.t_inlet)

    def film(self, values: Values, t_surface):
        h, t_air, *_ = stream_state(values, t_surface)
        return h, t_air

    def heat_path(self, values: Values):
        return values["mass_flux"] > 0.0


def stream_state(values: Values, t_surface: np.ndarray | None):
    """Per face: film ``h``, local bulk air temperature, correlation (``PLATE``/``DUCT``/
    ``ACROSS``/``WAKE``, -1 off the regions) and whether it was clamped; per region index its inlet
    and outlet air temperatures. Regions are marched in flow order, each from the mix of its
    upstream regions' outlets (:func:`solver.flow_regions.mixing_shares`; an upstream region
    with no face here, all held at fixed temperatures, at its ``t_inlet``). Surface
    temperatures None: every face at its region's inlet temperature."""
    region = values["region"]
    h = np.zeros(region.size)
    t_air = values["t_inlet"].copy()
    which = np.full(region.size, -1, dtype=np.int64)
    clamped = np.zeros(region.size, dtype=np.bool_)
    inlet: dict[int, float] = {}
    outlet: dict[int, float] = {}
    links = values.get("links", NO_LINKS)
    on = np.nonzero(region >= 0)[0]
    first = on[np.unique(region[on], return_index=True)[1]]
    for f in first[np.argsort(values["rank"][first], kind="stable")]:
        r = int(region[f])
        idx = np.nonzero(region == r)[0]
        idx = idx[np.argsort(values["slice"][idx], kind="stable")]
        slices = values["slice"][idx]
        starts = np.concatenate([[0], np.nonzero(np.diff(slices))[0] + 1, [idx.size]])
        t_in = float(values["t_inlet"][f])
        if (mine := links[links[:, 0] == r]).size:
            t_in = float(sum(w * outlet.get(int(u), t_u) for _, u, w, t_u in mine))
        ts = np.full(idx.size, t_in) if t_surface is None else t_surface[idx]
        hh, ta = np.zeros(idx.size), np.zeros(idx.size)
        ww, cc = np.zeros(idx.size, dtype=np.int64), np.zeros(idx.size, dtype=np.bool_)
        inlet[r] = t_in
        outlet[r] = march_stream(
            starts.astype(np.int64), values["area"][idx], ts, values["x0"][idx],
            values["x1"][idx], values["dh"][idx], values["mass_flux"][idx],
            values["aspect"][idx], values["across"][idx] > 0.5, values["across"][idx] > 1.5, t_in,
            float(values["capacity_rate"][idx[0]]), hh, ta, ww, cc)
        h[idx], t_air[idx], which[idx], clamped[idx] = hh, ta, ww, cc
    return h, t_air, which, clamped, inlet, outlet
