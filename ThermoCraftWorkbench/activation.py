"""What happens when the workbench is activated: a dependency check of the solver's Python
(naming what is missing, offering to install the optional packages into FreeCAD's user
packages folder) and, once per session, numba's cache warmed by a background solve of a tiny
model, with a status-bar note."""

from __future__ import annotations

import json
import subprocess

import FreeCAD as App
import FreeCADGui as Gui
from PySide import QtCore, QtGui

from ThermoCraftWorkbench import interpreter

REQUIRED = ("numpy", "scipy", "numba", "matplotlib", "gmsh")
OPTIONAL = {"pyamg": "a faster linear-solver fallback", "jinja2": "the HTML report"}
_state = {"warm_up": None, "checked": False, "dialog": None, "installer": None}


def probe_packages(python: str) -> dict[str, bool]:
    """Which of the packages the solver's interpreter can import (quick child process)."""
    names = (*REQUIRED, *OPTIONAL)
    code = ("import importlib.util, json; print(json.dumps({n: importlib.util.find_spec(n) "
            f"is not None for n in {names!r}}}))")
    done = subprocess.run([python, "-c", code], capture_output=True, text=True, timeout=60,
                          env=interpreter.child_environment())
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip() or f"{python} exited with {done.returncode}")
    return json.loads(done.stdout)


def user_packages_dir() -> str:
    """Where FreeCAD's Addon Manager puts Python packages for addons (on FreeCAD's path):
    0.21 and later ask its ``get_pip_target_directory`` (a folder per Python version,
    ``AdditionalPythonPackages/py311``: FreeCAD PR #7681); 0.20 has none and uses the
    unversioned folder."""
    try:
        from addonmanager_utilities import get_pip_target_directory
    except ImportError:
        return App.getUserAppDataDir() + "AdditionalPythonPackages"
    return get_pip_target_directory()


def dependency_report(found: dict[str, bool]) -> tuple[list[str], list[str]]:
    """(missing required, missing optional) package names."""
    return ([n for n in REQUIRED if not found.get(n)],
            [n for n in OPTIONAL if not found.get(n)])


def check_dependencies(always_show: bool = False):
    """Check the solver's Python; show a (non-blocking) dialog when something is missing."""
    python = interpreter.solver_python()
    try:
        found = probe_packages(python) if python else {}
    except (OSError, RuntimeError, subprocess.TimeoutExpired, ValueError) as exc:
        App.Console.PrintError(f"ThermoCraft: cannot run the solver's Python {python}: {exc}\n")
        found = {}
    missing, optional = dependency_report(found)
    lines = [f"Solver Python: {python or 'none found'}"]
    if missing:
        lines.append("Missing (required): " + ", ".join(missing) + ". Install them with the "
                     "Addon Manager (ThermoCraft's dependencies) or pip.")
    if optional:
        lines.append("Missing (optional): " + ", ".join(
            f"{n} ({OPTIONAL[n]})" for n in optional) + ".")
    App.Console.PrintMessage("ThermoCraft: " + " | ".join(lines) + "\n")
    asked = interpreter.params().GetBool("OptionalPackagesOffered", False)
    if missing or always_show or (optional and not asked):
        if optional:
            interpreter.params().SetBool("OptionalPackagesOffered", True)
        box = QtGui.QMessageBox(QtGui.QMessageBox.Information if not missing
                                else QtGui.QMessageBox.Warning,
                                "ThermoCraft dependencies", "\n".join(lines),
                                QtGui.QMessageBox.Close, Gui.getMainWindow())
        box.setObjectName("ThermoCraft_Dependencies")
        if optional and python:
            install = box.addButton(f"Install {', '.join(optional)}",
                                    QtGui.QMessageBox.AcceptRole)
            install.clicked.connect(lambda: install_packages(python, optional))
        box.setModal(False)
        box.show()
        _state["dialog"] = box
    return missing, optional


def install_packages(python: str, names) -> QtCore.QProcess:
    """pip-install ``names`` into FreeCAD's user packages folder, in the background."""
    proc = QtCore.QProcess()
    proc.setProgram(python)
    proc.setArguments(["-m", "pip", "install", "--target", user_packages_dir(), *names])
    proc.finished.connect(lambda code, _s: App.Console.PrintMessage(
        f"ThermoCraft: pip install {' '.join(names)} finished with status {code}\n"))
    proc.start()
    _state["installer"] = proc
    Gui.getMainWindow().statusBar().showMessage(
        f"ThermoCraft: installing {', '.join(names)} into {user_packages_dir()}...", 10000)
    return proc


def warm_up() -> QtCore.QProcess | None:
    """Compile the solver's numba kernels in a background process (first solve is fast)."""
    python = interpreter.solver_python()
    if python is None or _state["warm_up"] is not None:
        return _state["warm_up"]
    proc = QtCore.QProcess()
    env = QtCore.QProcessEnvironment()
    for key, value in interpreter.child_environment().items():
        env.insert(key, value)
    proc.setProcessEnvironment(env)
    proc.setProgram(python)
    proc.setArguments(["-u", "-m", "ThermoCraftWorkbench.runner", "--warm-up"])
    bar = Gui.getMainWindow().statusBar()

    def finished(code, _status):
        bar.showMessage("ThermoCraft: solver ready" if code == 0 else
                        f"ThermoCraft: solver warm-up failed (status {code}); see the "
                        "Report view", 8000)
        if code != 0:
            App.Console.PrintError(bytes(proc.readAllStandardError()).decode(errors="replace"))
    proc.finished.connect(finished)
    bar.showMessage("ThermoCraft: compiling the solver in the background (first use only; "
                    "cached afterwards)...")
    proc.start()
    _state["warm_up"] = proc
    return proc


def on_activated():
    if _state["checked"]:
        return
    _state["checked"] = True
    check_dependencies()
    warm_up()
