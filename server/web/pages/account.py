"""Account and plan (Upgrade, Billing portal) and usage."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request

from server.billing import checkout as billing
from server.billing.deps import get_gateway, get_now
from server.billing.entitlements import entitlements
from server.billing.usage import Owner, period_of, usage_summary
from server.deps import DB, SettingsDep
from server.errors import ServiceError
from server.plans import FEATURES, LIMITS, PLANS
from server.services import organizations

from .. import csrf
from ..deps import PageUser
from ..templating import redirect, render

router = APIRouter()
CSRF = Depends(csrf.verify)


def _return_url(request: Request, settings, path: str) -> str:
    return settings.public_url.rstrip("/") + path


@router.get("/account")
def account(request: Request, db: DB, user: PageUser, checkout: str | None = None):
    """Who you are, your plan, and the plans you can move to."""
    ent = entitlements(db, user, get_now(), offline_days=7)
    notice = {"success": "Thank you! Your plan changes as soon as Stripe confirms the payment.",
              "cancel": "Checkout cancelled; your plan is unchanged."}.get(checkout or "")
    return render(request, "account.html", title="Account and plan", ent=ent,
                  plans=list(PLANS.values()), current=PLANS[ent["plan"]["id"]],
                  features=FEATURES, limits=LIMITS,
                  checkout_notice=notice)


def _billing_error(request: Request, exc: ServiceError):
    return render(request, "message.html", status_code=exc.status_code, title="Billing",
                  message=exc.detail, link=("/account", "Back to your account"))


@router.post("/account/upgrade", dependencies=[CSRF])
def upgrade(request: Request, db: DB, settings: SettingsDep, user: PageUser,
            plan: Annotated[str, Form()] = "", org_id: Annotated[str, Form()] = ""):
    """Start a Stripe Checkout (billing's service) and send the browser to it."""
    target = PLANS.get(plan)
    if target is None or not target.purchasable:
        return render(request, "message.html", status_code=422, title="Billing",
                      message="plan: choose Pro or Advanced.", link=("/account", "Back"))
    try:
        org = uuid.UUID(org_id) if org_id else None
        done = billing.start_checkout(
            db, get_gateway(request, settings), user=user, plan=target,
            price=getattr(settings, f"stripe_price_{target.id}", ""), org_id=org, seats=None,
            return_url=_return_url(request, settings, f"/teams/{org}" if org else "/account"),
            now=get_now())
    except ValueError:
        return render(request, "message.html", status_code=422, title="Billing",
                      message="org_id: not a valid team id.", link=("/account", "Back"))
    except ServiceError as exc:
        return _billing_error(request, exc)
    return redirect(request, done.url)


@router.post("/account/billing-portal", dependencies=[CSRF])
def billing_portal(request: Request, db: DB, settings: SettingsDep, user: PageUser,
                   org_id: Annotated[str, Form()] = ""):
    """Open Stripe's Customer Portal (billing's service)."""
    try:
        org = uuid.UUID(org_id) if org_id else None
        done = billing.open_portal(db, get_gateway(request, settings), user=user, org_id=org,
                                   return_url=_return_url(request, settings, "/account"))
    except ValueError:
        return render(request, "message.html", status_code=422, title="Billing",
                      message="org_id: not a valid team id.", link=("/account", "Back"))
    except ServiceError as exc:
        return _billing_error(request, exc)
    return redirect(request, done.url)


@router.get("/usage")
def usage(request: Request, db: DB, user: PageUser, period: str | None = None):
    """This month's (or ``period``'s) usage against the plan's limits, yours and your teams'."""
    now = get_now()
    period = period or period_of(now)
    try:
        mine = usage_summary(db, Owner(user_id=user.id), period)
    except ValueError as exc:
        return render(request, "message.html", status_code=422, title="Usage",
                      message=f"period: {exc}", link=("/usage", "This month"))
    teams = [(m.organization, usage_summary(db, Owner(org_id=m.org_id), period))
             for m in organizations.memberships_of(db, user)]
    ent = entitlements(db, user, now, offline_days=7)
    return render(request, "usage.html", title="Usage", period=period, mine=mine, teams=teams,
                  ent=ent)
