"""Personal API tokens for the workbench: random, shown once, stored as sha256, scoped.

Only accounts with a confirmed e-mail address hold tokens: an unverified account may belong
to someone squatting the address, and a token must not outlive the real owner's claim."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from server.errors import Forbidden, NotFound, Unauthorized
from server.models import ApiToken, User, utcnow
from server.security.tokens import API_TOKEN_PREFIX, random_token, sha256_hex

LAST_USED_RESOLUTION = timedelta(seconds=60)
# built once (building a statement costs a request more CPU than running it)
_TOKEN_AND_USER = (select(ApiToken, User).join(User, User.id == ApiToken.user_id)
                   .where(ApiToken.token_hash == bindparam("token_hash")))


def create(db: Session, user: User, name: str, scopes: list[str],
           expires_in_days: int | None) -> tuple[ApiToken, str]:
    """The stored token and its secret value (returned to the user once, never again).
    403 until the account's e-mail address is confirmed."""
    if not user.email_verified:
        raise Forbidden("Confirm your e-mail address before creating API tokens")
    raw = random_token(API_TOKEN_PREFIX)
    token = ApiToken(
        user_id=user.id, name=name, prefix=raw[: len(API_TOKEN_PREFIX) + 6],
        token_hash=sha256_hex(raw), scopes=sorted(set(scopes)),
        expires_at=utcnow() + timedelta(days=expires_in_days) if expires_in_days else None,
    )
    db.add(token)
    db.commit()
    return token, raw


def list_for(db: Session, user: User) -> list[ApiToken]:
    return list(db.scalars(select(ApiToken)
                           .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
                           .order_by(ApiToken.created_at)))


def revoke(db: Session, user: User, token_id: uuid.UUID) -> None:
    token = db.scalar(select(ApiToken).where(ApiToken.id == token_id,
                                             ApiToken.user_id == user.id,
                                             ApiToken.revoked_at.is_(None)))
    if token is None:
        raise NotFound()
    token.revoked_at = utcnow()
    db.commit()


def revoke_all(db: Session, user_id: uuid.UUID) -> None:
    """Revoke every live token of a user (flush only; the caller commits)."""
    db.execute(update(ApiToken)
               .where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None))
               .values(revoked_at=utcnow()))


def authenticate(db: Session, raw: str) -> tuple[ApiToken, User]:
    """The live token and its user, updating last-used time; else 401."""
    row = db.execute(_TOKEN_AND_USER, {"token_hash": sha256_hex(raw)}).first()
    token, user = row if row is not None else (None, None)  # one query for both
    now = utcnow()
    if (token is None or token.revoked_at is not None
            or (token.expires_at is not None and token.expires_at <= now)):
        raise Unauthorized("Invalid or revoked API token")
    if not user.is_active or not user.email_verified:
        raise Unauthorized("Invalid or revoked API token")
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        token.last_used_at = now
        db.commit()
    return token, user
