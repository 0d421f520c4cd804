"""Import and export library files, the format of ``library_data/``:
``{"kind": ..., "description": ..., "items": [...]}``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.library.items import Owner, put_many, server_problems
from server.models.library import LibraryItem
from server.services.simulations import model_errors
from solver.library.schema import file_problems
from solver.model.problems import Problem, join


@dataclass
class Imported:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    items: list[LibraryItem] = field(default_factory=list)


def file_body_problems(data: Any) -> list[Problem]:
    """The solver's file problems, the server's per-item bounds, duplicate ids (every
    occurrence)."""
    problems = file_problems(data, "")
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        return problems
    ids = [item.get("id") if isinstance(item, dict) else None for item in data["items"]]
    for i, item in enumerate(data["items"]):
        path = join("items", i)
        problems += server_problems(item, path)
        if isinstance(ids[i], str) and ids.count(ids[i]) > 1:
            problems.append(Problem(join(path, "id"), f"duplicate id {ids[i]!r}"))
    return problems


def import_file(db: Session, owner: Owner, data: Any) -> Imported:
    """Create or update ``owner``'s items from a library file, all or nothing (422 naming
    every problem's path under ``body``). An imported item replaces the stored one of the
    same id whatever its version: importing is the bulk overwrite."""
    problems = file_body_problems(data)
    if problems:
        raise model_errors(problems, ["body"])
    slugs = [body["id"] for body in data["items"]]
    live = set(db.scalars(select(LibraryItem.slug).where(
        LibraryItem.owner_key == owner.key, LibraryItem.slug.in_(slugs),
        LibraryItem.deleted_at.is_(None))))
    result = Imported()
    for item, written in put_many(db, owner, [(data["kind"], b) for b in data["items"]]):
        if not written:
            result.unchanged += 1
        elif item.slug in live:
            result.updated += 1
        else:
            result.created += 1
        result.items.append(item)
    db.commit()
    return result


def export_file(db: Session, owner: Owner, kind: str) -> dict:
    """``owner``'s live items of ``kind`` as a library file (by id)."""
    bodies = db.scalars(select(LibraryItem.body).where(
        LibraryItem.owner_key == owner.key, LibraryItem.kind == kind,
        LibraryItem.deleted_at.is_(None)).order_by(LibraryItem.slug)).all()
    return {"kind": kind, "description": f"Exported from the ThermoCraft sync server "
            f"({owner.scope.value} library)", "items": list(bodies)}
