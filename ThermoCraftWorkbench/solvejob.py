"""A local solve: export, run the solver in a child process, read its JSON progress lines,
and store the result. FreeCAD never blocks: the child is a QProcess read from the event loop.

The task panel shows a progress bar, the solver's messages as they come (convergence), a
Cancel button, and a dialog (not a traceback) for an invalid model, a failed solve or a solver
that died.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import FreeCADGui as Gui
from PySide import QtCore, QtGui

from ThermoCraftWorkbench import interpreter
from ThermoCraftWorkbench.export import export_analysis
from ThermoCraftWorkbench.qtcompat import enum_int
from ThermoCraftWorkbench.resultstore import result_folder

CANCEL_GRACE_MS = 3000


def problem_lines(problems, export, doc) -> list[str]:
    """One line per problem, naming the document object it came from."""
    lines = []
    for p in problems:
        path, message = (p["path"], p["message"]) if isinstance(p, dict) else (p.path, p.message)
        name = export.source_of(path)
        obj = doc.getObject(name) if name else None
        if obj is None:
            lines.append(f"{path}: {message}")
        else:
            detail = "" if path == obj.Label else f" ({path})"
            lines.append(f"{obj.Label}: {message}{detail}")
    return lines


class SolveJob(QtCore.QObject):
    """One runner child process (``arguments``: MODEL OUTDIR for a solve, ``--report``
    RESULTS for a report); emits ``progress(fraction, message)``, ``log(text)`` and
    ``finished(kind, payload)`` with kind in done / problems / error / cancelled / crashed
    (done carries the ``done`` or ``report`` event)."""

    progress = QtCore.Signal(float, str)
    log = QtCore.Signal(str)
    finished = QtCore.Signal(str, object)

    def __init__(self, python: str, *arguments: str | Path):
        super().__init__()
        self.proc = QtCore.QProcess()
        env = QtCore.QProcessEnvironment()
        for key, value in interpreter.child_environment().items():
            env.insert(key, value)
        self.proc.setProcessEnvironment(env)
        self.proc.setProgram(python)
        self.proc.setArguments(["-u", "-m", "ThermoCraftWorkbench.runner",
                                *map(str, arguments)])
        self.proc.readyReadStandardOutput.connect(self._read)
        self.proc.finished.connect(self._finished)
        self.proc.errorOccurred.connect(self._error)
        self.outcome: tuple[str, object] | None = None
        self.cancelling = False
        self.stderr = b""

    def start(self):
        self.proc.start()

    def running(self) -> bool:
        return self.proc.state() != QtCore.QProcess.NotRunning

    def cancel(self):
        """Ask the solver to stop; kill it when it does not within a few seconds."""
        if not self.running():
            return
        self.cancelling = True
        self.proc.write(b"cancel\n")
        QtCore.QTimer.singleShot(CANCEL_GRACE_MS, self._kill_if_running)

    def _kill_if_running(self):
        if self.running():
            self.proc.kill()

    def _read(self):
        while self.proc.canReadLine():
            line = bytes(self.proc.readLine()).decode("utf-8", "replace").strip()
            try:
                msg = json.loads(line)
            except json.JSONDecodeError:
                self.log.emit(line)
                continue
            event = msg.get("event")
            if event == "progress":
                self.progress.emit(float(msg["fraction"]), msg.get("message", ""))
            elif event == "log":
                self.log.emit(msg["message"])
            elif event in ("done", "report"):
                self.outcome = ("done", msg)
            elif event == "problems":
                self.outcome = ("problems", msg["problems"])
            elif event == "error":
                self.outcome = ("error", msg["message"])
            elif event == "cancelled":
                self.outcome = ("cancelled", None)

    def _error(self, error):
        if error == QtCore.QProcess.FailedToStart:
            self.outcome = ("crashed", f"could not start {self.proc.program()}")
            self.finished.emit(*self.outcome)

    def _finished(self, code, status):
        self._read()
        self.stderr = bytes(self.proc.readAllStandardError())
        if self.outcome is None:
            if self.cancelling:
                self.outcome = ("cancelled", None)
            else:
                how = "was killed" if status == QtCore.QProcess.CrashExit else \
                    f"exited with status {code}"
                tail = self.stderr.decode("utf-8", "replace").strip().splitlines()[-8:]
                self.outcome = ("crashed", f"The solver process {how} before finishing."
                                + ("\n\n" + "\n".join(tail) if tail else ""))
        self.finished.emit(*self.outcome)


class SolvePanel:
    """Task panel: Solve / Cancel, progress, convergence log."""

    def __init__(self, analysis):
        self.analysis = analysis
        self.job: SolveJob | None = None
        self.export = None
        self.message_box: QtGui.QMessageBox | None = None
        self.form = QtGui.QWidget()
        self.form.setObjectName("ThermoCraft_SolvePanel")
        self.form.setWindowTitle("Solve")
        layout = QtGui.QVBoxLayout(self.form)
        self.status = QtGui.QLabel("Ready")
        self.status.setObjectName("Status")
        self.bar = QtGui.QProgressBar()
        self.bar.setObjectName("Progress")
        self.bar.setRange(0, 1000)
        self.logview = QtGui.QPlainTextEdit()
        self.logview.setObjectName("Log")
        self.logview.setReadOnly(True)
        self.solve_button = QtGui.QPushButton("Solve")
        self.solve_button.setObjectName("SolveButton")
        self.cancel_button = QtGui.QPushButton("Cancel solve")
        self.cancel_button.setObjectName("CancelButton")
        self.cancel_button.setEnabled(False)
        self.solve_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        row = QtGui.QHBoxLayout()
        row.addWidget(self.solve_button)
        row.addWidget(self.cancel_button)
        for w in (self.status, self.bar):
            layout.addWidget(w)
        layout.addLayout(row)
        layout.addWidget(self.logview)
        self.started_at = 0.0

    def getStandardButtons(self):
        return enum_int(QtGui.QDialogButtonBox.Close)

    def reject(self):
        if self.job is not None and self.job.running():
            self.job.cancel()
        Gui.Control.closeDialog()
        return True

    def say(self, title: str, text: str, icon=QtGui.QMessageBox.Warning):
        """A non-blocking dialog (kept so tests and users can read it)."""
        self.message_box = QtGui.QMessageBox(icon, title, text, QtGui.QMessageBox.Ok,
                                             Gui.getMainWindow())
        self.message_box.setObjectName("ThermoCraft_SolveMessage")
        self.message_box.setModal(False)
        self.message_box.show()

    def start(self):
        if self.job is not None and self.job.running():
            return
        self.export = export_analysis(self.analysis)
        if self.export.problems:
            self.status.setText("The model cannot be solved yet")
            self.say("ThermoCraft: fix the model first",
                     "\n".join(problem_lines(self.export.problems, self.export,
                                             self.analysis.Document)))
            return
        python = interpreter.solver_python()
        need = ".".join(map(str, interpreter.MIN_PYTHON))
        why = (f"no Python {need} or newer found" if python is None
               else interpreter.too_old(python))
        if why is not None:
            self.say("ThermoCraft: no Python for the solver", f"{why}. Set the solver's Python "
                     "interpreter: Tools > Edit parameters > BaseApp/Preferences/Mod/ThermoCraft"
                     " > PythonInterpreter.")
            return
        from solver.model import save_model
        self.outdir, self.stored = result_folder(self.analysis)
        model_path = self.outdir / "model.json"
        save_model(self.export.model, model_path)
        self.logview.clear()
        self.bar.setValue(0)
        self.job = SolveJob(python, model_path, self.outdir)
        self.job.progress.connect(self.on_progress)
        self.job.log.connect(self.logview.appendPlainText)
        self.job.finished.connect(self.on_finished)
        self.solve_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.status.setText("Solving...")
        self.started_at = time.perf_counter()
        self.job.start()

    def cancel(self):
        if self.job is not None:
            self.status.setText("Cancelling...")
            self.job.cancel()

    def on_progress(self, fraction: float, message: str):
        self.bar.setValue(int(1000 * fraction))
        self.status.setText(f"{message} ({time.perf_counter() - self.started_at:.1f} s)")
        self.logview.appendPlainText(f"{100 * fraction:5.1f} %  {message}")

    def on_finished(self, kind: str, payload):
        self.solve_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        if kind == "done":
            self.bar.setValue(1000)
            result = store_result(self.analysis, self.stored, payload["summary"])
            self.status.setText(f"Done in {time.perf_counter() - self.started_at:.1f} s: "
                                f"max {result.MaxTemperature:.1f} °C")
            from ThermoCraftWorkbench.overlay import show_overlay
            show_overlay(result)
        elif kind == "problems":
            self.status.setText("The solver refused the model")
            self.say("ThermoCraft: the model is invalid",
                     "\n".join(problem_lines(payload, self.export, self.analysis.Document)))
        elif kind == "cancelled":
            self.status.setText("Cancelled")
        else:
            self.status.setText("The solve failed")
            self.say("ThermoCraft: the solve failed", str(payload))


def store_result(analysis, stored_folder: str, summary: dict):
    """Create or update the analysis's Result and copy the temperatures into the probes and
    components."""
    from ThermoCraftWorkbench.objects.analysis import members
    from ThermoCraftWorkbench.objects.result import make_result
    doc = analysis.Document
    doc.openTransaction("Store result")
    results = members(analysis, "ThermoCraft::Result")
    result = results[0] if results else make_result(doc)
    if not results:
        analysis.addObject(result)
    result.ResultFolder = stored_folder
    result.SolvedAt = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())
    result.MaxTemperature = summary["max_temperature_C"]
    result.MinTemperature = summary["min_temperature_C"]
    apply_summary(analysis, summary)
    doc.commitTransaction()
    return result


def apply_summary(analysis, summary: dict) -> None:
    """Probe temperatures, component case and junction temperatures from a summary."""
    from ThermoCraftWorkbench.objects.analysis import members
    for probe in members(analysis, "ThermoCraft::Probe"):
        value = summary.get("probes", {}).get(probe.Label)
        if isinstance(value, dict):
            probe.Temperature = value["T_C"]
        elif value:
            probe.Temperature = value[-1][1]
    for comp in members(analysis, "ThermoCraft::Component"):
        body = summary.get("bodies", {}).get(comp.Name)
        comp.CaseTemperature = body["t_max_C"] if body else float("nan")
        junction = summary.get("components", {}).get(comp.Name)
        comp.JunctionTemperature = junction["Tj_C"] if junction else float("nan")
        comp.JunctionStatus = junction["status"] if junction else ""
