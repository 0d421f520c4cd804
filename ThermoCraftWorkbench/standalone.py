"""FreeCAD inside a plain Python process (the demo, the tests): a throw-away user folder with
this repository linked as ``Mod/ThermoCraft``, so FreeCAD's own loader runs our Init.py and
InitGui.py exactly as for an installed addon. Call before anything imports FreeCAD."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from ThermoCraftWorkbench import ADDON_DIR

FREECAD_LIB = os.environ.get("FREECAD_LIB", "/usr/lib/freecad-python3/lib")


def freecad_available() -> bool:
    return Path(FREECAD_LIB, "FreeCAD.so").exists()


def start_freecad():
    """Import FreeCAD as a module with the addon installed; returns the FreeCAD module."""
    home = os.environ.get("FREECAD_USER_HOME")
    if not home:
        home = tempfile.mkdtemp(prefix="tc-fc-user-")
        os.environ["FREECAD_USER_HOME"] = home  # must exist, else FreeCAD ignores it
    mod = Path(home, "Mod")
    mod.mkdir(parents=True, exist_ok=True)
    link = mod / "ThermoCraft"
    if not link.exists():
        link.symlink_to(ADDON_DIR, target_is_directory=True)
    os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")  # Qt WebEngine as root
    if FREECAD_LIB not in sys.path:
        sys.path.append(FREECAD_LIB)
    import FreeCAD
    return FreeCAD
