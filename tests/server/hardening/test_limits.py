"""Body-size limit (413) and rate limits (429 + Retry-After), in memory and in Redis."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from fastapi.testclient import TestClient
from hardening_app import make_app

from server.middleware.rate_limit_store import MemoryStore, RedisStore, _gcra


def test_body_within_limit_passes():
    resp = TestClient(make_app()).post("/echo", content=b"x" * 1000)
    assert resp.status_code == 200 and resp.json() == {"size": 1000}


def test_declared_body_over_limit_is_413():
    resp = TestClient(make_app(max_request_bytes=2048)).post("/echo", content=b"x" * 5000)
    assert resp.status_code == 413
    assert "2048" in resp.json()["detail"]


def test_streamed_body_over_limit_is_413():
    def chunks():
        for _ in range(10):
            yield b"y" * 1000

    resp = TestClient(make_app(max_request_bytes=2048)).post("/echo", content=chunks())
    assert resp.status_code == 413


def frozen() -> MemoryStore:
    """A memory store whose clock stands still (no refill during a test)."""
    return MemoryStore(clock=lambda: 0.0)


def test_default_limit_100_per_minute_per_ip_then_429():
    client = TestClient(make_app(store=frozen()))
    codes = [client.get("/items/1").status_code for _ in range(100)]
    assert codes == [200] * 100
    resp = client.get("/items/1")
    assert resp.status_code == 429
    assert 1 <= int(resp.headers["retry-after"]) <= 60
    assert resp.headers["x-ratelimit-limit"] == "100"
    assert "x-request-id" in resp.headers and "content-security-policy" in resp.headers
    other_ip = TestClient(client.app, client=("198.51.100.9", 1))
    assert other_ip.get("/items/1").status_code == 200


def test_health_and_metrics_exempt_from_limit():
    client = TestClient(make_app(store=frozen(), rate_limit_per_minute=1))
    assert client.get("/items/1").status_code == 200
    assert client.get("/items/1").status_code == 429
    assert client.get("/metrics").status_code == 200


def test_per_user_buckets_are_separate_from_ip():
    client = TestClient(make_app(store=frozen(), rate_limit_per_minute=3))
    alice = {"Authorization": "Bearer user-alice"}
    assert [client.get("/items/1", headers=alice).status_code for _ in range(3)] == [200] * 3
    assert client.get("/items/1", headers=alice).status_code == 429
    bob = {"Authorization": "Bearer user-bob"}
    assert client.get("/items/1", headers=bob).status_code == 200
    assert client.get("/items/1").status_code == 200  # anonymous: the IP bucket


def test_forwarded_for_only_from_trusted_proxy():
    app = make_app(store=frozen(), rate_limit_per_minute=1, trusted_proxies="10.0.0.0/8")
    proxy = TestClient(app, client=("10.0.0.2", 1))
    assert proxy.get("/items/1", headers={"X-Forwarded-For": "192.0.2.1"}).status_code == 200
    assert proxy.get("/items/1", headers={"X-Forwarded-For": "192.0.2.2"}).status_code == 200
    assert proxy.get("/items/1", headers={"X-Forwarded-For": "192.0.2.1"}).status_code == 429
    direct = TestClient(app, client=("203.0.113.7", 1))
    assert direct.get("/items/1", headers={"X-Forwarded-For": "192.0.2.50"}).status_code == 200
    assert direct.get("/items/1", headers={"X-Forwarded-For": "192.0.2.51"}).status_code == 429


def test_simulation_group_10_per_minute():
    client = TestClient(make_app(store=frozen()))
    user = {"Authorization": "Bearer user-sim"}
    codes = [client.post("/solve/jobs", headers=user).status_code for _ in range(11)]
    assert codes == [200] * 10 + [429]
    resp = client.post("/solve/jobs", headers=user)
    assert int(resp.headers["retry-after"]) >= 1
    assert "simulation" in resp.json()["detail"]
    assert client.post("/solve/jobs", headers={"Authorization": "Bearer user-2"}).status_code == 200
    assert client.get("/items/1", headers=user).status_code == 200  # default bucket not spent


def test_gcra_refills_smoothly():
    now = 1000.0
    tat = None
    for _ in range(10):
        decision, tat = _gcra(tat, now, 10, 60.0)
        assert decision.allowed
    decision, tat2 = _gcra(tat, now, 10, 60.0)
    assert not decision.allowed and decision.retry_after == 6
    decision, _ = _gcra(tat2, now + 6.0, 10, 60.0)
    assert decision.allowed


def test_memory_store_with_fake_clock():
    clock = [0.0]
    store = MemoryStore(clock=lambda: clock[0])

    async def run():
        results = [await store.hit("k", 2, 60.0) for _ in range(3)]
        clock[0] = 30.0
        results.append(await store.hit("k", 2, 60.0))
        return results

    allowed = [d.allowed for d in asyncio.run(run())]
    assert allowed == [True, True, False, True]


def test_redis_store_counts_and_is_shared(redis_url):
    key = f"test-{uuid.uuid4().hex}"

    async def run():
        worker_a, worker_b = RedisStore(redis_url), RedisStore(redis_url)
        out = [await worker_a.hit(key, 3, 60.0), await worker_b.hit(key, 3, 60.0),
               await worker_a.hit(key, 3, 60.0), await worker_b.hit(key, 3, 60.0)]
        await worker_a.close()
        await worker_b.close()
        return out

    decisions = asyncio.run(run())
    assert [d.allowed for d in decisions] == [True, True, True, False]
    assert 1 <= decisions[-1].retry_after <= 20


def test_redis_backed_app_429(redis_url):
    app = make_app(redis_url=redis_url, rate_limit_per_minute=5)
    app.state.rate_limiter.store._prefix = f"thermocraft:test:{uuid.uuid4().hex}:"
    assert isinstance(app.state.rate_limiter.store, RedisStore)
    with TestClient(app) as client:
        codes = [client.get("/items/1").status_code for _ in range(6)]
        assert codes == [200] * 5 + [429]
        assert int(client.get("/items/1").headers["retry-after"]) >= 1


def test_redis_unreachable_fails_open():
    app = make_app(redis_url="redis://127.0.0.1:1/0", rate_limit_per_minute=1)
    with TestClient(app) as client:
        assert [client.get("/items/1").status_code for _ in range(3)] == [200] * 3


@pytest.mark.parametrize("limit", [1, 7])
def test_env_configures_limit(monkeypatch, limit):
    monkeypatch.setenv("THERMOCRAFT_RATE_LIMIT_PER_MINUTE", str(limit))
    from server.middleware.config import HardeningSettings

    assert HardeningSettings().rate_limit_per_minute == limit
