"""Is the solver's numba cache warm? If not, say so before the one-off compile starts.

The kernels are compiled on the first solve after an install (or after an upgrade of the
solver, numba or Python) and loaded from numba's on-disk cache afterwards. The check looks
for the cache index of the multigrid PCG kernel (the largest, and needed by every solve)
where numba puts it: under ``NUMBA_CACHE_DIR`` when set, else in ``__pycache__`` beside the
source or numba's per-user cache directory; an index older than its source is stale.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path

LOGGER = logging.getLogger("thermocraft")
#: First-solve compile time of examples/board_chip.json on the project's 2-core VM
#: (docs/performance.md, "First run").
COMPILE_SECONDS = 25
_KERNEL_SOURCE = Path(__file__).with_name("linalg") / "gmg_serial.py"
_INDEX_GLOB = "gmg_serial.pcg-*.nbi"
_noted = False


def _candidate_dirs() -> list[tuple[Path, bool]]:
    """(directory, search recursively) pairs where numba may keep the index."""
    from numba.core import config

    if config.CACHE_DIR:
        return [(Path(config.CACHE_DIR), True)]
    dirs = [(_KERNEL_SOURCE.parent / "__pycache__", False)]
    try:
        from numba.misc.appdirs import AppDirs

        dirs.append((Path(AppDirs(appname="numba", appauthor=False).user_cache_dir), True))
    except ImportError:  # pragma: no cover - numba internals moved
        pass
    return dirs


def cache_is_warm() -> bool:
    """True when the PCG kernel's cache index exists and is newer than its source."""
    source_mtime = os.stat(_KERNEL_SOURCE).st_mtime
    for folder, recursive in _candidate_dirs():
        if not folder.is_dir():
            continue
        found = folder.rglob(_INDEX_GLOB) if recursive else folder.glob(_INDEX_GLOB)
        if any(p.stat().st_mtime >= source_mtime for p in found):
            return True
    return False


def note_if_cold(log: Callable[[str], None] | None = None) -> bool:
    """Say (once per process, on the ``thermocraft`` logger and to ``log``) that the solver
    is about to be compiled; True if it is."""
    global _noted
    if _noted or "solver.linalg.gmg_serial" in sys.modules:
        return False
    _noted = True
    if cache_is_warm():
        return False
    msg = f"compiling the solver, once per install: about {COMPILE_SECONDS} s"
    LOGGER.warning(msg)
    if log is not None:
        log(msg)
    return True
