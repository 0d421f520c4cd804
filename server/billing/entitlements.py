"""Which plan a user has (personal or an organization seat) and what it entitles them to."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, or_, select
from sqlalchemy.orm import Session

from server.billing.rules import SubscriptionState, granted_plan, in_grace, seat_holders
from server.billing.usage import Owner, metered_usage, period_of
from server.models import Membership, User
from server.models.billing import Subscription
from server.plans import FEATURES, FREE, LIMITS, Plan


@dataclass(frozen=True)
class PlanSource:
    """The plan a user has and the subscription that grants it (None: Free)."""

    plan: Plan
    subscription: Subscription | None = None
    org_id: uuid.UUID | None = None

    @property
    def kind(self) -> str:
        if self.subscription is None:
            return "free"
        return "organization" if self.org_id else "personal"


def state_of(sub: Subscription) -> SubscriptionState:
    """The rules' view of a stored subscription."""
    return SubscriptionState(sub.plan_id, sub.status, sub.grace_until, sub.seats)


def seat_order(db: Session, org_id: uuid.UUID) -> list[uuid.UUID]:
    """Members of an organization in seat order: owner, admins, members; then join time."""
    rows = db.execute(
        select(Membership.user_id, Membership.role, Membership.created_at, Membership.id)
        .where(Membership.org_id == org_id)
    ).all()
    rows.sort(key=lambda r: (-r.role.rank, r.created_at, str(r.id)))
    return [r.user_id for r in rows]


def org_plan(db: Session, org_id: uuid.UUID, now: datetime) -> PlanSource:
    """The best plan an organization's subscriptions grant (ignoring seats)."""
    subs = db.scalars(select(Subscription).where(Subscription.owner_org_id == org_id)).all()
    return _best([PlanSource(granted_plan(state_of(s), now), s, org_id) for s in subs])


def personal_plan(db: Session, user_id: uuid.UUID, now: datetime) -> PlanSource:
    """The best plan a user's own subscriptions grant."""
    subs = db.scalars(select(Subscription).where(Subscription.owner_user_id == user_id)).all()
    return _best([PlanSource(granted_plan(state_of(s), now), s) for s in subs])


# built once (building a statement costs a request more CPU than running it)
_SUBSCRIPTIONS_OF_USER = select(Subscription).where(or_(
    Subscription.owner_user_id == bindparam("user_id"),
    Subscription.owner_org_id.in_(select(Membership.org_id)
                                  .where(Membership.user_id == bindparam("user_id")))))


def user_plan(db: Session, user_id: uuid.UUID, now: datetime) -> PlanSource:
    """A user's best plan: their own subscription or a seat in an organization's (the
    user's and their organizations' subscriptions in one query)."""
    subs = db.scalars(_SUBSCRIPTIONS_OF_USER, {"user_id": user_id}).all()
    candidates = [_best([PlanSource(granted_plan(state_of(s), now), s) for s in subs
                         if s.owner_user_id == user_id])]
    for sub in (s for s in subs if s.owner_user_id != user_id):
        plan = granted_plan(state_of(sub), now)
        seated = seat_holders(seat_order(db, sub.owner_org_id), sub.seats)
        if plan is not FREE and user_id in seated:
            candidates.append(PlanSource(plan, sub, sub.owner_org_id))
    return _best(candidates)


def _best(candidates: list[PlanSource]) -> PlanSource:
    granting = [c for c in candidates if c.plan is not FREE]
    if not granting:
        return PlanSource(FREE)
    return max(granting, key=lambda c: (c.plan.rank, c.org_id is None))


def entitlements(
    db: Session, user: User, now: datetime, offline_days: int
) -> dict:
    """What ``user`` may do now, valid offline until ``expires_at``."""
    source = user_plan(db, user.id, now)
    plan, sub = source.plan, source.subscription
    expires_at = now + timedelta(days=offline_days)
    grace_until = None
    if sub is not None and in_grace(state_of(sub), now):
        grace_until = sub.grace_until
        expires_at = min(expires_at, sub.grace_until)
    return {
        "user_id": user.id,
        "plan": {"id": plan.id, "name": plan.name},
        "source": {
            "kind": source.kind,
            "org_id": source.org_id,
            "subscription_status": sub.status if sub is not None else None,
            "grace_until": grace_until,
            "cancel_at_period_end": bool(sub.cancel_at_period_end) if sub is not None else False,
            "current_period_end": sub.current_period_end if sub is not None else None,
        },
        "features": {name: plan.has(name) for name in FEATURES},
        "limits": {name: plan.limit(name) for name in LIMITS},
        "usage": {"period": period_of(now), **metered_usage(db, Owner(user_id=user.id), now)},
        "issued_at": now,
        "expires_at": expires_at,
    }
