"""The sign-in page's Google button through the OAuth flow (fake provider on loopback) into a
web session; Upgrade and Billing portal buttons against the fake Stripe on loopback."""

from __future__ import annotations

import re
import uuid
from urllib.parse import parse_qs, urlparse

import httpx
import pytest
from fake_oauth import Person
from fastapi.testclient import TestClient
from webutil import csrf_of, post_form, sign_in

from server.app import create_app


@pytest.fixture
def site(settings, clean_engine, mailer, provider, fake_stripe):
    provider.person = Person(email="oauth-user@example.com")
    s = settings.model_copy(update={
        **provider.settings("google"),
        "stripe_secret_key": "sk_test_web", "stripe_api_base": fake_stripe.url,
        "stripe_price_pro": "price_pro", "stripe_price_advanced": "price_advanced",
    })
    app = create_app(s, engine=clean_engine, mailer=mailer)
    with TestClient(app) as client:
        yield client


def test_google_button_signs_in_the_browser(site, provider):
    page = site.get("/signin?next=/tokens").text
    assert "Sign in with Google" in page and "Sign in with GitHub" not in page
    href = next(h for h in re.findall(r'href="([^"]+)"', page)
                if "/auth/oauth/google/start" in h)
    start = site.get(href.replace("&amp;", "&"), follow_redirects=False)
    assert start.status_code == 302
    query = {k: v[0] for k, v in parse_qs(urlparse(start.headers["location"]).query).items()}
    approved = httpx.get(f"{provider.base_url}/authorize", params=query, follow_redirects=False)
    callback = urlparse(approved.headers["location"])
    resp = site.get(f"{callback.path}?{callback.query}", follow_redirects=False)
    assert resp.status_code == 303 and resp.headers["location"] == "/tokens"
    assert "tc_session" in resp.cookies
    account = site.get("/account")
    assert account.status_code == 200 and "oauth-user@example.com" in account.text


def test_upgrade_redirects_to_stripe_checkout(site, make_user, fake_stripe):
    handle = make_user()
    sign_in(site, handle.email, handle.password)
    resp = post_form(site, "/account", "/account/upgrade", {"plan": "pro"},
                     follow_redirects=False)
    assert resp.status_code == 303
    assert resp.headers["location"].startswith(f"{fake_stripe.url}/pay/cs_test_fake")
    sent = fake_stripe.posts("/v1/checkout/sessions")[-1].form
    assert sent["line_items[0][price]"] == "price_pro"
    assert sent["success_url"].endswith("/account?checkout=success")
    assert "Thank you" in site.get("/account?checkout=success").text


def test_billing_portal_needs_a_customer_then_redirects(site, make_user, fake_stripe):
    handle = make_user()
    sign_in(site, handle.email, handle.password)
    html = site.get("/account").text
    resp = site.post("/account/billing-portal", data={"csrf_token": csrf_of(html)})
    assert resp.status_code == 404 and "subscribe to a plan first" in resp.text
    post_form(site, "/account", "/account/upgrade", {"plan": "advanced"},
              follow_redirects=False)  # creates the Stripe customer
    resp = site.post("/account/billing-portal", data={"csrf_token": csrf_of(html)},
                     follow_redirects=False)
    assert resp.status_code == 303 and "/portal/bps_fake" in resp.headers["location"]


def test_team_upgrade_is_per_seat(site, make_user, fake_stripe):
    owner, member = make_user(), make_user()
    sign_in(site, owner.email, owner.password)
    team = post_form(site, "/teams", "/teams", {"name": "Seats"})
    org_id = team.url.path.rsplit("/", 1)[1]
    with site.app.state.sessionmaker() as db:
        from server.models import Membership, Role

        db.add(Membership(org_id=uuid.UUID(org_id), user_id=member.user.id, role=Role.MEMBER))
        db.commit()
    resp = post_form(site, team.url.path, "/account/upgrade",
                     {"plan": "advanced", "org_id": org_id}, follow_redirects=False)
    assert resp.status_code == 303
    assert fake_stripe.posts("/v1/checkout/sessions")[-1].form["line_items[0][quantity]"] == "2"


def test_member_cannot_upgrade_the_team(site, make_user):
    owner, member = make_user(), make_user()
    org = owner.client.post("/orgs", json={"name": "T"}).json()
    with site.app.state.sessionmaker() as db:
        from server.models import Membership, Role

        db.add(Membership(org_id=uuid.UUID(org["id"]), user_id=member.user.id, role=Role.MEMBER))
        db.commit()
    sign_in(site, member.email, member.password)
    page = site.get(f"/teams/{org['id']}").text
    assert "Upgrade team" not in page and "Send invitation" not in page
    resp = post_form(site, "/account", "/account/upgrade",
                     {"plan": "advanced", "org_id": org["id"]})
    assert resp.status_code == 403


def test_verify_email_page(site, make_user, mailer):
    post_form(site, "/signup", "/signup", {"email": "verify@example.com",
                                           "password": "long enough pw"})
    link = next(m for m in mailer.outbox if m.to == "verify@example.com").body
    path = link[link.index("/verify-email"):].split()[0]
    assert "E-mail confirmed" in site.get(path).text
    assert site.get("/verify-email?token=bogus").status_code == 400
