"""The solve process: ``python -m server.solving.child JOB_DIR MEMORY_BYTES``.

Runs one model inside the resource limits its parent (:mod:`server.solving.sandbox`) set
(CPU time) and the address-space limit it sets itself once the solver's libraries are
loaded, before it reads the untrusted model (``RLIMIT_AS``: every later allocation past
the limit fails, numpy's with MemoryError).
Reads ``JOB_DIR/model.json`` and ``JOB_DIR/attachments.json`` (name -> path), prints one
JSON progress event per line on stdout, writes the results into ``JOB_DIR/out`` and the
outcome into ``JOB_DIR/outcome.json``; exit status 0 (solved), 2 (model refused),
3 (out of memory), 4 (solver error).
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

EXIT_OK, EXIT_MODEL, EXIT_MEMORY, EXIT_ERROR = 0, 2, 3, 4
#: The solver's running figures: every line carries the latest of them reported so far, so
#: the lines skipped here (and the reports the worker does not store) lose none of them.
SOLVER_FIGURES = ("iteration", "residual", "max_temperature_C", "time_s")


def _plain(value):
    """numpy scalars and arrays as JSON numbers and lists."""
    return value.tolist() if hasattr(value, "tolist") else str(value)


def _emit(event: dict) -> None:
    sys.stdout.write(json.dumps(event, default=_plain) + "\n")
    sys.stdout.flush()


def _write_outcome(job_dir: Path, outcome: dict) -> None:
    (job_dir / "outcome.json").write_text(json.dumps(outcome, default=_plain))


def run(job_dir: Path, memory_bytes: int) -> int:
    started = time.perf_counter()
    try:
        from server.solving import solver_bridge as bridge

        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))

        attachments = {k: Path(v) for k, v in
                       json.loads((job_dir / "attachments.json").read_text()).items()}
        model = bridge.parse_model((job_dir / "model.json").read_text(), attachments)
        last, figures = [0.0], {}

        def monitor(event: dict) -> None:  # at most ~10 lines a second, and every stage end
            figures.update((key, event[key]) for key in SOLVER_FIGURES if key in event)
            now = time.perf_counter()
            if now - last[0] >= 0.1 or event.get("fraction", 0) >= 1:
                last[0] = now
                _emit(figures | event)

        result = bridge.solve(model, job_dir, attachments, monitor, lambda: False)
        out = job_dir / "out"
        out.mkdir(exist_ok=True)
        files = bridge.write_results(result, out)
    except MemoryError:
        _write_outcome(job_dir, {"error": "memory"})
        return EXIT_MEMORY
    except Exception as exc:
        from server.solving.solver_bridge import InvalidModel

        if isinstance(exc, InvalidModel):
            _write_outcome(job_dir, {"error": "model", "detail": str(exc)})
            return EXIT_MODEL
        _write_outcome(job_dir, {"error": "solver", "detail": f"{type(exc).__name__}: {exc}"})
        return EXIT_ERROR
    _write_outcome(job_dir, {"files": files, "summary": result.summary,
                             "seconds": time.perf_counter() - started})
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(run(Path(sys.argv[1]), int(sys.argv[2])))
