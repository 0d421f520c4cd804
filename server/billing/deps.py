"""FastAPI dependencies: the clock, the Stripe gateway, and plan enforcement.

``require_feature("remote_solve")`` answers 403 naming the plan needed;
``require_within_limit("remote_solve_minutes", amount)`` answers 402.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Request

from server.billing.entitlements import PlanSource, org_plan, user_plan
from server.billing.gateway import BillingUnavailable, StripeGateway
from server.billing.rules import PlanDenied, check_feature, check_limit
from server.billing.usage import Owner, metered_usage
from server.deps import (
    ALL_SCOPES,
    DB,
    Credentials,
    CurrentUser,
    Principal,
    SettingsDep,
    check_scope,
    current_principal,
)
from server.errors import Forbidden, PaymentRequired, ServiceUnavailable
from server.models import utcnow
from server.plans import FEATURES, LIMITS, METERED_LIMITS


async def get_now() -> datetime:
    """The current UTC time (tests override this dependency to move the clock)."""
    return utcnow()


NowDep = Annotated[datetime, Depends(get_now)]


def get_gateway(request: Request, settings: SettingsDep) -> StripeGateway:
    """The app's Stripe gateway (built once from settings)."""
    gateway = getattr(request.app.state, "stripe_gateway", None)
    if gateway is None:
        try:
            gateway = StripeGateway(settings.stripe_secret_key, settings.stripe_api_base)
        except BillingUnavailable as exc:
            raise ServiceUnavailable(str(exc)) from exc
        request.app.state.stripe_gateway = gateway
    return gateway


GatewayDep = Annotated[StripeGateway, Depends(get_gateway)]


def raise_denied(denied: PlanDenied) -> None:
    """Turn a rule's denial into the service error the app answers with."""
    error = PaymentRequired if denied.status_code == 402 else Forbidden
    raise error(denied.message) from None


def current_plan(db: DB, user: CurrentUser, now: NowDep) -> PlanSource:
    """The caller's plan and where it comes from."""
    return user_plan(db, user.id, now)


PlanDep = Annotated[PlanSource, Depends(current_plan)]


def require_feature(feature: str) -> Callable[..., PlanSource]:
    """Dependency: the caller's plan includes ``feature``, else 403 naming the plan needed."""
    if feature not in FEATURES:
        raise ValueError(f"unknown feature {feature!r}")

    async def dependency(source: PlanDep) -> PlanSource:
        try:
            check_feature(source.plan, feature)
        except PlanDenied as denied:
            raise_denied(denied)
        return source

    return dependency


@dataclass(frozen=True)
class Entitled:
    """A caller holding a scope whose plan includes a feature, and where the plan comes
    from."""

    principal: Principal
    source: PlanSource


def require_entitled(scope: str, feature: str) -> Callable[..., Entitled]:
    """Dependency: ``require_feature(feature)`` then ``require_scope(scope)`` (the same
    answers in the same order: 401, the plan's 403, the scope's 403) in one hand-over to
    the thread pool instead of two, for the hot remote-solve routes."""
    if feature not in FEATURES or scope not in ALL_SCOPES:
        raise ValueError(f"unknown feature {feature!r} or scope {scope!r}")

    def dependency(request: Request, db: DB, settings: SettingsDep,
                   credentials: Credentials, now: NowDep) -> Entitled:
        principal = current_principal(request, db, settings, credentials)
        source = user_plan(db, principal.user.id, now)
        try:
            check_feature(source.plan, feature)
        except PlanDenied as denied:
            raise_denied(denied)
        check_scope(principal, scope)
        return Entitled(principal, source)

    return dependency


def require_org_feature(db, org_id, feature: str, now: datetime) -> PlanSource:
    """The organization's own plan includes ``feature``, else 403 naming the plan needed.

    For team features (team libraries): what a team may do is its subscription's, not a
    member's personal plan or a seat in another organization."""
    source = org_plan(db, org_id, now)
    try:
        check_feature(source.plan, feature, holder="the organization's plan")
    except PlanDenied as denied:
        raise_denied(denied)
    return source


def require_within_limit(
    limit: str, amount: float | Callable[[Request], float] = 0
) -> Callable[..., PlanSource]:
    """Dependency: using ``amount`` more of ``limit`` stays within the plan, else 402.

    Metered limits (solve minutes, storage) add this period's usage; ``amount`` may be a
    function of the request (e.g. a query parameter).
    """
    if limit not in LIMITS:
        raise ValueError(f"unknown limit {limit!r}")

    def dependency(request: Request, db: DB, user: CurrentUser, now: NowDep,
                   source: PlanDep) -> PlanSource:
        requested = amount(request) if callable(amount) else amount
        used = metered_usage(db, Owner(user_id=user.id), now)[limit] if (
            limit in METERED_LIMITS) else 0
        enforce_limit(source, limit, requested, used)
        return source

    return dependency


def enforce_limit(source: PlanSource, limit: str, requested: float, used: float = 0) -> None:
    """For services: raise the 402 error if ``requested`` more exceeds the plan's limit."""
    try:
        check_limit(source.plan, limit, requested, used)
    except PlanDenied as denied:
        raise_denied(denied)
