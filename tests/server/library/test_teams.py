"""Team libraries: an Advanced-plan feature (403 naming the plan), members only (404)."""

from __future__ import annotations

from .conftest import QFN, TIM, body, subscribe


def test_members_of_an_advanced_team_share_its_library(started, make_user, make_team):
    owner, member = make_user(), make_user()
    org_id = make_team(owner, member)
    created = owner.client.post(f"/orgs/{org_id}/library/items",
                                json={"kind": "tim", "item": TIM})
    assert created.status_code == 201, created.text
    item = created.json()
    assert (item["scope"], item["owner_org_id"]) == ("organization", str(org_id))

    seen = member.client.get("/library/items", params={"org_id": str(org_id)}).json()
    assert [i["id"] for i in seen["items"]] == [item["id"]]
    url = f"/orgs/{org_id}/library/items/{item['id']}"
    updated = member.client.put(url, json={"item": body(TIM, conductivity=3.1)},
                                headers={"If-Match": '"1"'})
    assert updated.status_code == 200 and updated.headers["ETag"] == '"2"'
    assert owner.client.put(url, json={"item": TIM},
                            headers={"If-Match": '"1"'}).status_code == 409
    assert owner.client.put(url, json={"item": TIM}).status_code == 428
    # a team item is not a personal one: the personal routes do not reach it
    assert member.client.put(f"/library/items/{item['id']}", json={"item": TIM},
                             headers={"If-Match": '"2"'}).status_code == 404

    imported = member.client.post(f"/orgs/{org_id}/library/import", json={
        "kind": "package", "items": [QFN]})
    assert imported.status_code == 200 and imported.json()["created"] == 1
    exported = owner.client.get(f"/orgs/{org_id}/library/export",
                                params={"kind": "package"}).json()
    assert exported["items"] == [QFN]
    assert member.client.delete(url, headers={"If-Match": '"2"'}).status_code == 204


def test_team_libraries_need_the_advanced_plan(started, make_user, make_team, app):
    free_owner, pro_owner = make_user(), make_user()
    free_org = make_team(free_owner, plan=None)
    pro_org = make_team(pro_owner, plan="pro")
    for user, org_id, plan in ((free_owner, free_org, "Free"), (pro_owner, pro_org, "Pro")):
        for method, path, kwargs in (
                ("post", "items", {"json": {"kind": "tim", "item": TIM}}),
                ("post", "import", {"json": {"kind": "tim", "items": [TIM]}}),
                ("get", "export", {"params": {"kind": "tim"}})):
            response = getattr(user.client, method)(f"/orgs/{org_id}/library/{path}",
                                                    **kwargs)
            assert response.status_code == 403, (plan, path)
            detail = response.json()["detail"]
            assert "Team component libraries" in detail and "Advanced plan" in detail
            assert f"the organization's plan: {plan}" in detail
        # personal items are every plan's
        assert user.client.post("/library/items", json={"kind": "tim",
                                                        "item": TIM}).status_code == 201
    # the organization's own plan decides: a member's personal Advanced subscription does
    # not give a Free team a team library, the team's Advanced subscription does
    subscribe(app, "advanced", user=free_owner.user)
    refused = free_owner.client.post(f"/orgs/{free_org}/library/items",
                                     json={"kind": "tim", "item": TIM})
    assert refused.status_code == 403
    assert "the organization's plan: Free" in refused.json()["detail"]
    subscribe(app, "advanced", org_id=free_org)
    assert free_owner.client.post(f"/orgs/{free_org}/library/items", json={
        "kind": "tim", "item": TIM}).status_code == 201


def test_an_advanced_seat_elsewhere_does_not_open_a_free_teams_library(
        started, make_user, make_team):
    """Mallory holds an Advanced seat in her own team; in a Free team she joined, the team
    library stays closed (403), and outsiders still get 404 before any plan check."""
    mallory, bob, outsider = make_user(), make_user(), make_user()
    make_team(mallory)
    free_org = make_team(bob, mallory, plan=None)
    refused = mallory.client.post(f"/orgs/{free_org}/library/items",
                                  json={"kind": "tim", "item": TIM})
    assert refused.status_code == 403 and "Advanced plan" in refused.json()["detail"]
    assert outsider.client.get(f"/orgs/{free_org}/library/export",
                               params={"kind": "tim"}).status_code == 404


def test_other_teams_are_404(started, make_user, make_team):
    alice, mallory = make_user(), make_user()
    org_id = make_team(alice)
    make_team(mallory)  # Mallory has Advanced through her own team
    item = alice.client.post(f"/orgs/{org_id}/library/items",
                             json={"kind": "tim", "item": TIM}).json()
    url = f"/orgs/{org_id}/library/items/{item['id']}"
    assert mallory.client.get(f"/library/items/{item['id']}").status_code == 404
    assert mallory.client.put(url, json={"item": TIM},
                              headers={"If-Match": '"1"'}).status_code == 404
    assert mallory.client.delete(url).status_code == 404
    assert mallory.client.post(f"/orgs/{org_id}/library/items",
                               json={"kind": "tim", "item": TIM}).status_code == 404
    assert mallory.client.get(f"/orgs/{org_id}/library/export",
                              params={"kind": "tim"}).status_code == 404
    listed = mallory.client.get("/library/items", params={"org_id": str(org_id)}).json()
    assert listed["total"] == 0
    assert item["id"] not in {i["id"] for i in mallory.client.get(
        "/library/sync").json()["items"]}
