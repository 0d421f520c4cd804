"""A request head over the limit that arrives in pieces, on the app served as the CLI serves
it (real sockets): uvicorn's h11 refuses it while buffering, answered 431 with the same JSON
detail as headers over the limit received in one piece; other malformed heads keep
uvicorn's 400, and the server goes on answering."""

from __future__ import annotations

import json
import socket
import time

import pytest
import requests
from loopback import LoopbackServer

from server.cli import server_limits

LIMIT = 65_536


@pytest.fixture
def live(app):
    with LoopbackServer(app, lifespan="on", **server_limits(LIMIT)) as srv:
        yield srv


def _exchange(port: int, pieces: list[bytes]) -> tuple[str, dict, bytes]:
    """Send ``pieces`` one by one (a pause between them), read the answer to its end."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        for piece in pieces:
            try:
                sock.sendall(piece)
            except (BrokenPipeError, ConnectionResetError):
                break  # refused and closed before the rest was sent
            time.sleep(0.005)
        data = b""
        while chunk := sock.recv(65_536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.lower().split(": ", 1) for line in lines[1:])
    return lines[0], headers, body


def test_head_over_the_limit_in_pieces_answers_431_like_one_piece(live):
    line = b"GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    pad = [f"X-Pad-{i}: {'a' * 1000}\r\n".encode() for i in range(70)]  # about 70 KB
    status, headers, body = _exchange(live.port, [line, *pad, b"\r\n"])
    whole = requests.get(f"{live.url}/health/live", timeout=30,
                         headers={"X-Padding": "a" * 70_000})  # one piece: the app's 431
    assert whole.status_code == 431
    assert status == "HTTP/1.1 431 Request Header Fields Too Large"
    assert headers["content-type"] == "application/json"
    assert json.loads(body) == whole.json() == {
        "detail": f"Request headers larger than {LIMIT} bytes"}
    assert requests.get(f"{live.url}/health/live", timeout=5).status_code == 200


def test_other_malformed_heads_keep_the_400(live):
    status, _, body = _exchange(live.port, [b"NOT A REQUEST LINE\r\n\r\n"])
    assert status.startswith("HTTP/1.1 400") and body == b"Invalid HTTP request received."
    small = [b"GET /health/live HTTP/1.1\r\n", b"Host: 127.0.0.1\r\n", b"\r\n"]
    assert _exchange(live.port, small)[0] == "HTTP/1.1 200 OK"  # in pieces, under the limit
