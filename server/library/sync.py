"""Incremental sync for offline caches: everything a user sees that changed after a cursor,
deletions included.

A cursor is ``<change number>.<digest of the user's organizations>``: all changes up to
that number were delivered. When the organizations differ (joined or left a team) or the
number is from the future (a restored database), the answer is a full listing with
``reset`` set, which the client applies to an emptied cache.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.errors import BadRequest
from server.library import sequence
from server.library.items import visible
from server.models import Membership, User
from server.models.library import LibraryItem

CURSOR = re.compile(r"^([0-9]{1,18})\.([0-9a-f]{16})$")


@dataclass(frozen=True)
class Changes:
    items: list[LibraryItem]
    next_cursor: str
    has_more: bool
    reset: bool


def _orgs_digest(db: Session, user: User) -> str:
    orgs = sorted(str(o) for o in db.scalars(
        select(Membership.org_id).where(Membership.user_id == user.id)))
    return hashlib.sha256(",".join(orgs).encode()).hexdigest()[:16]


def _parse(cursor: str) -> tuple[int, str]:
    match = CURSOR.match(cursor)
    if match is None:
        raise BadRequest("cursor: not a cursor this server gave (leave it out for a full "
                         "listing)")
    return int(match[1]), match[2]


def changes(db: Session, user: User, cursor: str | None, limit: int) -> Changes:
    """Up to ``limit`` changes after ``cursor`` (None: everything), oldest first."""
    newest = sequence.current_value(db)  # read first: every change up to it is committed
    digest = _orgs_digest(db, user)
    after, reset = 0, True
    if cursor:
        after, cursor_digest = _parse(cursor)
        reset = cursor_digest != digest or after > newest
        after = 0 if reset else after
    stmt = select(LibraryItem).where(visible(user), LibraryItem.change_seq > after,
                                     LibraryItem.change_seq <= newest)
    if reset:
        stmt = stmt.where(LibraryItem.deleted_at.is_(None))
    rows = list(db.scalars(stmt.order_by(LibraryItem.change_seq).limit(limit + 1)))
    has_more = len(rows) > limit
    rows = rows[:limit]
    last = rows[-1].change_seq if has_more else newest
    return Changes(rows, f"{last}.{digest}", has_more, reset)
