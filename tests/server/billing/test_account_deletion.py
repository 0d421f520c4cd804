"""DELETE /me: the account and its data go, its Stripe subscriptions are cancelled (the
fake Stripe on loopback records the calls), teams it alone holds go with it."""

from __future__ import annotations

from sqlalchemy import func, select

from server.models import ApiToken, Membership, Organization, Role, User
from server.models.billing import Subscription, UsageRecord
from server.services import api_tokens

from .conftest import PRICE_ADVANCED, checkout_completed, subscription


def _delete(handle, **body):
    return handle.client.request("DELETE", "/me", json=body)


def _count(app, model, *where) -> int:
    with app.state.sessionmaker() as s:
        return s.scalar(select(func.count()).select_from(model).where(*where))


def test_delete_account_cancels_stripe_and_removes_data(app, make_user, webhooks, clock,
                                                        fake_stripe, record, mailer, db):
    me, other = make_user(), make_user()
    webhooks.deliver("checkout.session.completed",
                     checkout_completed(f"user:{me.user.id}", "pro", "sub_del"), clock.ts)
    api_tokens.create(db, db.merge(me.user), "wb", ["solve"], None)
    record(me.user, "solve_minutes", 5)
    record(other.user, "solve_minutes", 7)
    assert _delete(me, confirm_email=me.email, password="wrong").status_code == 401
    wrong_mail = _delete(me, confirm_email="x@example.com", password=me.password)
    assert wrong_mail.status_code == 401 and "confirm_email" in wrong_mail.json()["detail"]
    assert _count(app, User, User.id == me.user.id) == 1 and not fake_stripe.deletes(
        "/v1/subscriptions/sub_del")

    assert _delete(me, confirm_email=me.email.upper(), password=me.password).status_code == 204
    assert len(fake_stripe.deletes("/v1/subscriptions/sub_del")) == 1
    assert _count(app, User, User.id == me.user.id) == 0
    for model in (ApiToken, ):
        assert _count(app, model, model.user_id == me.user.id) == 0
    for model in (Subscription, UsageRecord):
        assert _count(app, model, model.owner_user_id == me.user.id) == 0
    assert _count(app, UsageRecord, UsageRecord.owner_user_id == other.user.id) == 1
    assert me.client.get("/me").status_code == 401
    assert "deleted" in mailer.last_to(me.email).subject
    assert other.client.get("/me").status_code == 200


def test_sole_team_goes_with_the_account_shared_team_blocks(app, make_user, make_org,
                                                            webhooks, clock, fake_stripe):
    me, mate = make_user(), make_user()
    solo = make_org(me)
    webhooks.deliver("customer.subscription.created",
                     subscription("sub_team", "active", PRICE_ADVANCED,
                                  metadata={"owner": f"org:{solo}"}), clock.ts)
    shared = make_org(me, mate)
    blocked = _delete(me, confirm_email=me.email, password=me.password)
    assert blocked.status_code == 409 and "only owner" in blocked.json()["detail"]
    with app.state.sessionmaker() as s:  # hand the shared team over, then it works
        s.execute(Membership.__table__.update()
                  .where(Membership.org_id == shared, Membership.user_id == mate.user.id)
                  .values(role=Role.OWNER))
        s.commit()
    assert _delete(me, confirm_email=me.email, password=me.password).status_code == 204
    assert len(fake_stripe.deletes("/v1/subscriptions/sub_team")) == 1
    assert _count(app, Organization, Organization.id == solo) == 0
    assert _count(app, Organization, Organization.id == shared) == 1
    assert _count(app, Membership, Membership.org_id == shared) == 1


def test_stripe_outage_deletes_nothing(app, make_user, webhooks, clock, fake_stripe):
    me = make_user()
    webhooks.deliver("checkout.session.completed",
                     checkout_completed(f"user:{me.user.id}", "pro", "sub_out"), clock.ts)
    fake_stripe.fail_next = 10  # more than the client's retries
    response = _delete(me, confirm_email=me.email, password=me.password)
    assert response.status_code == 503 and "nothing" in response.json()["detail"]
    assert _count(app, User, User.id == me.user.id) == 1


def test_delete_needs_a_session_and_a_body(app, make_user, client, db):
    me = make_user()
    assert client.request("DELETE", "/me", json={"confirm_email": "a"}).status_code == 401
    raw = api_tokens.create(db, db.merge(me.user), "wb", ["solve"], None)[1]
    by_token = client.request("DELETE", "/me", json={"confirm_email": me.email},
                              headers={"Authorization": f"Bearer {raw}"})
    assert by_token.status_code == 403
    missing = me.client.request("DELETE", "/me", json={})
    assert missing.status_code == 422 and missing.json()["detail"][0]["loc"] == [
        "body", "confirm_email"]
