"""Request and response bodies of the billing, entitlements and usage routes."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from server.plans import FEATURES, LIMITS, PLANS

PurchasablePlan = Literal[tuple(p.id for p in PLANS.values() if p.purchasable)]  # type: ignore[valid-type]


class PlanRef(BaseModel):
    id: str
    name: str


class PlanSourceOut(BaseModel):
    kind: Literal["free", "personal", "organization"]
    org_id: uuid.UUID | None
    subscription_status: str | None
    grace_until: datetime | None = Field(description="Set while a failed payment is in grace")
    cancel_at_period_end: bool
    current_period_end: datetime | None


class UsageNow(BaseModel):
    period: str = Field(examples=["2026-11"])
    remote_solve_minutes: float
    storage_bytes: float


class EntitlementsOut(BaseModel):
    user_id: uuid.UUID
    plan: PlanRef
    source: PlanSourceOut
    features: dict[str, bool] = Field(description=f"Keys: {', '.join(FEATURES)}")
    limits: dict[str, int | None] = Field(
        description=f"Keys: {', '.join(LIMITS)}; null means unlimited"
    )
    usage: UsageNow
    issued_at: datetime
    expires_at: datetime = Field(
        description="Trust these entitlements offline until then; refresh before"
    )
    signed: str = Field(description="The same document as a compact JWS (EdDSA, claim "
                        "`ent`), verifiable offline with `GET /entitlements/public-key`")


class PublicJwk(BaseModel):
    kty: str
    crv: str
    x: str
    kid: str
    alg: str
    use: str


class PublicKeyOut(BaseModel):
    alg: str = Field(examples=["EdDSA"])
    kid: str
    pem: str = Field(description="SubjectPublicKeyInfo PEM of the Ed25519 key")
    jwk: PublicJwk


class UsageSummaryOut(BaseModel):
    period: str = Field(examples=["2026-11"])
    start: datetime
    end: datetime
    solve_minutes: float = Field(description="Remote-solve minutes used in the period")
    storage_bytes: int = Field(description="Storage held at the end of the period (so far)")
    storage_bytes_change: int = Field(description="Net storage added during the period")
    records: int


class PlanOut(BaseModel):
    id: str
    name: str
    monthly_price_cents: int
    per_seat: bool
    purchasable: bool
    features: list[str]
    limits: dict[str, int | None]


class CheckoutIn(BaseModel):
    plan: PurchasablePlan  # type: ignore[valid-type]
    org_id: uuid.UUID | None = Field(
        None, description="Buy for this organization (owner/admin only; per-seat plans)"
    )
    seats: int | None = Field(
        None, ge=1, le=10000, description="Seats of a per-seat plan (default: member count)"
    )


class PortalIn(BaseModel):
    org_id: uuid.UUID | None = Field(None, description="The organization's billing portal")


class RedirectOut(BaseModel):
    id: str
    url: str = Field(description="Send the browser here (Stripe-hosted page)")


class WebhookOut(BaseModel):
    received: bool
    outcome: str
