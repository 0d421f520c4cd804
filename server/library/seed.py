"""Built-in items: ``library_data/`` mirrored into the database at every start-up (so an
upgrade that ships new data updates it). Idempotent: unchanged items are left alone, a
changed one gets a new version, one no longer shipped becomes a tombstone."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.library import sequence
from server.library.items import BUILTIN, put_many, tombstone
from server.models.library import LibraryItem, Scope
from solver.library import BUILTIN as LIBRARY_DATA
from solver.library import Library

log = logging.getLogger("thermocraft.library")


@dataclass(frozen=True)
class Seeded:
    written: int
    removed: int
    total: int


def seed_builtins(db: Session, folder: Path = LIBRARY_DATA) -> Seeded:
    """Mirror ``folder``'s items as the built-in library; files with problems are skipped
    (and logged), as the solver skips them."""
    library = Library([folder])
    for problem in library.problems:
        log.warning("built-in library: %s (file skipped)", problem)
    sequence.lock(db)  # one seeding process at a time (several workers start together)
    results = put_many(db, BUILTIN, [(i.kind, i.data) for i in library.items.values()])
    written = sum(w for _item, w in results)
    gone = db.scalars(select(LibraryItem).where(
        LibraryItem.scope == Scope.BUILTIN, LibraryItem.deleted_at.is_(None),
        LibraryItem.slug.not_in(list(library.items)))).all()
    for item in gone:
        tombstone(db, item)
    db.commit()
    return Seeded(written, len(gone), len(library.items))
