"""Hostile models: the classes of bad input the solver must refuse cleanly (issue 6).

Three sources: malformed *text* (bytes a file or a request body may hold), *mutations* of
every model in ``examples/`` (each names the field it breaks), and *files* a model may name
(STEP paths leaving the folder, FIFOs, symlinks...). Every case says where the problem must
be reported (a path prefix); the tests check ``validate`` and ``solve`` refuse it there.
"""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = {p.stem: json.loads(p.read_text()) for p in sorted((ROOT / "examples").glob("*.json"))}
# the real STEP files of ../shared/step (THERMOCRAFT_STEP_DIR elsewhere, as the workbench tests)
SO8 = Path(os.environ.get("THERMOCRAFT_STEP_DIR", ROOT.parent / "shared" / "step")) \
    / "SO-8_3.9x4.9mm_P1.27mm.step"


@dataclass(frozen=True)
class TextCase:
    """Bytes that must be refused while reading, with one line containing ``expect``."""

    name: str
    text: bytes
    expect: str


@dataclass(frozen=True)
class ModelCase:
    """Model data refused by validation with a problem at ``expect`` (a path prefix).
    ``setup(folder)`` may create files next to the model first."""

    name: str
    build: Callable[[Path], dict]
    expect: str

    def __repr__(self) -> str:
        return self.name


# --- malformed text -------------------------------------------------------------------------

def _text_cases() -> list[TextCase]:
    rod = json.dumps(EXAMPLES["rod"]).encode()
    named = rod.replace(b'"name": "rod"', b'"name": "r\\ud800d"', 1)
    return [
        TextCase("utf8-invalid-byte", rod[:40] + b"\xff" + rod[40:],
                 "invalid UTF-8 at byte offset 40"),
        TextCase("utf8-truncated", rod[:-2] + b"\xe2\x82", "invalid UTF-8 at byte offset"),
        TextCase("utf8-overlong", b'{"name": "\xc0\xaf"}', "invalid UTF-8 at byte offset 10"),
        TextCase("utf8-surrogate-bytes", b'{"name": "\xed\xa0\x80"}', "invalid UTF-8"),
        TextCase("latin1", '{"name": "Wärme"}'.encode("latin-1"), "invalid UTF-8"),
        TextCase("deep-lists", b"[" * 100_000 + b"]" * 100_000, "nested 100000 levels deep"),
        TextCase("deep-objects", b'{"a":' * 100_000 + b"1" + b"}" * 100_000, "levels deep"),
        TextCase("deep-in-field", rod[:-1] + b', "extra": ' + b"[" * 50_000 + b"]" * 50_000 + b"}",
                 "levels deep"),
        TextCase("deep-unbalanced", b"[" * 100_000, "levels deep"),
        TextCase("integer-5001-digits", b'{"mesh": {"max_cells": ' + b"9" * 5001 + b"}}",
                 "an integer of 5001 digits is out of range"),
        TextCase("negative-integer-5001-digits", b'{"name": -' + b"1" * 5001 + b"}",
                 "integer of 5001 digits"),
        TextCase("float-overflow", b'{"ambient": {"temperature": 1e400}}',
                 "ambient.temperature: must be a finite number"),
        TextCase("nan-literal", b'{"ambient": {"temperature": NaN}}', "NaN is not a number"),
        TextCase("infinity-literal", b'{"ambient": {"temperature": Infinity}}', "Infinity"),
        TextCase("minus-infinity", b'{"ambient": {"temperature": -Infinity}}', "-Infinity"),
        TextCase("top-level-list", b"[1, 2, 3]", "must be a JSON object {...}, not a list"),
        TextCase("top-level-string", b'"model"', 'not "model"'),
        TextCase("top-level-number", b"42", "not 42"),
        TextCase("top-level-null", b"null", "not null"),
        TextCase("empty", b"", "invalid JSON"),
        TextCase("truncated", rod[: len(rod) // 2], "invalid JSON"),
        TextCase("trailing-garbage", rod + b" }", "invalid JSON: Extra data"),
        TextCase("lone-surrogate-name", named, "bodies[0].name: is not valid Unicode"),
        TextCase("huge-string", b'{"name": "' + b"x" * 20_000 + b'"}', "more than the limit"),
    ]


TEXT_CASES = _text_cases()


# --- mutations of the examples --------------------------------------------------------------

def _set(path: str, value) -> Callable[[dict], str | None]:
    """A mutation setting ``path`` (dots and [i]) to ``value``; None when the example has no
    such place."""
    def mutate(d: dict) -> str | None:
        keys = path.replace("[", ".").replace("]", "").split(".")
        node = d
        for key in keys[:-1]:
            key = int(key) if key.isdigit() else key
            try:
                node = node[key]
            except (KeyError, IndexError, TypeError):
                if isinstance(key, str) and isinstance(node, dict):
                    node = node.setdefault(key, {})
                else:
                    return None
        last = keys[-1]
        if last.isdigit():
            if not isinstance(node, list) or int(last) >= len(node):
                return None
            node[int(last)] = copy.deepcopy(value)
        else:
            node[last] = copy.deepcopy(value)
        return path
    return mutate


def _transient(**analysis) -> Callable[[dict], str | None]:
    def mutate(d: dict) -> str | None:
        for m in d["materials"]:
            m.setdefault("density", 1000.0)
            m.setdefault("specific_heat", 1000.0)
        d["analysis"] = {"kind": "transient", "duration": 100.0, "time_step": 1.0, **analysis}
        return "analysis"
    return mutate


def _add_condition(cond: dict) -> Callable[[dict], str | None]:
    def mutate(d: dict) -> str | None:
        d["conditions"].append({**cond, "body": d["bodies"][0]["name"]})
        return f"conditions[{len(d['conditions']) - 1}]"
    return mutate


def _profile(profile: dict, duration: float = 100.0) -> Callable[[dict], str | None]:
    def mutate(d: dict) -> str | None:
        _transient()(d)
        d["analysis"]["duration"] = duration
        d["bodies"][0]["power_profile"] = profile
        d["bodies"][0]["power"] = 1.0
        return "bodies[0].power_profile"
    return mutate


def _probe(position) -> Callable[[dict], str | None]:
    def mutate(d: dict) -> str | None:
        d.setdefault("probes", []).append({"name": "hostile probe", "position": position})
        return f"probes[{len(d['probes']) - 1}].position"
    return mutate


def _flow_regions(count: int, curve_points: int = 0) -> Callable[[dict], str | None]:
    """``count`` flow regions over the first body's box (``curve_points``: the first with a
    falling fan curve of that many points instead of a velocity)."""
    def mutate(d: dict) -> str | None:
        g = d["bodies"][0]["geometry"]
        if g.get("kind") != "box":
            return None
        d["flow_regions"] = [{"name": f"r{i}", "min": g["min"], "max": g["max"],
                              "direction": "+x", "velocity": 1.0} for i in range(count)]
        if curve_points:
            del d["flow_regions"][0]["velocity"]
            d["flow_regions"][0]["fan_curve"] = [[i * 1e-6, 1.0 - i / curve_points]
                                                 for i in range(curve_points + 1)]
            return "flow_regions[0].fan_curve"
        return "flow_regions"
    return mutate


def _unknown_and_semantic(d: dict) -> str | None:
    d["bodies"][0]["colour"] = "red"
    d["materials"][0]["conductivity"] = -1.0
    return "bodies[0].colour"


MUTATIONS: dict[str, tuple[Callable[[dict], str | None], str | None]] = {
    # (mutation, expected path prefix; None: the path the mutation returns)
    "k-zero": (_set("materials[0].conductivity", 0.0), None),
    "k-1e308": (_set("materials[0].conductivity", 1e308), None),
    "k-tiny": (_set("materials[0].conductivity", 1e-300), None),
    "k-orthotropic-1e308": (_set("materials[0].conductivity", [1.0, 1e308, 1.0]), None),
    "density-1e308": (_set("materials[0].density", 1e308), None),
    "cp-1e308": (_set("materials[0].specific_heat", 1e308), None),
    "emissivity-2": (_set("materials[0].emissivity", 2.0), None),
    "power-1e308": (_set("bodies[0].power", 1e308), None),
    "power-negative": (_set("bodies[0].power", -5.0), None),
    "box-1e308": (_set("bodies[0].geometry", {"kind": "box", "min": [-1e308] * 3,
                                              "max": [1e308] * 3}), "bodies[0].geometry"),
    "box-far-away": (_set("bodies[0].geometry", {"kind": "box", "min": [1e6, 0, 0],
                                                 "max": [1e6 + 1, 1, 1]}), "bodies[0].geometry"),
    "box-1e-12-thick": (_set("bodies[0].geometry", {"kind": "box", "min": [0, 0, 0],
                                                    "max": [0.01, 0.01, 1e-12]}),
                        "bodies[0].geometry.max"),
    "box-two-coordinates": (_set("bodies[0].geometry", {"kind": "box", "min": [0, 0],
                                                        "max": [1, 1]}), "bodies[0].geometry"),
    "h-1e308": (_set("conditions[0].h", 1e308), None),
    "h-zero": (_set("conditions[0].h", 0.0), None),
    "fixed-below-absolute-zero": (_add_condition({"kind": "fixed_temperature",
                                                  "temperature": -300.0}), None),
    "fixed-1e308": (_add_condition({"kind": "fixed_temperature", "temperature": 1e308}), None),
    "flux-1e308": (_add_condition({"kind": "heat_flux", "flux": 1e308}), None),
    "fluid-1e308": (_add_condition({"kind": "convection", "h": 5.0,
                                    "fluid_temperature": 1e308}), None),
    "radiation-emissivity-0": (_add_condition({"kind": "radiation", "emissivity": 0.0}), None),
    "ambient-below-absolute-zero": (_set("ambient.temperature", -274.0), None),
    "ambient-1e5": (_set("ambient.temperature", 1e5), None),
    "radiant-1e308": (_set("ambient.radiant_temperature", 1e308), None),
    "gravity-one-component": (_set("ambient.gravity", [0]), None),
    "gravity-empty": (_set("ambient.gravity", []), None),
    "gravity-1e308": (_set("ambient.gravity", [0.0, 0.0, 1e308]), None),
    "cell-size-1e-9": (_set("mesh.max_cell_size", 1e-9), "mesh"),
    "cell-size-1e-300": (_set("mesh.max_cell_size", 1e-300), "mesh.max_cell_size"),
    "max-cells-raised": (lambda d: (_set("mesh.max_cell_size", 1e-6)(d),
                                    _set("mesh.max_cells", 10**18)(d))[1], "mesh"),
    "max-cells-zero": (_set("mesh.max_cells", 0), None),
    "growth-1e308": (_set("mesh.max_growth", 1e308), None),
    "growth-1": (_set("mesh.max_growth", 1.0), None),
    "cells-across-1e6": (_set("mesh.min_cells_across", 10**6), None),
    "uniform-1e5-cubed": (_set("mesh.uniform", [100_000, 100_000, 100_000]), None),
    "uniform-two": (_set("mesh.uniform", [10, 10]), None),
    "steps-1e18": (_transient(duration=1e9, time_step=1e-9), "analysis.time_step"),
    "duration-1e18": (_transient(duration=1e18), "analysis.duration"),
    "time-step-1e-300": (_transient(time_step=1e-300), "analysis.time_step"),
    "time-step-zero": (_transient(time_step=0.0), "analysis.time_step"),
    "output-times-million": (_transient(output_times=[50.0] * 1_000_000),
                             "analysis.output_times"),
    "output-time-outside": (_transient(output_times=[1e9]), "analysis.output_times[0]"),
    "adaptive-tolerance-1e-300": (_transient(adaptive=True, tolerance=1e-300),
                                  "analysis.tolerance"),
    "adaptive-tiny-first-step": (_transient(adaptive=True, duration=1e6, time_step=1e-6),
                                 "analysis.time_step"),
    "initial-below-absolute-zero": (_transient(initial_temperature=-500.0),
                                    "analysis.initial_temperature"),
    "scheme-unknown": (_transient(scheme="rk45"), "analysis.scheme"),
    "pulse-train-1e9-periods": (_profile({"kind": "pulse_train", "period": 1e-7, "duty": 0.5,
                                          "on": 1.0}), None),
    "pulse-train-period-1e-300": (_profile({"kind": "pulse_train", "period": 1e-300,
                                            "duty": 0.5, "on": 1.0}), None),
    "pulse-train-on-1e308": (_profile({"kind": "pulse_train", "period": 1.0, "duty": 0.5,
                                       "on": 1e308}), None),
    "piecewise-negative": (_profile({"kind": "piecewise_linear",
                                     "points": [[0, 1], [10, -50], [20, 1]]}), None),
    "piecewise-time-1e308": (_profile({"kind": "piecewise_linear",
                                       "points": [[0, 1], [1e308, 2]]}), None),
    "piecewise-100k-points": (_profile({"kind": "piecewise_linear",
                                        "points": [[i * 1e-3, 1.0] for i in range(200_001)]},
                                       duration=300.0), None),
    "step-time-negative": (_profile({"kind": "step", "time": -1.0, "before": 0, "after": 1}),
                           None),
    "probe-outside": (_probe([5.0, 5.0, 5.0]), None),
    "probe-1e308": (_probe([1e308, 0.0, 0.0]), None),
    "probe-two-coordinates": (_probe([0.0, 0.0]), None),
    "solver-tolerance-1e-300": (_set("solver.tolerance", 1e-300), None),
    "solver-iterations-1e12": (_set("solver.max_iterations", 10**12), None),
    "nonlinear-tolerance-zero": (_set("solver.nonlinear_tolerance", 0.0), None),
    "schema-from-the-future": (_set("schema_version", 99), None),
    "schema-not-a-number": (_set("schema_version", "two"), None),
    "unknown-field-and-semantic": (_unknown_and_semantic, None),
    "unknown-kind": (_set("bodies[0].geometry.kind", "cylinder"), "bodies[0].geometry.kind"),
    "flow-regions-20k": (_flow_regions(20_000), None),
    "fan-curve-100k-points": (_flow_regions(1, 100_000), None),
}


LARGE = {"output-times-million", "piecewise-100k-points", "flow-regions-20k",
         "fan-curve-100k-points"}  # megabytes each: on one example


def _mutated(example: str, name: str) -> ModelCase | None:
    mutate, expect = MUTATIONS[name]
    trial = copy.deepcopy(EXAMPLES[example])
    where = mutate(trial)
    if where is None:
        return None

    def build(folder: Path, example=example, mutate=mutate) -> dict:
        d = copy.deepcopy(EXAMPLES[example])
        mutate(d)
        return d
    return ModelCase(f"{example}:{name}", build, expect or where)


# --- files a model names --------------------------------------------------------------------

def _step_body(path: str, solid: int = 1) -> Callable[[Path], dict]:
    def build(folder: Path) -> dict:
        d = copy.deepcopy(EXAMPLES["rod"])
        d["bodies"].append({"name": "cad", "material": d["materials"][0]["name"],
                            "geometry": {"kind": "step", "path": path, "solid": solid}})
        return d
    return build


def _with_file(make: Callable[[Path], None], path: str, solid: int = 1):
    def build(folder: Path) -> dict:
        make(folder)
        return _step_body(path, solid)(folder)
    return build


def _outside(folder: Path) -> None:
    (folder.parent / "outside.step").write_bytes(SO8.read_bytes())
    os.symlink(folder.parent / "outside.step", folder / "link.step")


def _copy_so8(folder: Path) -> None:
    (folder / "so8.step").write_bytes(SO8.read_bytes())


FILE_CASES = [
    ModelCase("step-absolute", _step_body(str(SO8)), "bodies[1].geometry.path"),
    ModelCase("step-etc-passwd", _step_body("/etc/passwd"), "bodies[1].geometry.path"),
    ModelCase("step-proc-environ", _step_body("/proc/self/environ"), "bodies[1].geometry.path"),
    ModelCase("step-dotdot", _step_body("../outside.step"), "bodies[1].geometry.path"),
    ModelCase("step-dotdot-inner", _step_body("a/../../outside.step"), "bodies[1].geometry.path"),
    ModelCase("step-home", _step_body("~/.bashrc"), "bodies[1].geometry.path"),
    ModelCase("step-missing", _step_body("missing.step"), "bodies[1].geometry.path"),
    ModelCase("step-symlink-out", _with_file(_outside, "link.step"), "bodies[1].geometry.path"),
    ModelCase("step-fifo", _with_file(lambda f: os.mkfifo(f / "pipe.step"), "pipe.step"),
              "bodies[1].geometry.path"),
    ModelCase("step-dev-null-link", _with_file(lambda f: os.symlink("/dev/null", f / "n.step"),
                                               "n.step"), "bodies[1].geometry.path"),
    ModelCase("step-directory", _with_file(lambda f: (f / "d.step").mkdir(), "d.step"),
              "bodies[1].geometry.path"),
    ModelCase("step-not-step", _with_file(lambda f: (f / "x.step").write_text("hello"),
                                          "x.step"), "bodies[1].geometry.path"),
    ModelCase("step-solid-past-the-end", _with_file(_copy_so8, "so8.step", solid=11),
              "bodies[1].geometry.solid"),
]


def model_cases() -> list[ModelCase]:
    """Every mutation applied to every example it fits (the large ones to one), then the
    file cases."""
    cases = [c for ex in EXAMPLES for name in MUTATIONS
             if (ex == "rod" or name not in LARGE) and (c := _mutated(ex, name))]
    return cases + FILE_CASES
