"""Pure entitlement rules: which plan a subscription grants, feature and limit checks."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from server.plans import (
    FEATURES,
    FREE,
    LIMITS,
    PLANS,
    Plan,
    lowest_plan_allowing,
    lowest_plan_with_feature,
    upgrade_phrase,
)

#: Stripe statuses under which a subscription grants its plan outright.
GRANTING_STATUSES = frozenset({"active", "trialing"})
#: Statuses that grant the plan only until ``grace_until``.
GRACE_STATUSES = frozenset({"past_due"})
#: Statuses after which Stripe never revives a subscription.
TERMINAL_STATUSES = frozenset({"canceled", "incomplete_expired"})


@dataclass(frozen=True)
class SubscriptionState:
    """What the rules need to know about one subscription."""

    plan_id: str
    status: str
    grace_until: datetime | None = None
    seats: int = 1


class PlanDenied(Exception):
    """A request the caller's plan does not allow; ``status_code`` is 402 or 403."""

    def __init__(self, status_code: int, message: str, needed: Plan | None) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.message = message
        self.needed = needed


def granted_plan(sub: SubscriptionState, now: datetime) -> Plan:
    """The plan ``sub`` grants at ``now`` (Free once lapsed or canceled)."""
    plan = PLANS.get(sub.plan_id, FREE)
    if sub.status in GRANTING_STATUSES:
        return plan
    if sub.status in GRACE_STATUSES and sub.grace_until is not None and now < sub.grace_until:
        return plan
    return FREE


def in_grace(sub: SubscriptionState, now: datetime) -> bool:
    """Whether ``sub`` is past due but still inside its grace period."""
    return sub.status in GRACE_STATUSES and sub.grace_until is not None and now < sub.grace_until


def seat_holders(member_ids: Sequence[str], seats: int) -> frozenset[str]:
    """The members holding a seat: the first ``seats`` in ``member_ids`` (join order)."""
    return frozenset(member_ids[: max(seats, 0)])


def check_feature(plan: Plan, feature: str, holder: str = "your plan") -> None:
    """Raise 403 PlanDenied if ``plan`` lacks ``feature``, naming the plan needed and
    whose plan was checked (``holder``)."""
    if plan.has(feature):
        return
    needed = lowest_plan_with_feature(feature)
    raise PlanDenied(
        403,
        f"{FEATURES[feature]} needs {upgrade_phrase(needed)} ({holder}: {plan.name})",
        needed,
    )


def check_limit(plan: Plan, name: str, requested: float, used: float = 0) -> None:
    """Raise 402 PlanDenied if ``used + requested`` exceeds the plan's limit ``name``."""
    if name not in LIMITS:
        raise KeyError(f"unknown limit {name!r}")
    limit = plan.limit(name)
    total = used + requested
    if limit is None or total <= limit:
        return
    needed = lowest_plan_allowing(name, total)
    used_note = f", {used:g} used this period" if used else ""
    raise PlanDenied(
        402,
        f"{total:g} {LIMITS[name]} needs {upgrade_phrase(needed)} "
        f"(the {plan.name} plan allows {limit:g}{used_note})",
        needed,
    )


def best_granted(subs: Iterable[SubscriptionState], now: datetime) -> Plan:
    """The best plan any of ``subs`` grants at ``now``."""
    return max((granted_plan(s, now) for s in subs), key=lambda p: p.rank, default=FREE)
