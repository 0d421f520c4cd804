"""The solve runner: ``python -u -m ThermoCraftWorkbench.runner MODEL.json OUTDIR``
(or ``--report RESULTS`` to write a results folder's report).

Runs in a child process started by the workbench (never inside FreeCAD, which stays
responsive), solves the model with :func:`solver.api.solve` and prints one JSON object per line
on stdout:

- ``{"event": "progress", "fraction": 0.4, "message": "outer iteration 2"}``
- ``{"event": "log", "message": "..."}`` (the solver's notes)
- ``{"event": "problems", "problems": [{"path": "bodies[1].material", "message": "..."}]}``
- ``{"event": "error", "kind": "ConvergenceError", "message": "..."}``
- ``{"event": "cancelled"}``
- ``{"event": "done", "summary": {...}, "files": {"summary": ".../summary.json", ...}}``
- ``{"event": "report", "html": ".../report.html", "pdf": ".../report.pdf", "jinja2": false}``
  (``--report``: :func:`solver.report.write_report`; without Jinja2 it uses its plain
  template, and ``jinja2`` says so)

A line ``cancel`` on stdin cancels the solve (a closed stdin does not). With
``THERMOCRAFT_HOLD_AT=TEXT`` in the environment the solve stops after printing the first
progress message containing TEXT until a line comes on stdin (``cancel``, or ``go`` to carry
on): a caller can act on a running solve however fast it is. ``--warm-up`` solves a tiny
built-in model instead (and samples it), to fill numba's cache. Exit status: 0 done,
2 invalid model, 3 solve error, 4 cancelled. Imports nothing from FreeCAD or Qt.
"""

from __future__ import annotations

import json
import os
import sys
import threading
from pathlib import Path

EXIT_DONE, EXIT_INVALID, EXIT_FAILED, EXIT_CANCELLED = 0, 2, 3, 4
HOLD_ENV = "THERMOCRAFT_HOLD_AT"

def emit(event: str, **fields) -> None:
    """Print one JSON progress line and flush it."""
    print(json.dumps({"event": event, **fields}), flush=True)


def _log(message: str) -> None:
    emit("log", message=message)


def _watch_stdin(cancelled: threading.Event, released: threading.Event) -> None:
    """``cancel`` sets ``cancelled``; any line, or the end of stdin, sets ``released``."""
    for line in sys.stdin:
        if line.strip() == "cancel":
            cancelled.set()
        released.set()
    released.set()


def _reporter(hold: str, released: threading.Event):
    """The progress callback: one JSON line a report, held once at a message with ``hold``."""
    pending = [bool(hold)]

    def report(fraction: float, message: str) -> None:
        emit("progress", fraction=fraction, message=message)
        if pending[0] and hold in message:
            pending[0] = False
            released.wait()
    return report


def run(model_path: str | None, outdir: str | None) -> int:
    """Solve and report; returns the exit status."""
    from solver.api import solve
    from solver.errors import SolveCancelled, ThermoCraftError
    from solver.model import ModelError, load_model
    from solver.output import write_results
    from solver.warm_up import warm_up

    cancelled, released = threading.Event(), threading.Event()
    threading.Thread(target=_watch_stdin, args=(cancelled, released), daemon=True).start()
    try:
        if model_path is None:  # the warm-up is never held
            result = warm_up(progress=_reporter("", released), log=_log)
        else:
            result = solve(load_model(model_path), Path(model_path).parent,
                           progress=_reporter(os.environ.get(HOLD_ENV, ""), released),
                           cancel=cancelled.is_set, log=_log)
    except ModelError as exc:
        emit("problems", problems=[{"path": p.path, "message": p.message}
                                   for p in exc.problems])
        return EXIT_INVALID
    except SolveCancelled:
        emit("cancelled")
        return EXIT_CANCELLED
    except ThermoCraftError as exc:
        emit("error", kind=type(exc).__name__, message=str(exc))
        return EXIT_FAILED
    files = write_results(result, outdir) if outdir else {}
    emit("done", summary=result.summary, files={k: str(v) for k, v in files.items()})
    return EXIT_DONE


def report(results: str) -> int:
    """Write ``results``'s report.html and report.pdf beside its files."""
    from solver.report import write_report
    try:
        import jinja2  # noqa: F401  (optional: the report then uses its plain template)
        have_jinja2 = True
    except ImportError:
        have_jinja2 = False
    try:
        paths = write_report(results)
    except (OSError, KeyError, ValueError) as exc:
        emit("error", kind=type(exc).__name__, message=f"cannot write the report: {exc}")
        return EXIT_FAILED
    emit("report", html=str(paths["html"]), pdf=str(paths["pdf"]), jinja2=have_jinja2)
    return EXIT_DONE


USAGE = ("usage: python -u -m ThermoCraftWorkbench.runner MODEL.json OUTDIR | --warm-up | "
         "--report RESULTS")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args == ["--warm-up"]:
        return run(None, None)
    if len(args) == 2 and args[0] == "--report":
        return report(args[1])
    if len(args) != 2:
        print(USAGE, file=sys.stderr)
        return EXIT_INVALID
    return run(*args)


if __name__ == "__main__":
    sys.exit(main())
