"""Sign-up, sign-in and e-mail verification without revealing which e-mails have accounts."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server.errors import Unauthorized
from server.mail import Mail, Mailer
from server.models import User
from server.security.passwords import Passwords
from server.security.tokens import InvalidToken, decode_jwt, encode_jwt
from server.services import login_limiter, sessions
from server.settings import Settings

SIGNUP_MESSAGE = "Check your e-mail to continue."
BAD_CREDENTIALS = "Invalid email or password"


def normalize_email(email: str) -> str:
    return email.strip().lower()


def get_by_email(db: Session, email: str) -> User | None:
    return db.scalar(select(User).where(User.email == normalize_email(email)))


def create_user(db: Session, passwords: Passwords | None, email: str, password: str | None,
                display_name: str = "", verified: bool = False) -> User:
    """Insert a user (flush only); the caller commits."""
    user = User(
        email=normalize_email(email),
        password_hash=passwords.hash(password) if (passwords and password) else None,
        display_name=display_name,
        email_verified=verified,
    )
    db.add(user)
    db.flush()
    return user


def verification_link(settings: Settings, user: User) -> str:
    token = encode_jwt(settings.secret_key, "verify_email", str(user.id),
                       settings.email_verification_ttl_seconds, email=user.email)
    return f"{settings.public_url}/verify-email?token={token}"


def sign_up(db: Session, settings: Settings, passwords: Passwords, mailer: Mailer,
            email: str, password: str, display_name: str = "") -> None:
    """Create the account, or tell the existing owner by mail; the caller sees no difference."""
    email = normalize_email(email)
    password_hash = passwords.hash(password)  # always pay the hashing cost
    if get_by_email(db, email) is None:
        user = User(email=email, password_hash=password_hash, display_name=display_name)
        db.add(user)
        try:
            db.commit()
        except IntegrityError:  # a concurrent sign-up won the race
            db.rollback()
        else:
            mailer.send(Mail(email, "Confirm your ThermoCraft account",
                             "Welcome to ThermoCraft. Confirm your e-mail address:\n"
                             f"{verification_link(settings, user)}\n"))
            return
    mailer.send(Mail(email, "ThermoCraft sign-up attempt",
                     "Someone tried to create a ThermoCraft account with this address, "
                     "which already has one. If it was you, sign in or reset your password.\n"))


def sign_in(db: Session, settings: Settings, passwords: Passwords,
            email: str, password: str, ip: str) -> sessions.TokenPair:
    """Check the password (rate-limited per account+ip) and start a session.

    The hashing slot is taken before the first query, so a request waiting for one (up to
    the gate's bound, then 503) holds no database connection."""
    with passwords.slot():
        login_limiter.check(db, settings, email, ip)
        user = get_by_email(db, email)
        ok = passwords.verify(user.password_hash if user else None, password)
        if not ok or user is None or not user.is_active:
            login_limiter.record_failure(db, settings, email, ip)
            raise Unauthorized(BAD_CREDENTIALS)
        login_limiter.clear(db, email, ip)
        if passwords.needs_rehash(user.password_hash):
            user.password_hash = passwords.hash(password)
    return sessions.start_session(db, settings, user)


def verify_email(db: Session, settings: Settings, token: str) -> User:
    try:
        claims = decode_jwt(settings.secret_key, token, "verify_email")
        user = db.get(User, uuid.UUID(claims["sub"]))
    except (InvalidToken, KeyError, ValueError) as exc:
        raise Unauthorized("Invalid or expired verification token") from exc
    if user is None or user.email != claims.get("email"):
        raise Unauthorized("Invalid or expired verification token")
    user.email_verified = True
    db.commit()
    return user


def update_profile(db: Session, user: User, display_name: str) -> User:
    user.display_name = display_name
    db.commit()
    return user


def change_password(db: Session, passwords: Passwords, user: User,
                    current: str, new: str) -> None:
    """Set a new password (the current one is required if set) and end other sessions."""
    with passwords.slot():  # one wait for both hashing steps
        if user.password_hash and not passwords.verify(user.password_hash, current):
            raise Unauthorized(BAD_CREDENTIALS)
        user.password_hash = passwords.hash(new)
    sessions.revoke_all(db, user.id, "password change")
    db.commit()
