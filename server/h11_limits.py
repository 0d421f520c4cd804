"""uvicorn's h11 protocol answering a request head that outgrows its buffer while it arrives
in pieces (``--max-header-bytes``) as the app answers headers over the limit received in one
piece: 431 with the same JSON detail (h11 alone has uvicorn answer a plain-text 400)."""

from __future__ import annotations

import json

import h11
from uvicorn.protocols.http.h11_impl import (
    DEFAULT_MAX_INCOMPLETE_EVENT_SIZE,
    STATUS_PHRASES,
    H11Protocol,
)

from server.middleware.header_limit import headers_too_large


class _Connection(h11.Connection):
    """An h11 connection that remembers the status its parser's last refusal suggests."""

    refusal_status: int | None = None

    def next_event(self):
        try:
            return super().next_event()
        except h11.RemoteProtocolError as exc:
            self.refusal_status = exc.error_status_hint
            raise


class HeadLimitH11Protocol(H11Protocol):
    """``uvicorn.Config(http=HeadLimitH11Protocol, h11_max_incomplete_event_size=N)``."""

    def __init__(self, config, *args, **kwargs) -> None:
        super().__init__(config, *args, **kwargs)
        self.head_limit = config.h11_max_incomplete_event_size or DEFAULT_MAX_INCOMPLETE_EVENT_SIZE
        self.conn = _Connection(h11.SERVER, self.head_limit)

    def send_400_response(self, msg: str) -> None:
        if self.conn.refusal_status != 431:  # any other malformed head: uvicorn's 400
            super().send_400_response(msg)
            return
        body = json.dumps(headers_too_large(self.head_limit), separators=(",", ":")).encode()
        self.logger.warning("Request head larger than %d bytes refused", self.head_limit)
        headers = [(b"content-type", b"application/json"),
                   (b"content-length", str(len(body)).encode()), (b"connection", b"close")]
        for event in (h11.Response(status_code=431, headers=headers,
                                   reason=STATUS_PHRASES[431]), h11.Data(data=body),
                      h11.EndOfMessage()):
            self.transport.write(self.conn.send(event))
        self.transport.close()
