"""Where the heat goes: heat crossing every body-body interface of a solved field, each
component's series path with its temperature drops and bottleneck, and the per-cell
bottleneck field ``Bn = |q| |grad T|`` (after Flotherm's "Bn" idea: large where much heat is
pushed through a steep gradient, i.e. where a better conductor would help most)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from solver.components import Junction
    from solver.discretize import Discretization


def _pairs(disc: Discretization, axis: int) -> tuple[np.ndarray, ...]:
    """Owners of the two cells, their temperatures' slices and conductances of every
    interior face normal to ``axis``."""
    owner = disc.bodymap.owner
    g = (disc.conduction.gx, disc.conduction.gy, disc.conduction.gz)[axis]
    lo = [slice(None)] * 3
    hi = [slice(None)] * 3
    lo[axis], hi[axis] = slice(None, -1), slice(1, None)
    return owner[tuple(lo)], owner[tuple(hi)], tuple(lo), tuple(hi), g


def interface_flows(disc: Discretization, t: np.ndarray) -> list[dict[str, Any]]:
    """Heat (W) crossing each interface between two bodies from the conduction stencil
    (contacts included, they are part of its face conductances), positive from the first
    body to the second; ``dT_K`` the conductance-weighted cell-centre temperature difference
    across it and ``resistance_K_W`` = dT / heat (the interface's share of the path, with the
    half cells on both sides)."""
    n = len(disc.model.bodies)
    heat = np.zeros((n, n))
    gsum = np.zeros((n, n))
    gdt = np.zeros((n, n))
    t = np.nan_to_num(t).reshape(disc.grid.shape)
    for axis in range(3):
        a, b, lo, hi, g = _pairs(disc, axis)
        cross = (a != b) & (a >= 0) & (b >= 0) & (g > 0)
        dt = (t[lo] - t[hi])[cross]
        ga, gb, gc = a[cross], b[cross], g[cross]
        np.add.at(heat, (ga, gb), gc * dt)
        np.add.at(gsum, (ga, gb), gc)
        np.add.at(gdt, (ga, gb), gc * dt)
    names = [b.name for b in disc.model.bodies]
    out = []
    for i in range(n):
        for j in range(i + 1, n):
            g = gsum[i, j] + gsum[j, i]
            if g == 0.0:
                continue
            q = heat[i, j] - heat[j, i]
            dt = (gdt[i, j] - gdt[j, i]) / g
            out.append({"bodies": [names[i], names[j]], "heat_W": float(q), "dT_K": float(dt),
                        "resistance_K_W": float(dt / q) if q != 0.0 else None})
    return out


def component_paths(disc: Discretization, junctions: list[Junction], report: dict[str, dict],
                    interfaces: list[dict[str, Any]], conditions: list[dict[str, Any]]
                    ) -> dict[str, dict]:
    """Per component: its series path - the two legs (their drops from the report) and the
    interfaces its package bodies (a detailed model's: all its layers) have with other
    bodies than its board (heat and drop from the
    solved field) - each element's drop per watt, and the ``bottleneck``: the element with
    the largest temperature drop; ``to_air``: the surface conditions (kind, body, heat) of
    the package, its board and the bodies its package touches. Interfaces and conditions
    carry all heat crossing them, so with several components on one heat sink they are
    shared, not attributed."""
    from solver.components import component_bodies

    out = {}
    for j in junctions:
        name, board = j.component.name, j.component.board
        own = component_bodies(j.component)
        legs = report[name]["legs"]
        elements = [{"element": "theta_jc", "heat_W": legs["top"]["heat_W"],
                     "dT_K": legs["top"]["dT_K"], "K_per_W": legs["top"]["theta_K_W"]},
                    {"element": "theta_jb", "heat_W": legs["board"]["heat_W"],
                     "dT_K": legs["board"]["dT_K"], "K_per_W": legs["board"]["theta_K_W"]}]
        for f in interfaces:
            a, b = f["bodies"]
            if (a in own or b in own) and board not in f["bodies"]:
                sign = 1.0 if a in own else -1.0
                first, other = (a, b) if sign > 0 else (b, a)
                elements.append({"element": f"interface:{first}-{other}",
                                 "heat_W": sign * f["heat_W"], "dT_K": sign * f["dT_K"],
                                 "K_per_W": f["resistance_K_W"]})
        worst = max(elements, key=lambda e: e["dT_K"])
        reached = {*own, board} | {e["element"].split("-", 1)[1] for e in elements[2:]}
        to_air = [{"kind": c["kind"], "body": c["body"], "heat_W": c["heat_out_W"]}
                  for c in conditions if c["body"] in reached]
        out[name] = {"elements": elements, "bottleneck": worst["element"], "to_air": to_air}
    return out


def bottleneck_field(disc: Discretization, t: np.ndarray) -> np.ndarray:
    """``|q| |grad T|`` (W/(m^2) K/m) per cell: each axis's flux density and gradient from
    the stencil's face flows (contacts included), averaged over the cell's two faces; 0
    outside the solid."""
    grid = disc.grid
    t = np.nan_to_num(t).reshape(grid.shape)
    q2 = np.zeros(grid.shape)
    d2 = np.zeros(grid.shape)
    for axis in range(3):
        _, _, lo, hi, g = _pairs(disc, axis)
        w = [grid.widths(a) for a in range(3)]
        others = [a for a in range(3) if a != axis]
        area = np.multiply.outer(w[others[0]], w[others[1]])
        area = np.expand_dims(area, axis)
        dist = np.diff(grid.centers(axis))
        dist = dist.reshape([-1 if a == axis else 1 for a in range(3)])
        dt = t[lo] - t[hi]
        flux, grad = g * dt / area, np.where(g > 0, dt / dist, 0.0)
        for value, acc in ((flux, q2), (grad, d2)):
            cell = np.zeros(grid.shape)
            cell[lo] += 0.5 * value
            cell[hi] += 0.5 * value
            acc += cell ** 2
    return np.where(disc.bodymap.owner >= 0, np.sqrt(q2 * d2), 0.0)
