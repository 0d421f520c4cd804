"""Stripe billing: plans, Checkout, the Customer Portal and the webhook."""

from typing import Annotated

from fastapi import APIRouter, Header, Request

from server.billing import checkout
from server.billing.deps import GatewayDep, NowDep
from server.billing.schemas import CheckoutIn, PlanOut, PortalIn, RedirectOut, WebhookOut
from server.billing.signature import InvalidWebhook, parse_event
from server.billing.webhooks import BillingPolicy, process_event
from server.deps import DB, SessionUser, SettingsDep
from server.errors import ServiceError
from server.plans import get_plan

TAG = {
    "name": "billing",
    "description": "Plans, Stripe Checkout and Customer Portal sessions, Stripe webhooks.",
}
router = APIRouter(prefix="/billing", tags=["billing"])


class BadWebhook(ServiceError):
    status_code = 400


class WebhookNotConfigured(ServiceError):
    status_code = 503


@router.get("/plans", summary="The plans and what they include", response_model=list[PlanOut])
def plans() -> list[dict]:
    return checkout.plan_catalog()


@router.post("/checkout", summary="Start a Stripe Checkout", response_model=RedirectOut)
def start_checkout(body: CheckoutIn, db: DB, user: SessionUser, settings: SettingsDep,
                   gateway: GatewayDep, now: NowDep) -> dict:
    """Pro (personal) or Advanced (personal, or per seat for an organization the caller
    owns or administers). Answers the Stripe-hosted page to redirect to."""
    price = {"pro": settings.stripe_price_pro, "advanced": settings.stripe_price_advanced}
    redirect = checkout.start_checkout(
        db, gateway, user=user, plan=get_plan(body.plan), price=price.get(body.plan, ""),
        org_id=body.org_id, seats=body.seats, return_url=f"{settings.public_url}/account",
        now=now,
    )
    return {"id": redirect.id, "url": redirect.url}


@router.post("/portal", summary="Open the Stripe Customer Portal", response_model=RedirectOut)
def open_portal(body: PortalIn, db: DB, user: SessionUser, settings: SettingsDep,
                gateway: GatewayDep) -> dict:
    """Manage payment methods, seats, cancellation (personal, or an administered org)."""
    redirect = checkout.open_portal(db, gateway, user=user, org_id=body.org_id,
                                    return_url=f"{settings.public_url}/account")
    return {"id": redirect.id, "url": redirect.url}


@router.post("/webhook", summary="Stripe webhook endpoint", response_model=WebhookOut)
async def webhook(
    request: Request,
    db: DB,
    settings: SettingsDep,
    stripe_signature: Annotated[str | None, Header(alias="Stripe-Signature")] = None,
) -> dict:
    """Verifies ``Stripe-Signature``; each event id is applied once; older events never
    overwrite newer state. Answers 400 for a bad signature."""
    if not settings.stripe_webhook_secret:
        raise WebhookNotConfigured("billing webhooks are not configured")
    payload = await request.body()
    try:
        event = parse_event(payload, stripe_signature, settings.stripe_webhook_secret,
                            settings.stripe_webhook_tolerance_seconds)
    except InvalidWebhook as exc:
        raise BadWebhook(str(exc)) from exc
    policy = BillingPolicy(
        {settings.stripe_price_pro: "pro", settings.stripe_price_advanced: "advanced"},
        settings.billing_grace_days,
    )
    return {"received": True, "outcome": process_event(db, event, policy)}
