"""The shared component library: built-in, personal and organization items.

An item's ``body`` is one library item in the solver's format (``solver.library.schema``);
the search columns are extracted from it at every write. Deletions leave a tombstone
(``deleted_at``) so offline caches learn of them; ``change_seq`` orders every write for the
sync cursor (see ``server.library.sequence``).
"""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Double,
    Enum,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from server.models.base import Base, IdMixin, utcnow


class Scope(enum.StrEnum):
    BUILTIN = "builtin"
    USER = "user"
    ORGANIZATION = "organization"


SCOPE_TYPE = Enum(Scope, name="library_scope", native_enum=False, length=16,
                  values_callable=lambda e: [m.value for m in e])

_OWNER_MATCHES_SCOPE = (
    "(scope = 'builtin' AND owner_user_id IS NULL AND owner_org_id IS NULL)"
    " OR (scope = 'user' AND owner_user_id IS NOT NULL AND owner_org_id IS NULL)"
    " OR (scope = 'organization' AND owner_org_id IS NOT NULL AND owner_user_id IS NULL)")


class LibraryItem(IdMixin, Base):
    """One library item of one owner; ``slug`` is the item's library id (``lib:SLUG``)."""

    __tablename__ = "library_items"
    __table_args__ = (
        CheckConstraint(_OWNER_MATCHES_SCOPE, name="owner_matches_scope"),
        UniqueConstraint("owner_key", "slug", name="uq_library_items_owner_key_slug"),
        Index("ix_library_items_search_trgm", "search_text", postgresql_using="gin",
              postgresql_ops={"search_text": "gin_trgm_ops"}),
        Index("ix_library_items_kind_category", "kind", "category"),
    )

    scope: Mapped[Scope] = mapped_column(SCOPE_TYPE)
    owner_user_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True)
    owner_org_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    owner_key: Mapped[str] = mapped_column(String(48))  # "builtin", "user:<id>", "org:<id>"
    slug: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))
    category: Mapped[str | None] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(300), default="")
    body: Mapped[dict] = mapped_column(JSON)
    search_text: Mapped[str] = mapped_column(Text, default="")
    theta_ja: Mapped[float | None] = mapped_column(Double, index=True)  # K/W
    body_size: Mapped[float | None] = mapped_column(Double, index=True)  # m, larger side
    body_height: Mapped[float | None] = mapped_column(Double)  # m
    power: Mapped[float | None] = mapped_column(Double, index=True)  # W
    conductivity: Mapped[float | None] = mapped_column(Double, index=True)  # W/(m K)
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    deleted_at: Mapped[datetime | None]
    change_seq: Mapped[int] = mapped_column(BigInteger, index=True)


class LibrarySequence(Base):
    """One row: the last ``change_seq`` handed out (locked by each write, so sequence
    numbers become visible in order)."""

    __tablename__ = "library_sequence"

    id: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)
