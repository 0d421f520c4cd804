"""The sync cursor: changes after it (deletions included), pages, resets on team change."""

from __future__ import annotations

from server.models import Membership, Role
from solver.library import BUILTIN as LIBRARY_DATA
from solver.library import Library

from .conftest import QFN, TIM, body

SHIPPED = len(Library([LIBRARY_DATA]).items)


def _sync(client, cursor=None, limit=500) -> dict:
    params = {"limit": limit} | ({"cursor": cursor} if cursor else {})
    response = client.get("/library/sync", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_changes_after_the_cursor_include_deletions(started, make_user):
    user, other = make_user(), make_user()
    full = _sync(user.client)
    assert full["reset"] and not full["has_more"] and len(full["items"]) == SHIPPED
    cursor = full["next_cursor"]
    assert _sync(user.client, cursor)["items"] == []

    tim = user.client.post("/library/items", json={"kind": "tim", "item": TIM}).json()
    qfn = user.client.post("/library/items", json={"kind": "package", "item": QFN}).json()
    other.client.post("/library/items", json={"kind": "tim", "item": TIM})  # not visible
    user.client.put(f"/library/items/{tim['id']}", json={"item": body(TIM, bond_line=0.001)},
                    headers={"If-Match": '"1"'})
    user.client.delete(f"/library/items/{qfn['id']}")

    changes = _sync(user.client, cursor)
    assert not changes["reset"]
    by_id = {i["id"]: i for i in changes["items"]}
    assert set(by_id) == {tim["id"], qfn["id"]}  # each once, at its latest state
    assert by_id[tim["id"]]["version"] == 2 and by_id[tim["id"]]["body"]["bond_line"] == 0.001
    assert by_id[qfn["id"]]["deleted_at"] is not None and by_id[qfn["id"]]["body"] is None
    assert [i["id"] for i in changes["items"]] == [tim["id"], qfn["id"]]  # change order
    assert _sync(user.client, changes["next_cursor"])["items"] == []
    # a full listing leaves tombstones out
    assert qfn["id"] not in {i["id"] for i in _sync(user.client)["items"]}


def test_pages_follow_each_other_without_gaps(started, make_user):
    user = make_user()
    seen, cursor, calls = [], None, 0
    while True:
        page = _sync(user.client, cursor, limit=40)
        seen += [i["id"] for i in page["items"]]
        cursor, calls = page["next_cursor"], calls + 1
        if not page["has_more"]:
            break
    assert calls == -(-SHIPPED // 40) and len(seen) == len(set(seen)) == SHIPPED


def test_joining_a_team_resets_the_cache_and_bad_cursors_are_refused(started, make_user,
                                                                      make_team):
    alice, bob = make_user(), make_user()
    org_id = make_team(alice)
    item = alice.client.post(f"/orgs/{org_id}/library/items",
                             json={"kind": "tim", "item": TIM}).json()
    cursor = _sync(bob.client)["next_cursor"]
    with started.app.state.sessionmaker() as s:
        s.add(Membership(org_id=org_id, user_id=bob.user.id, role=Role.MEMBER))
        s.commit()
    after_join = _sync(bob.client, cursor)
    assert after_join["reset"] and item["id"] in {i["id"] for i in after_join["items"]}
    assert len(after_join["items"]) == SHIPPED + 1

    for bad in ("12", "abc.def", "1.zzzzzzzzzzzzzzzz"):
        response = bob.client.get("/library/sync", params={"cursor": bad})
        assert response.status_code == 400 and "cursor" in response.json()["detail"]
    future = f"{10**12}.{after_join['next_cursor'].split('.')[1]}"
    assert _sync(bob.client, future)["reset"]
