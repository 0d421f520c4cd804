"""The solve runner as the workbench starts it: a child process printing JSON lines."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"


def _run(*args, stdin=None):
    done = subprocess.run([sys.executable, "-u", "-m", "ThermoCraftWorkbench.runner", *args],
                          cwd=REPO, capture_output=True, text=True, input=stdin, timeout=600)
    return done.returncode, [json.loads(line) for line in done.stdout.splitlines()]


def test_a_solve_streams_progress_then_the_summary(tmp_path):
    code, events = _run(str(EXAMPLES / "board_chip.json"), str(tmp_path))
    assert code == 0
    kinds = [e["event"] for e in events]
    assert kinds[-1] == "done" and kinds.count("progress") >= 3
    fractions = [e["fraction"] for e in events if e["event"] == "progress"]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary == events[-1]["summary"]
    assert (tmp_path / "result.npz").is_file()


def test_an_invalid_model_lists_its_problems_with_paths(tmp_path):
    model = json.loads((EXAMPLES / "board_chip.json").read_text())
    model["bodies"][0]["material"] = "unobtainium"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(model))
    code, events = _run(str(path), str(tmp_path / "out"))
    assert code == 2
    assert events[-1]["event"] == "problems"
    assert events[-1]["problems"][0]["path"] == "bodies[0].material"


def _held(model, outdir, answer):
    """Run the runner held at its assembly report; answer on stdin once it is held."""
    env = dict(os.environ, THERMOCRAFT_HOLD_AT="cells: assembling")
    with subprocess.Popen([sys.executable, "-u", "-m", "ThermoCraftWorkbench.runner",
                           str(model), str(outdir)], cwd=REPO, env=env, text=True,
                          stdin=subprocess.PIPE, stdout=subprocess.PIPE) as proc:
        events = []
        for line in proc.stdout:
            events.append(json.loads(line))
            if "cells: assembling" in events[-1].get("message", ""):
                break
        assert events[-1]["event"] == "progress"  # held: goes on only when answered
        proc.stdin.write(answer + "\n")
        proc.stdin.flush()
        events += [json.loads(line) for line in proc.stdout]
        return proc.wait(timeout=600), events


def test_cancel_on_stdin_stops_a_running_solve(tmp_path):
    code, events = _held(EXAMPLES / "board_chip.json", tmp_path, "cancel")
    assert code == 4 and events[-1] == {"event": "cancelled"}
    assert not (tmp_path / "summary.json").exists()


def test_a_held_solve_goes_on_when_told(tmp_path):
    code, events = _held(EXAMPLES / "board_chip.json", tmp_path, "go")
    assert code == 0 and events[-1]["event"] == "done"
    assert [e["message"] for e in events if e["event"] == "progress"][-1] == "done"


def test_the_warm_up_solves_the_built_in_model_and_is_never_held():
    env = dict(os.environ, THERMOCRAFT_HOLD_AT="assembling")
    with subprocess.Popen([sys.executable, "-u", "-m", "ThermoCraftWorkbench.runner",
                           "--warm-up"], cwd=REPO, env=env, text=True,
                          stdin=subprocess.PIPE, stdout=subprocess.PIPE) as proc:
        assert proc.wait(timeout=600) == 0  # stdin stays open: a held child never ends
        assert json.loads(proc.stdout.read().splitlines()[-1])["event"] == "done"


@pytest.mark.parametrize("args", [[], ["a"], ["a", "b", "c"]])
def test_wrong_arguments_give_the_usage(args):
    code, events = _run(*args)
    assert code == 2 and events == []
