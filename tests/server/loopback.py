"""An ASGI app served by uvicorn in a daemon thread on 127.0.0.1:<free port> (real HTTP)."""

from __future__ import annotations

import socket
import threading
import time

import uvicorn


class LoopbackServer:
    """``with LoopbackServer(app) as srv:`` serves ``app`` at ``srv.url`` (``ws_url`` for
    WebSockets); ``options`` go to ``uvicorn.Config`` (e.g. ``lifespan="on"``)."""

    def __init__(self, app, **options) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.url, self.ws_url = f"http://127.0.0.1:{self.port}", f"ws://127.0.0.1:{self.port}"
        config = {"log_level": "warning", "lifespan": "off", "access_log": False} | options
        self.server = uvicorn.Server(uvicorn.Config(app, **config))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]},
                                       daemon=True)

    def __enter__(self) -> LoopbackServer:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.01)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(60)
        self.sock.close()
