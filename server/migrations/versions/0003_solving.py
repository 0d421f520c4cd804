"""Remote solving: simulations (jobs), parametric sweeps, uploaded attachments.

Revision ID: 0003_solving
Revises: 0002_billing
Create Date: 2026-12-01 21:22:22.205712
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_solving"
down_revision: str | None = "0002_billing"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "attachments",
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("owner_user_id", sa.Uuid(), nullable=True),
        sa.Column("owner_org_id", sa.Uuid(), nullable=True),
        sa.CheckConstraint(
            "(owner_user_id IS NULL) <> (owner_org_id IS NULL)",
            name=op.f("ck_attachments_one_owner"),
        ),
        sa.ForeignKeyConstraint(
            ["owner_org_id"],
            ["organizations.id"],
            name=op.f("fk_attachments_owner_org_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["owner_user_id"],
            ["users.id"],
            name=op.f("fk_attachments_owner_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachments")),
        sa.UniqueConstraint("owner_user_id", "name", name="uq_attachments_owner_user_name"),
    )
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_attachments_owner_org_id"), ["owner_org_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_attachments_owner_user_id"), ["owner_user_id"], unique=False
        )

    op.create_table(
        "sweeps",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("parameters", sa.JSON(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("owner_user_id", sa.Uuid(), nullable=True),
        sa.Column("owner_org_id", sa.Uuid(), nullable=True),
        sa.CheckConstraint(
            "(owner_user_id IS NULL) <> (owner_org_id IS NULL)", name=op.f("ck_sweeps_one_owner")
        ),
        sa.ForeignKeyConstraint(
            ["owner_org_id"],
            ["organizations.id"],
            name=op.f("fk_sweeps_owner_org_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["owner_user_id"],
            ["users.id"],
            name=op.f("fk_sweeps_owner_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sweeps")),
    )
    with op.batch_alter_table("sweeps", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sweeps_owner_org_id"), ["owner_org_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_sweeps_owner_user_id"), ["owner_user_id"], unique=False
        )

    op.create_table(
        "simulations",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("analysis", sa.String(length=16), nullable=False),
        sa.Column("model_json", sa.Text(), nullable=False),
        sa.Column("attachments", sa.JSON(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "queued",
                "running",
                "succeeded",
                "failed",
                "cancelled",
                name="job_status",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("cancel_requested", sa.Boolean(), nullable=False),
        sa.Column("progress", sa.JSON(), nullable=False),
        sa.Column("failure_reason", sa.Text(), nullable=True),
        sa.Column("summary", sa.JSON(), nullable=True),
        sa.Column("results", sa.JSON(), nullable=False),
        sa.Column("limits", sa.JSON(), nullable=False),
        sa.Column("worker", sa.String(length=255), nullable=True),
        sa.Column("job_key", sa.String(length=100), nullable=True),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("queued_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("solve_seconds", sa.Double(), nullable=False),
        sa.Column("sweep_id", sa.Uuid(), nullable=True),
        sa.Column("case_index", sa.Integer(), nullable=True),
        sa.Column("case_parameters", sa.JSON(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("owner_user_id", sa.Uuid(), nullable=True),
        sa.Column("owner_org_id", sa.Uuid(), nullable=True),
        sa.CheckConstraint(
            "(owner_user_id IS NULL) <> (owner_org_id IS NULL)",
            name=op.f("ck_simulations_one_owner"),
        ),
        sa.ForeignKeyConstraint(
            ["owner_org_id"],
            ["organizations.id"],
            name=op.f("fk_simulations_owner_org_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["owner_user_id"],
            ["users.id"],
            name=op.f("fk_simulations_owner_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["sweep_id"],
            ["sweeps.id"],
            name=op.f("fk_simulations_sweep_id_sweeps"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_simulations")),
    )
    with op.batch_alter_table("simulations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_simulations_owner_org_id"), ["owner_org_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_simulations_owner_user_id"), ["owner_user_id"], unique=False
        )
        batch_op.create_index(
            "ix_simulations_status_created", ["status", "created_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_simulations_sweep_id"), ["sweep_id"], unique=False)



def downgrade() -> None:
    with op.batch_alter_table("simulations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_simulations_sweep_id"))
        batch_op.drop_index("ix_simulations_status_created")
        batch_op.drop_index(batch_op.f("ix_simulations_owner_user_id"))
        batch_op.drop_index(batch_op.f("ix_simulations_owner_org_id"))

    op.drop_table("simulations")
    with op.batch_alter_table("sweeps", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sweeps_owner_user_id"))
        batch_op.drop_index(batch_op.f("ix_sweeps_owner_org_id"))

    op.drop_table("sweeps")
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attachments_owner_user_id"))
        batch_op.drop_index(batch_op.f("ix_attachments_owner_org_id"))

    op.drop_table("attachments")
