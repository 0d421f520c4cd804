"""Password reset by e-mailed token: same answer for unknown addresses, single use, ends
sessions, claims an unverified account."""

from __future__ import annotations

import re

from sqlalchemy import select

from server.models import ApiToken
from server.security.tokens import sha256_hex


def _token(mailer, email: str) -> str:
    return re.search(r"token=(\S+)", mailer.last_to(email).body)[1]


def test_reset_flow_single_use_and_ends_sessions(client, make_user, mailer):
    me = make_user()
    r = client.post("/auth/password-reset", json={"email": me.email.upper()})
    unknown = client.post("/auth/password-reset", json={"email": "nobody@example.com"})
    assert r.status_code == unknown.status_code == 202 and r.json() == unknown.json()
    assert "reset-password?token=" not in mailer.last_to("nobody@example.com").body
    token = _token(mailer, me.email)
    confirm = {"token": token, "new_password": "a brand new password"}
    assert client.post("/auth/password-reset/confirm", json=confirm).status_code == 204
    assert me.client.get("/me").status_code == 401  # the old session ended
    again = client.post("/auth/password-reset/confirm",
                        json={**confirm, "new_password": "yet another password"})
    assert again.status_code == 401 and "password-reset" in again.json()["detail"]
    login = client.post("/auth/login", json={"email": me.email,
                                             "password": "a brand new password"})
    assert login.status_code == 200
    assert client.post("/auth/login", json={"email": me.email,
                                            "password": me.password}).status_code == 401


def test_bad_tokens_and_bad_input(client, make_user, mailer, settings):
    from server.security.tokens import encode_jwt

    me = make_user()
    wrong_purpose = encode_jwt(settings.secret_key, "verify_email", str(me.user.id), 600)
    for token in ("nonsense", wrong_purpose):
        r = client.post("/auth/password-reset/confirm",
                        json={"token": token, "new_password": "long enough password"})
        assert r.status_code == 401
    client.post("/auth/password-reset", json={"email": me.email})
    short = client.post("/auth/password-reset/confirm",
                        json={"token": _token(mailer, me.email), "new_password": "short"})
    assert short.status_code == 422 and short.json()["detail"][0]["loc"] == [
        "body", "new_password"]
    bad_mail = client.post("/auth/password-reset", json={"email": "not-an-address"})
    assert bad_mail.status_code == 422 and bad_mail.json()["detail"][0]["loc"] == [
        "body", "email"]


def test_reset_claims_an_unverified_account(client, make_user, mailer, db):
    squatter = make_user(email="dora@example.com", verified=False)
    raw = "tc_squat-0123456789abcdef"
    db.add(ApiToken(user_id=squatter.user.id, name="sq", prefix=raw[:9],
                    token_hash=sha256_hex(raw), scopes=["solve"]))
    db.commit()
    client.post("/auth/password-reset", json={"email": "dora@example.com"})
    confirm = {"token": _token(mailer, "dora@example.com"), "new_password": "the owner's own"}
    assert client.post("/auth/password-reset/confirm", json=confirm).status_code == 204
    db.expire_all()
    assert db.scalars(select(ApiToken)).one().revoked_at is not None
    assert squatter.client.get("/me").status_code == 401
    login = client.post("/auth/login", json={"email": "dora@example.com",
                                             "password": "the owner's own"})
    me = client.get("/me", headers={"Authorization": f"Bearer {login.json()['access_token']}"})
    assert me.json()["email_verified"] is True


def test_reset_requests_are_rate_limited(client):
    codes = [client.post("/auth/password-reset", json={"email": f"x{i}@example.com"})
             .status_code for i in range(6)]
    assert codes == [202] * 5 + [429]
