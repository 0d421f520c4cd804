"""Account and plan (Upgrade, Billing portal) and usage."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request

from server.billing import checkout as billing
from server.billing.deps import get_gateway
from server.billing.entitlements import entitlements
from server.billing.gateway import Redirect
from server.billing.usage import Owner, period_of, usage_summary
from server.deps import DB, SettingsDep
from server.errors import ServiceError
from server.models import utcnow
from server.plans import FEATURES, LIMITS, PLANS
from server.services import organizations

from .. import csrf
from ..deps import PageUser
from ..templating import redirect, render

router = APIRouter()
CSRF = Depends(csrf.verify)


@router.get("/account")
def account(request: Request, db: DB, settings: SettingsDep, user: PageUser,
            checkout: str | None = None):
    """Who you are, your plan, and the plans you can move to."""
    ent = entitlements(db, user, utcnow(), settings.entitlements_offline_days)
    notice = {"success": "Thank you! Your plan changes as soon as Stripe confirms the payment.",
              "cancel": "Checkout cancelled; your plan is unchanged."}.get(checkout or "")
    return render(request, "account.html", title="Account and plan", ent=ent,
                  plans=list(PLANS.values()), current=PLANS[ent["plan"]["id"]],
                  features=FEATURES, limits=LIMITS,
                  checkout_notice=notice)


def _absolute(settings, path: str) -> str:
    return settings.public_url.rstrip("/") + path


def _billing_error(request: Request, status_code: int, message: str):
    return render(request, "message.html", status_code=status_code, title="Billing",
                  message=message, link=("/account", "Back to your account"))


def _to_stripe(request: Request, org_id: str, start: Callable[[uuid.UUID | None], Redirect]):
    """Run a billing service call for the team ``org_id`` (or yourself when empty) and send
    the browser to the Stripe page it answers; its errors as a page."""
    try:
        org = uuid.UUID(org_id) if org_id else None
    except ValueError:
        return _billing_error(request, 422, "org_id: not a valid team id.")
    try:
        done = start(org)
    except ServiceError as exc:
        return _billing_error(request, exc.status_code, str(exc))
    return redirect(request, done.url)


@router.post("/account/upgrade", dependencies=[CSRF])
def upgrade(request: Request, db: DB, settings: SettingsDep, user: PageUser,
            plan: Annotated[str, Form()] = "", org_id: Annotated[str, Form()] = ""):
    """Start a Stripe Checkout (billing's service) and send the browser to it."""
    target = PLANS.get(plan)
    if target is None or not target.purchasable:
        return _billing_error(request, 422, "plan: choose Pro or Advanced.")
    return _to_stripe(request, org_id, lambda org: billing.start_checkout(
        db, get_gateway(request, settings), user=user, plan=target,
        price=billing.price_id(settings, target.id), org_id=org, seats=None,
        return_url=_absolute(settings, f"/teams/{org}" if org else "/account"),
        now=utcnow()))


@router.post("/account/billing-portal", dependencies=[CSRF])
def billing_portal(request: Request, db: DB, settings: SettingsDep, user: PageUser,
                   org_id: Annotated[str, Form()] = ""):
    """Open Stripe's Customer Portal (billing's service)."""
    return _to_stripe(request, org_id, lambda org: billing.open_portal(
        db, get_gateway(request, settings), user=user, org_id=org,
        return_url=_absolute(settings, "/account")))


@router.get("/usage")
def usage(request: Request, db: DB, settings: SettingsDep, user: PageUser,
          period: str | None = None):
    """This month's (or ``period``'s) usage against the plan's limits, yours and your teams'."""
    now = utcnow()
    period = period or period_of(now)
    try:
        mine = usage_summary(db, Owner(user_id=user.id), period)
    except ValueError as exc:
        return render(request, "message.html", status_code=422, title="Usage",
                      message=f"period: {exc}", link=("/usage", "This month"))
    teams = [(m.organization, usage_summary(db, Owner(org_id=m.org_id), period))
             for m in organizations.memberships_of(db, user)]
    ent = entitlements(db, user, now, settings.entitlements_offline_days)
    return render(request, "usage.html", title="Usage", period=period, mine=mine, teams=teams,
                  ent=ent)
