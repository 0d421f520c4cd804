"""``thermocraft solve`` / ``thermocraft validate`` as a user runs them: a subprocess of the
venv's console script (``python -m solver.cli`` when the script is not installed)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPT = Path(sys.executable).parent / "thermocraft"


def thermocraft(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    cmd = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "solver.cli"]
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.run(cmd + list(args), capture_output=True, text=True, timeout=300,
                          cwd=cwd or REPO, env=env)


def write(tmp_path: Path, data: dict, name: str = "model.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data))
    return path


def rod(**extra) -> dict:
    d = {
        "name": "rod",
        "materials": [{"name": "al", "conductivity": 200.0, "density": 2700.0,
                       "specific_heat": 900.0}],
        "bodies": [{"name": "rod", "material": "al",
                    "geometry": {"kind": "box", "min": [0, 0, 0], "max": [1.0, 0.1, 0.1]}}],
        "conditions": [
            {"kind": "fixed_temperature", "body": "rod", "faces": ["xmin"], "temperature": 99.85},
            {"kind": "fixed_temperature", "body": "rod", "faces": ["xmax"], "temperature": 19.85}],
        "mesh": {"uniform": [20, 2, 2]},
        "probes": [{"name": "middle", "position": [0.5, 0.05, 0.05]}],
    }
    d.update(extra)
    return d


def test_entry_point_installed():
    assert SCRIPT.exists() or shutil.which("thermocraft"), "pip install -e . missing"


def test_solve_writes_summary(tmp_path):
    model = write(tmp_path, rod())
    out = tmp_path / "out"
    proc = thermocraft("solve", str(model), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    s = json.loads((out / "summary.json").read_text())
    for key in ("max_temperature_C", "bodies", "probes", "energy_balance_error", "cells",
                "linear_iterations", "wall_time_s"):
        assert key in s, key
    assert "iterations" not in s  # no duplicate of linear_iterations
    # over cells and faces: the face held at 99.85 degC, not the first cell centre
    assert s["max_temperature_C"] == pytest.approx(99.85, rel=1e-12)
    assert s["min_temperature_C"] == pytest.approx(19.85, rel=1e-12)
    assert set(s["bodies"]["rod"]) >= {"t_min_C", "t_mean_C", "t_max_C"}
    assert s["bodies"]["rod"]["t_mean_C"] == pytest.approx(59.85, abs=1e-4)
    assert s["probes"]["middle"]["T_C"] == pytest.approx(59.85, abs=1e-4)
    assert s["energy_balance_error"] <= 1e-6
    assert s["cells"] == 20 * 2 * 2
    assert isinstance(s["linear_iterations"], int) and s["linear_iterations"] > 0
    assert s["wall_time_s"] > 0
    assert (out / "result.npz").is_file() and (out / "temperature.vtk").is_file()
    assert "%" in proc.stderr  # progress on stderr
    assert "error" not in proc.stderr.lower()


def test_solve_transient_probe_history(tmp_path):
    d = rod(analysis={"kind": "transient", "duration": 20.0, "time_step": 5.0,
                      "initial_temperature": 19.85})
    out = tmp_path / "out"
    proc = thermocraft("solve", str(write(tmp_path, d)), "-o", str(out), "--quiet")
    assert proc.returncode == 0, proc.stderr
    s = json.loads((out / "summary.json").read_text())
    history = s["probes"]["middle"]
    assert [p[0] for p in history] == [0.0, 5.0, 10.0, 15.0, 20.0]
    assert all(len(p) == 2 for p in history)
    assert history[0][1] == pytest.approx(19.85)
    assert "%" not in proc.stderr  # --quiet


def test_solve_relative_output_dir_and_cwd(tmp_path):
    shutil.copy(REPO / "examples" / "rod.json", tmp_path / "rod.json")
    proc = thermocraft("solve", "rod.json", "-o", "res", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "res" / "summary.json").is_file()


def _bad_model() -> dict:
    d = rod()
    d["bodies"][0]["material"] = "Cu"
    d["materials"][0]["conductivity"] = -1.0
    d["bodies"].append({"name": "flat", "material": "al",
                        "geometry": {"kind": "box", "min": [0, 0, 0], "max": [0.1, 0.1, 0]}})
    d["bodies"].append({"name": "cad", "material": "al",
                        "geometry": {"kind": "step", "path": "nowhere.step"}})
    d["conditions"] = []
    return d


BAD_LINES = [
    "error: materials[0].conductivity: must be positive (got -1)",
    "error: bodies[0].material: unknown material 'Cu'",
    "error: bodies[1].geometry.max: zero-volume body: max z (0) must be greater than min z (0)",
    "error: bodies[2].geometry.path: STEP file 'nowhere.step': no readable regular file of "
    "that name inside the model's folder",
    "error: conditions: a steady model has no path for heat to leave: add a fixed_temperature, "
    "convection, radiation or natural_convection condition",
]


@pytest.mark.parametrize("command", ["solve", "validate"])
def test_bad_model_one_line_per_problem(tmp_path, command):
    path = write(tmp_path, _bad_model())
    args = [command, str(path)] + (["-o", str(tmp_path / "out")] if command == "solve" else [])
    proc = thermocraft(*args)
    assert proc.returncode == 2
    lines = [ln for ln in proc.stderr.splitlines() if ln.startswith("error:")]
    assert lines == [ln.format(dir=tmp_path) for ln in BAD_LINES], proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "out" / "summary.json").exists()


@pytest.mark.parametrize("command", ["solve", "validate"])
def test_malformed_json(tmp_path, command):
    path = tmp_path / "broken.json"
    path.write_text('{"name": "x",\n "bodies": [}\n')
    proc = thermocraft(command, str(path))
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        f"error: {path}: line 2 column 13: invalid JSON: Expecting value"]


def test_missing_file(tmp_path):
    proc = thermocraft("validate", str(tmp_path / "nope.json"))
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: ") and "cannot read" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_open_and_self_intersecting_meshes(tmp_path):
    import numpy as np

    from solver.geometry.trimesh import box_mesh

    v, t, _ = box_mesh([0, 0, 0], [0.1, 0.1, 0.1])
    v2, t2, _ = box_mesh([0.05, 0.03, 0.07], [0.15, 0.13, 0.17])
    d = rod()
    d["bodies"] += [
        {"name": "open", "material": "al",
         "geometry": {"kind": "mesh", "vertices": v.tolist(), "triangles": t[1:].tolist()}},
        {"name": "crossed", "material": "al",
         "geometry": {"kind": "mesh", "vertices": np.vstack([v, v2]).tolist(),
                      "triangles": np.vstack([t, t2 + 8]).tolist()}}]
    proc = thermocraft("validate", str(write(tmp_path, d)))
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 2, proc.stderr
    assert lines[0].startswith("error: bodies[1].geometry: mesh is not closed")
    assert lines[1].startswith("error: bodies[2].geometry: mesh intersects itself")


def test_validate_ok(tmp_path):
    proc = thermocraft("validate", str(write(tmp_path, rod())))
    assert proc.returncode == 0, proc.stderr
    assert "valid" in proc.stdout
    assert proc.stderr == ""


def test_validate_does_not_solve(tmp_path):
    """A valid model too large to solve quickly validates at once."""
    d = rod(mesh={"uniform": [250, 250, 250], "max_cells": 20_000_000})
    proc = thermocraft("validate", str(write(tmp_path, d)))
    assert proc.returncode == 0, proc.stderr


def test_version_and_plain_help():
    proc = thermocraft("--version")
    assert proc.returncode == 0
    from solver import __version__
    from solver.model import SCHEMA_VERSION

    assert proc.stdout.strip() == f"thermocraft {__version__} (model schema {SCHEMA_VERSION})"
    for args in ([], ["solve"], ["validate"]):
        text = thermocraft(*args, "--help").stdout
        assert "``" not in text and ":func:" not in text and "usage: thermocraft" in text
        for line in text.splitlines():  # every argument and option carries a description
            words = line.split()
            if line.startswith("  ") and words and (words[0].startswith("-") or
                                                    words[0] in ("model", "solve", "validate")):
                assert len(words) > 1 or "OUTPUT" in line, line


def test_error_lines_print_any_string(tmp_path):
    """A lone surrogate (\\ud800 in the JSON) is reported as an escape, not a crash."""
    path = tmp_path / "model.json"
    path.write_text(json.dumps(rod()).replace('"name": "rod"', '"name": "r\\ud800d"', 1))
    for command in ("solve", "validate"):
        proc = thermocraft(command, str(path), "-o", str(tmp_path)) if command == "solve" \
            else thermocraft(command, str(path))
        assert proc.returncode == 2 and "Traceback" not in proc.stderr
        assert "error: name: is not valid Unicode: a lone surrogate U+D800" in proc.stderr
