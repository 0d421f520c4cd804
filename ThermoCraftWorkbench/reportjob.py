"""The result's report (``solver.report``: self-contained HTML and an A4 PDF), written by the
runner in a child process (``--report``), so FreeCAD stays responsive; the HTML then opens in
the desktop's browser and a note says where the PDF is. Without Jinja2 the solver writes the
report from its plain template: the note says so and offers to install it, as the dependency
check does."""

from __future__ import annotations

import FreeCADGui as Gui
from PySide import QtCore, QtGui

from ThermoCraftWorkbench import interpreter
from ThermoCraftWorkbench.objects.result import result_dir
from ThermoCraftWorkbench.solvejob import SolveJob

NO_JINJA2 = ("Jinja2 is not installed in the solver's Python: the report was written from the "
             "plain template (same content). Install Jinja2 for the templated report.")


def report_message(event: dict) -> str:
    """What the note says after a report was written."""
    lines = [f"The HTML report opened in your browser:\n{event['html']}",
             f"The PDF report is here:\n{event['pdf']}"]
    if not event.get("jinja2", True):
        lines.append(NO_JINJA2)
    return "\n\n".join(lines)


class ReportRunner(QtCore.QObject):
    """Writes one Result's report in the background; ``done(kind, payload)`` when it ends."""

    done = QtCore.Signal(str, object)

    def __init__(self, result):
        super().__init__()
        self.result = result
        self.job: SolveJob | None = None
        self.python: str | None = None
        self.message_box: QtGui.QMessageBox | None = None

    def running(self) -> bool:
        return self.job is not None and self.job.running()

    def start(self) -> bool:
        """Start the child; False (with a note) when there is nothing to report or no Python."""
        if self.running():
            return True
        folder = result_dir(self.result)
        self.python = interpreter.solver_python()
        if folder is None or not (folder / "summary.json").is_file():
            self._say("ThermoCraft: no result files", "The result files are missing: solve "
                      "again, then write the report.", QtGui.QMessageBox.Warning)
            return False
        if self.python is None:
            self._say("ThermoCraft: no Python found", "Set the solver's Python interpreter "
                      f"({interpreter.PARAM_PATH} > PythonInterpreter).",
                      QtGui.QMessageBox.Warning)
            return False
        self.job = SolveJob(self.python, "--report", folder)
        self.job.finished.connect(self._finished)
        Gui.getMainWindow().statusBar().showMessage("ThermoCraft: writing the report...")
        self.job.start()
        return True

    def _finished(self, kind: str, payload):
        Gui.getMainWindow().statusBar().clearMessage()
        if kind == "done":
            QtGui.QDesktopServices.openUrl(QtCore.QUrl.fromLocalFile(payload["html"]))
            self._say("ThermoCraft report", report_message(payload),
                      QtGui.QMessageBox.Information, offer_jinja2=not payload.get("jinja2"))
        else:
            self._say("ThermoCraft: the report failed", str(payload), QtGui.QMessageBox.Warning)
        self.done.emit(kind, payload)

    def _say(self, title: str, text: str, icon, offer_jinja2: bool = False):
        """A non-blocking note (kept so tests and users can read it)."""
        box = QtGui.QMessageBox(icon, title, text, QtGui.QMessageBox.Close, Gui.getMainWindow())
        box.setObjectName("ThermoCraft_ReportMessage")
        if offer_jinja2 and self.python:
            from ThermoCraftWorkbench.activation import install_packages
            install = box.addButton("Install jinja2", QtGui.QMessageBox.AcceptRole)
            install.clicked.connect(lambda: install_packages(self.python, ["jinja2"]))
        box.setModal(False)
        box.show()
        self.message_box = box
