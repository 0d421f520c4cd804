"""JWT access tokens (HS256), purpose-bound signed tokens and random opaque tokens."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import UTC, datetime, timedelta

import jwt

ISSUER = "thermocraft"
REFRESH_PREFIX = "tcr_"
API_TOKEN_PREFIX = "tc_"
INVITATION_PREFIX = "tci_"


class InvalidToken(Exception):
    """A token that is malformed, expired, or signed for another purpose."""


def sha256_hex(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def random_token(prefix: str) -> str:
    """A 256-bit random token with a recognisable prefix."""
    return prefix + secrets.token_urlsafe(32)


def encode_jwt(secret: str, purpose: str, subject: str, ttl_seconds: int, **claims) -> str:
    now = datetime.now(UTC)
    payload = {
        "iss": ISSUER,
        "sub": subject,
        "typ": purpose,
        "iat": now,
        "exp": now + timedelta(seconds=ttl_seconds),
        "jti": uuid.uuid4().hex,
        **claims,
    }
    return jwt.encode(payload, secret, algorithm="HS256")


def decode_jwt(secret: str, token: str, purpose: str) -> dict:
    """Claims of ``token`` if valid and issued for ``purpose``; else InvalidToken."""
    try:
        claims = jwt.decode(
            token, secret, algorithms=["HS256"], issuer=ISSUER,
            options={"require": ["exp", "iat", "sub", "typ"]},
        )
    except jwt.PyJWTError as exc:
        raise InvalidToken(str(exc)) from exc
    if claims.get("typ") != purpose:
        raise InvalidToken("wrong token type")
    return claims
