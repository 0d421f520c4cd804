"""Reject requests whose headers are larger than a limit with 431, before anything reads them.

The embedded server (``thermocraft-server``) also bounds the bytes it buffers for a request
head (uvicorn's h11 parser, ``--max-header-bytes``), so an oversized head is refused while
it is being received; this middleware is the same bound for any other ASGI server.
"""

from __future__ import annotations

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send


class HeaderSizeLimitMiddleware:
    """431 when the request's header names and values add up to more than ``max_bytes``."""

    def __init__(self, app: ASGIApp, max_bytes: int = 65_536) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            size = sum(len(k) + len(v) for k, v in scope.get("headers", ()))
            if size > self.max_bytes:
                if scope["type"] == "websocket":
                    await send({"type": "websocket.close", "code": 1009})
                    return
                response = JSONResponse(
                    {"detail": f"Request headers larger than {self.max_bytes} bytes"},
                    status_code=431)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
