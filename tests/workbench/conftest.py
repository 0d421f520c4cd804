"""Headless FreeCAD inside the test process (run with a venv on /usr/bin/python3).

Before anything imports FreeCAD: a throw-away FREECAD_USER_HOME with the repository linked as
``Mod/ThermoCraft`` (FreeCAD's own loader then runs our Init.py, and InitGui.py in the GUI
tests). Every test here is skipped when FreeCAD is not installed (scripts/setup-test.sh
installs it; CI always has it).
"""

import os
import sys
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FREECAD_LIB = os.environ.get("FREECAD_LIB", "/usr/lib/freecad-python3/lib")
STEP_DIR = Path(os.environ.get("THERMOCRAFT_STEP_DIR", REPO.parent / "shared" / "step"))


def _bootstrap() -> bool:
    if not Path(FREECAD_LIB, "FreeCAD.so").exists():
        return False
    home = os.environ.get("FREECAD_USER_HOME")
    if not home:
        home = tempfile.mkdtemp(prefix="tc-fc-user-")
        os.environ["FREECAD_USER_HOME"] = home
    mod = Path(home, "Mod")
    mod.mkdir(parents=True, exist_ok=True)
    link = mod / "ThermoCraft"
    if not link.exists():
        link.symlink_to(REPO, target_is_directory=True)
    os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    if FREECAD_LIB not in sys.path:
        sys.path.append(FREECAD_LIB)
    import FreeCAD  # noqa: F401  (runs every Mod/*/Init.py, ours included)
    return True


HAVE_FREECAD = _bootstrap()


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
