"""Google and GitHub sign-in against a fake provider served over real HTTP on loopback."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import httpx
import pytest
from fake_oauth import FakeProvider, Person
from fastapi.testclient import TestClient
from sqlalchemy import select

from server.app import create_app
from server.models import ApiToken, OAuthAccount, User
from server.security.tokens import sha256_hex


@pytest.fixture
def oauth_app(settings, clean_engine, mailer, provider):
    provider.person, provider.token_requests[:] = Person(), []
    s = settings.model_copy(update=provider.settings("google", "github"))
    return create_app(s, engine=clean_engine, mailer=mailer)


@pytest.fixture
def browser(oauth_app):
    with TestClient(oauth_app) as c:
        yield c


def start(browser: TestClient, provider_name: str, **params) -> dict:
    """Begin the flow; returns the query of the provider's authorize URL."""
    r = browser.get(f"/auth/oauth/{provider_name}/start", params=params, follow_redirects=False)
    assert r.status_code == 302
    return {k: v[0] for k, v in parse_qs(urlparse(r.headers["location"]).query).items()}


def authorize(provider: FakeProvider, query: dict) -> dict:
    """Approve at the provider over real HTTP; returns the callback query (code, state)."""
    r = httpx.get(f"{provider.base_url}/authorize", params=query, follow_redirects=False)
    assert r.status_code == 302, r.text
    location = r.headers["location"]
    assert location.startswith("http://testserver/auth/oauth/")
    return {k: v[0] for k, v in parse_qs(urlparse(location).query).items()}


def full_flow(browser, provider, name="google", **params):
    query = start(browser, name, **params)
    assert query["code_challenge_method"] == "S256" and query["state"]
    cb = authorize(provider, query)
    return browser.get(f"/auth/oauth/{name}/callback", params=cb, follow_redirects=False)


def test_providers_listed(browser):
    assert browser.get("/auth/oauth/providers").json() == ["google", "github"]


def test_unconfigured_provider_404(client):
    assert client.get("/auth/oauth/google/start", follow_redirects=False).status_code == 404
    assert client.get("/auth/oauth/facebook/start", follow_redirects=False).status_code == 404


@pytest.mark.parametrize("name", ["google", "github"])
def test_new_user_signs_in(browser, provider, db, name):
    provider.person = Person(subject="42", email="New.Person@Example.com", name="New")
    r = full_flow(browser, provider, name)
    assert r.status_code == 200, r.text
    tokens = r.json()
    me = browser.get("/me", headers={"Authorization": f"Bearer {tokens['access_token']}"})
    assert me.json()["email"] == "new.person@example.com"
    assert me.json()["email_verified"] is True and me.json()["has_password"] is False
    assert provider.token_requests[-1]["code_verifier"]  # PKCE verifier was sent
    # signing in again reuses the link
    r2 = full_flow(browser, provider, name)
    assert r2.status_code == 200
    assert db.scalar(select(OAuthAccount).where(OAuthAccount.provider == name)).subject == "42"
    assert len(db.scalars(select(User)).all()) == 1


def test_links_existing_account_by_verified_email(browser, provider, make_user, db):
    alice = make_user(email="alice@example.com")
    provider.person = Person(subject="7", email="alice@example.com")
    r = full_flow(browser, provider, "github")
    assert r.status_code == 200
    me = browser.get("/me", headers={"Authorization": f"Bearer {r.json()['access_token']}"})
    assert me.json()["id"] == str(alice.user.id)
    assert me.json()["has_password"] is True


def test_unverified_provider_email_does_not_link(browser, provider, make_user, db):
    make_user(email="bob@example.com")
    provider.person = Person(subject="8", email="bob@example.com", email_verified=False)
    for name in ("google", "github"):
        r = full_flow(browser, provider, name)
        assert r.status_code == 400
        assert "did not confirm" in r.json()["detail"]
    assert db.scalars(select(OAuthAccount)).all() == []


def test_claiming_unverified_local_account_drops_its_password(browser, provider, make_user,
                                                              db):
    squatter = make_user(email="carol@example.com", verified=False)
    # a token the squatter holds (minted before tokens required a verified e-mail)
    raw = "tc_squatter-token-0123456789"
    db.add(ApiToken(user_id=squatter.user.id, name="sq", prefix=raw[:9],
                    token_hash=sha256_hex(raw), scopes=["solve"]))
    db.commit()
    provider.person = Person(subject="9", email="carol@example.com")
    assert full_flow(browser, provider, "google").status_code == 200
    # the squatter's password, session and API tokens are gone
    assert squatter.client.get("/me").status_code == 401
    assert browser.get("/me", headers={"Authorization": f"Bearer {raw}"}).status_code == 401
    db.expire_all()
    assert db.scalars(select(ApiToken)).one().revoked_at is not None
    r = browser.post("/auth/login", json={"email": "carol@example.com",
                                          "password": squatter.password})
    assert r.status_code == 401


def test_state_mismatch_rejected(browser, provider):
    query = start(browser, "google")
    cb = authorize(provider, query)
    r = browser.get("/auth/oauth/google/callback",
                    params={"code": cb["code"], "state": cb["state"] + "x"})
    assert r.status_code == 400 and r.json()["detail"] == "OAuth state mismatch"
    assert provider.token_requests == []  # the code was never exchanged


def test_missing_state_cookie_rejected(oauth_app, browser, provider):
    query = start(browser, "google")
    cb = authorize(provider, query)
    with TestClient(oauth_app) as other_browser:  # no state cookie: CSRF / login injection
        r = other_browser.get("/auth/oauth/google/callback", params=cb)
    assert r.status_code == 400 and "state" in r.json()["detail"]


def test_state_of_other_provider_rejected(browser, provider):
    query = start(browser, "google")
    cb = authorize(provider, query)
    r = browser.get("/auth/oauth/github/callback", params=cb)
    assert r.status_code == 400


def test_pkce_failure_rejected(browser, provider, db):
    """An authorization code issued for another PKCE challenge (code injection) fails."""
    query = start(browser, "google")
    attacker = dict(query, code_challenge=provider.challenge_for("attacker-verifier-" + "x" * 40))
    injected = authorize(provider, attacker)
    r = browser.get("/auth/oauth/google/callback",
                    params={"code": injected["code"], "state": query["state"]})
    assert r.status_code == 400 and "failed" in r.json()["detail"]
    assert provider.token_requests[-1]["code_verifier"]  # ours was sent, and refused
    assert db.scalars(select(User)).all() == []


def test_code_replay_rejected(browser, provider):
    query = start(browser, "google")
    cb = authorize(provider, query)
    assert browser.get("/auth/oauth/google/callback", params=cb).status_code == 200
    browser.cookies.clear()
    start(browser, "google")  # fresh cookie, but an old code and state
    assert browser.get("/auth/oauth/google/callback", params=cb).status_code == 400


def test_callback_bad_input_422(browser):
    r = browser.get("/auth/oauth/google/callback", params={"state": "s"})
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["query", "code"]


def test_browser_flow_uses_web_session_hook(oauth_app, browser, provider):
    seen = []

    def hook(request, response, db, user):
        seen.append(user.email)
        response.set_cookie("web_session", "yes")

    oauth_app.state.browser_sign_in = hook
    provider.person = Person(subject="11", email="dana@example.com")
    r = full_flow(browser, provider, "google", next="/account")
    assert r.status_code == 303 and r.headers["location"] == "/account"
    assert seen == ["dana@example.com"]


def test_open_redirect_next_ignored(oauth_app, browser, provider):
    oauth_app.state.browser_sign_in = lambda *a: None
    r = full_flow(browser, provider, "google", next="//evil.example/")
    assert r.status_code == 200 and "access_token" in r.json()


def test_long_provider_name_is_trimmed(browser, provider):
    provider.person = Person(subject="12", email="long@example.com", name="N" * 500 + "\x00")
    r = full_flow(browser, provider, "google")
    assert r.status_code == 200
    me = browser.get("/me", headers={"Authorization": f"Bearer {r.json()['access_token']}"})
    assert me.json()["display_name"] == "N" * 200
