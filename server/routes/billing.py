"""Stripe billing: plans, Checkout, the Customer Portal and the webhook."""

from typing import Annotated

from fastapi import APIRouter, Header, Request
from fastapi.concurrency import run_in_threadpool

from server.billing import checkout, webhooks
from server.billing.deps import GatewayDep, NowDep
from server.billing.schemas import CheckoutIn, PlanOut, PortalIn, RedirectOut, WebhookOut
from server.deps import DB, SessionUser, SettingsDep
from server.openapi_errors import validation_error
from server.plans import get_plan
from server.schemas.auth import MessageOut

TAG = {
    "name": "billing",
    "description": "Plans, Stripe Checkout and Customer Portal sessions, Stripe webhooks.",
}
router = APIRouter(prefix="/billing", tags=["billing"])


@router.get("/plans", summary="The plans and what they include", response_model=list[PlanOut])
def plans() -> list[dict]:
    return checkout.plan_catalog()


_404 = {404: {"model": MessageOut, "description": "No such organization (or not a member), "
              "or no billing account yet"}}


@router.post("/checkout", summary="Start a Stripe Checkout", response_model=RedirectOut,
             responses={**_404, 409: {"model": MessageOut, "description": "Already subscribed"},
                        **validation_error(
                            "Invalid, or against the plan's rules (an organization on the "
                            "personal plan, several personal seats)")})
def start_checkout(body: CheckoutIn, db: DB, user: SessionUser, settings: SettingsDep,
                   gateway: GatewayDep, now: NowDep) -> dict:
    """Pro (personal) or Advanced (personal, or per seat for an organization the caller
    owns or administers). Answers the Stripe-hosted page to redirect to."""
    redirect = checkout.start_checkout(
        db, gateway, user=user, plan=get_plan(body.plan),
        price=checkout.price_id(settings, body.plan), org_id=body.org_id, seats=body.seats,
        return_url=f"{settings.public_url}/account", now=now,
    )
    return {"id": redirect.id, "url": redirect.url}


@router.post("/portal", summary="Open the Stripe Customer Portal", response_model=RedirectOut,
             responses=_404)
def open_portal(body: PortalIn, db: DB, user: SessionUser, settings: SettingsDep,
                gateway: GatewayDep) -> dict:
    """Manage payment methods, seats, cancellation (personal, or an administered org)."""
    redirect = checkout.open_portal(db, gateway, user=user, org_id=body.org_id,
                                    return_url=f"{settings.public_url}/account")
    return {"id": redirect.id, "url": redirect.url}


@router.post("/webhook", summary="Stripe webhook endpoint", response_model=WebhookOut,
             responses={400: {"model": MessageOut, "description": "Bad signature or payload"},
                        503: {"model": MessageOut, "description": "Webhooks not configured"}})
async def webhook(
    request: Request,
    db: DB,
    settings: SettingsDep,
    stripe_signature: Annotated[str | None, Header(alias="Stripe-Signature")] = None,
) -> dict:
    """Verifies ``Stripe-Signature``; each event id is applied once; older events never
    overwrite newer state. Answers 400 for a bad signature."""
    payload = await request.body()  # the raw bytes: the signature covers them exactly
    outcome = await run_in_threadpool(webhooks.receive, db, settings, payload, stripe_signature)
    return {"received": True, "outcome": outcome}
