"""With ``bench/compile_log`` on ``PYTHONPATH`` and ``THERMOCRAFT_COMPILE_LOG=PREFIX`` set, every
Python process (the solve and its background compile) writes ``PREFIX.PID``: its start, one
line per numba compile (wall start and end, nesting depth, CPU seconds of this process,
function) and its exit with its CPU time. Used by ``bench/first_run.py --timeline``."""

import atexit
import os
import sys
import time

_PREFIX = os.environ.get("THERMOCRAFT_COMPILE_LOG")
if _PREFIX:
    from numba.core import event

    _out = open(f"{_PREFIX}.{os.getpid()}", "w", encoding="utf-8")
    _out.write(f"start {time.time():.3f} {' '.join(sys.argv)}\n")

    class _Compiles(event.Listener):
        def __init__(self) -> None:
            self.open: list[tuple[float, float]] = []

        def on_start(self, ev) -> None:
            self.open.append((time.time(), time.process_time()))

        def on_end(self, ev) -> None:
            wall, cpu = self.open.pop()
            f = getattr(ev.data["dispatcher"], "py_func", None)
            name = f"{f.__module__}.{f.__qualname__}" if f else str(ev.data["dispatcher"])
            _out.write(f"compile {wall:.3f} {time.time():.3f} {len(self.open)} "
                       f"{time.process_time() - cpu:.3f} {name}\n")

    event.register("numba:compile", _Compiles())
    atexit.register(lambda: _out.write(f"exit {time.time():.3f} {time.process_time():.3f}\n"))
