"""Sending jobs to Dask: the embedded cluster (:mod:`server.solving.cluster`, started on
first use) or the existing cluster named by ``THERMOCRAFT_DASK_SCHEDULER``.

Jobs are rows first (``queued``, committed by the request), then Dask tasks: ``submit``
only hands the job to the dispatcher's own thread, which connects to the cluster (or starts
it) and submits, so a request never waits on Dask. A job whose hand-over is lost (the
server stopped first, the cluster did not answer) is still ``queued`` in the database.
Every job no live task holds is submitted again, by one check: at start-up every queued
job and every running one with a stale heartbeat (a server that stopped mid-job), then
periodically those queued too long or running with a stale heartbeat. A task is live while
this dispatcher's thread has it, while its future is pending, or while the scheduler still
has it waiting or running (any API process's; an external scheduler is asked at start-up
too): a job whose worker restarts for longer than the heartbeat timeout is Dask's to run
again (its retry counts the attempt), not submitted a second time; a scheduler that does
not answer defers the round (:class:`SchedulerUnavailable`). A task that errors on the
cluster (its worker died more often than allowed) fails the job with the reason.
"""

from __future__ import annotations

import logging
import queue
import threading
import uuid
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from server.models import utcnow
from server.models.simulations import JobStatus, Simulation
from server.settings import Settings
from server.solving.tasks import HEARTBEAT_INTERVAL as HEARTBEAT_SECONDS
from server.solving.tasks import new_job_key, run_job, worker_died_reason

log = logging.getLogger("thermocraft.solving")
#: Scheduler task states in which a task will still run (or is running): its job is held.
LIVE_TASK_STATES = frozenset({"released", "waiting", "no-worker", "queued", "processing"})


class SchedulerUnavailable(RuntimeError):
    """The scheduler did not say which jobs it holds: nothing is requeued this round."""


class Dispatcher:
    """The app's connection to the cluster (``app.state.dispatcher``)."""

    def __init__(self, settings: Settings, sessions: sessionmaker[Session]) -> None:
        self.settings, self.sessions = settings, sessions
        self._client = None
        self._cluster = None
        self._futures: dict[str, object] = {}  # task key -> its Dask future
        self._handed: set[str] = set()  # task keys handed to the thread, not yet submitted
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()  # the bookkeeping above (held briefly)
        self._client_lock = threading.Lock()  # held while the cluster starts (seconds)

    @property
    def embedded(self) -> bool:
        return not self.settings.dask_scheduler

    @property
    def started(self) -> bool:
        return self._client is not None

    def client(self):
        """The Dask client, connecting (or starting the embedded cluster) on first use."""
        with self._client_lock:
            if self._client is None:
                from distributed import Client

                if self.embedded:
                    from server.solving.cluster import embedded_cluster

                    self._cluster = embedded_cluster(
                        self.settings.dask_local_workers,
                        self.settings.dask_threads_per_worker,
                        allowed_failures=self.settings.job_max_attempts - 1)
                    self._client = Client(self._cluster, set_as_default=False)
                else:
                    self._client = Client(self.settings.dask_scheduler, timeout=10,
                                          set_as_default=False)
        return self._client

    def spec(self, sim_id: uuid.UUID, key: str) -> dict:
        """The task's arguments; external workers read the database URL and the store from
        their own environment (no credentials travel with the job)."""
        spec = {"simulation_id": str(sim_id), "job_key": key,
                "max_attempts": self.settings.job_max_attempts,
                "heartbeat_seconds": self.heartbeat_seconds}
        if self.embedded:
            spec |= {"database_url": self.settings.database_url,
                     "store_dir": self.settings.result_store_dir}
        return spec

    @property
    def heartbeat_seconds(self) -> float:
        """How often a running task writes its heartbeat: well inside the stale timeout."""
        return min(HEARTBEAT_SECONDS, self.settings.job_heartbeat_timeout_seconds / 4)

    def submit(self, sim_id: uuid.UUID, key: str | None = None) -> None:
        """Hand the job to a new Dask task (the only one its row lets run it), without
        waiting for the cluster. ``key``: the ``job_key`` the caller already stored with
        the row (saves a write per submission); otherwise a new key is written first."""
        if key is None:
            key = new_job_key(sim_id)
            with self.sessions() as db:
                db.execute(update(Simulation).where(Simulation.id == sim_id)
                           .values(job_key=key))
                db.commit()
        with self._lock:
            self._handed.add(key)
            if self._thread is None:
                self._thread = threading.Thread(target=self._submit_loop, daemon=True,
                                                name="thermocraft-dispatcher")
                self._thread.start()
        self._queue.put((sim_id, key))

    def _submit_loop(self) -> None:
        """The dispatcher's thread: each handed job becomes a Dask task."""
        while (item := self._queue.get()) is not None:
            sim_id, key = item
            try:
                future = self.client().submit(run_job, self.spec(sim_id, key), pure=False,
                                              key=key)
            except Exception:  # the job stays queued: the periodic requeue retries it
                log.exception("could not submit simulation %s to the cluster", sim_id)
            else:
                with self._lock:
                    self._futures[key] = future
                future.add_done_callback(lambda f, sim_id=sim_id: self._done(sim_id, f))
            finally:
                with self._lock:
                    self._handed.discard(key)

    def _done(self, sim_id: uuid.UUID, future) -> None:
        with self._lock:
            self._futures.pop(future.key, None)
        if future.status != "error":
            return
        exc = future.exception()
        with self.sessions() as db:
            sim = db.get(Simulation, sim_id)
            if sim is None or sim.status.terminal or sim.job_key != future.key:
                return
            killed = type(exc).__name__ == "KilledWorker"
            sim.status = JobStatus.FAILED
            sim.failure_reason = (worker_died_reason(sim.attempts) if killed
                                  else f"the job failed on the cluster: {exc}")
            sim.finished_at = utcnow()
            db.commit()
        log.warning("simulation %s failed on the cluster: %s", sim_id, exc)

    def requeue_pending(self, startup: bool = False) -> int:
        """Submit again the jobs no live task holds: running jobs whose heartbeat is older
        than ``job_heartbeat_timeout_seconds`` (their server died, or their worker and Dask
        gave up on the task) and queued jobs older than that (their hand-over was lost);
        at start-up every queued job. Runs at start-up and then periodically; raises
        :class:`SchedulerUnavailable` (nothing submitted) if the scheduler does not say
        which of them its tasks hold."""
        stale = utcnow() - timedelta(seconds=self.settings.job_heartbeat_timeout_seconds)
        lost = (Simulation.status == JobStatus.RUNNING) & (
            Simulation.heartbeat_at.is_(None) | (Simulation.heartbeat_at < stale))
        waiting = Simulation.status == JobStatus.QUEUED
        if not startup:
            waiting = waiting & (Simulation.queued_at < stale)
        with self.sessions() as db:
            rows = db.execute(select(Simulation.id, Simulation.job_key)
                              .where(lost | waiting).order_by(Simulation.created_at)).all()
            live = self._live_keys([r.job_key for r in rows if r.job_key])
            pending = [r.id for r in rows if r.job_key not in live]
            if pending:
                db.execute(update(Simulation).where(Simulation.id.in_(pending), lost)
                           .values(status=JobStatus.QUEUED,
                                   attempts=Simulation.attempts - 1))  # not the job's fault
            db.commit()
        for sim_id in pending:
            self.submit(sim_id)
        if pending:
            log.info("requeued %d pending simulations", len(pending))
        return len(pending)

    def _live_keys(self, keys: list[str]) -> set[str]:
        """Those of ``keys`` a live task holds: handed to the thread, a pending future, or
        a task the scheduler still has waiting or running. An external scheduler is asked
        even before this process's first job (at start-up: another API process's tasks);
        an embedded cluster not started yet holds nothing. If the scheduler does not
        answer, :class:`SchedulerUnavailable` (submitting now could run a job twice; the
        next round asks again)."""
        with self._lock:
            live = self._handed | {k for k, f in self._futures.items() if not f.done()}
        ask = [k for k in keys if k not in live]
        if ask and (self.started or not self.embedded):
            try:
                client = self.client()
                states = client.sync(client.scheduler.get_task_status, keys=ask)
            except Exception as exc:
                raise SchedulerUnavailable(
                    f"could not ask the Dask scheduler which jobs it holds: {exc!r}") from exc
            live |= {k for k, state in states.items() if state in LIVE_TASK_STATES}
        return live & set(keys)

    def worker_count(self) -> int | None:
        """Workers the scheduler knows (None before the first job)."""
        if self._client is None:
            return None
        return len(self._client.scheduler_info(n_workers=-1).get("workers", {}))

    def close(self) -> None:
        with self._lock:
            thread, self._thread = self._thread, None
        if thread is not None:
            self._queue.put(None)
            thread.join(60)
        with self._client_lock:
            if self._client is not None:
                self._client.close()
            if self._cluster is not None:
                self._cluster.close()
            self._client = self._cluster = None
