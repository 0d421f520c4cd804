"""Usage summaries per calendar month, for the caller and for an organization."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from server.billing.deps import NowDep
from server.billing.schemas import UsageSummaryOut
from server.billing.usage import PERIOD_PATTERN, Owner, period_of, usage_summary
from server.deps import DB, CurrentUser, org_member
from server.models import Membership

router = APIRouter(tags=["plans"])

Period = Annotated[
    str | None,
    Query(pattern=PERIOD_PATTERN, description="Calendar month YYYY-MM (default: this month)",
          examples=["2026-11"]),
]


@router.get("/me/usage", summary="The caller's usage in a month", response_model=UsageSummaryOut)
def my_usage(db: DB, user: CurrentUser, now: NowDep, period: Period = None) -> dict:
    """Remote-solve minutes used in ``period`` and storage held at its end."""
    return usage_summary(db, Owner(user_id=user.id), period or period_of(now))


@router.get(
    "/orgs/{org_id}/usage",
    summary="An organization's usage in a month",
    response_model=UsageSummaryOut,
)
def org_usage(
    db: DB,
    now: NowDep,
    membership: Annotated[Membership, Depends(org_member())],
    period: Period = None,
) -> dict:
    """Usage recorded against the organization itself (members only; others get 404)."""
    return usage_summary(db, Owner(org_id=membership.org_id), period or period_of(now))
