"""The one public entry point: validate, mesh, solve and summarise a model.

The CLI, the FreeCAD workbench and the server all call :func:`solve`; ``progress(fraction,
message)`` reports, ``monitor(event)`` receives the same reports as dicts, ``cancel()``
returning True stops the run with SolveCancelled.
"""

from __future__ import annotations

import dataclasses
import os
import time
from collections.abc import Callable, Mapping
from pathlib import Path

import numpy as np

from solver.components import component_report, junction_name
from solver.discretize import discretize, heat_sink_problems
from solver.errors import ThermoCraftError
from solver.heat_paths import component_paths, interface_flows
from solver.jit_cache import compile_in_background, note_if_cold
from solver.library import embed_library_items
from solver.meshing.checkpoint import cancel_check
from solver.model import Model, ModelError, validate
from solver.model.limits import DEFAULT_LIMITS, Limits
from solver.model.size_checks import cell_cap
from solver.network import node_report
from solver.probes import ProbeSampler
from solver.profiles import body_power, signal
from solver.progress import Monitor, Progress, Reporter
from solver.results import (
    Result,
    base_summary,
    convection_film,
    energy_balance_error,
    radiation_flux,
)
from solver.steady import solve_steady
from solver.system import ThermalSystem
from solver.transient import solve_transient


class LimitExceeded(ThermoCraftError):
    """A run went past a :class:`Limits` bound only known while solving (wall time, the
    steps of an adaptive transient)."""


def solve(model: Model, base_dir: str | Path = ".", progress: Progress | None = None,
          cancel: Callable[[], bool] | None = None,
          log: Callable[[str], None] | None = None, limits: Limits | None = None,
          attachments: Mapping[str, os.PathLike] | None = None,
          monitor: Monitor | None = None) -> Result:
    """Solve ``model``; raises ModelError listing every problem when it is not solvable.

    ``limits`` bounds the model's size and the run's wall time (default :class:`Limits`();
    the server passes ``Limits.strict()``); STEP paths are relative to ``base_dir``, or in
    ``limits.step_files == "attachments"`` mode names of ``attachments`` (name -> path).

    ``monitor``, when given, receives one dict per report, with the keys

    - ``stage``: ``"meshing"``, ``"assembly"``, ``"steady"`` or ``"transient"`` (``"done"``
      at the end);
    - ``fraction``: 0..1 of the whole solve, non-decreasing;
    - ``message``: the progress bar's text;
    - ``iteration``: the outer (Picard) iteration of a steady solve, or the time step;
    - ``residual``: K, the largest temperature change of the last outer iteration (steady,
      from the second iteration on);
    - ``max_temperature_C``: the largest cell temperature after that iteration or step;
    - ``time_s``: the simulated time reached (transient).

    Keys without a value at a report are left out.
    """
    started = time.perf_counter()
    model = embed_library_items(model)  # lib: materials become the model's own
    limits = limits or DEFAULT_LIMITS
    problems = validate(model, base_dir, limits, attachments)
    if problems:
        raise ModelError(problems)
    if note_if_cold(log):
        compile_in_background()
    deadline = started + limits.wall_time_s
    model = dataclasses.replace(model, mesh=dataclasses.replace(
        model.mesh, max_cells=cell_cap(model, limits)))
    if attachments is None and limits.step_files == "attachments":
        attachments = {}

    def stop() -> bool:
        if time.perf_counter() > deadline:
            raise LimitExceeded(f"the solve ran past the wall time limit of "
                                f"{limits.wall_time_s:g} s")
        return cancel is not None and cancel()

    report = Reporter(progress, monitor)
    disc = discretize(model, base_dir, cancel_check(stop), report.stage("meshing", 0.0, 0.1),
                      attachments)
    sampler = ProbeSampler(disc, model.probes)
    if model.analysis.kind == "steady":
        problems = heat_sink_problems(disc)
        if problems:
            raise ModelError(problems)
    meshed = time.perf_counter()
    report.stage("assembly", 0.1, 0.0)(0.0, f"{disc.grid.n_cells} cells: assembling")

    system = ThermalSystem(disc, model.solver, log=log, cancel=stop)
    if model.analysis.kind == "steady":
        result = _steady_result(system, sampler, report.stage("steady", 0.1, 0.9))
    else:
        result = _transient_result(system, sampler, report.stage(
            "transient", 0.1, 0.9, check=_step_limit(limits, stop)), base_dir)
    result.summary.update({
        "linear_iterations": system.linear_iterations,
        "mesh_time_s": meshed - started,
        "wall_time_s": time.perf_counter() - started,
    })
    report.stage("done", 1.0, 0.0)(1.0, "done")
    return result


def _step_limit(limits: Limits, stop: Callable[[], bool]) -> Callable[[dict], None]:
    """A check run at every step report: the step count stays within the limit (adaptive
    steps can shrink below the first) and the wall time too."""
    def check(info: dict) -> None:
        steps = info.get("iteration")
        if steps is not None and steps > limits.time_steps:
            raise LimitExceeded(f"analysis: the adaptive run needed more than "
                                f"{limits.time_steps} time steps (the limit)")
        stop()
    return check


def _steady_result(system: ThermalSystem, sampler: ProbeSampler, progress) -> Result:
    disc = system.disc
    field = solve_steady(system, progress)
    t = np.nan_to_num(field.t)
    net_out = system.face_heat_out(t, field.boundary)
    t_surface, h_conv = _face_results(disc, t, field.tn, system.surface_temperature(
        t, field.boundary.t_lin), convection_film(field.boundary))
    net = disc.network
    power = sum(body_power(b, None) for b in disc.model.bodies) + sum(net.power)
    node_out = net.fixed_heat(t, field.tn)
    summary = base_summary(disc, field.t, t_surface, field.boundary, net_out)
    air = _enclosures(disc, t, field.tn)
    summary.update({
        "probes": {n: {"T_C": float(v)} for n, v in
                   zip(sampler.names, sampler.sample(t, t_surface), strict=True)},
        "nodes": node_report(net, t, field.tn),
        **air,
        **_paths(disc, component_report(disc, disc.junctions, t, field.tn), t, field.tn,
                 summary, air, np.array([body_power(b) for b in disc.model.bodies])),
        "power_W": power,
        "heat_out_W": float(net_out.sum() + node_out.sum()),
        "energy_balance_error": energy_balance_error(power, np.concatenate([net_out, node_out])),
        "outer_iterations": field.outer_iterations,
        "outer_change_K": field.change if np.isfinite(field.change) else None,
        "outer_residuals": field.residuals,
        **_films(system, t_surface, field.boundary, field.outer_iterations),
    })
    return Result(disc, field.t, t_surface, summary, net_out, node_t=field.tn,
                  face_convection_h=h_conv,
                  radiation_flux=radiation_flux(disc, t_surface, field.boundary))


def _transient_result(system: ThermalSystem, sampler: ProbeSampler, progress,
                      base_dir: str | Path) -> Result:
    disc = system.disc
    run = solve_transient(system, sampler, progress, base_dir)
    t = np.nan_to_num(run.t)
    net_out = system.face_heat_out(t, run.boundary)
    t_surface, h_conv = _face_results(disc, t, run.tn, system.surface_temperature(
        t, run.boundary.t_lin, run.boundary.conditions), convection_film(run.boundary))
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
    air = _enclosures(disc, t, run.tn)
    for j in disc.junctions:
        c = components[j.component.name]
        c["Tj_history"] = nodes[junction_name(j.component)]["history"]
        c["power_W"] = float(signal(j.component.power_profile, j.component.power, "power",
                                    base_dir).value(float(times[-1]), "left"))
    summary.update({
        **air,
        **_paths(disc, components, t, run.tn, summary, air, np.array(
            [signal(b.power_profile, b.power, "power", base_dir).value(float(times[-1]), "left")
             for b in disc.model.bodies])),
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
        **_films(system, t_surface, run.boundary, run.outer_iterations),
    })
    return Result(disc, run.t, t_surface, summary, net_out, times, history, run.fields,
                  run.surface_fields, run.tn, h_conv,
                  radiation_flux(disc, t_surface, run.boundary))


def _films(system: ThermalSystem, t_surface: np.ndarray, b, iterations: int) -> dict:
    """The summary's ``natural_convection`` (when a face carries it)."""
    if system.films is None:
        return {}
    return {"natural_convection": system.films.report(t_surface, b.conditions, iterations)}


def _face_results(disc, t: np.ndarray, tn: np.ndarray, t_surface: np.ndarray,
                  h_convection: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Face temperatures and convective films, with those of the faces on an enclosure's
    air (:meth:`solver.enclosure.EnclosureAir.overlay`)."""
    if disc.enclosures is None:
        return t_surface, h_convection
    return disc.enclosures.overlay(t, tn, t_surface, h_convection)


def _enclosures(disc, t: np.ndarray, tn: np.ndarray) -> dict:
    """The summary's ``enclosures`` (when a body is one) and ``air_layers`` (the outside
    air's conducting layers, when there are any)."""
    air = disc.enclosures
    if air is None:
        return {}
    return ({"enclosures": air.report(t, tn)} if air.items else {}) | (
        {"air_layers": air.open.report(t, tn)} if air.open.items else {})


def _paths(disc, components: dict, t: np.ndarray, tn: np.ndarray, summary: dict, air: dict,
           body_sources: np.ndarray) -> dict:
    """The summary's ``components`` (each with its heat ``path``) and ``interfaces``; the
    heat bodies give to an enclosure's air (``air``: the summary's ``enclosures``) counts
    as a way to the air (kind ``enclosure``); ``body_sources`` the bodies' power (W) at the
    result's time."""
    interfaces = interface_flows(disc, t)
    to_air = summary["conditions"] + [
        {"kind": "enclosure", "body": body, "heat_out_W": heat}
        for e in air.get("enclosures", []) for body, heat in e["bodies"].items()]
    for name, path in component_paths(disc, disc.junctions, components, t, tn, interfaces,
                                      to_air, body_sources).items():
        components[name]["path"] = path
    return {"components": components, "interfaces": interfaces}
