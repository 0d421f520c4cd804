"""Who a request is, for per-user rate limits: a verified JWT (bearer or web session cookie).

Signature and expiry are checked without a database query; anything else (no credentials,
a forged or expired token, an opaque ``tc_`` API token) counts against the client IP.
"""

from __future__ import annotations

from http.cookies import SimpleCookie

from starlette.types import Scope

from server.security.tokens import InvalidToken, decode_jwt

SESSION_COOKIE = "tc_session"


def _credential(scope: Scope) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            if scheme.lower() == "bearer" and token.count(".") == 2:
                return token.strip()
        elif key == b"cookie":
            cookie = SimpleCookie()
            try:
                cookie.load(value.decode("latin-1"))
            except Exception:
                continue
            if SESSION_COOKIE in cookie:
                return cookie[SESSION_COOKIE].value
    return None


def jwt_resolver(secret: str):
    """A resolver returning the ``sub`` of a valid access JWT, else None."""

    async def resolve(scope: Scope) -> str | None:
        token = _credential(scope)
        if not token:
            return None
        try:
            return str(decode_jwt(secret, token, "access")["sub"])
        except (InvalidToken, KeyError):
            return None

    return resolve
