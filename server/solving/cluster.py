"""The embedded Dask cluster: a scheduler and ``n`` nanny-managed solve workers, each in a
process of its own (``python -m dask spec``), none of them inside the API process.

The API keeps its CPU and its GIL for requests: the scheduler's event loop runs in its own
process, and the workers (and the solve processes they start) run at a lower priority
(``WORKER_NICENESS``). Every process gets SIGKILL when the thread that started it (the
cluster's event-loop thread in the API process) ends, so a server that dies leaves no
cluster behind; a worker's nanny restarts the worker if only the worker dies (Dask then
retries its task, see :mod:`server.solving.tasks`).
"""

from __future__ import annotations

import asyncio
import ctypes
import json
import logging
import os
import signal
import sys
import tempfile
import uuid
from pathlib import Path

from distributed.deploy.spec import ProcessInterface, SpecCluster

WORKER_NICENESS = 10  # below the API; a solve process goes 10 lower again (sandbox.py)
START_TIMEOUT = 120.0  # seconds for the scheduler to write its address on a loaded host
log = logging.getLogger("thermocraft.solving")


def _child_setup(niceness: int):
    def apply() -> None:  # in the child between fork and exec
        try:
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
        if niceness:
            os.nice(niceness)
    return apply


class _DaskProcess(ProcessInterface):
    """``python -m dask spec ARGS`` as a child of the cluster's event-loop thread."""

    niceness = 0

    async def _spawn(self, *args: str) -> None:
        env = os.environ | {
            "PYTHONPATH": os.pathsep.join(p for p in sys.path if p),
            "DASK_LOGGING__DISTRIBUTED": "warning"}
        self.process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "dask", "spec", *args, env=env,
            stdin=asyncio.subprocess.DEVNULL, preexec_fn=_child_setup(self.niceness))

    async def close(self) -> None:
        process = getattr(self, "process", None)
        if process is not None and process.returncode is None:
            process.send_signal(signal.SIGTERM)  # a nanny stops its worker and the solve
            try:
                await asyncio.wait_for(process.wait(), 10)
            except TimeoutError:
                process.kill()
                await process.wait()
        await super().close()


class SchedulerProcess(_DaskProcess):
    """The scheduler; ``allowed_failures``: how often a task may lose its worker and run
    again before it errs with ``KilledWorker``."""

    def __init__(self, allowed_failures: int) -> None:
        self.file = Path(tempfile.gettempdir()) / f"thermocraft-dask-{uuid.uuid4().hex}.json"
        self.options = {"host": "127.0.0.1", "port": 0, "dashboard": False,
                        "scheduler_file": str(self.file),
                        "allowed_failures": allowed_failures}
        super().__init__()

    async def start(self) -> None:
        await self._spawn("--spec", json.dumps({"cls": "distributed.Scheduler",
                                                "opts": self.options}))
        loop = asyncio.get_running_loop()
        deadline = loop.time() + START_TIMEOUT
        while self.address is None:
            try:
                self.address = json.loads(self.file.read_text())["address"]
            except (OSError, ValueError, KeyError):
                if self.process.returncode is not None:
                    raise RuntimeError(f"the Dask scheduler exited with status "
                                       f"{self.process.returncode}") from None
                if loop.time() > deadline:
                    raise RuntimeError(f"the Dask scheduler did not start within "
                                       f"{START_TIMEOUT:g} s") from None
                await asyncio.sleep(0.1)
        await super().start()

    async def close(self) -> None:
        await super().close()
        self.file.unlink(missing_ok=True)


class WorkerProcess(_DaskProcess):
    """A nanny and its worker with ``nthreads`` solve slots, at ``WORKER_NICENESS``."""

    niceness = WORKER_NICENESS

    def __init__(self, scheduler: str, nthreads: int, name: str | int | None = None) -> None:
        self.scheduler, self.nthreads, self.name = scheduler, nthreads, name
        super().__init__()

    async def start(self) -> None:
        opts = {"host": "127.0.0.1", "nthreads": self.nthreads, "memory_limit": 0,
                "dashboard": False, "name": self.name}
        await self._spawn(self.scheduler, "--spec",
                          json.dumps({"cls": "distributed.Nanny", "opts": opts}))
        await super().start()


def embedded_cluster(workers: int, threads: int, allowed_failures: int) -> SpecCluster:
    """Start the scheduler and ``workers`` x ``threads`` solve slots (blocks until the
    scheduler answers; workers register with it on their own)."""
    worker = {"cls": WorkerProcess, "options": {"nthreads": threads}}
    return SpecCluster(
        scheduler={"cls": SchedulerProcess,
                   "options": {"allowed_failures": allowed_failures}},
        workers={i: worker for i in range(workers)}, worker=worker,
        name="thermocraft-embedded", silence_logs=logging.WARNING)
