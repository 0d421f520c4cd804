"""Library items: validation against the solver's schema, visibility, and versioned writes
(create, update with the expected version, delete leaving a tombstone)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from fastapi.encoders import jsonable_encoder
from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from server.errors import Conflict, Forbidden, NotFound, ServiceError
from server.library import sequence
from server.library.fields import columns
from server.models import Membership, User, utcnow
from server.models.library import LibraryItem, Scope
from server.schemas.library import ItemOut
from server.services.simulations import model_errors
from solver.library.schema import item_problems
from solver.model.problems import Problem, join

SLUG_MAX = 200


@dataclass(frozen=True)
class Owner:
    """Whose library a write goes to: built-in, one user's or one organization's."""

    scope: Scope
    user_id: uuid.UUID | None = None
    org_id: uuid.UUID | None = None

    @classmethod
    def of_user(cls, user: User) -> Owner:
        return cls(Scope.USER, user_id=user.id)

    @classmethod
    def of_org(cls, org_id: uuid.UUID) -> Owner:
        return cls(Scope.ORGANIZATION, org_id=org_id)

    @property
    def key(self) -> str:
        if self.scope is Scope.BUILTIN:
            return "builtin"
        return f"user:{self.user_id}" if self.scope is Scope.USER else f"org:{self.org_id}"


BUILTIN = Owner(Scope.BUILTIN)


class StaleVersion(ServiceError):
    """409: the item changed since the version the client holds; carries the current one."""

    status_code = 409

    def __init__(self, item: LibraryItem) -> None:
        super().__init__("stale version", {"ETag": etag(item)})
        self.detail = {"message": f"The item is at version {item.version}: merge your change "
                       f"into this one and retry with If-Match: \"{item.version}\"",
                       "current_version": item.version,
                       "current": jsonable_encoder(ItemOut.of(item))}


def etag(item: LibraryItem) -> str:
    return f'"{item.version}"'


def _control_chars(value: Any, path: str) -> list[Problem]:
    """NUL and other control characters anywhere in the body (PostgreSQL refuses NUL)."""
    if isinstance(value, str):
        bad = any((ord(c) < 32 and c not in "\t\n\r") or ord(c) == 127 for c in value)
        return [Problem(path, "must not contain control characters")] if bad else []
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _control_chars(v, join(path, str(k)))]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _control_chars(v, join(path, i))]
    return []


def server_problems(body: Any, path: str) -> list[Problem]:
    """The server's own bounds on an item: no control characters, an id of a bounded size."""
    problems = _control_chars(body, path)
    if isinstance(body, dict) and isinstance(body.get("id"), str) and (
            len(body["id"]) > SLUG_MAX):
        problems.append(Problem(join(path, "id"), f"at most {SLUG_MAX} characters"))
    return problems


def item_body_problems(kind: str, body: Any, path: str) -> list[Problem]:
    """The solver's schema problems of one item, plus the server's own bounds."""
    return item_problems(kind, body, path) + server_problems(body, path)


def validate(kind: str, body: Any, prefix: list) -> None:
    """422 naming every problem's path under ``prefix`` (e.g. ``["body", "item"]``)."""
    problems = item_body_problems(kind, body, "")
    if problems:
        raise model_errors(problems, prefix)


def visible(user: User) -> ColumnElement[bool]:
    """Live or deleted items ``user`` may read: built-ins, theirs, their organizations'."""
    orgs = select(Membership.org_id).where(Membership.user_id == user.id)
    return or_(LibraryItem.scope == Scope.BUILTIN, LibraryItem.owner_user_id == user.id,
               LibraryItem.owner_org_id.in_(orgs))


def get_visible(db: Session, user: User, item_id: uuid.UUID) -> LibraryItem:
    """A live item ``user`` may read, else 404."""
    item = db.scalar(select(LibraryItem).where(LibraryItem.id == item_id, visible(user),
                                               LibraryItem.deleted_at.is_(None)))
    if item is None:
        raise NotFound()
    return item


def get_owned(db: Session, user: User, owner: Owner, item_id: uuid.UUID) -> LibraryItem:
    """A live item of ``owner``'s library for writing; built-ins 403, anything else 404."""
    item = get_visible(db, user, item_id)
    if item.scope is Scope.BUILTIN and owner.scope is not Scope.BUILTIN:
        raise Forbidden("Built-in library items are read-only: copy one into your library "
                        "under a new id to change it")
    if item.owner_key != owner.key:
        raise NotFound()
    return item


def by_slug(db: Session, owner: Owner, slug: str) -> LibraryItem | None:
    """``owner``'s item (live or tombstone) with library id ``slug``."""
    return db.scalar(select(LibraryItem).where(LibraryItem.owner_key == owner.key,
                                               LibraryItem.slug == slug))


def _write(db: Session, item: LibraryItem, kind: str, body: dict,
           change_seq: int | None = None) -> None:
    """Store ``body`` and its derived columns under ``change_seq`` (default: the next)."""
    if change_seq is None:
        change_seq = sequence.next_value(db)  # first: its query would flush a half-set item
    for name, value in columns(kind, body).as_dict().items():
        setattr(item, name, value)
    item.kind, item.slug, item.body = kind, body["id"], body
    item.updated_at = utcnow()
    item.deleted_at = None
    item.change_seq = change_seq


def put_many(db: Session, owner: Owner, kind_bodies: list[tuple[str, dict]]
             ) -> list[tuple[LibraryItem, bool]]:
    """Create ``owner``'s items ``body["id"]`` or revive their tombstones; unchanged live
    items are left alone. Returns each item and whether it was written. No commit."""
    sequence.lock(db)
    stored = {i.slug: i for i in db.scalars(select(LibraryItem).where(
        LibraryItem.owner_key == owner.key,
        LibraryItem.slug.in_([body["id"] for _kind, body in kind_bodies])))}
    changed = [(kind, body) for kind, body in kind_bodies if not (
        body["id"] in stored and stored[body["id"]].deleted_at is None
        and stored[body["id"]].kind == kind and stored[body["id"]].body == body)]
    last = sequence.next_value(db, len(changed)) if changed else 0
    for seq, (kind, body) in enumerate(changed, start=last - len(changed) + 1):
        item = stored.get(body["id"])
        if item is None:
            item = stored[body["id"]] = LibraryItem(
                scope=owner.scope, owner_user_id=owner.user_id, owner_org_id=owner.org_id,
                owner_key=owner.key, version=0)
            db.add(item)
        item.version += 1
        _write(db, item, kind, body, seq)
    written = {body["id"] for _kind, body in changed}
    return [(stored[body["id"]], body["id"] in written) for _kind, body in kind_bodies]


def create(db: Session, owner: Owner, kind: str, body: dict) -> LibraryItem:
    """A new item (409 if ``owner`` already has a live one with that id)."""
    validate(kind, body, ["body", "item"])
    sequence.lock(db)
    existing = by_slug(db, owner, body["id"])
    if existing is not None and existing.deleted_at is None:
        raise Conflict(f"The library already has an item 'lib:{body['id']}' "
                       f"({existing.id}); update that one with If-Match")
    [(item, _written)] = put_many(db, owner, [(kind, body)])
    db.commit()
    return item


def _reload(db: Session, item: LibraryItem) -> None:
    """Read ``item`` again under the sequence lock: 404 if it was deleted meanwhile."""
    sequence.lock(db)
    db.refresh(item)
    if item.deleted_at is not None:
        raise NotFound()


def check_version(item: LibraryItem, expected: int) -> None:
    if item.version != expected:
        raise StaleVersion(item)


def update(db: Session, item: LibraryItem, expected: int, body: dict) -> None:
    """Replace the body if the client holds the current version (else 409 with it). The
    item's id is fixed: a new id is a new item."""
    validate(item.kind, body, ["body", "item"])
    if body["id"] != item.slug:
        raise model_errors([Problem("id", f"an item's id cannot change (it is {item.slug!r}):"
                                    " create a new item and delete this one")],
                           ["body", "item"])
    _reload(db, item)
    check_version(item, expected)
    item.version += 1
    _write(db, item, item.kind, body)
    db.commit()


def delete(db: Session, item: LibraryItem, expected: int | None) -> None:
    """Leave a tombstone (a new version) so syncing clients drop the item."""
    _reload(db, item)
    if expected is not None:
        check_version(item, expected)
    tombstone(db, item)
    db.commit()


def tombstone(db: Session, item: LibraryItem) -> None:
    change_seq = sequence.next_value(db)
    item.version += 1
    item.deleted_at = item.updated_at = utcnow()
    item.change_seq = change_seq
