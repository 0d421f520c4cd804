"""Searching the library a user sees: words in the text (a pg_trgm GIN index serves the
ILIKE on PostgreSQL; LIKE on SQLite), kind, category, numeric ranges, pages."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from server.library.items import visible
from server.models import User
from server.models.library import LibraryItem, Scope

#: query parameter prefix -> column (ranges are ``<prefix>_min`` / ``<prefix>_max``)
RANGES = {"theta_ja": LibraryItem.theta_ja, "size": LibraryItem.body_size,
          "height": LibraryItem.body_height, "power": LibraryItem.power,
          "conductivity": LibraryItem.conductivity}


@dataclass(frozen=True)
class Query:
    """What to look for; every given criterion must hold."""

    text: str = ""
    kind: str | None = None
    category: str | None = None
    scope: Scope | None = None
    org_id: uuid.UUID | None = None
    ranges: tuple[tuple[str, float | None, float | None], ...] = ()
    limit: int = 50
    offset: int = 0


def _escape(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _filtered(db: Session, user: User, query: Query) -> Select:
    stmt = select(LibraryItem).where(visible(user), LibraryItem.deleted_at.is_(None))
    for word in query.text.lower().split():
        pattern = f"%{_escape(word)}%"
        stmt = stmt.where(LibraryItem.search_text.like(pattern, escape="\\")
                          if db.bind.dialect.name == "sqlite" else
                          LibraryItem.search_text.ilike(pattern, escape="\\"))
    if query.kind:
        stmt = stmt.where(LibraryItem.kind == query.kind)
    if query.category:
        stmt = stmt.where(func.lower(LibraryItem.category) == query.category.lower())
    if query.scope:
        stmt = stmt.where(LibraryItem.scope == query.scope)
    if query.org_id:
        stmt = stmt.where(LibraryItem.owner_org_id == query.org_id)
    for name, lo, hi in query.ranges:
        column = RANGES[name]
        if lo is not None:
            stmt = stmt.where(column >= lo)
        if hi is not None:
            stmt = stmt.where(column <= hi)
    return stmt


def search(db: Session, user: User, query: Query) -> tuple[list[LibraryItem], int]:
    """One page of matches and the number of matches in all pages. With text on
    PostgreSQL the closest trigram matches come first; otherwise by library id."""
    stmt = _filtered(db, user, query)
    total = db.scalar(select(func.count()).select_from(stmt.subquery()))
    order = [LibraryItem.slug, LibraryItem.id]
    if query.text.strip() and db.bind.dialect.name == "postgresql":
        order.insert(0, func.similarity(LibraryItem.search_text, query.text.lower()).desc())
    page = db.scalars(stmt.order_by(*order).limit(query.limit).offset(query.offset)).all()
    return list(page), total
