"""Start a Stripe Checkout for Pro or Advanced, and open the Customer Portal."""

from __future__ import annotations

import hashlib
import uuid
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server.billing.entitlements import org_plan, personal_plan
from server.billing.gateway import BillingUnavailable, Redirect, StripeGateway
from server.billing.usage import Owner
from server.errors import Conflict, NotFound, ServiceError, ServiceUnavailable
from server.models import Organization, Role, User
from server.models.billing import BillingCustomer
from server.plans import PLANS, Plan
from server.services import organizations
from server.settings import Settings


class InvalidCheckout(ServiceError):
    """A request that is well-formed but not allowed for that plan: 422 with FastAPI's error
    list (the field under ``body``), as the API documents; ``str()`` is the message."""

    status_code = 422

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.detail = [{"loc": ["body", field], "msg": message, "type": "value_error"}]


def price_id(settings: Settings, plan_id: str) -> str:
    """The Stripe price configured for a purchasable plan ("" when none)."""
    return {"pro": settings.stripe_price_pro,
            "advanced": settings.stripe_price_advanced}.get(plan_id, "")


def admin_org(db: Session, user: User, org_id: uuid.UUID) -> Organization:
    """The organization if ``user`` is its owner or admin; 404 for non-members, 403 members."""
    return organizations.require_membership(db, org_id, user, Role.ADMIN).organization


def _customer_id(db: Session, gateway: StripeGateway, owner: Owner, email: str, name: str) -> str:
    row = db.scalar(select(BillingCustomer).where(owner.clause(BillingCustomer)))
    if row is not None:
        return row.stripe_customer_id
    ref = _ref(owner)
    key = "customer:" + hashlib.sha256(f"{ref}|{email}|{name}".encode()).hexdigest()[:32]
    customer = _stripe(lambda: gateway.create_customer(email, name, {"owner": ref}, key))
    db.add(BillingCustomer(owner_user_id=owner.user_id, owner_org_id=owner.org_id,
                           stripe_customer_id=customer))
    try:
        db.commit()
    except IntegrityError:  # a concurrent checkout stored it first
        db.rollback()
        return db.scalars(select(BillingCustomer).where(owner.clause(BillingCustomer))
                          ).one().stripe_customer_id
    return customer


def _ref(owner: Owner) -> str:
    return f"user:{owner.user_id}" if owner.user_id else f"org:{owner.org_id}"


def _stripe(fn):
    try:
        return fn()
    except BillingUnavailable as exc:
        raise ServiceUnavailable(str(exc)) from exc


def start_checkout(
    db: Session,
    gateway: StripeGateway,
    *,
    user: User,
    plan: Plan,
    price: str,
    org_id: uuid.UUID | None,
    seats: int | None,
    return_url: str,
    now: datetime,
) -> Redirect:
    """A Checkout Session for ``plan``: personal, or per seat for an organization."""
    if not plan.purchasable or not price:
        raise ServiceUnavailable(f"The {plan.name} plan cannot be bought right now")
    if org_id is not None and not plan.per_seat:
        raise InvalidCheckout("org_id", f"the {plan.name} plan is personal; "
                              "organizations subscribe to a per-seat plan")
    if org_id is None:
        if seats not in (None, 1):
            raise InvalidCheckout("seats", "a personal subscription has exactly one seat")
        owner, current = Owner(user_id=user.id), personal_plan(db, user.id, now)
        email, name = user.email, user.display_name or user.email
        seats = 1
    else:
        org = admin_org(db, user, org_id)
        owner, current = Owner(org_id=org.id), org_plan(db, org.id, now)
        email, name = user.email, org.name
        seats = seats or len(org.memberships)
    if current.subscription is not None:
        raise Conflict(f"Already subscribed to the {current.plan.name} plan; "
                       "change plan or seats in the billing portal")
    customer = _customer_id(db, gateway, owner, email, name)
    meta = {"owner": _ref(owner), "plan": plan.id, "seats": str(seats), "by": str(user.id)}
    return _stripe(lambda: gateway.create_checkout_session(
        customer=customer, price=price, quantity=seats, metadata=meta,
        success_url=f"{return_url}?checkout=success", cancel_url=f"{return_url}?checkout=cancel",
    ))


def open_portal(
    db: Session, gateway: StripeGateway, *, user: User, org_id: uuid.UUID | None, return_url: str
) -> Redirect:
    """A Customer Portal session for the caller or an organization they administer."""
    owner = Owner(org_id=admin_org(db, user, org_id).id) if org_id else Owner(user_id=user.id)
    row = db.scalar(select(BillingCustomer).where(owner.clause(BillingCustomer)))
    if row is None:
        raise NotFound("No billing account yet: subscribe to a plan first")
    return _stripe(lambda: gateway.create_portal_session(
        customer=row.stripe_customer_id, return_url=return_url))


def plan_catalog() -> list[dict]:
    """The plans, for clients and pages."""
    return [
        {"id": p.id, "name": p.name, "monthly_price_cents": p.monthly_price_cents,
         "per_seat": p.per_seat, "purchasable": p.purchasable,
         "features": sorted(p.features), "limits": dict(p.limits)}
        for p in PLANS.values()
    ]
