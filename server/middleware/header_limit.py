"""Bound a request head before anything reads it: 414 for a request line longer than a limit,
431 for headers larger than another.

The embedded server (``thermocraft-server``) also bounds the bytes it buffers for a request
head (uvicorn's h11 parser, ``--max-header-bytes``, answered 431 with the same detail by
``server.h11_limits``), but only for a head that arrives in pieces; a whole head received at
once, with its request line, reaches the app. Default
request-line limit 8 KiB: nginx answers 414 above one ``large_client_header_buffers`` buffer
(8k), Apache above ``LimitRequestLine`` 8190, Kestrel above ``MaxRequestLineSize`` 8192;
RFC 9112 §3 asks recipients to support at least 8000 octets and answers a longer target with
414. uvicorn has no request-line limit of its own.
"""

from __future__ import annotations

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send


def request_line_bytes(scope: Scope) -> int:
    """Length of ``METHOD SP request-target SP HTTP/x.y`` as received, measured from the
    scope (``raw_path`` and ``query_string``) without decoding it."""
    target = len(scope.get("raw_path") or scope["path"].encode())
    query = scope.get("query_string", b"")
    if query:
        target += 1 + len(query)
    method = scope.get("method", "GET")  # a WebSocket handshake is a GET
    return len(method) + 1 + target + len(" HTTP/") + len(scope.get("http_version", "1.1"))


def headers_too_large(max_bytes: int) -> dict:
    """The 431 answer's body (also the embedded server's, for a head arriving in pieces)."""
    return {"detail": f"Request headers larger than {max_bytes} bytes"}


class RequestHeadLimitMiddleware:
    """414 when the request line is longer than ``max_line_bytes``, 431 when the header
    names and values add up to more than ``max_bytes`` (a WebSocket is closed with 1009)."""

    def __init__(self, app: ASGIApp, max_bytes: int = 65_536,
                 max_line_bytes: int = 8192) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.max_line_bytes = max_line_bytes

    def _refusal(self, scope: Scope) -> JSONResponse | None:
        if request_line_bytes(scope) > self.max_line_bytes:
            return JSONResponse(
                {"detail": f"Request line longer than {self.max_line_bytes} bytes"},
                status_code=414)
        if sum(len(k) + len(v) for k, v in scope.get("headers", ())) > self.max_bytes:
            return JSONResponse(headers_too_large(self.max_bytes), status_code=431)
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            response = self._refusal(scope)
            if response is not None:
                if scope["type"] == "websocket":
                    await send({"type": "websocket.close", "code": 1009})
                    return
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
