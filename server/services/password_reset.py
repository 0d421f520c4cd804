"""Password reset by e-mailed token, without revealing which e-mails have accounts.

The token is a JWT bound to the account's current password hash, so it works once: setting
the new password changes the hash and every earlier link stops working. Following a link
proves the mailbox, so an unverified account becomes verified and, like an OAuth claim,
loses every credential a squatter of the address may have held.
"""

from __future__ import annotations

import hashlib
import hmac
import uuid

from sqlalchemy.orm import Session

from server.errors import Unauthorized
from server.mail import Mail, Mailer
from server.models import User
from server.security.passwords import Passwords
from server.security.tokens import InvalidToken, decode_jwt, encode_jwt
from server.services import accounts, api_tokens, sessions
from server.settings import Settings

RESET_MESSAGE = "If that address has an account, a reset link is on its way."
INVALID = "Invalid or expired password-reset link"


def _fingerprint(settings: Settings, user: User) -> str:
    """Changes whenever the password does (the token's single-use guard)."""
    material = f"{user.id}|{user.password_hash or '-'}".encode()
    return hmac.new(settings.secret_key.encode(), material, hashlib.sha256).hexdigest()[:32]


def reset_link(settings: Settings, user: User) -> str:
    token = encode_jwt(settings.secret_key, "password_reset", str(user.id),
                       settings.password_reset_ttl_seconds, pwd=_fingerprint(settings, user))
    return f"{settings.public_url}/reset-password?token={token}"


def request_reset(db: Session, settings: Settings, mailer: Mailer, email: str) -> None:
    """Mail a reset link to the account of ``email``, or say there is none (same answer)."""
    user = accounts.get_by_email(db, email)
    address = accounts.normalize_email(email)
    if user is not None and user.is_active:
        minutes = settings.password_reset_ttl_seconds // 60
        mailer.send(Mail(address, "Reset your ThermoCraft password",
                         f"Set a new password (the link works once, for {minutes} minutes):\n"
                         f"{reset_link(settings, user)}\n\n"
                         "If you did not ask for this, ignore this message.\n"))
        return
    mailer.send(Mail(address, "ThermoCraft password reset",
                     "Someone asked to reset the password of a ThermoCraft account with this "
                     "address, but there is none. If it was you, sign up instead.\n"))


def reset_password(db: Session, settings: Settings, passwords: Passwords, token: str,
                   new_password: str) -> User:
    """Set the new password from a valid link; ends every session. 401 if the link is bad,
    expired or already used."""
    try:
        claims = decode_jwt(settings.secret_key, token, "password_reset")
        user = db.get(User, uuid.UUID(claims["sub"]))
    except (InvalidToken, KeyError, ValueError) as exc:
        raise Unauthorized(INVALID) from exc
    if (user is None or not user.is_active
            or not hmac.compare_digest(str(claims.get("pwd", "")), _fingerprint(settings, user))):
        raise Unauthorized(INVALID)
    user.password_hash = passwords.hash(new_password)
    if not user.email_verified:  # the mailbox is proven: drop whatever a squatter held
        user.email_verified = True
        api_tokens.revoke_all(db, user.id)
    sessions.revoke_all(db, user.id, "password reset")
    db.commit()
    return user
