"""Profile routes and personal API tokens: shown once, hashed, scoped, revocable."""

from __future__ import annotations

import hashlib
import uuid

import pytest
from fastapi import APIRouter, Depends
from fastapi.testclient import TestClient
from sqlalchemy import select

from server.deps import Principal, require_scope
from server.models import ApiToken


@pytest.fixture
def scoped_app(app):
    """The app plus a probe route per scope (library and solve routes come later)."""
    probe = APIRouter()
    for scope in ("library:read", "library:write", "solve"):
        def handler(p: Principal = Depends(require_scope(scope)), scope=scope):
            return {"scope": scope, "user": str(p.user.id), "auth": p.kind}
        probe.add_api_route(f"/_probe/{scope}", handler, methods=["GET"])
    app.include_router(probe)
    return app


def bearer(client_app, token):
    c = TestClient(client_app)
    c.headers["Authorization"] = f"Bearer {token}"
    return c


def create_token(user, scopes=("library:read",), name="workbench"):
    r = user.client.post("/me/api-tokens", json={"name": name, "scopes": list(scopes)})
    assert r.status_code == 201, r.text
    return r.json()


# ---- /me -----------------------------------------------------------------------------------

def test_me_and_update(make_user, client):
    alice = make_user(display_name="Alice")
    assert alice.client.get("/me").json()["display_name"] == "Alice"
    r = alice.client.patch("/me", json={"display_name": "Alice B."})
    assert r.status_code == 200 and r.json()["display_name"] == "Alice B."
    r = alice.client.patch("/me", json={"display_name": "x" * 201})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "display_name"]
    assert client.get("/me").status_code == 401
    assert client.patch("/me", json={"display_name": "x"}).status_code == 401
    assert client.get("/me/whoami").status_code == 401


def test_change_password(make_user, client):
    alice = make_user()
    r = alice.client.post("/me/password", json={"current_password": "wrong one!",
                                                "new_password": "another long password"})
    assert r.status_code == 401
    r = alice.client.post("/me/password", json={"current_password": alice.password,
                                                "new_password": "short"})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "new_password"]
    r = alice.client.post("/me/password", json={"current_password": alice.password,
                                                "new_password": "another long password"})
    assert r.status_code == 204
    assert alice.client.get("/me").status_code == 401  # sessions ended
    assert client.post("/auth/login", json={"email": alice.email,
                                            "password": "another long password"}).status_code == 200
    assert client.post("/me/password", json={"new_password": "x" * 12}).status_code == 401


# ---- API tokens ----------------------------------------------------------------------------

def test_token_shown_once_and_stored_hashed(make_user, db):
    alice = make_user()
    created = create_token(alice, ["library:read", "solve"])
    raw = created["token"]
    assert raw.startswith("tc_") and len(raw) > 40
    assert created["scopes"] == ["library:read", "solve"]
    listed = alice.client.get("/me/api-tokens").json()
    assert [t["id"] for t in listed] == [created["id"]]
    assert "token" not in listed[0] and raw.startswith(listed[0]["prefix"])
    stored = db.scalar(select(ApiToken))
    assert stored.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in (stored.prefix, stored.token_hash, stored.name)


def test_token_authenticates_and_records_last_use(scoped_app, make_user):
    alice = make_user()
    created = create_token(alice, ["library:read"])
    assert created["last_used_at"] is None
    wb = bearer(scoped_app, created["token"])
    who = wb.get("/me/whoami").json()
    assert who["auth"] == "api_token" and who["scopes"] == ["library:read"]
    assert wb.get("/me").json()["id"] == str(alice.user.id)
    listed = alice.client.get("/me/api-tokens").json()
    assert listed[0]["last_used_at"] is not None


def test_scope_enforcement(scoped_app, make_user):
    alice = make_user()
    reader = bearer(scoped_app, create_token(alice, ["library:read"])["token"])
    solver = bearer(scoped_app, create_token(alice, ["solve", "library:write"])["token"])
    assert reader.get("/_probe/library:read").status_code == 200
    r = reader.get("/_probe/solve")
    assert r.status_code == 403 and "solve" in r.json()["detail"]
    assert reader.get("/_probe/library:write").status_code == 403
    assert solver.get("/_probe/solve").status_code == 200
    assert solver.get("/_probe/library:read").status_code == 403
    # a signed-in session holds every scope
    session = bearer(scoped_app, alice.access_token)
    assert session.get("/_probe/solve").json()["auth"] == "session"
    assert TestClient(scoped_app).get("/_probe/solve").status_code == 401


def test_api_token_cannot_manage_the_account(make_user, scoped_app):
    alice = make_user()
    every = create_token(alice, ["library:read", "library:write", "solve"])
    wb = bearer(scoped_app, every["token"])
    for method, url, body in [("post", "/me/api-tokens", {"name": "x", "scopes": ["solve"]}),
                              ("get", "/me/api-tokens", None), ("post", "/orgs", {"name": "x"}),
                              ("patch", "/me", {"display_name": "x"})]:
        r = getattr(wb, method)(url, **({"json": body} if body else {}))
        assert r.status_code == 403, (method, url)


def test_revocation(scoped_app, make_user):
    alice = make_user()
    created = create_token(alice, ["solve"])
    wb = bearer(scoped_app, created["token"])
    assert wb.get("/_probe/solve").status_code == 200
    assert alice.client.delete(f"/me/api-tokens/{created['id']}").status_code == 204
    assert wb.get("/_probe/solve").status_code == 401
    assert alice.client.get("/me/api-tokens").json() == []
    assert alice.client.delete(f"/me/api-tokens/{created['id']}").status_code == 404


def test_expired_token_rejected(scoped_app, make_user, db):
    from datetime import timedelta

    from server.models import utcnow
    alice = make_user()
    created = create_token(alice, ["solve"])
    token = db.get(ApiToken, uuid.UUID(created["id"]))
    token.expires_at = utcnow() - timedelta(seconds=1)
    db.commit()
    assert bearer(scoped_app, created["token"]).get("/_probe/solve").status_code == 401


def test_other_users_token_is_404(make_user):
    alice, bob = make_user(), make_user()
    created = create_token(alice)
    assert bob.client.delete(f"/me/api-tokens/{created['id']}").status_code == 404
    assert bob.client.get("/me/api-tokens").json() == []
    assert len(alice.client.get("/me/api-tokens").json()) == 1


@pytest.mark.parametrize("body, field", [
    ({"name": "x", "scopes": ["admin"]}, "scopes"),
    ({"name": "x", "scopes": []}, "scopes"),
    ({"name": "", "scopes": ["solve"]}, "name"),
    ({"name": "x", "scopes": ["solve"], "expires_in_days": 0}, "expires_in_days"),
])
def test_token_bad_input(make_user, body, field):
    r = make_user().client.post("/me/api-tokens", json=body)
    assert r.status_code == 422 and r.json()["detail"][0]["loc"][:2] == ["body", field]


def test_token_routes_unauthenticated(client):
    assert client.get("/me/api-tokens").status_code == 401
    assert client.post("/me/api-tokens", json={"name": "x", "scopes": ["solve"]}).status_code == 401
    assert client.delete(f"/me/api-tokens/{uuid.uuid4()}").status_code == 401
    r = client.get("/me", headers={"Authorization": "Bearer tc_not-a-real-token"})
    assert r.status_code == 401


def test_token_delete_bad_id_422(make_user):
    r = make_user().client.delete("/me/api-tokens/not-a-uuid")
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["path", "token_id"]


def test_unverified_account_cannot_create_api_tokens(make_user, db):
    """Regression: a squatter of an unverified address could mint tokens that outlived
    the real owner's claim."""
    squatter = make_user(verified=False)
    r = squatter.client.post("/me/api-tokens", json={"name": "x", "scopes": ["solve"]})
    assert r.status_code == 403 and "Confirm your e-mail" in r.json()["detail"]
    assert db.scalars(select(ApiToken)).all() == []
