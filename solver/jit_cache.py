"""Is the solver's numba cache warm? If not, say so before the one-off compile starts.

The kernels are compiled on the first solve after an install (or after an upgrade of the
solver, numba or Python) and loaded from numba's on-disk cache afterwards. The check looks
for the cache index of the multigrid PCG kernel (the largest, and needed by every solve)
where numba puts it: under ``NUMBA_CACHE_DIR`` when set, else in ``__pycache__`` beside the
source or numba's per-user cache directory; an index older than its source is stale.

On a cold cache :func:`compile_in_background` starts a child process that compiles the
multigrid kernels (:data:`MULTIGRID_KERNELS`, compiled at its import: about half of the
first run's compile) into the same on-disk cache while this process compiles the
multigrid's level-0 products (which the child then loads from the cache), meshes,
assembles and compiles the rest; :func:`compiled_module` waits for it before importing the
module (then loaded from the cache). Two cores: about half the first run's wall time.
"""

from __future__ import annotations

import importlib
import logging
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

LOGGER = logging.getLogger("thermocraft")
#: First-solve wall time of examples/board_chip.json on the project's 2-core VM, the
#: multigrid compiled in the background (docs/performance.md, "First run"; one core: 25 s).
COMPILE_SECONDS = 12
_KERNEL_SOURCE = Path(__file__).with_name("linalg") / "gmg_serial.py"
_INDEX_GLOB = "gmg_serial.pcg-*.nbi"
MULTIGRID_KERNELS = "solver.linalg.gmg_serial"
#: Kernels of a module compiled by a child that this process compiles meanwhile (the child
#: then loads them from the cache): the multigrid's level-0 products, so that both
#: processes' compiles are about equal (docs/performance.md, "First run").
_SHARED = {MULTIGRID_KERNELS: "solver.linalg.gmg_level0"}
_noted = False
_background: dict[str, subprocess.Popen] = {}


def _candidate_dirs(source: Path) -> list[tuple[Path, bool]]:
    """(directory, search recursively) pairs where numba may keep the index."""
    from numba.core import config

    if config.CACHE_DIR:
        return [(Path(config.CACHE_DIR), True)]
    dirs = [(source.parent / "__pycache__", False)]
    try:
        from numba.misc.appdirs import AppDirs

        dirs.append((Path(AppDirs(appname="numba", appauthor=False).user_cache_dir), True))
    except ImportError:  # pragma: no cover - numba internals moved
        pass
    return dirs


def cache_is_warm(source: Path = _KERNEL_SOURCE, pattern: str = _INDEX_GLOB) -> bool:
    """True when a cache index named ``pattern`` (by default the PCG kernel's) exists and
    is newer than its ``source``."""
    source_mtime = os.stat(source).st_mtime
    for folder, recursive in _candidate_dirs(source):
        if not folder.is_dir():
            continue
        found = folder.rglob(pattern) if recursive else folder.glob(pattern)
        if any(p.stat().st_mtime >= source_mtime for p in found):
            return True
    return False


def note_if_cold(log: Callable[[str], None] | None = None) -> bool:
    """Say (once per process, on the ``thermocraft`` logger and to ``log``) that the solver
    is about to be compiled; True if it is."""
    global _noted
    if _noted or MULTIGRID_KERNELS in sys.modules:
        return False
    _noted = True
    if cache_is_warm():
        return False
    msg = f"compiling the solver, once per install: about {COMPILE_SECONDS} s"
    LOGGER.warning(msg)
    if log is not None:
        log(msg)
    return True


def compile_in_background(module: str = MULTIGRID_KERNELS) -> subprocess.Popen | None:
    """Start ``python -c "import MODULE"`` (its kernels compiled and saved to numba's cache)
    unless it is imported, being compiled already or its cache is warm; the child uses this
    process's interpreter, solver package and cache directory. Not inside an application
    that embeds Python (FreeCAD: ``sys.executable`` is then not a Python interpreter)."""
    from numba.core import config

    if not Path(sys.executable).name.lower().startswith("python"):
        return None
    if module in sys.modules or module in _background or cache_is_warm():
        return None
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [str(Path(__file__).resolve().parents[1]), os.environ.get("PYTHONPATH", "")]))
    if config.CACHE_DIR:
        env["NUMBA_CACHE_DIR"] = str(config.CACHE_DIR)
    try:
        proc = subprocess.Popen([sys.executable, "-c", f"import {module}"], env=env,
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
    except OSError:  # no child: this process compiles the module itself when it needs it
        return None
    _background[module] = proc
    if module in _SHARED:
        importlib.import_module(_SHARED[module]).compile_kernels()
    return proc


def compiled_module(module: str) -> ModuleType:
    """``module`` imported, after its background compile (if one runs) has ended; a
    failed child only means this process compiles it."""
    proc = _background.pop(module, None)
    if proc is not None:
        proc.wait()
    return importlib.import_module(module)
