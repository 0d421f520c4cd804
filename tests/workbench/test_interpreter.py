"""Finding the solver's Python and its environment."""

import os
import re
import sys

from ThermoCraftWorkbench import ADDON_DIR, interpreter


def test_a_python_running_freecad_comes_first(tmp_path):
    assert interpreter.candidates(sys.executable)[0] == sys.executable


def test_a_python_next_to_the_freecad_binary_is_found(tmp_path):
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "FreeCAD").write_text("")
    (fake / "python3").write_text("")
    found = interpreter.candidates(str(fake / "FreeCAD"))
    assert found[0] == str(fake / "python3")


def test_the_preference_wins():
    params = interpreter.params()
    params.SetString("PythonInterpreter", "/opt/my/python")
    try:
        assert interpreter.solver_python() == "/opt/my/python"
    finally:
        params.RemString("PythonInterpreter")
    assert interpreter.solver_python() == sys.executable


def test_the_child_sees_the_addon_and_freecads_packages():
    parts = interpreter.child_environment()["PYTHONPATH"].split(os.pathsep)
    assert parts[0] == str(ADDON_DIR)
    assert any("site-packages" in p for p in parts)


def _fake_python(folder, name: str, prints: str):
    script = folder / name
    script.write_text(f"#!/bin/sh\necho {prints}\n")
    script.chmod(0o755)
    return str(script)


def test_the_version_of_a_python_is_read_by_running_it(tmp_path):
    assert interpreter.python_version(sys.executable) == tuple(sys.version_info[:2])
    assert interpreter.too_old(sys.executable) is None
    old = _fake_python(tmp_path, "python3.8", "3 8")
    assert interpreter.too_old(old) == (f"{old} is Python 3.8; the solver needs Python "
                                        "3.10 or newer")
    assert "does not run as a Python" in interpreter.too_old(str(tmp_path / "missing"))


def test_a_python_too_old_for_the_solver_is_passed_over(tmp_path, monkeypatch):
    old = _fake_python(tmp_path, "python3", "3 8")
    monkeypatch.setattr(interpreter, "candidates", lambda: [old, sys.executable])
    assert interpreter.solver_python() == sys.executable
    monkeypatch.setattr(interpreter, "candidates", lambda: [old])
    assert interpreter.solver_python() is None


def test_the_addons_python_minimum_is_the_solvers():
    xml = (ADDON_DIR / "package.xml").read_text()
    found = re.search(r"<pythonmin>(\d+)\.(\d+)</pythonmin>", xml)
    assert tuple(int(v) for v in found.groups()) == interpreter.MIN_PYTHON
