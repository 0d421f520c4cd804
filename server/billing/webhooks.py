"""Apply verified Stripe events: idempotent by event id, stale events never win."""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server.billing.rules import GRANTING_STATUSES, TERMINAL_STATUSES
from server.billing.signature import InvalidWebhook, parse_event
from server.billing.usage import Owner
from server.errors import BadRequest, ServiceUnavailable
from server.models import Organization, User
from server.models.billing import BillingCustomer, StripeEvent, Subscription
from server.plans import PLANS
from server.settings import Settings

log = logging.getLogger(__name__)


class BillingPolicy:
    """What the handlers need from settings: price ids to plans and the grace period."""

    def __init__(self, price_to_plan: dict[str, str], grace_days: int) -> None:
        self.price_to_plan = {k: v for k, v in price_to_plan.items() if k}
        self.grace = timedelta(days=grace_days)

    @classmethod
    def from_settings(cls, settings: Settings) -> BillingPolicy:
        return cls({settings.stripe_price_pro: "pro", settings.stripe_price_advanced: "advanced"},
                   settings.billing_grace_days)


def receive(db: Session, settings: Settings, payload: bytes, signature: str | None) -> str:
    """Verify a webhook delivery (400 if unsigned/forged/stale, 503 if webhooks are not
    configured) and apply its event once; the outcome of :func:`process_event`."""
    if not settings.stripe_webhook_secret:
        raise ServiceUnavailable("billing webhooks are not configured")
    try:
        event = parse_event(payload, signature, settings.stripe_webhook_secret,
                            settings.stripe_webhook_tolerance_seconds)
    except InvalidWebhook as exc:
        raise BadRequest(str(exc)) from exc
    return process_event(db, event, BillingPolicy.from_settings(settings))


def process_event(db: Session, event: dict, policy: BillingPolicy) -> str:
    """Apply ``event`` once; a replay answers 'duplicate' and changes nothing."""
    if db.get(StripeEvent, event["id"]) is not None:
        return "duplicate"
    handler = HANDLERS.get(event["type"])
    obj = event.get("data", {}).get("object") or {}
    created = int(event.get("created") or 0)
    try:
        outcome = handler(db, obj, created, policy) if handler else "ignored"
    except (AttributeError, TypeError, ValueError, OverflowError) as exc:
        # a field of the wrong type inside the object (e.g. quantity "abc", items [])
        db.rollback()
        raise BadRequest(f"bad payload: malformed {event['type']} object") from exc
    db.add(StripeEvent(id=event["id"], type=event["type"], created=created, outcome=outcome))
    try:
        db.commit()
    except IntegrityError:  # the same event delivered concurrently: the other one won
        db.rollback()
        return "duplicate"
    log.info("stripe event %s %s: %s", event["id"], event["type"], outcome)
    return outcome


def _id(value) -> str | None:
    """An id from a Stripe field that may be expanded into an object."""
    if isinstance(value, dict):
        return value.get("id")
    return value or None


def _owner_from_ref(db: Session, ref: str | None) -> Owner | None:
    """'user:<uuid>' / 'org:<uuid>' (our checkout metadata) to an existing owner."""
    kind, _, raw = (ref or "").partition(":")
    try:
        oid = uuid.UUID(raw)
    except ValueError:
        return None
    if kind == "user" and db.get(User, oid) is not None:
        return Owner(user_id=oid)
    if kind == "org" and db.get(Organization, oid) is not None:
        return Owner(org_id=oid)
    return None


def _owner_of_customer(db: Session, customer: str | None) -> Owner | None:
    row = db.scalar(select(BillingCustomer).where(BillingCustomer.stripe_customer_id == customer))
    if row is None:
        return None
    return Owner(user_id=row.owner_user_id, org_id=row.owner_org_id)


def _locked(db: Session, sub_id: str) -> Subscription | None:
    return db.scalar(
        select(Subscription).where(Subscription.stripe_subscription_id == sub_id).with_for_update()
    )


def _ts(value) -> datetime | None:
    return datetime.fromtimestamp(int(value), UTC) if value else None


def _apply_status(sub: Subscription, status: str, created: int, policy: BillingPolicy) -> None:
    """Set the status; a first payment failure opens the grace period, recovery closes it."""
    sub.status = status
    if status in GRANTING_STATUSES:
        sub.grace_until = None
    elif status == "past_due" and sub.grace_until is None:
        sub.grace_until = _ts(created) + policy.grace


def _is_stale(sub: Subscription, created: int, status: str | None = None) -> bool:
    """Older than our copy, or trying to revive a terminal subscription."""
    if status in TERMINAL_STATUSES:
        return False  # cancellation is final whatever order it arrives in
    return sub.status in TERMINAL_STATUSES or created < sub.state_at


def _new_subscription(
    db: Session, sub_id: str, customer: str, owner: Owner, plan_id: str
) -> Subscription:
    sub = Subscription(
        stripe_subscription_id=sub_id,
        stripe_customer_id=customer or "",
        owner_user_id=owner.user_id,
        owner_org_id=owner.org_id,
        plan_id=plan_id,
        status="incomplete",
        seats=1,
        state_at=0,
    )
    db.add(sub)
    return sub


def on_checkout_completed(db: Session, obj: dict, created: int, policy: BillingPolicy) -> str:
    """A paid Checkout Session: the subscription it created grants its plan."""
    sub_id = _id(obj.get("subscription"))
    if obj.get("mode") != "subscription" or not sub_id:
        return "ignored: not a subscription checkout"
    meta = obj.get("metadata") or {}
    owner = _owner_from_ref(db, meta.get("owner") or obj.get("client_reference_id"))
    plan_id = meta.get("plan")
    if owner is None or plan_id not in PLANS:
        return "ignored: unknown owner or plan"
    customer = _id(obj.get("customer")) or ""
    sub = _locked(db, sub_id) or _new_subscription(db, sub_id, customer, owner, plan_id)
    if _is_stale(sub, created):
        return "stale"
    paid = obj.get("payment_status") in (None, "paid", "no_payment_required")
    sub.plan_id = plan_id
    sub.seats = max(1, int(meta.get("seats") or sub.seats or 1))
    _apply_status(sub, "active" if paid else "incomplete", created, policy)
    sub.state_at = created
    return "applied"


def on_subscription_changed(db: Session, obj: dict, created: int, policy: BillingPolicy) -> str:
    """customer.subscription.created/updated/deleted: copy status, plan and seats."""
    sub_id = obj.get("id")
    status = obj.get("status") or ""
    items = (obj.get("items") or {}).get("data") or [{}]
    price = _id(items[0].get("price"))
    meta = obj.get("metadata") or {}
    plan_id = policy.price_to_plan.get(price or "") or meta.get("plan")
    customer = _id(obj.get("customer")) or ""
    sub = _locked(db, sub_id) if sub_id else None
    if sub is None:
        owner = _owner_from_ref(db, meta.get("owner")) or _owner_of_customer(db, customer)
        if not sub_id or owner is None or plan_id not in PLANS:
            return "ignored: unknown subscription"
        sub = _new_subscription(db, sub_id, customer, owner, plan_id)
    if _is_stale(sub, created, status):
        return "stale"
    if plan_id in PLANS:
        sub.plan_id = plan_id
    sub.seats = max(1, int(items[0].get("quantity") or sub.seats or 1))
    period_end = obj.get("current_period_end") or items[0].get("current_period_end")
    sub.current_period_end = _ts(period_end)
    sub.cancel_at_period_end = bool(obj.get("cancel_at_period_end"))
    _apply_status(sub, status, created, policy)
    sub.state_at = max(sub.state_at, created)
    return "applied"


def _invoice_subscription(obj: dict) -> str | None:
    """The subscription of an invoice (top level in older API versions, under parent later)."""
    parent = (obj.get("parent") or {}).get("subscription_details") or {}
    return _id(obj.get("subscription")) or _id(parent.get("subscription"))


def on_payment_failed(db: Session, obj: dict, created: int, policy: BillingPolicy) -> str:
    """invoice.payment_failed: past due, with a grace period before the downgrade."""
    sub_id = _invoice_subscription(obj)
    sub = _locked(db, sub_id) if sub_id else None
    if sub is None:
        return "ignored: unknown subscription"
    if _is_stale(sub, created):
        return "stale"
    _apply_status(sub, "past_due", created, policy)
    sub.state_at = created
    return "applied"


def on_invoice_paid(db: Session, obj: dict, created: int, policy: BillingPolicy) -> str:
    """invoice.paid: a past-due subscription is active again."""
    sub = _locked(db, sub_id) if (sub_id := _invoice_subscription(obj)) else None
    if sub is None:
        return "ignored: unknown subscription"
    if _is_stale(sub, created):
        return "stale"
    if sub.status not in ("past_due", "lapsed", "unpaid", "incomplete"):
        return "ignored: nothing to recover"
    _apply_status(sub, "active", created, policy)
    sub.state_at = created
    return "applied"


HANDLERS = {
    "checkout.session.completed": on_checkout_completed,
    "customer.subscription.created": on_subscription_changed,
    "customer.subscription.updated": on_subscription_changed,
    "customer.subscription.deleted": on_subscription_changed,
    "invoice.payment_failed": on_payment_failed,
    "invoice.paid": on_invoice_paid,
}


def lapse_overdue(db: Session, now: datetime) -> int:
    """Mark past-due subscriptions whose grace has run out as 'lapsed' (for a scheduler).

    Reading entitlements already treats them as Free; this makes the state explicit.
    """
    overdue = db.scalars(
        select(Subscription).where(
            Subscription.status == "past_due", Subscription.grace_until <= now
        )
    ).all()
    for sub in overdue:
        sub.status = "lapsed"
    db.commit()
    return len(overdue)
