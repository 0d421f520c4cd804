"""Import and export as library files (the format of library_data/)."""

from __future__ import annotations

import json

from solver.library import BUILTIN as LIBRARY_DATA

from .conftest import TIM, body

TIMS = json.loads((LIBRARY_DATA / "tims" / "tims.json").read_text())


def test_builtin_export_is_the_shipped_file(started, make_user):
    response = make_user().client.get("/library/export", params={"kind": "tim",
                                                                 "builtin": True})
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    exported = response.json()
    assert exported["kind"] == "tim"
    key = lambda i: i["id"]  # noqa: E731
    assert sorted(exported["items"], key=key) == sorted(TIMS["items"], key=key)


def test_import_export_round_trip_between_users(started, make_user):
    alice, bob = make_user(), make_user()
    mine = {"kind": "tim", "description": "our pads",
            "items": [TIM, body(TIM, id="Pad-6W", conductivity=6.0)]}
    first = alice.client.post("/library/import", json=mine)
    assert first.status_code == 200, first.text
    assert (first.json()["created"], first.json()["updated"]) == (2, 0)
    again = alice.client.post("/library/import", json=mine).json()
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 2)
    assert again["items"] == first.json()["items"]

    exported = alice.client.get("/library/export", params={"kind": "tim"}).json()
    assert sorted(exported["items"], key=lambda i: i["id"]) == sorted(
        mine["items"], key=lambda i: i["id"])
    assert bob.client.get("/library/export", params={"kind": "tim"}).json()["items"] == []
    assert bob.client.post("/library/import", json=exported).json()["created"] == 2
    assert bob.client.get("/library/export", params={"kind": "tim"}).json()["items"] == \
        exported["items"]

    # a changed file updates (a new version), whatever the stored version
    changed = {**mine, "items": [body(TIM, conductivity=3.3)]}
    result = alice.client.post("/library/import", json=changed).json()
    assert (result["created"], result["updated"]) == (0, 1)
    stored = alice.client.get(f"/library/items/{result['items'][0]}")
    assert stored.json()["version"] == 2 and stored.json()["conductivity"] == 3.3


def test_a_file_with_problems_imports_nothing_and_names_them(started, make_user):
    user = make_user()
    bad = {"kind": "tim", "items": [TIM, body(TIM, conductivity=0), TIM], "extra": 1}
    response = user.client.post("/library/import", json=bad)
    assert response.status_code == 422
    found = {tuple(e["loc"]): e["msg"] for e in response.json()["detail"]}
    assert set(found) == {("body", "extra"), ("body", "items", 1, "conductivity"),
                          *(("body", "items", i, "id") for i in range(3))}
    assert "unknown field" in found[("body", "extra")]
    assert found[("body", "items", 1, "conductivity")] == "must be > 0 (got 0)"
    assert found[("body", "items", 2, "id")] == "duplicate id 'Pad-3W'"
    assert user.client.get("/library/export", params={"kind": "tim"}).json()["items"] == []
    not_a_file = user.client.post("/library/import", json={"kind": "tim"})
    assert not_a_file.status_code == 422 and not_a_file.json()["detail"][0]["loc"] == ["body"]
    assert user.client.get("/library/export", params={"kind": "gizmo"}).status_code == 422
