"""The request-line bound (414) on the app served as the CLI serves it (uvicorn's h11 on
loopback, real HTTP): a 70 KB path or query string is refused with the documented body, a
line of exactly the limit reaches its route, and the server keeps answering meanwhile."""

from __future__ import annotations

import threading

import pytest
import requests
from fastapi.testclient import TestClient
from hardening_app import make_app
from loopback import LoopbackServer
from starlette.websockets import WebSocketDisconnect

from server.cli import server_limits
from server.middleware.config import HardeningSettings

LIMIT = HardeningSettings().max_request_line_bytes
PAD = "a" * 70_000


def _line(target: str) -> int:
    """Length of the request line requests sends for a GET of ``target``."""
    return len(f"GET {target} HTTP/1.1")


@pytest.fixture
def live(app):
    with LoopbackServer(app, lifespan="on", **server_limits(65_536)) as srv:
        yield srv


def _refused(response: requests.Response) -> None:
    assert response.status_code == 414, response.text[:200]
    assert response.json() == {"detail": f"Request line longer than {LIMIT} bytes"}
    assert "x-request-id" in response.headers and "content-security-policy" in response.headers


def test_70_kb_path_and_query_string_are_refused_414(live, make_user):
    token = make_user().access_token
    auth = {"Authorization": f"Bearer {token}"}
    _refused(requests.get(f"{live.url}/orgs/{PAD}", headers=auth, timeout=30))
    _refused(requests.get(f"{live.url}/me", params={"pad": PAD}, headers=auth, timeout=30))
    _refused(requests.get(f"{live.url}/{PAD}", timeout=30))  # no route: refused all the same


def test_a_line_of_exactly_the_limit_reaches_its_route(live, make_user):
    handle = make_user()
    auth = {"Authorization": f"Bearer {handle.access_token}"}
    pad = "a" * (LIMIT - _line("/me?pad="))
    assert _line(f"/me?pad={pad}") == LIMIT
    me = requests.get(f"{live.url}/me?pad={pad}", headers=auth, timeout=30)
    assert me.status_code == 200 and me.json()["email"] == handle.email
    _refused(requests.get(f"{live.url}/me?pad={pad}a", headers=auth, timeout=30))
    org_id = "a" * (LIMIT - _line("/orgs/"))
    org = requests.get(f"{live.url}/orgs/{org_id}", headers=auth, timeout=30)
    assert org.status_code == 422 and org.json()["detail"][0]["loc"] == ["path", "org_id"]


def test_server_answers_while_oversized_lines_arrive(live):
    """Four clients send 70 KB request lines in a loop; a health probe meanwhile answers
    well within its timeout (a parse blocking the loop, like the old Cookie one, took
    seconds per request)."""
    stop, codes = threading.Event(), []

    def flood() -> None:
        with requests.Session() as session:
            while not stop.is_set():
                codes.append(session.get(f"{live.url}/me?pad={PAD}", timeout=30).status_code)

    threads = [threading.Thread(target=flood) for _ in range(4)]
    for thread in threads:
        thread.start()
    try:
        while len(codes) < 20:
            threading.Event().wait(0.01)
        for _ in range(5):
            assert requests.get(f"{live.url}/health/live", timeout=2).status_code == 200
    finally:
        stop.set()
        for thread in threads:
            thread.join(30)
    assert set(codes) == {414}


def test_websocket_with_a_long_line_is_closed_1009():
    with pytest.raises(WebSocketDisconnect) as closed:
        with TestClient(make_app()).websocket_connect(f"/ws?pad={PAD[:LIMIT]}"):
            pass
    assert closed.value.code == 1009


def test_limit_is_a_setting():
    client = TestClient(make_app(max_request_line_bytes=2048))
    pad = "x" * 2000
    assert client.get(f"/items/{pad}").status_code == 422  # int path parameter: the route
    refused = client.get(f"/items/{pad}?x={pad}")
    assert refused.status_code == 414 and "2048" in refused.json()["detail"]
