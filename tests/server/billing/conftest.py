"""Billing fixtures: a fake Stripe on loopback, Stripe settings, a movable clock,
signed webhook delivery, organizations and a router exercising plan enforcement."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import pytest
from fastapi import APIRouter, Depends
from fastapi.testclient import TestClient

from server.billing.deps import get_now, require_feature, require_within_limit
from server.billing.usage import record_usage
from server.models import Membership, Role, utcnow
from server.services import organizations

from .signing import TEST_WEBHOOK_SECRET, encode, event, sign

PRICE_PRO = "price_test_pro"
PRICE_ADVANCED = "price_test_advanced"


@pytest.fixture
def settings(settings, fake_stripe):
    """The foundation's test settings plus Stripe pointing at the fake."""
    return settings.model_copy(update={
        "stripe_secret_key": "sk_test_thermocraft",
        "stripe_webhook_secret": TEST_WEBHOOK_SECRET,
        "stripe_api_base": fake_stripe.url,
        "stripe_price_pro": PRICE_PRO,
        "stripe_price_advanced": PRICE_ADVANCED,
    })


@dataclass
class Clock:
    """The app's notion of now; tests move it."""

    now: datetime = field(default_factory=utcnow)

    def advance(self, **delta) -> datetime:
        self.now += timedelta(**delta)
        return self.now

    @property
    def ts(self) -> int:
        return int(self.now.timestamp())


gated = APIRouter(prefix="/test-gated")


@gated.get("/remote-solve", dependencies=[Depends(require_feature("remote_solve"))])
def _remote_solve() -> dict:
    return {"ok": True}


@gated.get("/sweep", dependencies=[Depends(require_feature("server_parametric_sweep"))])
def _sweep() -> dict:
    return {"ok": True}


def _query(name: str) -> Callable:
    return lambda request: float(request.query_params.get(name, 0))


@gated.get("/solve", dependencies=[
    Depends(require_feature("remote_solve")),
    Depends(require_within_limit("remote_solve_minutes", _query("minutes"))),
])
def _solve() -> dict:
    return {"ok": True}


@gated.get("/model", dependencies=[
    Depends(require_within_limit("components_per_model", _query("components")))])
def _model() -> dict:
    return {"ok": True}


@pytest.fixture
def clock(app) -> Clock:
    """Overrides the billing clock; also mounts the plan-gated test routes."""
    c = Clock()
    app.dependency_overrides[get_now] = lambda: c.now
    app.include_router(gated)
    return c


class Webhooks:
    """Signs events with the test secret and POSTs them to /billing/webhook."""

    def __init__(self, client: TestClient) -> None:
        self.client = client

    def send(self, evt: dict, *, secret: str = TEST_WEBHOOK_SECRET):
        body = encode(evt)
        return self.client.post("/billing/webhook", content=body, headers={
            "Stripe-Signature": sign(body, secret), "Content-Type": "application/json"})

    def deliver(self, kind: str, obj: dict, created: int, event_id: str | None = None) -> dict:
        evt = event(kind, obj, created, event_id)
        response = self.send(evt)
        assert response.status_code == 200, response.text
        return {"event": evt, **response.json()}


@pytest.fixture
def webhooks(client, clock) -> Webhooks:
    return Webhooks(client)


def checkout_completed(owner: str, plan: str, sub_id: str, customer: str = "cus_x",
                       seats: int = 1) -> dict:
    """A completed subscription Checkout Session as Stripe sends it."""
    meta = {"owner": owner, "plan": plan, "seats": str(seats)}
    return {"id": f"cs_{sub_id}", "object": "checkout.session", "mode": "subscription",
            "payment_status": "paid", "customer": customer, "subscription": sub_id,
            "client_reference_id": owner, "metadata": meta}


def subscription(sub_id: str, status: str, price: str = PRICE_PRO, quantity: int = 1,
                 customer: str = "cus_x", metadata: dict | None = None,
                 period_end: int | None = None) -> dict:
    """A Subscription object (price and quantity on its first item)."""
    return {"id": sub_id, "object": "subscription", "status": status, "customer": customer,
            "cancel_at_period_end": False, "metadata": metadata or {},
            "items": {"object": "list", "data": [{
                "id": f"si_{sub_id}", "quantity": quantity, "current_period_end": period_end,
                "price": {"id": price, "object": "price"}}]}}


def invoice(sub_id: str, *, new_api: bool = True) -> dict:
    """An Invoice of ``sub_id`` (subscription under ``parent`` in newer API versions)."""
    inv = {"id": f"in_{sub_id}", "object": "invoice", "customer": "cus_x"}
    if new_api:
        inv["parent"] = {"type": "subscription_details",
                         "subscription_details": {"subscription": sub_id}}
    else:
        inv["subscription"] = sub_id
    return inv


@pytest.fixture
def make_org(app):
    """``make_org(owner_handle, *member_handles, role=Role.MEMBER)`` → org id."""
    def factory(owner, *members, role: Role = Role.MEMBER):
        with app.state.sessionmaker() as s:
            org = organizations.create(s, s.merge(owner.user), "Acme Thermal").organization
            for m in members:
                s.add(Membership(org_id=org.id, user_id=m.user.id, role=role))
            s.commit()
            return org.id
    return factory


@pytest.fixture
def record(app):
    """``record(owner_model_or_Owner, kind, amount, at=None)`` through the service."""
    def factory(owner, kind, amount, at=None):
        with app.state.sessionmaker() as s:
            record_usage(s, owner, kind, amount, at=at)
    return factory


def dumps(value) -> str:
    return json.dumps(value, default=str)
