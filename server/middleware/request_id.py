"""Request ids (accepted from X-Request-ID or generated) and one JSON access-log line each."""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .jsonlog import request_id_var
from .proxy import Network, client_ip

HEADER = "x-request-id"
_VALID = re.compile(r"^[A-Za-z0-9._:\-]{1,128}$")
access_log = logging.getLogger("thermocraft.access")
#: The longest path an access-log line keeps: a request line may be up to 8 KiB, and a log line
#: per such request would let a client fill the log many times faster than it sends.
LOGGED_PATH_CHARS = 1024


def logged_path(path: str) -> str:
    """``path`` as the access log keeps it: at most :data:`LOGGED_PATH_CHARS` characters, a
    longer one cut and marked with how much was left out."""
    if len(path) <= LOGGED_PATH_CHARS:
        return path
    return f"{path[:LOGGED_PATH_CHARS]}...[{len(path) - LOGGED_PATH_CHARS} more]"


def route_template(scope: Scope) -> str:
    """The matched route's path template, or ``<unmatched>`` (bounded cardinality)."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else "<unmatched>"


class Observed:
    """One response as it leaves: its status (500 until it starts, e.g. on an exception) and
    the time since the request came in. Pass ``observed.send`` down instead of ``send``;
    ``on_start`` may edit the ``http.response.start`` message (headers)."""

    def __init__(self, send: Send, on_start: Callable[[Message], None] | None = None) -> None:
        self._send, self._on_start = send, on_start
        self.status = 500
        self.started = time.perf_counter()

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
            if self._on_start is not None:
                self._on_start(message)
        await self._send(message)

    @property
    def seconds(self) -> float:
        return time.perf_counter() - self.started


class RequestIdMiddleware:
    """Attach a request id to the scope, the log context and the response; log the request."""

    def __init__(self, app: ASGIApp, trusted: tuple[Network, ...] = ()) -> None:
        self.app = app
        self.trusted = trusted

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope.get("headers", ())).get(HEADER.encode(), b"").decode("latin-1")
        rid = incoming if _VALID.match(incoming) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = rid
        token = request_id_var.set(rid)

        def add_id(message: Message) -> None:
            MutableHeaders(scope=message)[HEADER] = rid

        observed = Observed(send, add_id)
        try:
            await self.app(scope, receive, observed.send)
        finally:
            state = scope.get("state", {})
            access_log.info(
                "request",
                extra={
                    "request_id": rid,
                    "method": scope["method"],
                    "path": logged_path(scope["path"]),
                    "route": route_template(scope),
                    "status": observed.status,
                    "duration_ms": round(observed.seconds * 1000, 2),
                    "client_ip": client_ip(scope, self.trusted),
                    "user_id": state.get("user_id"),
                },
            )
            request_id_var.reset(token)
