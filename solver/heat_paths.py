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


def _flow_graph(disc: Discretization, t: np.ndarray, tn: np.ndarray,
                interfaces: list[dict[str, Any]]) -> tuple[np.ndarray, list[str], set[int]]:
    """Heat ``F[i, j]`` (W, >= 0) from vertex i to j: the bodies (first) and the network's
    nodes, joined by the interfaces and the network's links; enclosure air nodes (sinks:
    the ``enclosure`` ways to the air) are left out of it, and returned."""
    net, names = disc.network, [b.name for b in disc.model.bodies]
    n = len(names)
    air = {e.node for e in disc.enclosures.items} if disc.enclosures is not None else set()
    flows = np.zeros((n + len(net), n + len(net)))

    def add(a: int, b: int, q: float) -> None:
        if q >= 0.0:
            flows[a, b] += q
        else:
            flows[b, a] -= q

    index = {name: i for i, name in enumerate(names)}
    for f in interfaces:
        add(index[f["bodies"][0]], index[f["bodies"][1]], f["heat_W"])
    owner, flat = disc.bodymap.owner.ravel(), t.ravel()
    for link in net.links:
        if link.node in air or link.other in air:
            continue
        if link.cells is not None:
            heat = np.bincount(owner[link.cells], weights=link.g * (tn[link.node]
                               - flat[link.cells]), minlength=n)
            for body in np.flatnonzero(heat):
                add(n + link.node, int(body), float(heat[body]))
        elif link.other >= 0:
            add(n + link.node, n + link.other,
                link.conductance * (tn[link.node] - tn[link.other]))
    return flows, [*names, *net.names], air


def trace_heat(disc: Discretization, junctions: list[Junction], t: np.ndarray,
               tn: np.ndarray, interfaces: list[dict[str, Any]],
               sinks: list[dict[str, Any]], body_sources: np.ndarray) -> dict[str, dict]:
    """Where each component's heat leaves the solid, by proportional sharing.

    The heat is followed from its source (a junction node, a detailed component's die)
    through every body and network node it flows into (interfaces, contacts, lumped links:
    the solved face and link flows) to the ways out of the solid: ``sinks`` (the surface
    conditions' rows, kind/body/heat_out_W, and the heat given to enclosure air) and the
    network's links to fixed temperatures. The rule where heats mix: every vertex's
    outflows (to the air, to other vertices, into storage) are split among the components
    in proportion to the heat each brings into it (its own source plus its share of every
    inflow; Bialek's proportional sharing, IEEE Trans. Power Syst. 11, 1996). Other power
    (bodies or nodes that are not components) is a source of its own that no component is
    given. Per vertex inflow = outflow + stored, so a component's ``to_air`` plus
    ``stored_W`` (heat being stored where its heat goes: 0 in a steady state, at the
    solver's tolerance) equals its power, and over all components the shares of every
    sink add up to the sink's heat less the other sources' share.

    Each component's heat is followed in two parts: what its top leg carries (theta_JC or,
    detailed, everything its bodies give to other bodies than its board and to the air)
    and what crosses to its board (see :func:`_shares`).

    Returns per component ``to_air`` (rows kind, body, heat_W, the top and board legs'
    parts of it top_W and board_W),
    ``stored_W``, ``out_W`` (heat leaving its own bodies, its junction included) and
    ``board_W`` (net heat its own bodies give its board)."""
    from solver.components import component_bodies

    flows, names, air = _flow_graph(disc, t, tn, interfaces)
    net, n = disc.network, len(disc.model.bodies)
    index = {name: i for i, name in enumerate(names)}
    loss = np.zeros(len(names))
    rows = []
    for s in sinks:
        i = index.get(s["body"])
        if i is not None:
            loss[i] += s["heat_out_W"]
            rows.append((i, s["kind"], s["body"], s["heat_out_W"]))
    for link, q in zip(net.links, net.link_heat(t, tn), strict=True):
        if link.temperature is not None and link.node not in air:
            loss[n + link.node] += q
            rows.append((n + link.node, "network", f"{net.names[link.node]}:{link.label}", q))
    source = np.concatenate([body_sources, np.asarray(net.power, dtype=float)])
    m = len(junctions)
    start = np.zeros((len(names), 2 * m))
    mine, boards = [], []
    for c, j in enumerate(junctions):
        mine.append([index[b] for b in component_bodies(j.component)])
        boards.append(index[j.component.board])
        if j.die is None:
            links = [i for i, link in enumerate(net.links) if link.node == j.node]
            source[n + j.node] = float(net.link_heat(t, tn)[links].sum())
            start[n + j.node, c] = source[n + j.node]
            mine[c].append(n + j.node)
        else:
            die = index[f"{j.component.name}.die"]
            start[die, c] = body_sources[die]
    shares = _shares(flows, source + flows.sum(axis=0), start, mine, boards)
    stored = source + flows.sum(axis=0) - flows.sum(axis=1) - loss
    out = {}
    for c, j in enumerate(junctions):
        top, low = shares[:, c], shares[:, m + c]
        others = np.setdiff1d(np.arange(len(names)), mine[c])
        b = boards[c]
        out[j.component.name] = {
            "to_air": [{"kind": kind, "body": body, "heat_W": float(q * (top[i] + low[i])),
                        "top_W": float(q * top[i]), "board_W": float(q * low[i])}
                       for i, kind, body, q in rows if abs(top[i] + low[i]) > 1e-12],
            "stored_W": float(stored @ (top + low)),
            "out_W": float(loss[mine[c]].sum() + flows[np.ix_(mine[c], others)].sum()
                           - flows[np.ix_(others, mine[c])].sum()),
            "board_W": float(flows[mine[c], b].sum() - flows[b, mine[c]].sum())}
    return out


def _shares(flows: np.ndarray, inflow: np.ndarray, start: np.ndarray, mine: list[list[int]],
            boards: list[int]) -> np.ndarray:
    """Each vertex's share of every column's heat (columns: the components' top legs, then
    their board legs; ``start`` the heat each column starts with where). Proportional
    sharing: ``inflow_i x_i = start_i + sum_j F_ji x_j``. The edges from a component's own
    vertices (``mine``) to its board are where its heat passes from the top column to the
    board one: cut from the graph, what each column sends over them is started again at
    the board (component c's top column as its board column), until nothing is left."""
    m = len(boards)
    cut = flows.copy()
    for own, b in zip(mine, boards, strict=True):
        cut[own, b] = 0.0
    system = np.diag(np.where(inflow > 0.0, inflow, 1.0)) - cut.T
    total, heat = np.zeros_like(start), start
    for _ in range(100):
        try:
            x = np.linalg.solve(system, heat)
        except np.linalg.LinAlgError:
            x = np.linalg.lstsq(system, heat, rcond=None)[0]
        total += x
        heat = np.zeros_like(start)
        for c, (own, b) in enumerate(zip(mine, boards, strict=True)):
            passed = flows[own, b] @ x[own]
            passed[m + c] += passed[c]
            passed[c] = 0.0
            heat[b] += passed
        if np.abs(heat).sum() <= 1e-13 * max(np.abs(start).sum(), 1e-300):
            break
    return total


def component_paths(disc: Discretization, junctions: list[Junction], report: dict[str, dict],
                    t: np.ndarray, tn: np.ndarray, interfaces: list[dict[str, Any]],
                    sinks: list[dict[str, Any]], body_sources: np.ndarray) -> dict[str, dict]:
    """Per component: its series path - the legs (their drops from the report, each named
    by its resistance: ``theta_jc``, ``theta_jb`` or a pad model's ``theta_jc_bottom``, and a
    component's interface ``theta_cs`` in series after the board leg) and the
    interfaces its package bodies (a detailed model's: all its layers) have with other
    bodies than its board (heat and drop from the solved field) - each element's drop per
    watt, and the ``bottleneck``: the element with the largest temperature drop; ``to_air``
    and ``stored_W`` from :func:`trace_heat` (``to_air`` + ``stored_W`` = the power; with
    several components the sinks' heat apportioned by proportional sharing). A detailed
    component's top leg in ``report`` is set here from the same flows: the heat its bodies
    give to anything but the board (air, contacts), at the solve's (final) time; what its
    bodies store is ``legs.stored_W``."""
    from solver.components import component_bodies

    traced = trace_heat(disc, junctions, t, tn, interfaces, sinks, body_sources)
    out = {}
    for j in junctions:
        name, board = j.component.name, j.component.board
        own = component_bodies(j.component)
        legs = report[name]["legs"]
        trace = traced[name]
        if j.die is not None:
            top = legs["top"]
            top["heat_W"] = trace["out_W"] - trace["board_W"]
            top["theta_K_W"] = top["dT_K"] / top["heat_W"] if abs(top["heat_W"]) > 1e-12 \
                else None
            legs["stored_W"] = report[name]["power_W"] - trace["out_W"]
        elements = [{"element": leg["element"], "heat_W": leg["heat_W"], "dT_K": leg["dT_K"],
                     "K_per_W": leg["theta_K_W"]}
                    for leg in (legs["top"], legs["board"], legs.get("interface"))
                    if leg is not None]
        for f in interfaces:
            a, b = f["bodies"]
            if (a in own or b in own) and board not in f["bodies"]:
                sign = 1.0 if a in own else -1.0
                first, other = (a, b) if sign > 0 else (b, a)
                elements.append({"element": f"interface:{first}-{other}",
                                 "heat_W": sign * f["heat_W"], "dT_K": sign * f["dT_K"],
                                 "K_per_W": f["resistance_K_W"]})
        worst = max(elements, key=lambda e: e["dT_K"])
        out[name] = {"elements": elements, "bottleneck": worst["element"],
                     "to_air": trace["to_air"], "stored_W": trace["stored_W"]}
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
