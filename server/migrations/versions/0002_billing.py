"""Billing: Stripe customers, subscriptions, processed webhook events, usage records.

Revision ID: 0002_billing
Revises: 0001_accounts
Create Date: 2026-11-26 01:39:00.694300
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_billing"
down_revision: str | None = "0001_accounts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "stripe_events",
        sa.Column("id", sa.String(length=255), nullable=False),
        sa.Column("type", sa.String(length=100), nullable=False),
        sa.Column("created", sa.BigInteger(), nullable=False),
        sa.Column("outcome", sa.String(length=64), nullable=False),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stripe_events")),
    )
    op.create_table(
        "billing_customers",
        sa.Column("stripe_customer_id", sa.String(length=255), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("owner_user_id", sa.Uuid(), nullable=True),
        sa.Column("owner_org_id", sa.Uuid(), nullable=True),
        sa.CheckConstraint(
            "(owner_user_id IS NULL) <> (owner_org_id IS NULL)",
            name=op.f("ck_billing_customers_one_owner"),
        ),
        sa.ForeignKeyConstraint(
            ["owner_org_id"],
            ["organizations.id"],
            name=op.f("fk_billing_customers_owner_org_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["owner_user_id"],
            ["users.id"],
            name=op.f("fk_billing_customers_owner_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_billing_customers")),
        sa.UniqueConstraint("owner_org_id", name="uq_billing_customers_owner_org_id"),
        sa.UniqueConstraint("owner_user_id", name="uq_billing_customers_owner_user_id"),
        sa.UniqueConstraint(
            "stripe_customer_id", name=op.f("uq_billing_customers_stripe_customer_id")
        ),
    )
    with op.batch_alter_table("billing_customers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_billing_customers_owner_org_id"), ["owner_org_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_billing_customers_owner_user_id"), ["owner_user_id"], unique=False
        )

    op.create_table(
        "subscriptions",
        sa.Column("stripe_subscription_id", sa.String(length=255), nullable=False),
        sa.Column("stripe_customer_id", sa.String(length=255), nullable=False),
        sa.Column("plan_id", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("seats", sa.Integer(), nullable=False),
        sa.Column("current_period_end", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancel_at_period_end", sa.Boolean(), nullable=False),
        sa.Column("grace_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("state_at", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("owner_user_id", sa.Uuid(), nullable=True),
        sa.Column("owner_org_id", sa.Uuid(), nullable=True),
        sa.CheckConstraint(
            "(owner_user_id IS NULL) <> (owner_org_id IS NULL)",
            name=op.f("ck_subscriptions_one_owner"),
        ),
        sa.ForeignKeyConstraint(
            ["owner_org_id"],
            ["organizations.id"],
            name=op.f("fk_subscriptions_owner_org_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["owner_user_id"],
            ["users.id"],
            name=op.f("fk_subscriptions_owner_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subscriptions")),
        sa.UniqueConstraint(
            "stripe_subscription_id", name=op.f("uq_subscriptions_stripe_subscription_id")
        ),
    )
    with op.batch_alter_table("subscriptions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_subscriptions_owner_org_id"), ["owner_org_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_subscriptions_owner_user_id"), ["owner_user_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_subscriptions_stripe_customer_id"), ["stripe_customer_id"], unique=False
        )

    op.create_table(
        "usage_records",
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("amount", sa.Double(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("owner_user_id", sa.Uuid(), nullable=True),
        sa.Column("owner_org_id", sa.Uuid(), nullable=True),
        sa.CheckConstraint(
            "(owner_user_id IS NULL) <> (owner_org_id IS NULL)",
            name=op.f("ck_usage_records_one_owner"),
        ),
        sa.ForeignKeyConstraint(
            ["owner_org_id"],
            ["organizations.id"],
            name=op.f("fk_usage_records_owner_org_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["owner_user_id"],
            ["users.id"],
            name=op.f("fk_usage_records_owner_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_usage_records")),
    )
    with op.batch_alter_table("usage_records", schema=None) as batch_op:
        batch_op.create_index(
            "ix_usage_records_org_kind_time", ["owner_org_id", "kind", "created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_usage_records_owner_org_id"), ["owner_org_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_usage_records_owner_user_id"), ["owner_user_id"], unique=False
        )
        batch_op.create_index(
            "ix_usage_records_user_kind_time", ["owner_user_id", "kind", "created_at"], unique=False
        )



def downgrade() -> None:
    with op.batch_alter_table("usage_records", schema=None) as batch_op:
        batch_op.drop_index("ix_usage_records_user_kind_time")
        batch_op.drop_index(batch_op.f("ix_usage_records_owner_user_id"))
        batch_op.drop_index(batch_op.f("ix_usage_records_owner_org_id"))
        batch_op.drop_index("ix_usage_records_org_kind_time")

    op.drop_table("usage_records")
    with op.batch_alter_table("subscriptions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_subscriptions_stripe_customer_id"))
        batch_op.drop_index(batch_op.f("ix_subscriptions_owner_user_id"))
        batch_op.drop_index(batch_op.f("ix_subscriptions_owner_org_id"))

    op.drop_table("subscriptions")
    with op.batch_alter_table("billing_customers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_billing_customers_owner_user_id"))
        batch_op.drop_index(batch_op.f("ix_billing_customers_owner_org_id"))

    op.drop_table("billing_customers")
    op.drop_table("stripe_events")
