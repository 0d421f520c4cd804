"""The runner's ``--report``: the solver's HTML and PDF report of a results folder, written in a
child process, with or without Jinja2 (the plain template, said in the event)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _run(*args, pythonpath=()):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([*map(str, pythonpath), str(REPO)]))
    done = subprocess.run([sys.executable, "-u", "-m", "ThermoCraftWorkbench.runner", *args],
                          cwd=REPO, capture_output=True, text=True, timeout=600, env=env)
    return done.returncode, [json.loads(line) for line in done.stdout.splitlines()]


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    out = tmp_path_factory.mktemp("solved")
    code, _ = _run(str(REPO / "examples" / "board_chip.json"), str(out))
    assert code == 0
    return out


def _no_jinja2(tmp_path):
    """A folder whose ``jinja2`` cannot be imported, first on the child's path."""
    shadow = tmp_path / "shadow" / "jinja2"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text("raise ImportError('jinja2 is not installed here')\n")
    return shadow.parent


@pytest.mark.parametrize("jinja2", [True, False])
def test_the_report_is_written_beside_the_results(results, tmp_path, jinja2):
    for old in results.glob("report.*"):
        old.unlink()
    code, events = _run("--report", str(results),
                        pythonpath=() if jinja2 else (_no_jinja2(tmp_path),))
    assert code == 0
    (event,) = events
    assert event == {"event": "report", "html": str(results / "report.html"),
                     "pdf": str(results / "report.pdf"), "jinja2": jinja2}
    html = (results / "report.html").read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html") and "<img" in html
    assert (results / "report.pdf").read_bytes().startswith(b"%PDF-")


def test_a_folder_without_results_is_an_error_event(tmp_path):
    code, events = _run("--report", str(tmp_path))
    assert code == 3 and events[-1]["event"] == "error"
    assert "cannot write the report" in events[-1]["message"]


def test_the_note_names_both_files_and_says_when_jinja2_is_missing():
    from ThermoCraftWorkbench.standalone import freecad_available
    if not freecad_available():
        pytest.skip("FreeCAD is not installed")
    from ThermoCraftWorkbench.reportjob import NO_JINJA2, report_message
    event = {"html": "/r/report.html", "pdf": "/r/report.pdf", "jinja2": True}
    text = report_message(event)
    assert "/r/report.html" in text and "/r/report.pdf" in text and NO_JINJA2 not in text
    assert NO_JINJA2 in report_message({**event, "jinja2": False})
