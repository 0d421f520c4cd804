"""The shared component library: items (built-in, personal, organization) and the change
sequence the sync cursor counts; on PostgreSQL a pg_trgm GIN index serves text search.

Revision ID: 0004_library
Revises: 0003_solving
Create Date: 2026-12-02 00:37:09.534348
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_library"
down_revision: str | None = "0003_solving"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OWNER_MATCHES_SCOPE = (
    "(scope = 'builtin' AND owner_user_id IS NULL AND owner_org_id IS NULL)"
    " OR (scope = 'user' AND owner_user_id IS NOT NULL AND owner_org_id IS NULL)"
    " OR (scope = 'organization' AND owner_org_id IS NOT NULL AND owner_user_id IS NULL)")
_PLAIN_INDEXES = ("body_size", "change_seq", "conductivity", "owner_org_id", "owner_user_id",
                  "power", "theta_ja")


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        # trusted since PostgreSQL 13: the database owner may create it
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.create_table(
        "library_sequence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_library_sequence")),
    )
    op.execute("INSERT INTO library_sequence (id, value) VALUES (1, 0)")
    op.create_table(
        "library_items",
        sa.Column("scope", sa.Enum("builtin", "user", "organization", name="library_scope",
                                   native_enum=False, length=16), nullable=False),
        sa.Column("owner_user_id", sa.Uuid(), nullable=True),
        sa.Column("owner_org_id", sa.Uuid(), nullable=True),
        sa.Column("owner_key", sa.String(length=48), nullable=False),
        sa.Column("slug", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("category", sa.String(length=64), nullable=True),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("theta_ja", sa.Double(), nullable=True),
        sa.Column("body_size", sa.Double(), nullable=True),
        sa.Column("body_height", sa.Double(), nullable=True),
        sa.Column("power", sa.Double(), nullable=True),
        sa.Column("conductivity", sa.Double(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("change_seq", sa.BigInteger(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(_OWNER_MATCHES_SCOPE,
                           name=op.f("ck_library_items_owner_matches_scope")),
        sa.ForeignKeyConstraint(["owner_org_id"], ["organizations.id"],
                                name=op.f("fk_library_items_owner_org_id_organizations"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["owner_user_id"], ["users.id"],
                                name=op.f("fk_library_items_owner_user_id_users"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_library_items")),
        sa.UniqueConstraint("owner_key", "slug", name="uq_library_items_owner_key_slug"),
    )
    with op.batch_alter_table("library_items", schema=None) as batch_op:
        for column in _PLAIN_INDEXES:
            batch_op.create_index(batch_op.f(f"ix_library_items_{column}"), [column])
        batch_op.create_index("ix_library_items_kind_category", ["kind", "category"])
        # GIN trigram on PostgreSQL (serves ILIKE '%word%'); a plain index elsewhere
        batch_op.create_index("ix_library_items_search_trgm", ["search_text"],
                              postgresql_using="gin",
                              postgresql_ops={"search_text": "gin_trgm_ops"})


def downgrade() -> None:
    with op.batch_alter_table("library_items", schema=None) as batch_op:
        batch_op.drop_index("ix_library_items_search_trgm")
        batch_op.drop_index("ix_library_items_kind_category")
        for column in _PLAIN_INDEXES:
            batch_op.drop_index(batch_op.f(f"ix_library_items_{column}"))
    op.drop_table("library_items")
    op.drop_table("library_sequence")
    # pg_trgm stays installed: other objects of the database may use it
