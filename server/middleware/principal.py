"""Who a request is, for per-user rate limits, without a database query.

- A verified access JWT (bearer or web session cookie): its ``sub`` (signature and expiry
  checked in memory).
- A personal API token (``tc_...``): the user it belongs to, from :class:`TokenUsers`, a
  small in-process TTL cache keyed by the token's sha256 that the API-token
  authentication fills (``server.deps.current_principal``) each time it accepts a token.
  So a token's first request in a process (per TTL) counts against the client IP, the
  following ones against its user. Unknown or forged tokens never enter the cache: they
  stay in the IP bucket and cost no lookup here.
- Anything else (no credentials, a forged or expired token): None, the client IP's bucket.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from http.cookies import SimpleCookie

from starlette.types import Scope

from server.security.tokens import API_TOKEN_PREFIX, InvalidToken, decode_jwt, sha256_hex

SESSION_COOKIE = "tc_session"


class TokenUsers:
    """API-token hash → user id, remembered for ``ttl`` seconds (at most ``max_entries``)."""

    def __init__(self, ttl: float = 300.0, max_entries: int = 10_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl, self.max_entries, self.clock = ttl, max_entries, clock
        self._entries: OrderedDict[str, tuple[float, str]] = OrderedDict()
        self._lock = threading.Lock()

    def remember(self, raw_token: str, user_id: object) -> None:
        """Called after the token was authenticated against the database."""
        key = sha256_hex(raw_token)
        with self._lock:
            self._entries[key] = (self.clock() + self.ttl, str(user_id))
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def user_of(self, raw_token: str) -> str | None:
        """The user id if the token was authenticated within the TTL, else None."""
        key = sha256_hex(raw_token)
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry[0] <= self.clock():
                del self._entries[key]
                return None
            return entry[1]


def _credential(scope: Scope) -> str | None:
    """The bearer token (JWT or ``tc_``), else the web session cookie's JWT."""
    for key, value in scope.get("headers", ()):
        if key == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            token = token.strip()
            if scheme.lower() == "bearer" and (token.count(".") == 2
                                               or token.startswith(API_TOKEN_PREFIX)):
                return token
        elif key == b"cookie":
            cookie = SimpleCookie()
            try:
                cookie.load(value.decode("latin-1"))
            except Exception:
                continue
            if SESSION_COOKIE in cookie:
                return cookie[SESSION_COOKIE].value
    return None


def jwt_resolver(secret: str, token_users: TokenUsers | None = None):
    """A resolver returning the user id of a valid access JWT or a recently authenticated
    API token (from ``token_users``), else None."""

    async def resolve(scope: Scope) -> str | None:
        token = _credential(scope)
        if not token:
            return None
        if token.startswith(API_TOKEN_PREFIX):
            return token_users.user_of(token) if token_users is not None else None
        try:
            return str(decode_jwt(secret, token, "access")["sub"])
        except (InvalidToken, KeyError):
            return None

    return resolve
