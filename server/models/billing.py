"""Billing models: Stripe customers, subscriptions, processed webhook events, usage records."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, Double, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.models.base import Base, IdMixin, OwnedMixin, utcnow

_ONE_OWNER = "(owner_user_id IS NULL) <> (owner_org_id IS NULL)"


class BillingCustomer(IdMixin, OwnedMixin, Base):
    """The Stripe customer of one user or one organization."""

    __tablename__ = "billing_customers"
    __table_args__ = (
        CheckConstraint(_ONE_OWNER, name="one_owner"),
        UniqueConstraint("owner_user_id", name="uq_billing_customers_owner_user_id"),
        UniqueConstraint("owner_org_id", name="uq_billing_customers_owner_org_id"),
    )

    stripe_customer_id: Mapped[str] = mapped_column(String(255), unique=True)


class Subscription(IdMixin, OwnedMixin, Base):
    """Our copy of a Stripe subscription; ``state_at`` is the Stripe time of that copy."""

    __tablename__ = "subscriptions"
    __table_args__ = (CheckConstraint(_ONE_OWNER, name="one_owner"),)

    stripe_subscription_id: Mapped[str] = mapped_column(String(255), unique=True)
    stripe_customer_id: Mapped[str] = mapped_column(String(255), index=True)
    plan_id: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(32))
    seats: Mapped[int] = mapped_column(default=1)
    current_period_end: Mapped[datetime | None]
    cancel_at_period_end: Mapped[bool] = mapped_column(default=False)
    grace_until: Mapped[datetime | None]
    state_at: Mapped[int] = mapped_column(BigInteger, default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class StripeEvent(Base):
    """A webhook event already processed (idempotency by Stripe event id)."""

    __tablename__ = "stripe_events"

    id: Mapped[str] = mapped_column(String(255), primary_key=True)
    type: Mapped[str] = mapped_column(String(100))
    created: Mapped[int] = mapped_column(BigInteger)
    outcome: Mapped[str] = mapped_column(String(64))
    processed_at: Mapped[datetime] = mapped_column(default=utcnow)


class UsageRecord(IdMixin, OwnedMixin, Base):
    """An amount of a metered kind (solve minutes, storage bytes delta) used by an owner."""

    __tablename__ = "usage_records"
    __table_args__ = (
        CheckConstraint(_ONE_OWNER, name="one_owner"),
        Index("ix_usage_records_user_kind_time", "owner_user_id", "kind", "created_at"),
        Index("ix_usage_records_org_kind_time", "owner_org_id", "kind", "created_at"),
    )

    kind: Mapped[str] = mapped_column(String(32))
    amount: Mapped[float] = mapped_column(Double)
