"""Plans enforcement, usage, and Stripe billing (checkout, portal, webhooks).

``install(app)`` schedules the overdue-plan lapse (every
``THERMOCRAFT_BILLING_LAPSE_INTERVAL_SECONDS``): past-due subscriptions whose grace has run
out become 'lapsed' whether or not anyone reads their entitlements.
"""

from __future__ import annotations

from fastapi import FastAPI

from server.scheduler import PeriodicJob, add_job


def _lapse(app: FastAPI) -> int:
    from server.billing.webhooks import lapse_overdue
    from server.models import utcnow

    with app.state.sessionmaker() as db:
        return lapse_overdue(db, utcnow())


def install(app: FastAPI) -> None:
    add_job(app, PeriodicJob("billing-lapse", app.state.settings.billing_lapse_interval_seconds,
                             _lapse))
