"""The one public entry point: validate, mesh, solve and summarise a model.

The CLI, the FreeCAD workbench and the server all call :func:`solve`; ``progress(fraction,
message)`` reports, ``cancel()`` returning True stops the run with SolveCancelled.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from solver.components import component_report, junction_name
from solver.discretize import discretize, heat_sink_problems
from solver.heat_paths import component_paths, interface_flows
from solver.jit_cache import note_if_cold
from solver.meshing.checkpoint import cancel_check
from solver.model import Model, ModelError, validate
from solver.network import node_report
from solver.probes import ProbeSampler
from solver.profiles import body_power
from solver.results import Result, base_summary, energy_balance_error
from solver.steady import solve_steady
from solver.system import ThermalSystem
from solver.transient import solve_transient

Progress = Callable[[float, str], None]


def _stage(progress: Progress | None, start: float, span: float) -> Progress | None:
    """A progress callback mapping a sub-task's 0..1 onto ``start .. start + span``."""
    if progress is None:
        return None
    return lambda f, msg: progress(start + span * min(max(f, 0.0), 1.0), msg)


def solve(model: Model, base_dir: str | Path = ".", progress: Progress | None = None,
          cancel: Callable[[], bool] | None = None,
          log: Callable[[str], None] | None = None) -> Result:
    """Solve ``model``; raises ModelError listing every problem when it is not solvable."""
    started = time.perf_counter()
    problems = validate(model, base_dir)
    if problems:
        raise ModelError(problems)
    note_if_cold(log)
    if progress:
        progress(0.0, "meshing")
    disc = discretize(model, base_dir, cancel_check(cancel), _stage(progress, 0.0, 0.05))
    sampler = ProbeSampler(disc, model.probes)
    if model.analysis.kind == "steady":
        problems = heat_sink_problems(disc)
        if problems:
            raise ModelError(problems)
    meshed = time.perf_counter()
    if progress:
        progress(0.05, f"{disc.grid.n_cells} cells")
    system = ThermalSystem(disc, model.solver, log=log, cancel=cancel)
    if model.analysis.kind == "steady":
        result = _steady_result(system, sampler, _stage(progress, 0.05, 0.95))
    else:
        result = _transient_result(system, sampler, _stage(progress, 0.05, 0.95), base_dir)
    result.summary.update({
        "linear_iterations": system.linear_iterations,
        "mesh_time_s": meshed - started,
        "wall_time_s": time.perf_counter() - started,
    })
    if progress:
        progress(1.0, "done")
    return result


def _steady_result(system: ThermalSystem, sampler: ProbeSampler, progress) -> Result:
    disc = system.disc
    field = solve_steady(system, progress)
    t = np.nan_to_num(field.t)
    net_out = system.face_heat_out(t, field.boundary)
    t_surface = system.surface_temperature(t, field.boundary.t_lin)
    net = disc.network
    power = sum(body_power(b, None) for b in disc.model.bodies) + sum(net.power)
    node_out = net.fixed_heat(t, field.tn)
    summary = base_summary(disc, field.t, t_surface, field.boundary, net_out)
    summary.update({
        "probes": {n: {"T_C": float(v)} for n, v in
                   zip(sampler.names, sampler.sample(t, t_surface), strict=True)},
        "nodes": node_report(net, t, field.tn),
        **_paths(disc, component_report(disc, disc.junctions, t, field.tn), t, summary),
        "power_W": power,
        "heat_out_W": float(net_out.sum() + node_out.sum()),
        "energy_balance_error": energy_balance_error(power, np.concatenate([net_out, node_out])),
        "outer_iterations": field.outer_iterations,
    })
    return Result(disc, field.t, t_surface, summary, net_out, node_t=field.tn)


def _transient_result(system: ThermalSystem, sampler: ProbeSampler, progress,
                      base_dir: str | Path) -> Result:
    disc = system.disc
    run = solve_transient(system, sampler, progress, base_dir)
    t = np.nan_to_num(run.t)
    net_out = system.face_heat_out(t, run.boundary)
    t_surface = system.surface_temperature(t, run.boundary.t_lin, run.boundary.conditions)
    history = np.array(run.probes)
    times = np.array(run.times)
    summary = base_summary(disc, run.t, t_surface, run.boundary, net_out)
    e_in, e_out, stored = run.energy.energy_in, run.energy.energy_out, run.energy_stored
    scale = max(abs(e_in), abs(e_out), abs(stored), 1e-300)
    nodes = node_report(disc.network, t, run.tn)
    node_history = np.array(run.node_history).reshape(len(times), len(nodes))
    for i, name in enumerate(nodes):
        nodes[name]["history"] = [[float(s), float(v)] for s, v in
                                  zip(times, node_history[:, i], strict=True)]
    components = component_report(disc, disc.junctions, t, run.tn)
    for j in disc.junctions:
        components[j.component.name]["Tj_history"] = nodes[junction_name(j.component)]["history"]
    summary.update({
        **_paths(disc, components, t, summary),
        "probes": {n: [[float(t), float(v)] for t, v in zip(times, history[:, i], strict=True)]
                   for i, n in enumerate(sampler.names)},
        "nodes": nodes,
        "time_s": float(times[-1]),
        "steps": len(times) - 1,
        "rejected_steps": run.rejected_steps,
        "outer_iterations": run.outer_iterations,
        "energy_in_J": e_in,
        "energy_out_J": e_out,
        "energy_stored_J": stored,
        "energy_balance_error": abs(e_in - e_out - stored) / scale,
        "output_times_s": sorted(run.fields),
    })
    return Result(disc, run.t, t_surface, summary, net_out, times, history, run.fields,
                  run.surface_fields, run.tn)


def _paths(disc, components: dict, t: np.ndarray, summary: dict) -> dict:
    """The summary's ``components`` (each with its heat ``path``) and ``interfaces``."""
    interfaces = interface_flows(disc, t)
    for name, path in component_paths(disc, disc.junctions, components, interfaces,
                                      summary["conditions"]).items():
        components[name]["path"] = path
    return {"components": components, "interfaces": interfaces}
