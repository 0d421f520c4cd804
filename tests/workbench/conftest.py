"""Headless FreeCAD inside the test process (run with a venv on /usr/bin/python3).

Before anything imports FreeCAD: a throw-away FREECAD_USER_HOME with the repository linked as
``Mod/ThermoCraft`` (FreeCAD's own loader then runs our Init.py, and InitGui.py in the GUI
tests). Every test here is skipped when FreeCAD is not installed (scripts/setup-test.sh
installs it; CI always has it).
"""

import os
from pathlib import Path

import pytest

from ThermoCraftWorkbench.standalone import freecad_available, start_freecad

REPO = Path(__file__).resolve().parents[2]
STEP_DIR = Path(os.environ.get("THERMOCRAFT_STEP_DIR", REPO.parent / "shared" / "step"))
HAVE_FREECAD = freecad_available()
if HAVE_FREECAD:
    start_freecad()


def pytest_collection_modifyitems(config, items):
    if HAVE_FREECAD:
        return
    skip = pytest.mark.skip(reason="FreeCAD is not installed (scripts/setup-test.sh)")
    for item in items:
        if "tests/workbench" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(skip)


@pytest.fixture
def doc():
    import FreeCAD
    d = FreeCAD.newDocument("T")
    name = d.Name
    yield d
    if name in FreeCAD.listDocuments():
        FreeCAD.closeDocument(name)


@pytest.fixture
def step_dir():
    if not STEP_DIR.is_dir():
        pytest.skip(f"real STEP files not found in {STEP_DIR}")
    return STEP_DIR
