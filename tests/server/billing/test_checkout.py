"""POST /billing/checkout and /billing/portal against the fake Stripe on loopback."""

from __future__ import annotations

from .conftest import PRICE_ADVANCED, PRICE_PRO, checkout_completed


def test_plans_catalog(client):
    plans = client.get("/billing/plans").json()
    assert [(p["id"], p["monthly_price_cents"], p["per_seat"]) for p in plans] == [
        ("free", 0, False), ("pro", 12900, False), ("advanced", 29900, True)]


def test_pro_checkout_creates_customer_once(make_user, fake_stripe, clock):
    me = make_user(display_name="Ada")
    response = me.client.post("/billing/checkout", json={"plan": "pro"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["id"].startswith("cs_test_") and body["url"].startswith(fake_stripe.url)
    customer = fake_stripe.posts("/v1/customers")[0].form
    assert fake_stripe.posts("/v1/customers")[0].headers["Idempotency-Key"].startswith("customer:")
    assert customer["email"] == me.email and customer["metadata[owner]"] == f"user:{me.user.id}"
    sent = fake_stripe.posts("/v1/checkout/sessions")[0]
    assert sent.headers["Authorization"] == "Bearer sk_test_thermocraft"
    assert sent.form["mode"] == "subscription"
    assert sent.form["line_items[0][price]"] == PRICE_PRO
    assert sent.form["subscription_data[metadata][plan]"] == "pro"
    assert sent.form["success_url"] == "http://testserver/account?checkout=success"
    # an abandoned checkout can be retried: the Stripe customer is reused
    assert me.client.post("/billing/checkout", json={"plan": "pro"}).status_code == 200
    assert len(fake_stripe.posts("/v1/customers")) == 1
    assert fake_stripe.posts("/v1/checkout/sessions")[1].form["customer"] == sent.form["customer"]


def test_advanced_checkout_for_org_is_per_seat(make_user, make_org, fake_stripe, clock):
    owner, a, b = make_user(), make_user(), make_user()
    org_id = make_org(owner, a, b)
    response = owner.client.post("/billing/checkout",
                                 json={"plan": "advanced", "org_id": str(org_id)})
    assert response.status_code == 200, response.text
    sent = fake_stripe.posts("/v1/checkout/sessions")[-1].form
    assert sent["line_items[0][price]"] == PRICE_ADVANCED
    assert sent["line_items[0][quantity]"] == "3"  # default: one seat per member
    assert sent["metadata[owner]"] == f"org:{org_id}"
    assert fake_stripe.posts("/v1/customers")[-1].form["name"] == "Acme Thermal"


def test_advanced_checkout_explicit_seats(make_user, make_org, fake_stripe, clock):
    owner = make_user()
    org_id = make_org(owner)
    response = owner.client.post("/billing/checkout",
                                 json={"plan": "advanced", "org_id": str(org_id), "seats": 12})
    assert response.status_code == 200
    assert fake_stripe.posts("/v1/checkout/sessions")[-1].form["line_items[0][quantity]"] == "12"


def test_checkout_422_names_the_field(make_user, make_org, clock):
    me = make_user()
    org_id = make_org(me)
    cases = [
        ({"plan": "gold"}, "plan"),
        ({}, "plan"),
        ({"plan": "free"}, "plan"),
        ({"plan": "advanced", "seats": 0}, "seats"),
        ({"plan": "advanced", "org_id": "not-a-uuid"}, "org_id"),
    ]
    for payload, name in cases:
        response = me.client.post("/billing/checkout", json=payload)
        assert response.status_code == 422, payload
        assert response.json()["detail"][0]["loc"][-1] == name, payload
    for payload, name in [({"plan": "pro", "org_id": str(org_id)}, "org_id"),
                          ({"plan": "pro", "seats": 3}, "seats")]:  # the plan's own rules
        response = me.client.post("/billing/checkout", json=payload)
        assert response.status_code == 422 and response.json()["detail"][0]["loc"] == [
            "body", name], payload


def test_checkout_needs_a_signed_in_session(client, clock):
    assert client.post("/billing/checkout", json={"plan": "pro"}).status_code == 401
    assert client.post("/billing/portal", json={}).status_code == 401


def test_checkout_other_org_is_404_member_is_403(make_user, make_org, clock):
    owner, member, stranger = make_user(), make_user(), make_user()
    org_id = make_org(owner, member)
    body = {"plan": "advanced", "org_id": str(org_id)}
    assert stranger.client.post("/billing/checkout", json=body).status_code == 404
    response = member.client.post("/billing/checkout", json=body)
    assert response.status_code == 403
    portal = {"org_id": str(org_id)}
    assert stranger.client.post("/billing/portal", json=portal).status_code == 404
    assert member.client.post("/billing/portal", json=portal).status_code == 403


def test_already_subscribed_goes_to_the_portal(make_user, webhooks, clock, fake_stripe):
    me = make_user()
    assert me.client.post("/billing/checkout", json={"plan": "pro"}).status_code == 200
    customer = fake_stripe.posts("/v1/customers")[0]
    webhooks.deliver("checkout.session.completed",
                     checkout_completed(f"user:{me.user.id}", "pro", "sub_1"), clock.ts)
    response = me.client.post("/billing/checkout", json={"plan": "advanced"})
    assert response.status_code == 409 and "billing portal" in response.json()["detail"]
    response = me.client.post("/billing/portal", json={})
    assert response.status_code == 200 and response.json()["url"].startswith(fake_stripe.url)
    sent = fake_stripe.posts("/v1/billing_portal/sessions")[0].form
    assert sent["customer"].startswith("cus_fake") and customer.form["email"] == me.email
    assert sent["return_url"] == "http://testserver/account"


def test_portal_without_billing_account_is_404(make_user, clock):
    response = make_user().client.post("/billing/portal", json={})
    assert response.status_code == 404 and "subscribe" in response.json()["detail"]


def test_portal_for_own_org(make_user, make_org, clock, fake_stripe):
    owner = make_user()
    org_id = make_org(owner)
    owner.client.post("/billing/checkout", json={"plan": "advanced", "org_id": str(org_id)})
    response = owner.client.post("/billing/portal", json={"org_id": str(org_id)})
    assert response.status_code == 200
    portal = fake_stripe.posts("/v1/billing_portal/sessions")[0].form["customer"]
    assert portal == fake_stripe.posts("/v1/checkout/sessions")[0].form["customer"]


def test_stripe_outage_is_503(make_user, fake_stripe, clock):
    me = make_user()
    fake_stripe.fail_next = 10  # more than the client's retries
    response = me.client.post("/billing/checkout", json={"plan": "pro"})
    assert response.status_code == 503 and "Stripe" in response.json()["detail"]


def test_billing_not_configured_is_503(app, make_user, clock):
    app.state.settings = app.state.settings.model_copy(update={"stripe_secret_key": ""})
    response = make_user().client.post("/billing/checkout", json={"plan": "pro"})
    assert response.status_code == 503
