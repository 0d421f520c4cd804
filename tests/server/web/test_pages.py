"""Web pages through the ASGI app: sign-up/in, tokens, teams, billing buttons, CSRF."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from webutil import csrf_of, post_form, sign_in

from server.models import ApiToken


@pytest.fixture
def web(app):
    with TestClient(app) as c:
        yield c


def test_home_redirects_to_signin(web):
    resp = web.get("/", follow_redirects=False)
    assert resp.status_code == 303 and resp.headers["location"] == "/signin"


def test_signup_then_signin_then_signout(web, mailer):
    resp = post_form(web, "/signup", "/signup",
                     {"email": "New@Example.com", "password": "long enough pw",
                      "display_name": "Ada"})
    assert resp.status_code == 200 and "Check your e-mail" in resp.text
    assert any("new@example.com" == m.to for m in mailer.outbox)
    resp = post_form(web, "/signin", "/signin",
                     {"email": "new@example.com", "password": "long enough pw"})
    assert resp.url.path == "/account" and "Account and plan" in resp.text
    assert "new@example.com" in resp.text
    cookie = next(c for c in web.cookies.jar if c.name == "tc_session")
    assert cookie.has_nonstandard_attr("HttpOnly")
    resp = post_form(web, "/account", "/signout", {})
    assert resp.url.path == "/signin" and "Signed out" in resp.text
    assert web.get("/account", follow_redirects=False).status_code == 303


def test_signout_revokes_the_session_server_side(web, make_user):
    handle = make_user()
    sign_in(web, handle.email, handle.password)
    stolen = web.cookies.get("tc_session")
    post_form(web, "/account", "/signout", {})
    other = TestClient(web.app, cookies={"tc_session": stolen})
    assert other.get("/account", follow_redirects=False).status_code == 303


def test_signup_errors_are_tied_to_fields(web):
    resp = post_form(web, "/signup", "/signup", {"email": "not-an-email", "password": "short"})
    assert resp.status_code == 422
    html = resp.text
    assert 'id="f-email-error"' in html and 'id="f-password-error"' in html
    assert re.search(r'id="f-email"[^>]*aria-invalid="true"[^>]*aria-describedby="f-email-error"',
                     html)
    assert re.search(r'id="f-password"[^>]*aria-describedby="f-password-hint f-password-error"',
                     html)


def test_signin_wrong_password_is_generic(web, make_user):
    handle = make_user()
    bad = post_form(web, "/signin", "/signin", {"email": handle.email, "password": "nope nope"})
    unknown = post_form(web, "/signin", "/signin",
                        {"email": "nobody@example.com", "password": "nope nope"})
    assert bad.status_code == unknown.status_code == 401
    assert "Invalid email or password" in bad.text and "Invalid email or password" in unknown.text


def test_pages_need_a_session(web):
    for path in ["/account", "/usage", "/tokens", "/teams", "/invitations/accept?token=x"]:
        resp = web.get(path, follow_redirects=False)
        assert resp.status_code == 303
        assert resp.headers["location"].startswith("/signin?next=/")


def _invite(make_user, mailer, email: str, team: str = "Thermal Lab") -> str:
    """Invite ``email`` to a new team through the API; the token from the e-mail."""
    owner = make_user()
    org = owner.client.post("/orgs", json={"name": team}).json()
    resp = owner.client.post(f"/orgs/{org['id']}/invitations",
                             json={"email": email, "role": "member"})
    assert resp.status_code == 201
    return re.search(r"token=(\S+)", mailer.outbox[-1].body).group(1)


def test_invitation_link_survives_the_sign_in_redirect(web, make_user, mailer):
    handle = make_user()
    token = _invite(make_user, mailer, handle.email)
    resp = web.get(f"/invitations/accept?token={token}&x=1", follow_redirects=False)
    assert resp.headers["location"] == \
        f"/signin?next=/invitations/accept%3Ftoken%3D{token}%26x%3D1"
    html = web.get(resp.headers["location"]).text
    assert f'name="next" value="/invitations/accept?token={token}&amp;x=1"' in html
    resp = web.post("/signin", data={"csrf_token": csrf_of(html), "email": handle.email,
                                     "password": handle.password,
                                     "next": f"/invitations/accept?token={token}"})
    assert resp.url.path == "/invitations/accept" and "Accept the invitation" in resp.text


def test_accept_page_names_the_team_without_joining(app, web, make_user, mailer):
    invitee, stranger = make_user(), make_user()
    token = _invite(make_user, mailer, invitee.email, team="Cooling & Co")
    sign_in(web, invitee.email, invitee.password)
    page = web.get(f"/invitations/accept?token={token}")
    assert page.status_code == 200
    assert "<h1>Join Cooling &amp; Co</h1>" in page.text and "as member" in page.text
    assert "Accept the invitation" in page.text
    assert web.get("/teams").text.count("Cooling") == 0  # looking did not join
    other = TestClient(app)
    sign_in(other, stranger.email, stranger.password)
    page = other.get(f"/invitations/accept?token={token}")
    assert "Cooling &amp; Co" in page.text and "another e-mail address" in page.text
    assert "Accept the invitation" not in page.text
    resp = web.get("/invitations/accept?token=tci_unknown")
    assert resp.status_code == 404 and "no longer valid" in resp.text


def test_next_redirect_is_local_only(web, make_user):
    handle = make_user()
    html = web.get("/signin?next=https://evil.example/").text
    resp = web.post("/signin", data={"csrf_token": csrf_of(html), "email": handle.email,
                                     "password": handle.password,
                                     "next": "//evil.example/"}, follow_redirects=False)
    assert resp.headers["location"] == "/account"


def test_csrf_missing_or_wrong_token_is_403(web, make_user):
    handle = make_user()
    web.get("/signin")
    assert web.post("/signin", data={"email": handle.email,
                                     "password": handle.password}).status_code == 403
    resp = web.post("/signin", data={"csrf_token": "forged", "email": handle.email,
                                     "password": handle.password})
    assert resp.status_code == 403 and "could not be verified" in resp.text
    sign_in(web, handle.email, handle.password)
    assert web.post("/tokens", data={"name": "x", "scopes": "solve"}).status_code == 403
    fresh = TestClient(web.app)  # a token from another browser (other nonce) is refused
    other = csrf_of(fresh.get("/signin").text)
    assert web.post("/tokens", data={"csrf_token": other, "name": "x",
                                     "scopes": "solve"}).status_code == 403


def test_csrf_token_of_anonymous_form_fails_after_sign_in(web, make_user):
    handle = make_user()
    anonymous_token = csrf_of(web.get("/signin").text)
    sign_in(web, handle.email, handle.password)
    resp = web.post("/tokens", data={"csrf_token": anonymous_token, "name": "x",
                                     "scopes": "solve"})
    assert resp.status_code == 403


def test_api_token_created_shown_once_listed_and_revoked(web, make_user, db):
    handle = make_user()
    sign_in(web, handle.email, handle.password)
    resp = post_form(web, "/tokens", "/tokens",
                     {"name": "FreeCAD laptop", "scopes": ["library:read", "solve"],
                      "expires_in_days": "30"})
    assert resp.status_code == 200 and resp.headers["cache-control"] == "no-store"
    raw = re.search(r'id="new-token-value"[^>]*value="(tc_[^"]+)"', resp.text).group(1)
    api = TestClient(web.app, headers={"Authorization": f"Bearer {raw}"})
    assert api.get("/me").status_code == 200
    listing = web.get("/tokens").text
    assert "FreeCAD laptop" in listing and raw not in listing
    token_id = db.query(ApiToken).one().id
    resp = post_form(web, "/tokens", f"/tokens/{token_id}/revoke", {})
    assert "Token revoked" in resp.text and "You have no API tokens" in resp.text
    assert api.get("/me").status_code == 401


def test_token_form_errors(web, make_user):
    handle = make_user()
    sign_in(web, handle.email, handle.password)
    resp = post_form(web, "/tokens", "/tokens", {"name": "", "expires_in_days": "0"})
    assert resp.status_code == 422
    for field in ("name", "scopes", "expires_in_days"):
        assert f'id="f-{field}-error"' in resp.text


def test_other_users_token_cannot_be_revoked(web, make_user, db):
    owner, intruder = make_user(), make_user()
    owner.client.post("/me/api-tokens", json={"name": "mine", "scopes": ["solve"]})
    token_id = db.query(ApiToken).one().id
    sign_in(web, intruder.email, intruder.password)
    resp = post_form(web, "/tokens", f"/tokens/{token_id}/revoke", {})
    assert resp.status_code == 404


def test_team_invite_accept_role_and_remove(app, web, make_user, mailer):
    owner, invitee = make_user(display_name="Owner"), make_user()
    sign_in(web, owner.email, owner.password)
    resp = post_form(web, "/teams", "/teams", {"name": "Thermal Lab"})
    assert resp.status_code == 200 and "Thermal Lab" in resp.text
    team_path = resp.url.path
    resp = post_form(web, team_path, f"{team_path}/invite",
                     {"email": invitee.email, "role": "admin"})
    assert f"Invitation sent to {invitee.email}" in resp.text
    link = re.search(r"(/invitations/accept\?token=\S+)", mailer.outbox[-1].body).group(1)
    guest = TestClient(app)
    sign_in(guest, invitee.email, invitee.password)
    page = guest.get(link)
    assert "Accept the invitation" in page.text
    token = re.search(r'name="token" value="([^"]+)"', page.text).group(1)
    resp = guest.post("/invitations/join", data={"csrf_token": csrf_of(page.text),
                                                 "token": token})
    assert resp.url.path == team_path and "Welcome to the team" in resp.text
    member_id = str(invitee.user.id)
    resp = post_form(web, team_path, f"{team_path}/members/{member_id}/role", {"role": "member"})
    assert "Role changed" in resp.text
    resp = post_form(web, team_path, f"{team_path}/members/{member_id}/remove", {})
    assert "Member removed" in resp.text and invitee.email not in resp.text


def test_team_pages_of_another_tenant_answer_404(web, make_user):
    owner, stranger = make_user(), make_user()
    org = owner.client.post("/orgs", json={"name": "Secret"}).json()
    sign_in(web, stranger.email, stranger.password)
    assert web.get(f"/teams/{org['id']}").status_code == 404
    resp = post_form(web, "/teams", f"/teams/{org['id']}/invite", {"email": "a@example.com"})
    assert resp.status_code == 404


def test_invite_bad_email_is_field_error(web, make_user):
    owner = make_user()
    sign_in(web, owner.email, owner.password)
    team_path = post_form(web, "/teams", "/teams", {"name": "T"}).url.path
    resp = post_form(web, team_path, f"{team_path}/invite", {"email": "bad", "role": "member"})
    assert resp.status_code == 422 and 'id="f-email-error"' in resp.text


def test_account_shows_plans_and_upgrade_buttons(web, make_user):
    handle = make_user()
    sign_in(web, handle.email, handle.password)
    html = web.get("/account").text
    assert "Your plan: Free" in html
    assert "Upgrade to Pro" in html and "Upgrade to Advanced" in html
    assert "$129" in html and "$299" in html


def test_upgrade_without_stripe_configured_explains(web, make_user):
    handle = make_user()
    sign_in(web, handle.email, handle.password)
    resp = post_form(web, "/account", "/account/upgrade", {"plan": "pro"})
    assert resp.status_code == 503 and "not configured" in resp.text
    resp = post_form(web, "/account", "/account/upgrade", {"plan": "free"})
    assert resp.status_code == 422


def test_usage_page(web, make_user):
    handle = make_user()
    sign_in(web, handle.email, handle.password)
    resp = web.get("/usage")
    assert resp.status_code == 200 and "Remote-solve minutes" in resp.text
    assert web.get("/usage?period=2026-13").status_code == 422


def test_static_css_served_with_headers(web):
    resp = web.get("/static/app.css")
    assert resp.status_code == 200 and "text/css" in resp.headers["content-type"]
    assert resp.headers["x-content-type-options"] == "nosniff"


def test_pages_have_no_inline_script_or_style(web, make_user):
    handle = make_user()
    sign_in(web, handle.email, handle.password)
    for path in ["/signin", "/signup", "/account", "/usage", "/tokens", "/teams"]:
        html = web.get(path).text
        assert "<script>" not in html and " style=" not in html and "onclick" not in html


def test_forgot_and_reset_password_pages(web, make_user, mailer):
    me = make_user()
    assert 'href="/forgot-password"' in web.get("/signin").text
    resp = post_form(web, "/forgot-password", "/forgot-password", {"email": me.email})
    assert resp.status_code == 200 and "reset link" in resp.text
    link = re.search(r"(/reset-password\?token=\S+)", mailer.last_to(me.email).body)[1]
    short = post_form(web, link, "/reset-password",
                      {"token": link.split("=", 1)[1], "new_password": "short"})
    assert short.status_code == 422 and "at least 10" in short.text
    resp = post_form(web, link, "/reset-password",
                     {"token": link.split("=", 1)[1], "new_password": "fresh password 1"})
    assert resp.url.path == "/signin" and "Password changed" in resp.text
    used = post_form(web, link, "/reset-password",
                     {"token": link.split("=", 1)[1], "new_password": "fresh password 2"})
    assert used.status_code == 401 and "Invalid or expired" in used.text
    sign_in(web, me.email, "fresh password 1")
