"""Remote solving: validated models run on Dask, each solve in a resource-limited child
process, state in the database, results in a store. See docs/server-solving.md.

``install(app)`` creates ``app.state.dispatcher`` and the result store; at start-up the
jobs the database still holds as pending are submitted again (and periodically those whose
heartbeat stopped), at shutdown the cluster connection (or the embedded LocalCluster) is
closed.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI

from server.scheduler import PeriodicJob, add_hooks, add_job

log = logging.getLogger("thermocraft.solving")


def _start(app: FastAPI) -> None:
    """Resubmit pending jobs; if the database or the external scheduler is down, the
    periodic job does it later."""
    try:
        app.state.dispatcher.requeue_pending(startup=True)
    except Exception:
        log.exception("could not requeue pending simulations at start-up; retrying later")
        app.state.startup_requeue_done = False
    else:
        app.state.startup_requeue_done = True


def _requeue_lost(app: FastAPI) -> int:
    dispatcher = app.state.dispatcher
    if not getattr(app.state, "startup_requeue_done", True):
        count = dispatcher.requeue_pending(startup=True)
        app.state.startup_requeue_done = True
        return count
    return dispatcher.requeue_pending() if dispatcher.started else 0


def _stop(app: FastAPI) -> None:
    app.state.dispatcher.close()


def _purge(store):
    def purge(db, user_id, org_id) -> None:
        from sqlalchemy import select

        from server.models.simulations import Simulation

        owner = Simulation.owner_user_id == user_id if user_id else \
            Simulation.owner_org_id == org_id
        for sim_id in db.scalars(select(Simulation.id).where(owner)):
            store.delete_prefix(f"results/{sim_id}")
        store.delete_prefix(f"attachments/{user_id or org_id}")
    return purge


def install(app: FastAPI) -> None:
    from server.solving.dispatcher import Dispatcher
    from server.solving.store import FileResultStore

    settings = app.state.settings
    app.state.dispatcher = Dispatcher(settings, app.state.sessionmaker)
    app.state.result_store = FileResultStore(settings.result_store_dir)
    if not hasattr(app.state, "account_purgers"):
        app.state.account_purgers = []
    app.state.account_purgers.append(_purge(app.state.result_store))
    from server.solving.metrics import install_metrics

    install_metrics(app)
    add_hooks(app, _start, _stop)
    add_job(app, PeriodicJob("requeue-lost-jobs", settings.job_heartbeat_timeout_seconds,
                             _requeue_lost))
