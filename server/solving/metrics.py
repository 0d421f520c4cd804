"""Prometheus metrics of remote solving, read from the database (the source of truth, so
every server process reports the same) and the dispatcher at scrape time:
jobs by state, queue wait and solve duration (sum and count over finished jobs), workers."""

from __future__ import annotations

from prometheus_client.core import GaugeMetricFamily, SummaryMetricFamily
from prometheus_client.registry import REGISTRY
from sqlalchemy import func, select

from server.models.simulations import JobStatus, Simulation


def _seconds(later, earlier) -> float:
    return max(0.0, (later - earlier).total_seconds())


class JobsCollector:
    def __init__(self, app) -> None:
        self.app = app

    def _rows(self):
        with self.app.state.sessionmaker() as db:
            counts = dict(db.execute(select(Simulation.status, func.count())
                                     .group_by(Simulation.status)).all())
            started = db.execute(select(Simulation.queued_at, Simulation.started_at)
                                 .where(Simulation.started_at.is_not(None),
                                        Simulation.queued_at.is_not(None))).all()
            finished = db.execute(select(func.count(), func.coalesce(
                func.sum(Simulation.solve_seconds), 0.0)).where(
                Simulation.finished_at.is_not(None))).one()
        return counts, started, finished

    def collect(self):
        try:
            counts, started, finished = self._rows()
        except Exception:  # the database is down: no job metrics this scrape
            return
        by_state = GaugeMetricFamily("thermocraft_jobs", "Remote-solve jobs by state",
                                     labels=["state"])
        for state in JobStatus:
            by_state.add_metric([state.value], counts.get(state, 0))
        wait = SummaryMetricFamily(
            "thermocraft_job_queue_wait_seconds", "Time jobs waited from submission to start",
            count_value=len(started), sum_value=sum(_seconds(s, q) for q, s in started))
        solve = SummaryMetricFamily(
            "thermocraft_job_solve_seconds", "Solve time of finished jobs",
            count_value=finished[0], sum_value=float(finished[1]))
        workers = GaugeMetricFamily("thermocraft_dask_workers",
                                    "Workers the Dask scheduler knows (-1: not connected)")
        count = self.app.state.dispatcher.worker_count()
        workers.add_metric([], -1 if count is None else count)
        yield from (by_state, wait, solve, workers)


def install_metrics(app) -> None:
    """Register the collector (replacing the one of an earlier app in this process)."""
    previous = getattr(REGISTRY, "_thermocraft_jobs", None)
    if previous is not None:
        try:
            REGISTRY.unregister(previous)
        except KeyError:  # already gone
            pass
    collector = JobsCollector(app)
    REGISTRY.register(collector)
    REGISTRY._thermocraft_jobs = collector
