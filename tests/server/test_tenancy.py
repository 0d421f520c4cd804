"""``server.tenancy``: objects of another user or organization are invisible (404)."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy.exc import IntegrityError

from server.errors import NotFound
from server.models import Membership, OwnedMixin, Role
from server.tenancy import get_owned_or_404

billing = pytest.importorskip("server.models.billing")
Owned = billing.BillingCustomer  # any OwnedMixin model with few required columns
assert issubclass(Owned, OwnedMixin)


def test_owner_user_and_org_members_see_objects(db, make_user):
    alice, bob, carol = make_user(), make_user(), make_user()
    org = alice.client.post("/orgs", json={"name": "Team"}).json()
    org["id"] = uuid.UUID(org["id"])
    own = Owned(owner_user_id=alice.user.id, stripe_customer_id="cus_alice")
    team = Owned(owner_org_id=org["id"], stripe_customer_id="cus_team")
    db.add_all([own, team])
    db.commit()
    assert get_owned_or_404(db, Owned, own.id, alice.user) is own
    assert get_owned_or_404(db, Owned, team.id, alice.user) is team
    for obj in (own, team):
        with pytest.raises(NotFound):
            get_owned_or_404(db, Owned, obj.id, bob.user)
    # carol joins the team: she sees the team's object, not alice's own
    db.add(Membership(org_id=team.owner_org_id, user_id=carol.user.id, role=Role.MEMBER))
    db.commit()
    assert get_owned_or_404(db, Owned, team.id, carol.user) is team
    with pytest.raises(NotFound):
        get_owned_or_404(db, Owned, own.id, carol.user)


def test_exactly_one_owner_enforced(db, make_user):
    alice = make_user()
    org = alice.client.post("/orgs", json={"name": "Team"}).json()
    org["id"] = uuid.UUID(org["id"])
    for kwargs in ({}, {"owner_user_id": alice.user.id, "owner_org_id": org["id"]}):
        db.add(Owned(stripe_customer_id="cus_x", **kwargs))
        with pytest.raises(IntegrityError):
            db.commit()
        db.rollback()
