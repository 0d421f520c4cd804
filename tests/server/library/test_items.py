"""Personal items over HTTP: create, read, versioned update (If-Match / 428 / 409 / ETag),
delete, schema errors with paths, tenancy (404), scopes, built-ins read-only."""

from __future__ import annotations

from sqlalchemy import delete, func, select

from server.models import User
from server.models.library import LibraryItem, Scope

from .conftest import TIM, body


def _create(client, item=TIM, kind="tim"):
    response = client.post("/library/items", json={"kind": kind, "item": item})
    assert response.status_code == 201, response.text
    return response


def test_create_read_update_delete_with_versions(started, make_user):
    user = make_user()
    created = _create(user.client)
    item = created.json()
    assert created.headers["ETag"] == '"1"'
    assert (item["slug"], item["kind"], item["scope"], item["version"]) == (
        "Pad-3W", "tim", "user", 1)
    assert (item["category"], item["conductivity"], item["body"]) == ("pad", 3.0, TIM)

    got = user.client.get(f"/library/items/{item['id']}")
    assert got.json() == item and got.headers["ETag"] == '"1"'

    new = body(TIM, conductivity=3.5)
    updated = user.client.put(f"/library/items/{item['id']}", json={"item": new},
                              headers={"If-Match": got.headers["ETag"]})
    assert updated.status_code == 200, updated.text
    assert updated.headers["ETag"] == '"2"'
    assert (updated.json()["version"], updated.json()["conductivity"]) == (2, 3.5)

    assert user.client.delete(f"/library/items/{item['id']}",
                              headers={"If-Match": '"2"'}).status_code == 204
    assert user.client.get(f"/library/items/{item['id']}").status_code == 404
    # the id is free again: creating it revives the item as a new version (sync sees it)
    revived = _create(user.client).json()
    assert (revived["id"], revived["version"]) == (item["id"], 4)


def test_update_without_if_match_is_428_and_stale_is_409_with_the_current(started, make_user):
    user = make_user()
    item = _create(user.client).json()
    url = f"/library/items/{item['id']}"
    missing = user.client.put(url, json={"item": TIM})
    assert missing.status_code == 428 and "If-Match" in missing.json()["detail"]

    # another device updates first
    assert user.client.put(url, json={"item": body(TIM, conductivity=4.0)},
                           headers={"If-Match": '"1"'}).status_code == 200
    stale = user.client.put(url, json={"item": body(TIM, conductivity=5.0)},
                            headers={"If-Match": '"1"'})
    assert stale.status_code == 409
    detail = stale.json()["detail"]
    assert detail["current_version"] == 2 and stale.headers["ETag"] == '"2"'
    assert detail["current"]["body"]["conductivity"] == 4.0
    assert user.client.get(url).json()["body"]["conductivity"] == 4.0  # nothing written
    # a stale delete is refused too; W/ and bare versions are understood
    assert user.client.delete(url, headers={"If-Match": "1"}).status_code == 409
    assert user.client.put(url, json={"item": TIM},
                           headers={"If-Match": 'W/"2"'}).status_code == 200
    bad = user.client.put(url, json={"item": TIM}, headers={"If-Match": "*"})
    assert bad.status_code == 400 and "If-Match" in bad.json()["detail"]


def test_schema_errors_name_each_path(started, make_user):
    user = make_user()
    broken = body(TIM, conductivity=-1, bond_line="thin", colour="red")
    del broken["source"]
    response = user.client.post("/library/items", json={"kind": "tim", "item": broken})
    assert response.status_code == 422
    found = {tuple(e["loc"]): e["msg"] for e in response.json()["detail"]}
    assert found[("body", "item", "conductivity")] == "must be > 0 (got -1)"
    assert "finite number" in found[("body", "item", "bond_line")]
    assert "unknown field" in found[("body", "item", "colour")]
    assert found[("body", "item", "source")] == "is required"

    nested = {"id": "Q", "family": "QFN", "source": "s",
              "theta_ja": [{"value": 20, "board": "2s2p"}, {"value": 0, "board": "4L"}]}
    response = user.client.post("/library/items", json={"kind": "package", "item": nested})
    locs = [tuple(e["loc"]) for e in response.json()["detail"]]
    assert ("body", "item", "theta_ja", 1, "value") in locs
    assert ("body", "item", "theta_ja", 1, "board") in locs
    unknown_kind = user.client.post("/library/items", json={"kind": "gizmo", "item": TIM})
    assert unknown_kind.status_code == 422 and unknown_kind.json()["detail"][0]["loc"] == [
        "body", "kind"]
    nul = user.client.post("/library/items", json={"kind": "tim",
                                                   "item": body(TIM, notes="a\x00b")})
    assert nul.status_code == 422 and nul.json()["detail"][0]["loc"] == [
        "body", "item", "notes"]
    # an update may not rename the item
    item = _create(user.client).json()
    renamed = user.client.put(f"/library/items/{item['id']}",
                              json={"item": body(TIM, id="Pad-4W")}, headers={"If-Match": "1"})
    assert renamed.status_code == 422 and renamed.json()["detail"][0]["loc"] == [
        "body", "item", "id"]


def test_duplicates_other_tenants_and_builtins(started, make_user):
    alice, bob = make_user(), make_user()
    item = _create(alice.client).json()
    duplicate = alice.client.post("/library/items", json={"kind": "tim", "item": TIM})
    assert duplicate.status_code == 409 and "lib:Pad-3W" in duplicate.json()["detail"]
    _create(bob.client)  # ids are per library: Bob may have his own Pad-3W

    url = f"/library/items/{item['id']}"
    assert bob.client.get(url).status_code == 404
    assert bob.client.put(url, json={"item": TIM}, headers={"If-Match": "1"}).status_code == 404
    assert bob.client.delete(url).status_code == 404
    listed = bob.client.get("/library/items", params={"scope": "user"}).json()["items"]
    assert len(listed) == 1 and listed[0]["id"] != item["id"]

    builtin = alice.client.get("/library/items", params={"q": "FR-4", "scope": "builtin",
                                                         "kind": "material"}).json()["items"][0]
    refused = alice.client.put(f"/library/items/{builtin['id']}",
                               json={"item": builtin["body"]}, headers={"If-Match": "1"})
    assert refused.status_code == 403 and "read-only" in refused.json()["detail"]
    assert alice.client.delete(f"/library/items/{builtin['id']}").status_code == 403


def test_authentication_and_token_scopes(started, make_user, client):
    assert client.get("/library/items").status_code == 401
    assert client.post("/library/items", json={"kind": "tim", "item": TIM}).status_code == 401
    user = make_user()
    read_only = user.client.post("/me/api-tokens", json={"name": "ro",
                                                         "scopes": ["library:read"]}).json()
    headers = {"Authorization": f"Bearer {read_only['token']}"}
    assert client.get("/library/items", headers=headers).status_code == 200
    refused = client.post("/library/items", json={"kind": "tim", "item": TIM}, headers=headers)
    assert refused.status_code == 403 and "library:write" in refused.json()["detail"]
    writer = user.client.post("/me/api-tokens", json={"name": "rw", "scopes": [
        "library:read", "library:write"]}).json()
    created = client.post("/library/items", json={"kind": "tim", "item": TIM},
                          headers={"Authorization": f"Bearer {writer['token']}"})
    assert created.status_code == 201 and created.json()["scope"] == "user"


def test_deleting_an_account_deletes_its_items(started, make_user, db):
    user = make_user()
    _create(user.client)
    db.execute(delete(User).where(User.id == user.user.id))
    db.commit()
    assert db.scalar(select(func.count()).select_from(LibraryItem).where(
        LibraryItem.scope == Scope.USER)) == 0


LIBRARY_ROUTES = [
    ("get", "/library/items"), ("get", "/library/items/{id}"), ("get", "/library/sync"),
    ("post", "/library/items"), ("put", "/library/items/{id}"),
    ("delete", "/library/items/{id}"), ("post", "/library/import"),
    ("get", "/library/export"), ("post", "/orgs/{id}/library/items"),
    ("put", "/orgs/{id}/library/items/{id}"), ("delete", "/orgs/{id}/library/items/{id}"),
    ("post", "/orgs/{id}/library/import"), ("get", "/orgs/{id}/library/export")]


def test_every_library_route_refuses_anonymous_callers_and_bad_ids(started, client,
                                                                    make_user):
    ident = "00000000-0000-4000-8000-000000000000"
    for method, path in LIBRARY_ROUTES:
        r = client.request(method, path.format(id=ident))
        assert r.status_code == 401, (method, path, r.status_code)
    user = make_user()
    for method, path in LIBRARY_ROUTES:
        if "{id}" not in path:
            continue
        r = user.client.request(method, path.replace("{id}", "not-an-id"),
                                json={"kind": "tim", "item": TIM}, headers={"If-Match": "1"},
                                params={"kind": "tim"})
        assert r.status_code == 422, (method, path, r.status_code)
        locs = [e["loc"] for e in r.json()["detail"]]
        assert all(loc[0] == "path" for loc in locs), (path, locs)
