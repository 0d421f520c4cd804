"""CSRF protection for every form: a signed double-submit token bound to the session.

A random nonce lives in the HttpOnly ``tc_csrf`` cookie; each form carries
``sign([nonce, session])``. A POST whose token is missing, forged, expired, for another
nonce or for another session is refused with 403.
"""

from __future__ import annotations

import hmac
import secrets

from fastapi import Request
from itsdangerous import BadSignature, URLSafeTimedSerializer

COOKIE = "tc_csrf"
FIELD = "csrf_token"
MAX_AGE = 12 * 3600


class CsrfError(Exception):
    """The form's CSRF token did not match."""


def _serializer(request: Request) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(request.app.state.settings.secret_key, salt="web-csrf")


def _binding(request: Request) -> str:
    return request.cookies.get("tc_session", "")[-16:]


def nonce(request: Request) -> str:
    """The request's nonce (from the cookie, or a new one the response must set)."""
    value = request.cookies.get(COOKIE) or getattr(request.state, "csrf_new_nonce", None)
    if not value:
        value = request.state.csrf_new_nonce = secrets.token_urlsafe(24)
    return value


def token(request: Request) -> str:
    """The token to embed in this request's forms."""
    return _serializer(request).dumps([nonce(request), _binding(request)])


async def verify(request: Request) -> None:
    """Dependency for POST pages: 403 (CsrfError) unless the form's token is valid."""
    form = await request.form()
    given = form.get(FIELD)
    cookie = request.cookies.get(COOKIE)
    if not isinstance(given, str) or not cookie:
        raise CsrfError
    try:
        value, binding = _serializer(request).loads(given, max_age=MAX_AGE)
    except (BadSignature, ValueError, TypeError) as exc:
        raise CsrfError from exc
    if not (hmac.compare_digest(str(value), cookie)
            and hmac.compare_digest(str(binding), _binding(request))):
        raise CsrfError
