"""Which Python runs the solver, and with which module path.

The solver runs in a child process (numba compiles in it, FreeCAD stays responsive). Its
interpreter is, in this order:

1. the preference ``PythonInterpreter`` (Tools > Edit parameters >
   BaseApp/Preferences/Mod/ThermoCraft), when set;
2. the interpreter FreeCAD runs on, when that is a Python (FreeCAD started from a venv or
   imported as a module);
3. a ``python3`` / ``python`` (``python.exe`` on Windows) next to FreeCAD's executable, as
   FreeCAD's own builds (AppImage, Windows, macOS bundle) ship one;
4. ``python3.X`` then ``python3`` on PATH, X being FreeCAD's Python minor version.

The child gets FreeCAD's package folders (site-packages, the Addon Manager's
AdditionalPythonPackages) and this addon on PYTHONPATH, so it sees what the Addon Manager
installed for FreeCAD.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from ThermoCraftWorkbench import ADDON_DIR

PARAM_PATH = "User parameter:BaseApp/Preferences/Mod/ThermoCraft"


def params():
    import FreeCAD
    return FreeCAD.ParamGet(PARAM_PATH)


def _is_python(path: str) -> bool:
    return Path(path).name.lower().startswith("python")


def candidates(executable: str = sys.executable) -> list[str]:
    """Interpreters to try, best first (the preference excluded)."""
    found = []
    if executable and _is_python(executable):
        found.append(executable)
    folder = Path(executable).resolve().parent if executable else None
    if folder is not None:
        for name in ("python3", "python", "python.exe"):
            if (folder / name).is_file():
                found.append(str(folder / name))
    for name in (f"python{sys.version_info.major}.{sys.version_info.minor}", "python3"):
        path = shutil.which(name)
        if path:
            found.append(path)
    return list(dict.fromkeys(found))


def solver_python() -> str | None:
    """The interpreter for the solver child process, or None when none is found."""
    preferred = params().GetString("PythonInterpreter", "")
    if preferred:
        return preferred
    found = candidates()
    return found[0] if found else None


def child_environment() -> dict[str, str]:
    """The child's environment: this addon and FreeCAD's package folders on PYTHONPATH."""
    packages = [p for p in sys.path if p and os.path.isdir(p) and (
        "site-packages" in p or "dist-packages" in p or "AdditionalPythonPackages" in p)]
    env = dict(os.environ)
    parts = [str(ADDON_DIR), *packages]
    if env.get("PYTHONPATH"):
        parts.append(env["PYTHONPATH"])
    env["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(parts))
    return env
