"""Organizations: roles, members, invitations, the last-owner rule and tenant isolation."""

from __future__ import annotations

import uuid

import pytest


@pytest.fixture
def team(make_user, mailer):
    """An org with an owner, an admin and a member, plus an outsider."""
    owner, admin, member, outsider = (make_user(email=f"{n}@example.com")
                                      for n in ("owner", "admin", "member", "outsider"))
    org = owner.client.post("/orgs", json={"name": "Acme Thermal"}).json()
    for person, role in ((admin, "admin"), (member, "member")):
        r = owner.client.post(f"/orgs/{org['id']}/invitations",
                              json={"email": person.email, "role": role})
        assert r.status_code == 201, r.text
        token = mailer.last_to(person.email).body.split("Invitation token: ")[1].strip()
        assert person.client.post("/invitations/accept", json={"token": token}).status_code == 200
    return {"org": org, "owner": owner, "admin": admin, "member": member, "outsider": outsider}


def url(team, suffix=""):
    return f"/orgs/{team['org']['id']}{suffix}"


def test_create_and_list(make_user, client):
    alice = make_user()
    r = alice.client.post("/orgs", json={"name": "Lab"})
    assert r.status_code == 201 and r.json()["role"] == "owner"
    assert [o["name"] for o in alice.client.get("/orgs").json()] == ["Lab"]
    r = alice.client.post("/orgs", json={"name": ""})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "name"]
    r = alice.client.post("/orgs", json={"name": "nul\x00byte"})  # PostgreSQL rejects NUL
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "name"]
    assert client.post("/orgs", json={"name": "x"}).status_code == 401
    assert client.get("/orgs").status_code == 401


def test_get_org(team, client):
    assert team["member"].client.get(url(team)).json()["role"] == "member"
    assert team["outsider"].client.get(url(team)).status_code == 404
    assert team["outsider"].client.get("/orgs").json() == []
    assert client.get(url(team)).status_code == 401
    r = team["owner"].client.get("/orgs/not-a-uuid")
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["path", "org_id"]
    assert team["owner"].client.get(f"/orgs/{uuid.uuid4()}").status_code == 404


def test_rename(team, client):
    assert team["admin"].client.patch(url(team), json={"name": "Acme"}).json()["name"] == "Acme"
    r = team["member"].client.patch(url(team), json={"name": "Nope"})
    assert r.status_code == 403 and "admin" in r.json()["detail"]
    assert team["outsider"].client.patch(url(team), json={"name": "x"}).status_code == 404
    assert client.patch(url(team), json={"name": "x"}).status_code == 401
    r = team["admin"].client.patch(url(team), json={"name": "y" * 201})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "name"]


def test_delete(team, client):
    assert team["admin"].client.delete(url(team)).status_code == 403
    assert team["outsider"].client.delete(url(team)).status_code == 404
    assert client.delete(url(team)).status_code == 401
    assert team["owner"].client.delete(url(team)).status_code == 204
    assert team["member"].client.get(url(team)).status_code == 404


def test_members(team, client):
    members = team["member"].client.get(url(team, "/members")).json()
    assert sorted((m["email"], m["role"]) for m in members) == [
        ("admin@example.com", "admin"), ("member@example.com", "member"),
        ("owner@example.com", "owner")]
    assert team["outsider"].client.get(url(team, "/members")).status_code == 404
    assert client.get(url(team, "/members")).status_code == 401


def test_role_changes(team, client):
    member_id = str(team["member"].user.id)
    owner_id = str(team["owner"].user.id)
    path = url(team, f"/members/{member_id}")
    # members cannot change roles
    admin_path = url(team, f"/members/{team['admin'].user.id}")
    assert team["member"].client.patch(admin_path, json={"role": "member"}).status_code == 403
    r = team["admin"].client.patch(path, json={"role": "admin"})
    assert r.status_code == 200 and r.json()["role"] == "admin"
    # admins cannot grant or take the owner role
    assert team["admin"].client.patch(path, json={"role": "owner"}).status_code == 403
    owner_path = url(team, f"/members/{owner_id}")
    assert team["admin"].client.patch(owner_path, json={"role": "member"}).status_code == 403
    # the last owner cannot be demoted
    r = team["owner"].client.patch(owner_path, json={"role": "admin"})
    assert r.status_code == 409 and "last owner" in r.json()["detail"]
    # owners can make another owner, then step down
    assert team["owner"].client.patch(path, json={"role": "owner"}).status_code == 200
    assert team["owner"].client.patch(owner_path, json={"role": "admin"}).status_code == 200
    # validation, auth and tenancy
    r = team["member"].client.patch(owner_path, json={"role": "emperor"})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "role"]
    assert team["outsider"].client.patch(path, json={"role": "member"}).status_code == 404
    assert client.patch(path, json={"role": "member"}).status_code == 401
    stranger = url(team, f"/members/{team['outsider'].user.id}")
    assert team["member"].client.patch(stranger, json={"role": "member"}).status_code == 404


def test_remove_and_leave(team, make_user, client):
    member_path = url(team, f"/members/{team['member'].user.id}")
    admin_path = url(team, f"/members/{team['admin'].user.id}")
    owner_path = url(team, f"/members/{team['owner'].user.id}")
    assert team["member"].client.delete(admin_path).status_code == 403
    assert team["admin"].client.delete(owner_path).status_code == 403
    assert team["outsider"].client.delete(member_path).status_code == 404
    assert client.delete(member_path).status_code == 401
    r = team["owner"].client.delete(owner_path)
    assert r.status_code == 409 and "last owner" in r.json()["detail"]
    assert team["admin"].client.delete(member_path).status_code == 204
    assert team["member"].client.get(url(team)).status_code == 404
    assert team["admin"].client.delete(admin_path).status_code == 204  # leaves
    assert team["admin"].client.get(url(team)).status_code == 404
    r = team["owner"].client.delete(url(team, "/members/not-a-uuid"))
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["path", "user_id"]


def test_invitation_rules(team, mailer, client):
    inv = url(team, "/invitations")
    r = team["member"].client.post(inv, json={"email": "new@example.com"})
    assert r.status_code == 403
    assert team["outsider"].client.post(inv, json={"email": "new@example.com"}).status_code == 404
    assert client.post(inv, json={"email": "new@example.com"}).status_code == 401
    r = team["admin"].client.post(inv, json={"email": "bad"})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "email"]
    r = team["admin"].client.post(inv, json={"email": "boss@example.com", "role": "owner"})
    assert r.status_code == 403
    r = team["admin"].client.post(inv, json={"email": "MEMBER@example.com"})
    assert r.status_code == 409
    r = team["admin"].client.post(inv, json={"email": "new@example.com"})
    assert r.status_code == 201 and r.json()["role"] == "member"
    assert "Acme Thermal" in mailer.last_to("new@example.com").subject
    listed = team["admin"].client.get(inv).json()
    assert [i["email"] for i in listed] == ["new@example.com"]
    assert team["member"].client.get(inv).status_code == 403
    assert team["outsider"].client.get(inv).status_code == 404
    assert client.get(inv).status_code == 401


def test_accept_and_revoke(team, make_user, mailer, client):
    inv = url(team, "/invitations")
    newbie = make_user(email="newbie@example.com", verified=False)
    created = team["admin"].client.post(inv, json={"email": "newbie@example.com"}).json()
    token = mailer.last_to("newbie@example.com").body.split("Invitation token: ")[1].strip()
    # someone else cannot use it
    r = team["outsider"].client.post("/invitations/accept", json={"token": token})
    assert r.status_code == 404
    assert client.post("/invitations/accept", json={"token": token}).status_code == 401
    r = newbie.client.post("/invitations/accept", json={})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "token"]
    r = newbie.client.post("/invitations/accept", json={"token": token})
    assert r.status_code == 200 and r.json()["role"] == "member"
    assert newbie.client.get("/me").json()["email_verified"] is True
    # single use
    assert newbie.client.post("/invitations/accept", json={"token": token}).status_code == 404
    assert created["id"] not in [i["id"] for i in team["admin"].client.get(inv).json()]
    # revoke
    later = make_user(email="later@example.com")
    created = team["admin"].client.post(inv, json={"email": "later@example.com"}).json()
    token = mailer.last_to("later@example.com").body.split("Invitation token: ")[1].strip()
    path = f"{inv}/{created['id']}"
    assert team["member"].client.delete(path).status_code == 403
    assert team["outsider"].client.delete(path).status_code == 404
    assert client.delete(path).status_code == 401
    assert team["admin"].client.delete(path).status_code == 204
    assert team["admin"].client.delete(path).status_code == 404
    assert later.client.post("/invitations/accept", json={"token": token}).status_code == 404


def test_invitation_of_another_org_is_404(team, make_user):
    other = make_user()
    other_org = other.client.post("/orgs", json={"name": "Other"}).json()
    created = other.client.post(f"/orgs/{other_org['id']}/invitations",
                                json={"email": "z@example.com"}).json()
    r = team["owner"].client.delete(url(team, f"/invitations/{created['id']}"))
    assert r.status_code == 404


def test_org_routes_refuse_api_tokens(team):
    token = team["owner"].client.post("/me/api-tokens",
                                      json={"name": "wb", "scopes": ["solve"]}).json()["token"]
    r = team["owner"].client.get(url(team), headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 403


def test_pending_invitation_lookup_does_not_accept(team, make_user, mailer, db):
    from datetime import timedelta

    from server.errors import NotFound
    from server.models import Invitation, utcnow
    from server.services import organizations

    guest = make_user(email="guest@example.com")
    team["admin"].client.post(url(team, "/invitations"),
                              json={"email": guest.email, "role": "admin"})
    token = mailer.last_to(guest.email).body.split("Invitation token: ")[1].strip()
    invitation = organizations.pending_invitation(db, token)
    assert invitation.organization.name == "Acme Thermal"
    assert (invitation.email, invitation.role.value) == (guest.email, "admin")
    assert invitation.accepted_at is None
    assert [o["name"] for o in guest.client.get("/orgs").json()] == []  # not joined
    with pytest.raises(NotFound):
        organizations.pending_invitation(db, "tci_unknown")
    invitation.expires_at = utcnow() - timedelta(seconds=1)
    db.commit()
    with pytest.raises(NotFound):
        organizations.pending_invitation(db, token)
    assert guest.client.post("/invitations/accept", json={"token": token}).status_code == 404
    assert db.get(Invitation, invitation.id).accepted_at is None
