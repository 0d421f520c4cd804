"""E-mail/password accounts: sign-up, sign-in, refresh rotation, reuse detection, sign-out,
rate limiting and no user enumeration."""

from __future__ import annotations

import statistics
import time

import jwt
import pytest

from server.security.tokens import encode_jwt

PASSWORD = "a long enough password"


def sign_up(client, email="erin@example.com", password=PASSWORD):
    return client.post("/auth/signup", json={"email": email, "password": password,
                                             "display_name": "Erin"})


def login(client, email="erin@example.com", password=PASSWORD):
    return client.post("/auth/login", json={"email": email, "password": password})


def test_end_to_end(client, mailer, settings):
    # sign-up
    r = sign_up(client)
    assert r.status_code == 202
    assert "Confirm" in mailer.last_to("erin@example.com").subject
    # sign-in
    r = login(client, email="Erin@Example.com")
    assert r.status_code == 200
    first = r.json()
    assert first["token_type"] == "bearer" and first["expires_in"] == 15 * 60
    claims = jwt.decode(first["access_token"], settings.secret_key, algorithms=["HS256"],
                        issuer="thermocraft")
    assert claims["exp"] - claims["iat"] == 15 * 60 and claims["typ"] == "access"
    auth = {"Authorization": f"Bearer {first['access_token']}"}
    assert client.get("/me", headers=auth).json()["email"] == "erin@example.com"
    # refresh rotation
    r = client.post("/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert r.status_code == 200
    second = r.json()
    assert second["refresh_token"] != first["refresh_token"]
    auth2 = {"Authorization": f"Bearer {second['access_token']}"}
    assert client.get("/me", headers=auth2).status_code == 200
    # reuse of the rotated token revokes the whole family
    r = client.post("/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert r.status_code == 401 and "reuse" in r.json()["detail"]
    assert client.post("/auth/refresh",
                       json={"refresh_token": second["refresh_token"]}).status_code == 401
    assert client.get("/me", headers=auth2).status_code == 401
    # a new sign-in works; sign-out revokes it
    third = login(client).json()
    auth3 = {"Authorization": f"Bearer {third['access_token']}"}
    r = client.post("/auth/logout", json={"refresh_token": third["refresh_token"]}, headers=auth3)
    assert r.status_code == 204
    assert client.get("/me", headers=auth3).status_code == 401
    assert client.post("/auth/refresh",
                       json={"refresh_token": third["refresh_token"]}).status_code == 401


def test_email_verification(client, mailer):
    sign_up(client)
    link = mailer.last_to("erin@example.com").body.split("token=")[1].split()[0]
    tokens = login(client).json()
    auth = {"Authorization": f"Bearer {tokens['access_token']}"}
    assert client.get("/me", headers=auth).json()["email_verified"] is False
    assert client.post("/auth/verify-email", json={"token": link}).status_code == 200
    assert client.get("/me", headers=auth).json()["email_verified"] is True
    assert client.post("/auth/verify-email", json={"token": "nope"}).status_code == 401
    assert client.post("/auth/verify-email", json={}).json()["detail"][0]["loc"] == [
        "body", "token"]


def test_signup_existing_email_is_not_revealed(client, mailer, make_user):
    make_user(email="frank@example.com")
    new = sign_up(client, email="new@example.com")
    existing = sign_up(client, email="FRANK@example.com")
    assert (new.status_code, new.json()) == (existing.status_code, existing.json())
    assert "already has one" in mailer.last_to("frank@example.com").body
    # the attempt did not change the existing password
    assert login(client, "frank@example.com", PASSWORD).status_code == 401


def test_unknown_email_and_wrong_password_look_the_same(client, make_user):
    make_user(email="gina@example.com", password=PASSWORD)
    wrong = login(client, "gina@example.com", "wrong password!")
    unknown = login(client, "nobody@example.com", "wrong password!")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()

    def timed(email):
        t0 = time.perf_counter()
        login(client, email, "wrong password!")
        return time.perf_counter() - t0

    # alternate to cancel drift; different accounts so the limiter does not kick in
    known = [timed("gina@example.com") for _ in range(3)]
    absent = [timed(f"ghost{i}@example.com") for i in range(3)]
    ratio = statistics.median(known) / statistics.median(absent)
    assert 0.33 < ratio < 3, (known, absent)


def test_login_rate_limited_per_account_and_ip(client, make_user, settings):
    make_user(email="hal@example.com", password=PASSWORD)
    for _ in range(settings.login_max_failures):
        assert login(client, "hal@example.com", "wrong password!").status_code == 401
    r = login(client, "hal@example.com", PASSWORD)  # even the right password waits
    assert r.status_code == 429 and int(r.headers["retry-after"]) > 0
    # same for an unknown account (no enumeration through the limiter)
    for _ in range(settings.login_max_failures):
        login(client, "ivy@example.com", "wrong password!")
    assert login(client, "ivy@example.com", "wrong password!").status_code == 429
    # another account from the same IP is unaffected
    make_user(email="jo@example.com", password=PASSWORD)
    assert login(client, "jo@example.com", PASSWORD).status_code == 200


def test_success_clears_failures(client, make_user, settings):
    make_user(email="kim@example.com", password=PASSWORD)
    for _ in range(settings.login_max_failures - 1):
        login(client, "kim@example.com", "wrong password!")
    assert login(client, "kim@example.com", PASSWORD).status_code == 200
    for _ in range(settings.login_max_failures - 1):
        login(client, "kim@example.com", "wrong password!")
    assert login(client, "kim@example.com", PASSWORD).status_code == 200


@pytest.mark.parametrize("body, field", [
    ({"email": "not-an-email", "password": PASSWORD}, "email"),
    ({"email": "a@example.com", "password": "short"}, "password"),
    ({"password": PASSWORD}, "email"),
    ({"email": "a@example.com", "password": PASSWORD, "display_name": "a\x00"}, "display_name"),
])
def test_signup_bad_input(client, body, field):
    r = client.post("/auth/signup", json=body)
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", field]


def test_login_bad_input(client):
    r = client.post("/auth/login", json={"email": "x@example.com"})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "password"]


def test_refresh_bad_input_and_garbage(client):
    assert client.post("/auth/refresh", json={}).json()["detail"][0]["loc"] == [
        "body", "refresh_token"]
    assert client.post("/auth/refresh", json={"refresh_token": "tcr_nope"}).status_code == 401


def test_logout_needs_auth(client):
    assert client.post("/auth/logout", json={}).status_code == 401
    assert client.post("/auth/logout-all").status_code == 401


def test_logout_bad_input(make_user):
    alice = make_user()
    r = alice.client.post("/auth/logout", json={"refresh_token": 5})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "refresh_token"]


def test_logout_cannot_revoke_another_users_session(make_user):
    alice, bob = make_user(), make_user()
    r = alice.client.post("/auth/logout", json={"refresh_token": bob.refresh_token})
    assert r.status_code == 204
    assert bob.client.get("/me").status_code == 200


def test_logout_all(make_user, client):
    alice = make_user()
    other = client.post("/auth/login", json={"email": alice.email, "password": alice.password})
    assert alice.client.post("/auth/logout-all").status_code == 204
    assert alice.client.get("/me").status_code == 401
    assert client.post("/auth/refresh",
                       json={"refresh_token": other.json()["refresh_token"]}).status_code == 401


def test_forged_and_expired_access_tokens(client, make_user, settings):
    alice = make_user()
    claims = jwt.decode(alice.access_token, options={"verify_signature": False})
    forged = encode_jwt("another-secret-another-secret-another", "access", claims["sub"], 60,
                        fam=claims["fam"])
    expired = encode_jwt(settings.secret_key, "access", claims["sub"], -1, fam=claims["fam"])
    wrong_purpose = encode_jwt(settings.secret_key, "verify_email", claims["sub"], 60,
                               fam=claims["fam"])
    for token in (forged, expired, wrong_purpose, "garbage"):
        r = client.get("/me", headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"


def test_concurrent_refresh_issues_at_most_one_pair(app, make_user):
    """Two workers racing on one refresh token: the atomic claim lets only one win."""
    from concurrent.futures import ThreadPoolExecutor

    from fastapi.testclient import TestClient

    alice = make_user()

    def refresh(_):
        with TestClient(app) as c:
            return c.post("/auth/refresh", json={"refresh_token": alice.refresh_token})

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(refresh, range(4)))
    assert sum(r.status_code == 200 for r in results) <= 1
    assert all(r.status_code in (200, 401) for r in results)
