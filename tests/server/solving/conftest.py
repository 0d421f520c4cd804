"""Remote-solving fixtures: settings with a result store and a small embedded cluster,
Pro/Advanced users, the app served by uvicorn on loopback (HTTP + WebSocket)."""

from __future__ import annotations

import json
import socket
import threading
import time
from pathlib import Path

import httpx
import pytest
import uvicorn

from server.models import utcnow
from server.models.billing import Subscription

ROOT = Path(__file__).resolve().parents[3]
BOARD_CHIP = ROOT / "examples" / "board_chip.json"


@pytest.fixture
def settings(settings, tmp_path):
    return settings.model_copy(update={
        "result_store_dir": str(tmp_path / "store"), "dask_local_workers": 1,
        "dask_threads_per_worker": 2, "solve_wall_cap_seconds": 300})


def board_chip() -> dict:
    return json.loads(BOARD_CHIP.read_text())


def subscribe(app, user, plan: str) -> None:
    """Give ``user`` an active subscription to ``plan``."""
    with app.state.sessionmaker() as s:
        s.add(Subscription(stripe_subscription_id=f"sub_{user.id.hex[:12]}_{plan}",
                           stripe_customer_id="cus_t", owner_user_id=user.id, plan_id=plan,
                           status="active", seats=1, state_at=int(time.time()),
                           current_period_end=utcnow()))
        s.commit()


@pytest.fixture
def pro_user(app, make_user):
    handle = make_user()
    subscribe(app, handle.user, "pro")
    return handle


class LiveApp:
    """The app under uvicorn (lifespan on: the dispatcher starts and stops with it)."""

    def __init__(self, app) -> None:
        self.app = app
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        port = self.sock.getsockname()[1]
        self.url, self.ws_url = f"http://127.0.0.1:{port}", f"ws://127.0.0.1:{port}"
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]},
                                       daemon=True)

    def __enter__(self) -> LiveApp:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.02)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(60)
        self.sock.close()

    def client(self, handle) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=60,
                            headers={"Authorization": f"Bearer {handle.access_token}"})


@pytest.fixture
def app(app):
    """The app with the global rate limit out of the way (tests poll often)."""
    app.state.rate_limiter.per_minute = 1_000_000
    return app


@pytest.fixture
def live(app):
    with LiveApp(app) as server:
        yield server


def wait_for(client: httpx.Client, sim_id: str, statuses=("succeeded", "failed", "cancelled"),
             timeout: float = 240) -> dict:
    """Poll until the simulation reaches one of ``statuses``."""
    deadline = time.monotonic() + timeout
    while True:
        body = client.get(f"/simulations/{sim_id}").json()
        if body["status"] in statuses:
            return body
        assert time.monotonic() < deadline, body
        time.sleep(0.2)
