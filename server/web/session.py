"""The browser session: an HttpOnly cookie holding a JWT of one sign-in session family.

Sign-in goes through ``services.accounts`` / ``services.sessions`` (the JSON API's services);
each page resolves the cookie with ``sessions.user_from_access_token``, so signing out (or a
revoked family) ends the browser session at once.
"""

from __future__ import annotations

import uuid

from fastapi import Request, Response
from sqlalchemy.orm import Session

from server.deps import remember_verified
from server.errors import ServiceError
from server.middleware.proxy import is_https
from server.models import User
from server.security.tokens import encode_jwt
from server.services import sessions
from server.settings import Settings

COOKIE = "tc_session"
TTL_SECONDS = 12 * 3600


def secure_cookies(request: Request) -> bool:
    """Cookies get ``Secure`` when the request came over TLS (directly or via a proxy)."""
    settings = request.app.state.settings
    trusted = getattr(request.app.state, "trusted_proxies", ())
    return bool(getattr(settings, "behind_tls", False)) or is_https(request.scope, trusted)


def set_cookie(request: Request, response: Response, name: str, value: str, max_age: int) -> None:
    """Set an HttpOnly, SameSite=Lax cookie (Secure over TLS)."""
    response.set_cookie(name, value, max_age=max_age, httponly=True, samesite="lax",
                        secure=secure_cookies(request), path="/")


def establish(request: Request, response: Response, db: Session,
              pair: sessions.TokenPair) -> User:
    """Turn a session started by the accounts service into the browser cookie."""
    settings: Settings = request.app.state.settings
    user, family = sessions.user_from_access_token(db, settings, pair.access_token)
    token = encode_jwt(settings.secret_key, "access", str(user.id), TTL_SECONDS,
                       fam=str(family))
    set_cookie(request, response, COOKIE, token, TTL_SECONDS)
    return user


def sign_in(request: Request, response: Response, db: Session, user: User) -> User:
    """Start a new session family for an already authenticated ``user`` (e.g. OAuth)."""
    pair = sessions.start_session(db, request.app.state.settings, user)
    return establish(request, response, db, pair)


def current(request: Request, db: Session) -> tuple[User, uuid.UUID] | None:
    """The signed-in user and session family, or None."""
    token = request.cookies.get(COOKIE)
    if not token:
        return None
    try:
        user, family = sessions.user_from_access_token(db, request.app.state.settings, token)
    except ServiceError:
        return None
    request.state.user_id = str(user.id)
    remember_verified(request, token, user.id)
    return user, family


def sign_out(request: Request, response: Response, db: Session) -> None:
    """Revoke the session family and clear the cookie."""
    found = current(request, db)
    if found:
        sessions.sign_out(db, found[0], None, found[1])
    response.delete_cookie(COOKIE, path="/")
