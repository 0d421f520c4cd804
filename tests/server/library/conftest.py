"""Library fixtures: the app started (built-ins seeded), plans, teams, item bodies."""

from __future__ import annotations

import copy
import time

import pytest

from server.models import Membership, Role, utcnow
from server.models.billing import Subscription
from server.services import organizations

TIM = {"id": "Pad-3W", "name": "Gap pad 3 W/mK", "source": "Vendor TDS rev 2",
       "tim_type": "pad", "conductivity": 3.0, "bond_line": 0.0005}
QFN = {"id": "QFN-32-5x5-acme", "family": "QFN", "pins": 32, "source": "Acme DS-17 rev B",
       "body": {"length": 0.005, "width": 0.005, "height": 0.0009},
       "theta_ja": [{"value": 31.5, "board": "2s2p"}, {"value": 60.0, "board": "1s0p"}],
       "typical_power": 1.2}


def body(template: dict, **changes) -> dict:
    out = copy.deepcopy(template)
    out.update(changes)
    return out


def subscribe(app, plan: str, *, user=None, org_id=None, seats: int = 1) -> None:
    """An active subscription to ``plan`` for a user or an organization."""
    owner = user.id if user is not None else org_id
    with app.state.sessionmaker() as s:
        s.add(Subscription(stripe_subscription_id=f"sub_{owner.hex[:12]}_{plan}",
                           stripe_customer_id="cus_t", owner_user_id=getattr(user, "id", None),
                           owner_org_id=org_id, plan_id=plan, status="active", seats=seats,
                           state_at=int(time.time()), current_period_end=utcnow()))
        s.commit()


@pytest.fixture
def started(client):
    """The app's start-up ran (built-ins seeded); an anonymous client."""
    return client


@pytest.fixture
def make_team(app):
    """``make_team(owner, *members, plan="advanced")`` → org id; seats for everyone."""
    def factory(owner, *members, plan: str | None = "advanced"):
        with app.state.sessionmaker() as s:
            org = organizations.create(s, s.merge(owner.user), "Acme Thermal").organization
            for m in members:
                s.add(Membership(org_id=org.id, user_id=m.user.id, role=Role.MEMBER))
            s.commit()
            org_id = org.id
        if plan:
            subscribe(app, plan, org_id=org_id, seats=1 + len(members))
        return org_id
    return factory
