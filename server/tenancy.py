"""Tenant checks: an object owned by a user or an organization is visible to that user or
to the organization's members; anything else answers 404."""

from __future__ import annotations

import functools
import uuid
from typing import TypeVar

from sqlalchemy import ColumnElement, Select, bindparam, or_, select
from sqlalchemy.orm import Session

from server.errors import NotFound
from server.models import Membership, OwnedMixin, User

T = TypeVar("T", bound=OwnedMixin)


def visible_to(model: type[OwnedMixin], user: User) -> ColumnElement[bool]:
    """WHERE clause: rows of ``model`` owned by ``user`` or by one of their organizations."""
    return _visible(model, user.id)


def _visible(model: type[OwnedMixin], user_id) -> ColumnElement[bool]:
    """``visible_to`` for a user id (a value or a bound parameter)."""
    orgs = select(Membership.org_id).where(Membership.user_id == user_id)
    return or_(model.owner_user_id == user_id, model.owner_org_id.in_(orgs))


@functools.cache
def _owned_statement(model: type[OwnedMixin]) -> Select:
    """``model`` ``:obj_id`` if visible to user ``:user_id``, built once per model: building
    a statement costs a request more CPU than running it."""
    return select(model).where(model.id == bindparam("obj_id"),
                               _visible(model, bindparam("user_id")))


def get_owned_or_404(db: Session, model: type[T], obj_id: uuid.UUID, user: User) -> T:
    """The object if ``user`` may see it, else NotFound (never Forbidden)."""
    obj = db.scalar(_owned_statement(model), {"obj_id": obj_id, "user_id": user.id})
    if obj is None:
        raise NotFound()
    return obj
