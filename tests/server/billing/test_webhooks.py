"""POST /billing/webhook: signatures, idempotency, out-of-order events, the whole
upgrade → payment failure → grace → downgrade path (real signed HTTP deliveries)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from sqlalchemy import func, select

from server.billing.webhooks import lapse_overdue
from server.models.billing import StripeEvent, Subscription

from .conftest import PRICE_ADVANCED, PRICE_PRO, checkout_completed, invoice, subscription
from .signing import encode, event, sign


def _iso(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _sub(app, sub_id: str) -> Subscription | None:
    with app.state.sessionmaker() as s:
        return s.scalar(select(Subscription).where(Subscription.stripe_subscription_id == sub_id))


def _plan(handle) -> str:
    return handle.client.get("/me/entitlements").json()["plan"]["id"]


def test_bad_signature_is_400_and_changes_nothing(app, client, make_user, webhooks, clock):
    me = make_user()
    evt = event("checkout.session.completed",
                checkout_completed(f"user:{me.user.id}", "pro", "sub_bad"), clock.ts)
    body = encode(evt)
    for headers in ({}, {"Stripe-Signature": "t=1,v1=00"},
                    {"Stripe-Signature": sign(body, "whsec_wrong")},
                    {"Stripe-Signature": sign(body + b"\n")}):
        response = client.post("/billing/webhook", content=body, headers=headers)
        assert response.status_code == 400, headers
        assert "signature" in response.json()["detail"]
    assert _sub(app, "sub_bad") is None and _plan(me) == "free"
    with app.state.sessionmaker() as s:
        assert s.scalar(select(func.count()).select_from(StripeEvent)) == 0


def test_webhook_not_configured_is_503(app, client, clock):
    app.state.settings = app.state.settings.model_copy(update={"stripe_webhook_secret": ""})
    body = encode(event("invoice.paid", {}, clock.ts))
    headers = {"Stripe-Signature": sign(body)}
    response = client.post("/billing/webhook", content=body, headers=headers)
    assert response.status_code == 503


def test_unknown_event_types_are_acknowledged(webhooks, clock):
    result = webhooks.deliver("customer.created", {"id": "cus_1", "object": "customer"}, clock.ts)
    assert result["outcome"] == "ignored"


def test_replayed_event_changes_nothing(app, make_user, webhooks, clock):
    me = make_user()
    first = webhooks.deliver("checkout.session.completed",
                             checkout_completed(f"user:{me.user.id}", "pro", "sub_r"), clock.ts)
    assert first["outcome"] == "applied"
    cancel = webhooks.deliver("customer.subscription.deleted",
                              subscription("sub_r", "canceled"), clock.ts + 10)
    assert cancel["outcome"] == "applied" and _plan(me) == "free"
    before = _sub(app, "sub_r")
    replay = webhooks.send(first["event"])  # Stripe retries the old delivery, same event id
    assert replay.status_code == 200 and replay.json()["outcome"] == "duplicate"
    after = _sub(app, "sub_r")
    assert (after.status, after.state_at, after.updated_at) == (
        before.status, before.state_at, before.updated_at)
    assert _plan(me) == "free"
    with app.state.sessionmaker() as s:
        assert s.scalar(select(func.count()).select_from(StripeEvent)) == 2


def test_older_update_never_overwrites_newer_state(app, make_user, webhooks, clock):
    me = make_user()
    meta = {"owner": f"user:{me.user.id}", "plan": "pro"}
    t = clock.ts
    # Stripe delivered the newer past_due update first, then the older active one.
    newer = webhooks.deliver("customer.subscription.updated",
                             subscription("sub_o", "past_due", metadata=meta), t + 20)
    assert newer["outcome"] == "applied"
    older = webhooks.deliver("customer.subscription.updated",
                             subscription("sub_o", "active", metadata=meta), t + 10)
    assert older["outcome"] == "stale"
    sub = _sub(app, "sub_o")
    assert sub.status == "past_due" and sub.state_at == t + 20
    # the checkout completion (older still) arrives last: no change either
    late = webhooks.deliver("checkout.session.completed",
                            checkout_completed(f"user:{me.user.id}", "pro", "sub_o"), t)
    assert late["outcome"] == "stale" and _sub(app, "sub_o").status == "past_due"


def test_cancellation_is_final_in_any_order(app, make_user, webhooks, clock):
    me = make_user()
    meta = {"owner": f"user:{me.user.id}", "plan": "pro"}
    t = clock.ts
    webhooks.deliver("customer.subscription.updated",
                     subscription("sub_c", "active", metadata=meta), t + 30)
    webhooks.deliver("customer.subscription.deleted",
                     subscription("sub_c", "canceled", metadata=meta), t + 20)
    assert _sub(app, "sub_c").status == "canceled"
    revive = webhooks.deliver("customer.subscription.updated",
                              subscription("sub_c", "active", metadata=meta), t + 40)
    assert revive["outcome"] == "stale" and _plan(me) == "free"
    failed = webhooks.deliver("invoice.payment_failed", invoice("sub_c"), t + 50)
    assert failed["outcome"] == "stale"


def test_subscription_event_before_checkout_creates_the_subscription(app, make_user,
                                                                      webhooks, clock):
    me = make_user()
    meta = {"owner": f"user:{me.user.id}", "plan": "advanced"}
    result = webhooks.deliver("customer.subscription.created",
                              subscription("sub_e", "active", PRICE_ADVANCED, metadata=meta),
                              clock.ts)
    assert result["outcome"] == "applied" and _plan(me) == "advanced"


def test_unknown_owner_or_subscription_is_ignored(webhooks, clock):
    assert webhooks.deliver("checkout.session.completed",
                            checkout_completed("user:00000000-0000-0000-0000-000000000000",
                                               "pro", "sub_ghost"),
                            clock.ts)["outcome"].startswith("ignored")
    assert webhooks.deliver("invoice.payment_failed", invoice("sub_none"),
                            clock.ts)["outcome"].startswith("ignored")
    assert webhooks.deliver("customer.subscription.updated", subscription("sub_none", "active"),
                            clock.ts)["outcome"].startswith("ignored")


def test_upgrade_payment_failure_grace_downgrade(app, make_user, webhooks, clock, fake_stripe):
    me = make_user()
    assert _plan(me) == "free"
    assert me.client.get("/test-gated/remote-solve").status_code == 403

    # 1. upgrade: the checkout goes to (fake) Stripe; Stripe reports it completed
    response = me.client.post("/billing/checkout", json={"plan": "pro"})
    assert response.status_code == 200, response.text
    sent = fake_stripe.posts("/v1/checkout/sessions")[-1].form
    assert sent["line_items[0][price]"] == PRICE_PRO and sent["line_items[0][quantity]"] == "1"
    session = checkout_completed(sent["metadata[owner]"], sent["metadata[plan]"], "sub_path",
                                 customer=sent["customer"])
    t0 = clock.ts
    webhooks.deliver("checkout.session.completed", session, t0)
    webhooks.deliver("customer.subscription.updated",
                     subscription("sub_path", "active", customer=sent["customer"]), t0 + 2)
    assert _plan(me) == "pro"
    assert me.client.get("/test-gated/remote-solve").status_code == 200

    # 2. a renewal payment fails: past_due, the plan is kept for the 7-day grace period
    clock.advance(days=30)
    t1 = clock.ts
    webhooks.deliver("invoice.payment_failed", invoice("sub_path"), t1)
    webhooks.deliver("customer.subscription.updated",
                     subscription("sub_path", "past_due", customer=sent["customer"]), t1 + 1)
    body = me.client.get("/me/entitlements").json()
    assert body["plan"]["id"] == "pro"
    assert body["source"]["subscription_status"] == "past_due"
    grace_until = _iso(body["source"]["grace_until"])
    assert grace_until == clock.now.replace(microsecond=0) + timedelta(days=7)
    assert _iso(body["expires_at"]) == grace_until  # offline use ends with the grace period
    webhooks.deliver("invoice.payment_failed", invoice("sub_path"), t1 + 86400)  # retry fails
    assert _sub(app, "sub_path").grace_until == grace_until  # grace is not extended

    # 3. the grace lapses: entitlements downgrade lazily, the scheduler marks it lapsed
    clock.advance(days=6, hours=23)
    assert _plan(me) == "pro"
    clock.advance(hours=2)
    assert _plan(me) == "free"
    response = me.client.get("/test-gated/remote-solve")
    assert response.status_code == 403 and "Pro plan or higher" in response.json()["detail"]
    with app.state.sessionmaker() as s:
        assert lapse_overdue(s, clock.now) == 1
        assert lapse_overdue(s, clock.now) == 0
    assert _sub(app, "sub_path").status == "lapsed" and _plan(me) == "free"

    # 4. Stripe gives up and cancels: Free for good, a late "active" replay cannot revive it
    webhooks.deliver("customer.subscription.deleted",
                     subscription("sub_path", "canceled", customer=sent["customer"]),
                     clock.ts)
    assert _sub(app, "sub_path").status == "canceled" and _plan(me) == "free"


def test_paying_during_grace_restores_the_plan(app, make_user, webhooks, clock):
    me = make_user()
    webhooks.deliver("checkout.session.completed",
                     checkout_completed(f"user:{me.user.id}", "pro", "sub_pay"), clock.ts)
    webhooks.deliver("invoice.payment_failed", invoice("sub_pay", new_api=False), clock.ts + 1)
    assert _sub(app, "sub_pay").status == "past_due"
    webhooks.deliver("invoice.paid", invoice("sub_pay"), clock.ts + 2)
    sub = _sub(app, "sub_pay")
    assert sub.status == "active" and sub.grace_until is None
    clock.advance(days=30)
    assert _plan(me) == "pro"


def test_grace_period_is_configurable(app, make_user, webhooks, clock):
    app.state.settings = app.state.settings.model_copy(update={"billing_grace_days": 2})
    me = make_user()
    webhooks.deliver("checkout.session.completed",
                     checkout_completed(f"user:{me.user.id}", "pro", "sub_g2"), clock.ts)
    webhooks.deliver("invoice.payment_failed", invoice("sub_g2"), clock.ts + 1)
    clock.advance(days=2, seconds=2)
    assert _plan(me) == "free"


def test_concurrent_duplicate_delivery_is_a_no_op(app, make_user, clock):
    """Two workers get the same event at once: the loser's changes are rolled back."""
    from server.billing.webhooks import BillingPolicy, process_event

    me = make_user()
    policy = BillingPolicy({PRICE_PRO: "pro"}, 7)
    evt = event("checkout.session.completed",
                checkout_completed(f"user:{me.user.id}", "pro", "sub_race"), clock.ts)
    with app.state.sessionmaker() as first:
        assert process_event(first, evt, policy) == "applied"
    # the loser saw no processed event yet and applies a (here: different) payload
    cancel = event("customer.subscription.deleted", subscription("sub_race", "canceled"),
                   clock.ts + 1, event_id=evt["id"])
    with app.state.sessionmaker() as loser:
        loser.get = lambda *a, **k: None  # it checked before the winner committed
        assert process_event(loser, cancel, policy) == "duplicate"
    assert _sub(app, "sub_race").status == "active"


def test_signed_but_malformed_events_are_400(client, webhooks, make_user, clock):
    """Regression: correctly signed events of the wrong shape answered 500."""
    me = make_user()
    good = event("checkout.session.completed",
                 checkout_completed(f"user:{me.user.id}", "pro", "sub_shape"), clock.ts)
    items_not_list = subscription("sub_shape2", "active")
    items_not_list["items"] = {"data": "nope"}
    bad_quantity = subscription("sub_shape3", "active",
                                metadata={"owner": f"user:{me.user.id}"})
    bad_quantity["items"]["data"][0]["quantity"] = "abc"
    bodies = [
        json.dumps([good]).encode(),
        encode({**good, "data": []}),
        encode({**good, "created": "abc"}),
        encode({**good, "id": 7}),
        encode({**good, "data": {"object": [1]}}),
        encode(event("customer.subscription.updated", items_not_list, clock.ts)),
        encode(event("customer.subscription.updated", bad_quantity, clock.ts)),
        b"not json",
    ]
    for body in bodies:
        response = client.post("/billing/webhook", content=body,
                               headers={"Stripe-Signature": sign(body)})
        assert response.status_code == 400, body
        assert response.json()["detail"].startswith("bad payload"), response.text
    assert _plan(me) == "free"
    assert webhooks.send(good).status_code == 200 and _plan(me) == "pro"


def test_overdue_plans_lapse_on_a_schedule(settings, clean_engine, mailer):
    """The lapse runs by itself while the server serves, without anyone reading
    entitlements."""
    import time

    from fastapi.testclient import TestClient

    from server.app import create_app
    from server.models import utcnow

    app = create_app(settings.model_copy(update={"billing_lapse_interval_seconds": 0.05}),
                     engine=clean_engine, mailer=mailer)
    with app.state.sessionmaker() as s:
        from server.services import accounts

        user = accounts.create_user(s, None, "late@example.com", None, "", True)
        s.add(Subscription(stripe_subscription_id="sub_late", stripe_customer_id="cus_l",
                           owner_user_id=user.id, plan_id="pro", status="past_due", seats=1,
                           grace_until=utcnow() - timedelta(minutes=1), state_at=0))
        s.commit()
    with TestClient(app):
        deadline = time.monotonic() + 20
        while _sub(app, "sub_late").status != "lapsed":
            assert time.monotonic() < deadline, "the lapse job never ran"
            time.sleep(0.05)
