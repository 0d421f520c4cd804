"""Finding the solver's Python and its environment."""

import os
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
