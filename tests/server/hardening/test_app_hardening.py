"""The hardening stack as installed in the real app (``create_app``): health probes, headers,
request ids, per-user limits from verified JWTs and API tokens, body limit, metrics by route
template."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from server.app import create_app
from server.db import make_engine
from server.middleware.rate_limit_store import MemoryStore


def _frozen(app, per_minute: int) -> None:
    app.state.rate_limiter.store = MemoryStore(clock=lambda: 0.0)
    app.state.rate_limiter.per_minute = per_minute


def test_health_live_and_ready(client):
    assert client.get("/health/live").json() == {"status": "ok"}
    ready = client.get("/health/ready")
    assert ready.status_code == 200 and ready.json()["database"] == "ok"


def test_ready_is_503_when_database_is_down(settings, mailer):
    dead = make_engine("postgresql+psycopg://postgres@127.0.0.1:1/nothing")
    app = create_app(settings, engine=dead, mailer=mailer)
    with TestClient(app) as c:
        assert c.get("/health/live").status_code == 200
        resp = c.get("/health/ready")
    assert resp.status_code == 503 and resp.json()["status"] == "unavailable"
    dead.dispose()


def test_api_responses_carry_request_id_and_security_headers(client):
    resp = client.get("/me", headers={"X-Request-ID": "trace-42"})
    assert resp.status_code == 401
    assert resp.headers["x-request-id"] == "trace-42"
    assert "frame-ancestors 'none'" in resp.headers["content-security-policy"]
    assert resp.headers["x-content-type-options"] == "nosniff"


def test_docs_work_offline(client):
    """/docs loads Swagger UI from this server only: no CDN, no inline script."""
    resp = client.get("/docs")
    assert resp.status_code == 200
    csp = resp.headers["content-security-policy"]
    assert "https:" not in csp and "script-src 'self';" in csp
    srcs = re.findall(r'(?:src|href)="([^"]+)"', resp.text)
    assert srcs and all(s.startswith("/docs/assets/") for s in srcs)
    assert "<script>" not in resp.text
    for src in srcs:
        asset = client.get(src)
        assert asset.status_code == 200 and len(asset.content) > 100, src
    assert "SwaggerUIBundle" in client.get("/docs/assets/swagger-ui-bundle.js").text
    assert client.get("/redoc").status_code == 404
    page = client.get("/signin").headers["content-security-policy"]
    assert "unsafe-inline" not in page


def test_per_user_buckets_from_verified_jwt(app, make_user):
    _frozen(app, 3)
    alice, bob = make_user(), make_user()
    # the first request verifies the session (the IP bucket), the next three count for alice
    assert [alice.client.get("/me").status_code for _ in range(4)] == [200] * 4
    limited = alice.client.get("/me")
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) >= 1
    assert bob.client.get("/me").status_code == 200
    anon = TestClient(app)
    assert anon.get("/health/ready").status_code == 200  # exempt
    assert anon.get("/billing/plans").status_code == 200  # anonymous: the IP bucket


def test_forged_tokens_share_the_ip_bucket(app):
    _frozen(app, 2)
    codes = [TestClient(app, headers={"Authorization": f"Bearer a.b.{i}"}).get("/me").status_code
             for i in range(3)]
    assert codes == [401, 401, 429]


def test_signed_jwts_without_a_session_share_the_ip_bucket(app, settings):
    """Regression: JWTs correctly signed (e.g. with a leaked or default secret) for random
    subjects each got their own bucket, bypassing the global limit."""
    import uuid

    from server.security.tokens import encode_jwt

    _frozen(app, 2)
    codes = []
    for _ in range(3):
        token = encode_jwt(settings.secret_key, "access", str(uuid.uuid4()), 900,
                           fam=str(uuid.uuid4()))
        codes.append(TestClient(app, headers={"Authorization": f"Bearer {token}"})
                     .get("/me").status_code)
    assert codes == [401, 401, 429]
    assert all(k.split(":")[1] == "ip" for k in app.state.rate_limiter.store._tat)


def _api_token(db, handle) -> str:
    from server.services import api_tokens

    return api_tokens.create(db, handle.user, "workbench", ["solve"], None)[1]


def test_api_tokens_count_per_user_not_per_ip(app, make_user, db):
    alice, bob = make_user(), make_user()
    alice_token, bob_token = _api_token(db, alice), _api_token(db, bob)
    alice.client.get("/me")  # her session is verified once (before the counting starts)
    _frozen(app, 4)
    here = TestClient(app, headers={"Authorization": f"Bearer {alice_token}"})
    elsewhere = TestClient(app, client=("198.51.100.7", 1),
                           headers={"Authorization": f"Bearer {alice_token}"})
    # the first request authenticates the token (counted against the IP, as before),
    # the next ones against alice, wherever they come from
    assert [here.get("/me").status_code for _ in range(3)] == [200] * 3
    assert [elsewhere.get("/me").status_code for _ in range(3)] == [200, 200, 429]
    assert alice.client.get("/me").status_code == 429  # her session shares her bucket
    buckets = {k.split(":", 1)[1] for k in app.state.rate_limiter.store._tat}
    assert f"user:{alice.user.id}" in buckets
    # bob's token from the same IP and anonymous callers are unaffected
    bob_here = TestClient(app, headers={"Authorization": f"Bearer {bob_token}"})
    assert [bob_here.get("/me").status_code for _ in range(3)] == [200] * 3
    assert TestClient(app).get("/billing/plans").status_code == 200


def test_unknown_api_tokens_share_the_ip_bucket(app):
    _frozen(app, 2)
    codes = [TestClient(app, headers={"Authorization": f"Bearer tc_forged{i}"})
             .get("/me").status_code for i in range(3)]
    assert codes == [401, 401, 429]
    assert not app.state.verified_credentials._entries


def test_token_users_cache_expires_and_is_bounded():
    from server.middleware.principal import TokenUsers

    now = [0.0]
    users = TokenUsers(ttl=60, max_entries=2, clock=lambda: now[0])
    users.remember("tc_a", "u1")
    users.remember("tc_b", "u2")
    assert users.user_of("tc_a") == "u1" and users.user_of("tc_zzz") is None
    assert "tc_a" not in str(users._entries)  # keyed by the hash, not the secret
    users.remember("tc_c", "u3")  # evicts the oldest
    assert users.user_of("tc_a") is None and users.user_of("tc_c") == "u3"
    now[0] = 61
    assert users.user_of("tc_b") is None


def test_web_session_cookie_counts_per_user(app, make_user):
    from tests_web_helpers import sign_in_browser

    _frozen(app, 1000)
    handle = make_user()
    web = TestClient(app)
    sign_in_browser(web, handle.email, handle.password)
    web.get("/account")  # verifies the cookie's session
    web.get("/account")  # counted for the user
    assert f"user:{handle.user.id}" in {k.split(":", 1)[1] for k in
                                        app.state.rate_limiter.store._tat}


def test_huge_cookie_header_is_refused_431(client, make_user):
    """Regression: a 10 MB Cookie header was parsed by SimpleCookie for seconds."""
    resp = client.get("/me", headers={"Cookie": "a=" + "x" * 10_000_000})
    assert resp.status_code == 431 and "65536" in resp.json()["detail"]
    assert "x-request-id" in resp.headers and "content-security-policy" in resp.headers
    assert client.get("/health/live").status_code == 200


def test_session_cookie_is_found_without_a_full_parse():
    from server.middleware.principal import session_cookie

    assert session_cookie(b'a=1; tc_session=abc.def.ghi; b="2"') == "abc.def.ghi"
    assert session_cookie(b'tc_session="q.r.s"') == "q.r.s"
    assert session_cookie(b"tc_sessionx=1; other=2") is None
    assert session_cookie(b"tc_session=" + b"x" * 9000) is None  # longer than any JWT
    assert session_cookie(b"; ;;=;" * 1000) is None


def test_body_limit_on_the_app(client):
    resp = client.post("/auth/login", content=b"{" + b" " * 2_000_000 + b"}",
                       headers={"Content-Type": "application/json"})
    assert resp.status_code == 413


def test_metrics_use_route_templates(client, make_user):
    handle = make_user()
    org = handle.client.post("/orgs", json={"name": "M"}).json()
    handle.client.get(f"/orgs/{org['id']}")
    text = client.get("/metrics").text
    assert re.search(r'thermocraft_http_requests_total\{method="GET",route="/orgs/\{org_id\}",'
                     r'status="200"\}', text)
    assert org["id"] not in text


def test_redis_store_from_environment(monkeypatch, settings, clean_engine, mailer, redis_url):
    import uuid

    from server.middleware import config
    from server.middleware.rate_limit_store import RedisStore

    monkeypatch.setenv("THERMOCRAFT_REDIS_URL", redis_url)
    monkeypatch.setenv("THERMOCRAFT_RATE_LIMIT_PER_MINUTE", "4")
    config.get_hardening_settings.cache_clear()
    try:
        app = create_app(settings, engine=clean_engine, mailer=mailer)
    finally:
        config.get_hardening_settings.cache_clear()
    store = app.state.rate_limiter.store
    assert isinstance(store, RedisStore)
    store._prefix = f"thermocraft:test:{uuid.uuid4().hex}:"
    with TestClient(app) as anon:
        codes = [anon.get("/billing/plans").status_code for _ in range(5)]
    assert codes == [200] * 4 + [429]
