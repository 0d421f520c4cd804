"""Who a request is, for per-user rate limits, without a database query.

Only a *verified principal* gets a per-user bucket: a credential (bearer JWT, ``tc_`` API
token or the web session cookie's JWT) that the app authenticated against the database
within the last few minutes. :class:`TokenUsers` is that small in-process TTL cache, keyed
by the credential's sha256 and filled by ``server.deps.current_principal`` and the web
session resolver each time they accept a credential. A credential's first request in a
process (per TTL) therefore counts against the client IP, the following ones against its
user. Anything else (no credentials, a forged token, or a correctly signed JWT whose
session does not exist, e.g. signed with a leaked secret and a random ``sub``) stays in the
client IP's bucket, so minting tokens cannot open fresh buckets.

Headers are read cheaply: the ``Cookie`` header is scanned for ``tc_session`` without a
full cookie parse (``SimpleCookie.load`` took seconds on a multi-megabyte header).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from starlette.types import Scope

from server.security.tokens import API_TOKEN_PREFIX, sha256_hex

SESSION_COOKIE = "tc_session"


class TokenUsers:
    """Credential hash → user id, remembered for ``ttl`` seconds (at most ``max_entries``)."""

    def __init__(self, ttl: float = 300.0, max_entries: int = 10_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl, self.max_entries, self.clock = ttl, max_entries, clock
        self._entries: OrderedDict[str, tuple[float, str]] = OrderedDict()
        self._lock = threading.Lock()

    def remember(self, raw_token: str, user_id: object) -> None:
        """Called after the credential was authenticated against the database."""
        key = sha256_hex(raw_token)
        with self._lock:
            self._entries[key] = (self.clock() + self.ttl, str(user_id))
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def user_of(self, raw_token: str) -> str | None:
        """The user id if the credential was authenticated within the TTL, else None."""
        key = sha256_hex(raw_token)
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry[0] <= self.clock():
                del self._entries[key]
                return None
            return entry[1]


MAX_CREDENTIAL_LENGTH = 8192
_COOKIE_NAME = SESSION_COOKIE.encode() + b"="


def session_cookie(header: bytes) -> str | None:
    """The ``tc_session`` value of a ``Cookie`` header (linear scan, no full parse)."""
    for part in header.split(b";"):
        part = part.strip()
        if part.startswith(_COOKIE_NAME):
            value = part[len(_COOKIE_NAME):].strip(b'"')
            return value.decode("latin-1") if len(value) <= MAX_CREDENTIAL_LENGTH else None
    return None


def _credential(scope: Scope) -> str | None:
    """The bearer token (JWT or ``tc_``), else the web session cookie's JWT."""
    cookie = None
    for key, value in scope.get("headers", ()):
        if key == b"authorization" and len(value) <= MAX_CREDENTIAL_LENGTH:
            scheme, _, token = value.decode("latin-1").partition(" ")
            token = token.strip()
            if scheme.lower() == "bearer" and (token.count(".") == 2
                                               or token.startswith(API_TOKEN_PREFIX)):
                return token
        elif key == b"cookie" and cookie is None:
            cookie = session_cookie(value)
    return cookie


def verified_resolver(token_users: TokenUsers):
    """A resolver returning the user id of a credential the app verified recently
    (see :class:`TokenUsers`), else None (the client IP's bucket)."""

    async def resolve(scope: Scope) -> str | None:
        token = _credential(scope)
        return token_users.user_of(token) if token else None

    return resolve
