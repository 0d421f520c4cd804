"""GET /me/entitlements and the plan-enforcing dependency (402/403)."""

from __future__ import annotations

from datetime import datetime, timedelta

from .conftest import PRICE_ADVANCED, checkout_completed, subscription


def _iso(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def test_free_user_entitlements(make_user, clock):
    me = make_user()
    body = me.client.get("/me/entitlements").json()
    assert body["plan"] == {"id": "free", "name": "Free"}
    assert body["source"]["kind"] == "free"
    assert not any(body["features"].values())
    assert body["limits"]["components_per_model"] == 10
    assert body["usage"]["remote_solve_minutes"] == 0
    assert _iso(body["expires_at"]) - _iso(body["issued_at"]) == timedelta(days=7)
    assert _iso(body["issued_at"]) == clock.now


def test_offline_period_is_configurable(app, make_user, clock):
    app.state.settings = app.state.settings.model_copy(update={"entitlements_offline_days": 2})
    body = make_user().client.get("/me/entitlements").json()
    assert _iso(body["expires_at"]) - _iso(body["issued_at"]) == timedelta(days=2)


def test_entitlements_need_authentication(client):
    response = client.get("/me/entitlements")
    assert response.status_code == 401
    response = client.get("/me/entitlements", headers={"Authorization": "Bearer nonsense"})
    assert response.status_code == 401


def test_pro_user_entitlements(make_user, webhooks, clock):
    me = make_user()
    webhooks.deliver("checkout.session.completed",
                     checkout_completed(f"user:{me.user.id}", "pro", "sub_pro1"), clock.ts)
    body = me.client.get("/me/entitlements").json()
    assert body["plan"]["id"] == "pro" and body["source"]["kind"] == "personal"
    assert body["features"] == {"remote_solve": True, "server_transient": False,
                                "server_parametric_sweep": False, "team_libraries": False}
    assert body["limits"]["remote_solve_minutes"] == 600


def test_feature_gate_names_the_plan(make_user, webhooks, clock):
    me = make_user()
    response = me.client.get("/test-gated/remote-solve")
    assert response.status_code == 403
    assert response.json()["detail"].startswith("Remote solving needs the Pro plan or higher")
    webhooks.deliver("checkout.session.completed",
                     checkout_completed(f"user:{me.user.id}", "pro", "sub_g1"), clock.ts)
    assert me.client.get("/test-gated/remote-solve").status_code == 200
    response = me.client.get("/test-gated/sweep")
    assert response.status_code == 403
    assert "needs the Advanced plan" in response.json()["detail"]


def test_limit_gate_is_402(make_user, webhooks, clock, record):
    me = make_user()
    response = me.client.get("/test-gated/model", params={"components": 11})
    assert response.status_code == 402
    assert "needs the Pro plan or higher" in response.json()["detail"]
    assert me.client.get("/test-gated/model", params={"components": 10}).status_code == 200
    webhooks.deliver("checkout.session.completed",
                     checkout_completed(f"user:{me.user.id}", "pro", "sub_l1"), clock.ts)
    assert me.client.get("/test-gated/model", params={"components": 400}).status_code == 200
    record(me.user, "solve_minutes", 590, at=clock.now)
    assert me.client.get("/test-gated/solve", params={"minutes": 10}).status_code == 200
    response = me.client.get("/test-gated/solve", params={"minutes": 11})
    assert response.status_code == 402
    assert "needs the Advanced plan" in response.json()["detail"]
    assert "590 used" in response.json()["detail"]
    used = me.client.get("/me/entitlements").json()["usage"]["remote_solve_minutes"]
    assert used == 590


def test_gates_need_authentication(client, clock):
    assert client.get("/test-gated/remote-solve").status_code == 401


def test_org_advanced_is_per_seat(make_user, make_org, webhooks, clock):
    owner, alice, bob = make_user(), make_user(), make_user()
    org_id = make_org(owner, alice, bob)
    webhooks.deliver("checkout.session.completed",
                     checkout_completed(f"org:{org_id}", "advanced", "sub_org", seats=2),
                     clock.ts)
    plans = [u.client.get("/me/entitlements").json() for u in (owner, alice, bob)]
    assert [p["plan"]["id"] for p in plans] == ["advanced", "advanced", "free"]
    assert plans[0]["source"] == {**plans[0]["source"], "kind": "organization",
                                  "org_id": str(org_id)}
    assert bob.client.get("/test-gated/sweep").status_code == 403
    webhooks.deliver("customer.subscription.updated",
                     subscription("sub_org", "active", PRICE_ADVANCED, quantity=3), clock.ts + 5)
    assert bob.client.get("/me/entitlements").json()["plan"]["id"] == "advanced"
    assert bob.client.get("/test-gated/sweep").status_code == 200


def test_best_plan_wins_between_personal_and_org(make_user, make_org, webhooks, clock):
    owner, me = make_user(), make_user()
    org_id = make_org(owner, me)
    webhooks.deliver("checkout.session.completed",
                     checkout_completed(f"user:{me.user.id}", "pro", "sub_mine"), clock.ts)
    assert me.client.get("/me/entitlements").json()["plan"]["id"] == "pro"
    webhooks.deliver("checkout.session.completed",
                     checkout_completed(f"org:{org_id}", "advanced", "sub_team", seats=5),
                     clock.ts)
    body = me.client.get("/me/entitlements").json()
    assert body["plan"]["id"] == "advanced" and body["source"]["kind"] == "organization"


def test_workbench_api_token_reads_entitlements_but_cannot_buy(app, client, make_user, clock):
    from server.services import api_tokens

    me = make_user()
    with app.state.sessionmaker() as s:
        _, raw = api_tokens.create(s, s.merge(me.user), "workbench", ["solve"], None)
    headers = {"Authorization": f"Bearer {raw}"}
    assert client.get("/me/entitlements", headers=headers).json()["plan"]["id"] == "free"
    assert client.get("/me/usage", headers=headers).status_code == 200
    response = client.post("/billing/checkout", json={"plan": "pro"}, headers=headers)
    assert response.status_code == 403
