"""The library's change sequence: every write takes the next number under a row lock held
until its commit, so a reader never sees number n+1 committed before n (the sync cursor
relies on it). On SQLite writers are serialized anyway."""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from server.models.library import LibraryItem, LibrarySequence

_ROW = 1


def next_value(db: Session, count: int = 1) -> int:
    """The next change number, or the last of the next ``count`` (locks the sequence row
    until the transaction ends)."""
    value = db.scalar(update(LibrarySequence).where(LibrarySequence.id == _ROW)
                      .values(value=LibrarySequence.value + count)
                      .returning(LibrarySequence.value))
    if value is None:  # a fresh (or emptied) database: start after the newest item
        start = db.scalar(select(func.coalesce(func.max(LibraryItem.change_seq), 0)))
        db.add(LibrarySequence(id=_ROW, value=start + count))
        db.flush()
        value = start + count
    return value


def lock(db: Session) -> None:
    """Take the sequence row's lock now (e.g. before reading what a write depends on)."""
    if db.scalar(select(LibrarySequence.value).where(LibrarySequence.id == _ROW)
                 .with_for_update()) is None:
        next_value(db)


def current_value(db: Session) -> int:
    """The last change number handed out (0 before any write)."""
    return db.scalar(select(LibrarySequence.value).where(LibrarySequence.id == _ROW)) or 0
