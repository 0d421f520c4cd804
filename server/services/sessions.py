"""Sign-in sessions: short-lived JWT access tokens and rotating refresh tokens in families.

Reusing a refresh token that was already rotated revokes its whole family (theft detection).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from server.errors import Unauthorized
from server.models import RefreshFamily, RefreshToken, User, utcnow
from server.security.tokens import (
    REFRESH_PREFIX,
    InvalidToken,
    decode_jwt,
    encode_jwt,
    random_token,
    sha256_hex,
)
from server.settings import Settings


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str
    expires_in: int


def _access_token(settings: Settings, user: User, family_id: uuid.UUID) -> str:
    return encode_jwt(settings.secret_key, "access", str(user.id),
                      settings.access_token_ttl_seconds, fam=str(family_id))


def _new_refresh(db: Session, settings: Settings, family_id: uuid.UUID) -> str:
    raw = random_token(REFRESH_PREFIX)
    db.add(RefreshToken(
        family_id=family_id,
        token_hash=sha256_hex(raw),
        expires_at=utcnow() + timedelta(seconds=settings.refresh_token_ttl_seconds),
    ))
    return raw


def start_session(db: Session, settings: Settings, user: User) -> TokenPair:
    """A new family with its first refresh token, and an access token. Commits."""
    family = RefreshFamily(user_id=user.id)
    db.add(family)
    db.flush()
    refresh = _new_refresh(db, settings, family.id)
    db.commit()
    return TokenPair(_access_token(settings, user, family.id), refresh,
                     settings.access_token_ttl_seconds)


def revoke_family(db: Session, family_id: uuid.UUID, reason: str) -> None:
    db.execute(update(RefreshFamily)
               .where(RefreshFamily.id == family_id, RefreshFamily.revoked_at.is_(None))
               .values(revoked_at=utcnow(), revoked_reason=reason))


def revoke_all(db: Session, user_id: uuid.UUID, reason: str) -> None:
    db.execute(update(RefreshFamily)
               .where(RefreshFamily.user_id == user_id, RefreshFamily.revoked_at.is_(None))
               .values(revoked_at=utcnow(), revoked_reason=reason))


def sign_out_everywhere(db: Session, user: User) -> None:
    """Revoke every session of ``user`` (access tokens stop working at once)."""
    revoke_all(db, user.id, "sign-out everywhere")
    db.commit()


def rotate(db: Session, settings: Settings, raw_refresh: str) -> TokenPair:
    """Exchange a refresh token for a new pair; reuse of a rotated token revokes the family."""
    invalid = Unauthorized("Invalid refresh token")
    token = db.scalar(select(RefreshToken)
                      .where(RefreshToken.token_hash == sha256_hex(raw_refresh)))
    if token is None:
        raise invalid
    family = db.get(RefreshFamily, token.family_id)
    if family is None or family.revoked_at is not None or token.expires_at <= utcnow():
        raise invalid
    # Atomic claim: only one request can rotate a given token, even across workers.
    claimed = db.execute(update(RefreshToken)
                         .where(RefreshToken.id == token.id, RefreshToken.used_at.is_(None))
                         .values(used_at=utcnow())).rowcount
    if claimed != 1:
        revoke_family(db, family.id, "refresh token reuse")
        db.commit()
        raise Unauthorized("Refresh token reuse detected; the session was revoked")
    user = db.get(User, family.user_id)
    if user is None or not user.is_active:
        db.rollback()
        raise invalid
    refresh = _new_refresh(db, settings, family.id)
    db.commit()
    return TokenPair(_access_token(settings, user, family.id), refresh,
                     settings.access_token_ttl_seconds)


def sign_out(db: Session, user: User, raw_refresh: str | None, family_id: uuid.UUID | None) -> None:
    """Revoke the family of ``raw_refresh`` (if the user's) or else the current session."""
    if raw_refresh:
        token = db.scalar(select(RefreshToken)
                          .where(RefreshToken.token_hash == sha256_hex(raw_refresh)))
        family = db.get(RefreshFamily, token.family_id) if token else None
        if family is not None and family.user_id == user.id:
            family_id = family.id
    if family_id is not None:
        revoke_family(db, family_id, "sign-out")
    db.commit()


def user_from_access_token(db: Session, settings: Settings, token: str) -> tuple[User, uuid.UUID]:
    """The user and family of a valid access token whose session is still live; else 401."""
    try:
        claims = decode_jwt(settings.secret_key, token, "access")
        user_id = uuid.UUID(claims["sub"])
        family_id = uuid.UUID(claims["fam"])
    except (InvalidToken, KeyError, ValueError) as exc:
        raise Unauthorized("Invalid or expired access token") from exc
    row = db.execute(select(User, RefreshFamily.revoked_at)
                     .join(RefreshFamily, RefreshFamily.user_id == User.id)
                     .where(User.id == user_id, RefreshFamily.id == family_id)).first()
    if row is None or row[1] is not None or not row[0].is_active:
        raise Unauthorized("Invalid or expired access token")
    return row[0], family_id
