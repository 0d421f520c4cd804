"""Remote-solving fixtures: settings with a result store and a small embedded cluster,
Pro/Advanced users, the app served by uvicorn on loopback (HTTP + WebSocket)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import httpx
import pytest
from loopback import LoopbackServer

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


class LiveApp(LoopbackServer):
    """The app under uvicorn (lifespan on: the dispatcher starts and stops with it)."""

    def __init__(self, app) -> None:
        super().__init__(app, lifespan="on")
        self.app = app

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
