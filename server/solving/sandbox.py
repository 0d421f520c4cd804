"""Run one solve in a child process (at nice 10) with memory (RLIMIT_AS, set by the child
once its libraries are loaded), CPU-time (RLIMIT_CPU) and wall-time limits, streaming its
progress and stopping it at once when asked.

A hostile or huge model can exhaust only its own process: the worker that started it reads
the outcome and goes on serving.
"""

from __future__ import annotations

import ctypes
import json
import os
import resource
import selectors
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from server.solving.child import EXIT_MEMORY, EXIT_MODEL, EXIT_OK

MIB = 1024**2
SOLVE_NICENESS = 10  # below the API (and the worker) on a shared host: requests answer first


@dataclass(frozen=True)
class SolveLimits:
    memory_bytes: int
    cpu_seconds: int
    wall_seconds: float


@dataclass
class Outcome:
    """How a solve ended: ``status`` succeeded / failed / cancelled, with a reason."""

    status: str
    reason: str | None = None
    files: list[str] = field(default_factory=list)
    summary: dict | None = None
    seconds: float = 0.0


def _die_with_parent() -> None:
    """Linux: the child gets SIGKILL when the worker that started it dies."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _limit_resources(limits: SolveLimits) -> Callable[[], None]:
    def apply() -> None:  # runs in the child between fork and exec
        os.setsid()  # its own process group: a kill reaches any helper it starts
        os.nice(SOLVE_NICENESS)
        _die_with_parent()
        cpu = max(1, int(limits.cpu_seconds))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    return apply


def _kill(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()


def run_solve(job_dir: Path, limits: SolveLimits, on_event: Callable[[dict], None],
              should_cancel: Callable[[], bool], poll_seconds: float = 0.2) -> Outcome:
    """Start the child on ``job_dir`` and supervise it until it ends (see module doc)."""
    started = time.monotonic()
    env = {k: v for k, v in os.environ.items() if not k.startswith("THERMOCRAFT_")}
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
    proc = subprocess.Popen(
        [sys.executable, "-m", "server.solving.child", str(job_dir),
         str(limits.memory_bytes)],
        stdout=subprocess.PIPE, stderr=open(job_dir / "stderr.txt", "wb"),
        stdin=subprocess.DEVNULL, cwd=job_dir, env=env,
        preexec_fn=_limit_resources(limits),
    )
    selector = selectors.DefaultSelector()
    selector.register(proc.stdout, selectors.EVENT_READ)
    buffer = b""
    try:
        while True:
            if should_cancel():
                _kill(proc)
                return Outcome("cancelled", "cancelled on request",
                               seconds=time.monotonic() - started)
            if time.monotonic() - started > limits.wall_seconds:
                _kill(proc)
                return Outcome("failed", f"exceeded the wall-time limit of "
                               f"{limits.wall_seconds:g} s", seconds=time.monotonic() - started)
            for _key, _mask in selector.select(timeout=poll_seconds):
                chunk = os.read(proc.stdout.fileno(), 65536)
                if not chunk:
                    break
                buffer += chunk
                *lines, buffer = buffer.split(b"\n")
                for line in lines:
                    try:
                        on_event(json.loads(line))
                    except ValueError:
                        continue
            if proc.poll() is not None:
                break
    finally:
        selector.close()
        proc.stdout.close()
    return _outcome(job_dir, proc.returncode, limits, time.monotonic() - started)


def _outcome(job_dir: Path, code: int, limits: SolveLimits, seconds: float) -> Outcome:
    try:
        written = json.loads((job_dir / "outcome.json").read_text())
    except (OSError, ValueError):
        written = {}
    memory = f"exceeded its memory limit of {limits.memory_bytes // MIB} MiB"
    if code == EXIT_OK:
        return Outcome("succeeded", None, written.get("files", []), written.get("summary"),
                       seconds)
    if code == EXIT_MEMORY:
        return Outcome("failed", memory, seconds=seconds)
    if code == EXIT_MODEL:
        return Outcome("failed", f"the model was refused: {written.get('detail')}",
                       seconds=seconds)
    if code == -signal.SIGXCPU or (code == -signal.SIGKILL and seconds >= limits.cpu_seconds):
        return Outcome("failed", f"exceeded its CPU-time limit of {limits.cpu_seconds} s",
                       seconds=seconds)
    if code < 0:
        # killed by a signal it did not ask for: typically a failed allocation under
        # RLIMIT_AS inside native code (SIGSEGV/SIGABRT)
        name = signal.Signals(-code).name
        tail = _stderr_tail(job_dir)
        if "MemoryError" in tail or "std::bad_alloc" in tail or name in ("SIGSEGV", "SIGABRT"):
            return Outcome("failed", f"{memory} (the solve process died with {name})",
                           seconds=seconds)
        return Outcome("failed", f"the solve process died with {name}", seconds=seconds)
    detail = written.get("detail") or _stderr_tail(job_dir)[-500:] or f"exit status {code}"
    if "MemoryError" in detail or "bad_alloc" in detail:
        return Outcome("failed", memory, seconds=seconds)
    return Outcome("failed", f"the solver failed: {detail}", seconds=seconds)


def _stderr_tail(job_dir: Path) -> str:
    try:
        return (job_dir / "stderr.txt").read_text(errors="replace")[-4000:]
    except OSError:
        return ""
