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

Of 2-4, the first one that is Python :data:`MIN_PYTHON` or newer (the solver's language
level, the ``pythonmin`` of package.xml); some FreeCAD 0.21 builds bundle Python 3.8.

The child gets FreeCAD's package folders (site-packages, the Addon Manager's
AdditionalPythonPackages) and this addon on PYTHONPATH, so it sees what the Addon Manager
installed for FreeCAD.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from pathlib import Path

from ThermoCraftWorkbench import ADDON_DIR

PARAM_PATH = "User parameter:BaseApp/Preferences/Mod/ThermoCraft"
MIN_PYTHON = (3, 10)


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


@functools.lru_cache(maxsize=16)
def python_version(path: str) -> tuple[int, int] | None:
    """``(major, minor)`` of the Python at ``path`` (a quick child process), None when it
    does not run as a Python."""
    try:
        done = subprocess.run([path, "-c", "import sys; print(*sys.version_info[:2])"],
                              capture_output=True, text=True, timeout=30)
        major, minor = (int(v) for v in done.stdout.split())
    except (OSError, ValueError, subprocess.TimeoutExpired):
        return None
    return (major, minor) if done.returncode == 0 else None


def too_old(path: str) -> str | None:
    """Why the Python at ``path`` cannot run the solver (its version, or that it does not
    run), None when it can."""
    version = python_version(path)
    if version is None:
        return f"{path} does not run as a Python"
    if version < MIN_PYTHON:
        need = ".".join(map(str, MIN_PYTHON))
        return (f"{path} is Python {version[0]}.{version[1]}; the solver needs Python "
                f"{need} or newer")
    return None


def solver_python() -> str | None:
    """The interpreter for the solver child process: the preference as set, else the first
    candidate new enough (:func:`too_old`); None when there is none."""
    preferred = params().GetString("PythonInterpreter", "")
    if preferred:
        return preferred
    return next((c for c in candidates() if too_old(c) is None), None)


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
