"""The requeue (periodic and at start-up, one check) submits a job again only when no live
task holds it: not while its task waits for a restarting worker (longer than the heartbeat
timeout), not while another API process's task holds it on a shared external scheduler
(asked at start-up too, before this process's first job), not when the scheduler does not
answer; and an older task of the same job ending does not make the newer one look lost. A
stand-in Dask client records the submissions (no cluster)."""

from __future__ import annotations

import time
import uuid
from datetime import timedelta
from types import SimpleNamespace

import pytest

from server import solving
from server.models import utcnow
from server.models.simulations import JobStatus, Simulation
from server.solving.dispatcher import Dispatcher, SchedulerUnavailable
from server.solving.tasks import new_job_key


class FakeFuture:
    """A Dask future that stays pending until ``finish``."""

    def __init__(self, key: str) -> None:
        self.key, self.status, self._callbacks = key, "pending", []

    def done(self) -> bool:
        return self.status != "pending"

    def add_done_callback(self, callback) -> None:
        self._callbacks.append(callback)

    def finish(self) -> None:
        self.status = "finished"
        for callback in self._callbacks:
            callback(self)


class FakeScheduler:
    def __init__(self) -> None:
        self.states: dict[str, str] = {}  # tasks the scheduler has (any API process's)
        self.down = False
        self.asked: list[list[str]] = []

    def get_task_status(self, keys):
        self.asked.append(list(keys))
        if self.down:
            raise OSError("scheduler unreachable")
        return {key: self.states.get(key) for key in keys}


class FakeClient:
    def __init__(self) -> None:
        self.scheduler = FakeScheduler()
        self.futures: list[FakeFuture] = []

    def submit(self, _fn, _spec, pure: bool, key: str) -> FakeFuture:
        self.futures.append(FakeFuture(key))
        return self.futures[-1]

    def sync(self, fn, **kwargs):
        return fn(**kwargs)

    def close(self) -> None:
        pass


@pytest.fixture
def dispatcher(app):
    dispatcher = Dispatcher(app.state.settings, app.state.sessionmaker)
    dispatcher._client = FakeClient()
    yield dispatcher
    dispatcher.close()


def _job(app, user, **values) -> Simulation:
    """A stored job, handed to no task yet."""
    with app.state.sessionmaker() as s:
        sim = Simulation(owner_user_id=user.id, name="job", analysis="steady",
                         model_json="{}", attachments=[], limits={},
                         queued_at=utcnow() - timedelta(minutes=5))
        sim.id = uuid.uuid4()
        sim.job_key = new_job_key(sim.id)
        for name, value in values.items():
            setattr(sim, name, value)
        s.add(sim)
        s.commit()
        return sim


def _submitted(dispatcher, count: int) -> list[FakeFuture]:
    """The client's futures once the dispatcher's thread submitted ``count``."""
    deadline = time.monotonic() + 10
    while (dispatcher._client is None or len(dispatcher._client.futures) < count
           or dispatcher._handed):  # the thread connects first on an unstarted cluster
        assert time.monotonic() < deadline, dispatcher._client
        time.sleep(0.01)
    return dispatcher._client.futures


def _row(app, sim_id) -> Simulation:
    with app.state.sessionmaker() as s:
        return s.get(Simulation, sim_id)


def _died_mid_job(app, sim_id) -> None:
    """The task claimed the job, then its worker died a minute ago (no heartbeat since)."""
    with app.state.sessionmaker() as s:
        sim = s.get(Simulation, sim_id)
        sim.status, sim.attempts = JobStatus.RUNNING, 1
        sim.heartbeat_at = utcnow() - timedelta(minutes=1)
        s.commit()


def test_worker_restart_longer_than_heartbeat_timeout_is_not_submitted_twice(
        app, make_user, dispatcher):
    sim = _job(app, make_user().user)
    dispatcher.submit(sim.id, sim.job_key)
    (first,) = _submitted(dispatcher, 1)
    _died_mid_job(app, sim.id)
    # the future stays pending: Dask runs the task again once a worker is back
    assert dispatcher.requeue_pending() == 0
    row = _row(app, sim.id)
    assert (row.status, row.attempts, row.job_key) == (JobStatus.RUNNING, 1, sim.job_key)
    assert len(dispatcher._client.futures) == 1
    # the task ended without settling the job (its server's cluster went away): lost now
    first.finish()
    assert dispatcher.requeue_pending() == 1
    row = _row(app, sim.id)
    assert (row.status, row.attempts) == (JobStatus.QUEUED, 0) and row.job_key != sim.job_key
    assert [f.key for f in _submitted(dispatcher, 2)] == [sim.job_key, row.job_key]


def test_an_older_task_ending_leaves_the_newer_one_live(app, make_user, dispatcher):
    sim = _job(app, make_user().user)
    dispatcher.submit(sim.id, sim.job_key)
    dispatcher.submit(sim.id)  # handed again (a new key): the first task may not run it
    old, new = _submitted(dispatcher, 2)
    assert new.key == _row(app, sim.id).job_key
    old.finish()  # 'skipped': the row names the newer task
    assert dispatcher.requeue_pending() == 0
    assert len(dispatcher._client.futures) == 2


def test_a_task_the_scheduler_holds_for_another_process_is_not_submitted(
        app, make_user, dispatcher):
    user = make_user().user
    queued, running = _job(app, user), _job(app, user)
    _died_mid_job(app, running.id)
    scheduler = dispatcher._client.scheduler
    scheduler.states = {queued.job_key: "queued", running.job_key: "no-worker"}
    assert dispatcher.requeue_pending() == 0
    scheduler.down = True  # no answer: nothing is submitted this round
    with pytest.raises(SchedulerUnavailable):
        dispatcher.requeue_pending()
    assert dispatcher._client.futures == []
    scheduler.down, scheduler.states = False, {queued.job_key: "memory"}  # both ended
    assert dispatcher.requeue_pending() == 2
    assert {f.key for f in _submitted(dispatcher, 2)} == {
        _row(app, queued.id).job_key, _row(app, running.id).job_key}


def test_startup_submits_every_queued_job(app, make_user, dispatcher):
    sim = _job(app, make_user().user, queued_at=utcnow())
    assert dispatcher.requeue_pending() == 0  # periodic: queued just now, its hand-over runs
    assert dispatcher.requeue_pending(startup=True) == 1
    assert _submitted(dispatcher, 1)[0].key == _row(app, sim.id).job_key


class ExternalScheduler:
    """Stands in for ``distributed.Client``: the shared scheduler of
    ``THERMOCRAFT_DASK_SCHEDULER``, which refuses connections while ``down``."""

    def __init__(self) -> None:
        self.client, self.down, self.connects = FakeClient(), False, 0

    def __call__(self, address, **_kwargs) -> FakeClient:
        self.connects += 1
        if self.down:
            raise OSError(f"Timed out trying to connect to {address}")
        return self.client


@pytest.fixture
def external(app, monkeypatch):
    """A fresh API process's dispatcher on a shared external scheduler (not connected)."""
    scheduler = ExternalScheduler()
    monkeypatch.setattr("distributed.Client", scheduler)
    settings = app.state.settings.model_copy(update={"dask_scheduler": "tcp://10.0.0.5:8786"})
    dispatcher = Dispatcher(settings, app.state.sessionmaker)
    yield dispatcher, scheduler
    dispatcher.close()


def test_startup_leaves_the_jobs_an_external_scheduler_holds(app, make_user, external):
    dispatcher, scheduler = external
    user = make_user().user
    held, orphan, running = _job(app, user), _job(app, user), _job(app, user)
    _died_mid_job(app, running.id)  # its worker restarts; the scheduler keeps the task
    scheduler.client.scheduler.states = {held.job_key: "processing",
                                         running.job_key: "no-worker"}
    assert not dispatcher.started
    assert dispatcher.requeue_pending(startup=True) == 1
    assert [f.key for f in _submitted(dispatcher, 1)] == [_row(app, orphan.id).job_key]
    assert _row(app, held.id).job_key == held.job_key
    row = _row(app, running.id)
    assert (row.status, row.attempts, row.job_key) == (JobStatus.RUNNING, 1, running.job_key)


def test_startup_with_the_external_scheduler_down_is_retried(app, make_user, external):
    dispatcher, scheduler = external
    app.state.dispatcher.close()
    app.state.dispatcher = dispatcher
    sim = _job(app, make_user().user, queued_at=utcnow())
    scheduler.down = True
    solving._start(app)  # the start hook: nothing submitted, retried by the periodic job
    assert app.state.startup_requeue_done is False
    assert scheduler.client.futures == [] and _row(app, sim.id).job_key == sim.job_key
    scheduler.down = False
    assert solving._requeue_lost(app) == 1
    assert app.state.startup_requeue_done is True
    assert _submitted(dispatcher, 1)[0].key == _row(app, sim.id).job_key


def test_startup_on_the_embedded_cluster_asks_no_scheduler(app, make_user, monkeypatch):
    """This process's LocalCluster is not started yet, so no task can hold a job: the
    check starts no cluster just to ask (the submission starts it)."""
    client = FakeClient()
    monkeypatch.setattr("server.solving.cluster.embedded_cluster",
                        lambda *a, **k: SimpleNamespace(close=lambda: None))
    monkeypatch.setattr("distributed.Client", lambda *a, **k: client)
    dispatcher = Dispatcher(app.state.settings, app.state.sessionmaker)
    try:
        sim = _job(app, make_user().user, queued_at=utcnow())
        assert dispatcher.requeue_pending(startup=True) == 1
        assert client.scheduler.asked == []
        assert _submitted(dispatcher, 1)[0].key == _row(app, sim.id).job_key
    finally:
        dispatcher.close()
