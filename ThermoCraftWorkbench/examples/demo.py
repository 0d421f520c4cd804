"""The demo, end to end in FreeCAD's GUI (run under Xvfb by scripts/demo.sh):

    python -m ThermoCraftWorkbench.examples.demo OUTDIR

builds the vented-box document, saves it, solves it through the workbench's Solve panel (the
solver in a child process), shows the temperature overlay, and writes OUTDIR/demo.FCStd, its
result folder, summary.json, timing.json, screenshots (overall, enclosure hidden, section)
and the report (report.html, report.pdf: written by the runner's ``--report`` child, as the
Result's Report button does, without opening a browser). timing.json has the time from Solve
to the overlay, the solver's own wall time and the CPU time (user + system) of the solve's
child processes.
"""

from __future__ import annotations

import json
import math
import resource
import shutil
import sys
import time
from pathlib import Path

from ThermoCraftWorkbench.standalone import start_freecad


def _pump(until, timeout: float) -> bool:
    from PySide import QtGui
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        QtGui.QApplication.processEvents()
        if until():
            return True
        time.sleep(0.02)
    return until()


def _log(text: str) -> None:
    print(text, file=sys.__stdout__, flush=True)


def _children_cpu() -> float:
    """User + system CPU seconds of this process's finished child processes."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _limit(tj_max: float) -> str:
    return f"Tj max {tj_max:g} °C" if math.isfinite(tj_max) else "no Tj max in its source"


def _write_report(folder: Path, out: Path) -> list[Path] | None:
    """The result's HTML and PDF report, copied into ``out``; None (logged) when it failed."""
    from ThermoCraftWorkbench import interpreter
    from ThermoCraftWorkbench.solvejob import SolveJob
    outcome = []
    job = SolveJob(interpreter.solver_python(), "--report", folder)
    job.finished.connect(lambda kind, payload: outcome.append((kind, payload)))
    job.start()
    _pump(lambda: bool(outcome), 600)
    if not outcome or outcome[0][0] != "done":
        _log(f"demo: the report was not written: {outcome[0][1] if outcome else 'timed out'}")
        return None
    event = outcome[0][1]
    copies = [out / "report.html", out / "report.pdf"]
    for source, target in zip((event["html"], event["pdf"]), copies, strict=True):
        shutil.copy(source, target)
    return copies


def main(outdir: str) -> int:
    out = Path(outdir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    App = start_freecad()
    import FreeCADGui as Gui
    Gui.showMainWindow()
    Gui.getMainWindow().resize(1280, 900)
    Gui.activateWorkbench("ThermoCraftWorkbench")
    from ThermoCraftWorkbench import activation
    warm = activation.warm_up()
    if warm is not None:
        _log("demo: warming the solver's cache (first run compiles, later runs load it)")
        _pump(lambda: warm.state() == warm.NotRunning, 600)

    from ThermoCraftWorkbench.examples import vented_box
    from ThermoCraftWorkbench.objects.analysis import members
    from ThermoCraftWorkbench.overlay import overlay_of
    from ThermoCraftWorkbench.solvejob import SolvePanel
    doc = App.newDocument("demo")
    analysis = vented_box.setup(doc)
    doc.saveAs(str(out / "demo.FCStd"))
    panel = SolvePanel(analysis)
    Gui.Control.showDialog(panel)
    clicked = time.perf_counter()
    cpu_before = _children_cpu()
    panel.start()
    _pump(lambda: panel.job is None or (panel.job.outcome is not None
                                        and not panel.job.running()), 600)
    if panel.job is None or panel.job.outcome[0] != "done":
        text = panel.message_box.text() if panel.message_box else panel.status.text()
        _log(f"demo: the solve did not finish: {text}")
        return 1
    result = members(analysis, "ThermoCraft::Result")[0]
    _pump(lambda: overlay_of(result) is not None, 60)
    overlay_ready = time.perf_counter()
    solve_cpu = _children_cpu() - cpu_before
    doc.save()
    view = Gui.ActiveDocument.ActiveView
    shots = {}

    def shoot(name):
        view.viewIsometric()
        view.fitAll()
        _pump(lambda: False, 0.3)
        path = out / f"{name}.png"
        view.saveImage(str(path), 1200, 900, "White")
        shots[name] = str(path)

    overlay = overlay_of(result)
    shoot("demo-overlay")
    doc.getObject("Enclosure").Visibility = False
    overlay.refresh()
    shoot("demo-inside")
    doc.getObject("Enclosure").Visibility = True
    board = doc.getObject("Board").Shape.BoundBox
    overlay.set_section("z", board.ZMax + 0.5)
    shoot("demo-section")
    overlay.set_section(None)

    from ThermoCraftWorkbench.objects.result import result_dir
    shutil.copy(result_dir(result) / "summary.json", out / "summary.json")
    report = _write_report(result_dir(result), out)
    if report is None:
        return 1
    summary = json.loads((out / "summary.json").read_text())
    timing = {"solve_click_to_overlay_s": round(overlay_ready - clicked, 2),
              "solver_wall_time_s": round(summary["wall_time_s"], 2),
              "solver_cpu_time_s": round(solve_cpu, 2),
              "cells": summary["cells"], "screenshots": shots}
    (out / "timing.json").write_text(json.dumps(timing, indent=2) + "\n")
    _log(f"demo: max {summary['max_temperature_C']:.1f} °C; " + ", ".join(
        f"{text} ({_limit(doc.getObject(name).TjMax)})"
        for name, (text, _colour) in overlay.component_labels().items()))
    _log(f"demo: Solve -> overlay {timing['solve_click_to_overlay_s']} s "
         f"(solver {timing['solver_wall_time_s']} s, CPU {timing['solver_cpu_time_s']} s, "
         f"{summary['cells']} cells)")
    _log(f"demo: wrote {out / 'demo.FCStd'}, summary.json, timing.json, "
         + ", ".join(Path(p).name for p in [*shots.values(), *report]))
    return 0


if __name__ == "__main__":
    import os
    code = main(sys.argv[1] if len(sys.argv) > 1 else "demo-output")
    sys.stdout.flush()
    os._exit(code)  # leave without FreeCAD's GUI teardown
