"""Plans as data and the pure entitlement rules."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest

from server.billing.rules import (
    PlanDenied,
    SubscriptionState,
    best_granted,
    check_feature,
    check_limit,
    granted_plan,
    in_grace,
    seat_holders,
)
from server.plans import ADVANCED, FEATURES, FREE, LIMITS, PLANS, PRO, best_plan

NOW = datetime(2026, 11, 15, 12, tzinfo=UTC)


def test_plans_are_frozen_data_with_every_limit():
    assert list(PLANS) == ["free", "pro", "advanced"]
    assert (PRO.monthly_price_cents, ADVANCED.monthly_price_cents) == (12900, 29900)
    assert ADVANCED.per_seat and not PRO.per_seat
    for plan in PLANS.values():
        assert set(plan.limits) == set(LIMITS)
    with pytest.raises(dataclasses.FrozenInstanceError):
        PRO.name = "Cheap"  # type: ignore[misc]
    with pytest.raises(TypeError):
        PRO.limits["storage_bytes"] = 1  # type: ignore[index]


def test_feature_matrix():
    assert FREE.limit("components_per_model") == 10
    assert not FREE.has("remote_solve") and PRO.has("remote_solve")
    for feature in ("server_transient", "server_parametric_sweep", "team_libraries"):
        assert not PRO.has(feature) and ADVANCED.has(feature)
    assert ADVANCED.features == frozenset(FEATURES)
    with pytest.raises(KeyError):
        PRO.has("teleport")


def test_feature_denial_names_the_plan_needed():
    with pytest.raises(PlanDenied) as err:
        check_feature(FREE, "remote_solve")
    assert err.value.status_code == 403
    assert err.value.message.startswith("Remote solving needs the Pro plan or higher")
    with pytest.raises(PlanDenied) as err:
        check_feature(PRO, "team_libraries")
    assert "needs the Advanced plan" in err.value.message
    check_feature(ADVANCED, "team_libraries")


def test_limit_denial_is_402_and_names_the_plan():
    check_limit(FREE, "components_per_model", 10)
    with pytest.raises(PlanDenied) as err:
        check_limit(FREE, "components_per_model", 11)
    assert err.value.status_code == 402 and err.value.needed is PRO
    assert "needs the Pro plan or higher" in err.value.message
    with pytest.raises(PlanDenied) as err:
        check_limit(PRO, "remote_solve_minutes", 5, used=598)
    assert err.value.needed is ADVANCED and "598 used" in err.value.message
    check_limit(ADVANCED, "components_per_model", 10**6)
    with pytest.raises(PlanDenied) as err:
        check_limit(ADVANCED, "remote_solve_minutes", 1, used=3000)
    assert "contact sales" in err.value.message


def test_granted_plan_follows_status_and_grace():
    assert granted_plan(SubscriptionState("pro", "active"), NOW) is PRO
    assert granted_plan(SubscriptionState("pro", "trialing"), NOW) is PRO
    grace = SubscriptionState("pro", "past_due", grace_until=NOW + timedelta(days=1))
    assert granted_plan(grace, NOW) is PRO and in_grace(grace, NOW)
    assert granted_plan(grace, NOW + timedelta(days=2)) is FREE
    assert granted_plan(SubscriptionState("pro", "past_due"), NOW) is FREE
    for status in ("canceled", "unpaid", "incomplete", "incomplete_expired", "lapsed"):
        assert granted_plan(SubscriptionState("advanced", status), NOW) is FREE
    assert granted_plan(SubscriptionState("gold", "active"), NOW) is FREE


def test_best_plan_and_seats():
    subs = [SubscriptionState("pro", "active"), SubscriptionState("advanced", "canceled")]
    assert best_granted(subs, NOW) is PRO
    assert best_granted([], NOW) is FREE
    assert best_plan([PRO, ADVANCED, FREE]) is ADVANCED
    assert seat_holders(["a", "b", "c"], 2) == {"a", "b"}
    assert seat_holders(["a"], 0) == frozenset()
