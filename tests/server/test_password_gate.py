"""The per-process cap on concurrent password hashing: bursts wait for a slot, a bounded
wait answers 503 with Retry-After, and the CLI lengthens uvicorn's worker health check."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient
from web.webutil import csrf_of

from server.app import create_app
from server.errors import ServiceUnavailable
from server.security.passwords import Passwords, cpu_count


class CountingHasher:
    """Wraps the real hasher and records how many hashes/verifications run at once."""

    def __init__(self, inner, hold: float = 0.03):
        self.inner, self.hold = inner, hold
        self.lock = threading.Lock()
        self.running = self.peak = self.calls = 0

    def _timed(self, fn, *args):
        with self.lock:
            self.running += 1
            self.calls += 1
            self.peak = max(self.peak, self.running)
        try:
            time.sleep(self.hold)  # keep the slot long enough for the burst to pile up
            return fn(*args)
        finally:
            with self.lock:
                self.running -= 1

    def hash(self, password):
        return self._timed(self.inner.hash, password)

    def verify(self, stored, password):
        return self._timed(self.inner.verify, stored, password)

    def check_needs_rehash(self, stored):
        return self.inner.check_needs_rehash(stored)


def counting(passwords: Passwords) -> CountingHasher:
    passwords._hasher = CountingHasher(passwords._hasher)
    return passwords._hasher


def test_default_cap_is_the_cpu_count(settings):
    assert Passwords(settings).gate.limit == cpu_count() >= 1


def test_burst_of_threads_never_exceeds_the_cap(settings):
    passwords = Passwords(settings.model_copy(update={"password_hash_concurrency": 2}))
    counter = counting(passwords)
    stored = passwords._hasher.inner.hash("pw")
    with ThreadPoolExecutor(max_workers=16) as pool:
        jobs = [pool.submit(passwords.hash, "pw") for _ in range(12)]
        jobs += [pool.submit(passwords.verify, stored, "pw") for _ in range(12)]
        results = [job.result() for job in jobs]
    assert counter.calls == 24 and counter.peak == 2
    assert all(results[12:])


def test_a_held_slot_is_reentrant_in_its_thread(settings):
    passwords = Passwords(settings.model_copy(update={"password_hash_concurrency": 1,
                                                      "password_hash_wait_seconds": 0.05}))
    with passwords.slot():
        stored = passwords.hash("pw")  # same thread: no second slot, no deadlock
        assert passwords.verify(stored, "pw")
    assert passwords.verify(stored, "pw")


def test_waiting_is_bounded_then_503(settings):
    passwords = Passwords(settings.model_copy(update={"password_hash_concurrency": 1,
                                                      "password_hash_wait_seconds": 0.05}))
    holding, release = threading.Event(), threading.Event()

    def hold():
        with passwords.slot():
            holding.set()
            release.wait(5)

    holder = threading.Thread(target=hold)
    holder.start()
    holding.wait(5)
    started = time.monotonic()
    with pytest.raises(ServiceUnavailable) as exc:
        passwords.hash("pw")
    assert time.monotonic() - started < 2
    assert exc.value.status_code == 503 and exc.value.headers == {"Retry-After": "1"}
    release.set()
    holder.join()
    assert passwords.hash("pw")


def test_retry_after_estimates_the_backlog():
    from server.security.passwords import HashingGate

    gate = HashingGate(limit=2, wait_seconds=0.01)
    gate._mean_hold, gate._waiting = 0.8, 10  # ten waiters, 0.8 s a slot, two slots
    assert gate._retry_after() == 4
    gate._waiting = 1000
    assert gate._retry_after() == 60
    gate._waiting = 0
    assert gate._retry_after() == 1


@pytest.fixture
def gated_app(settings, clean_engine, mailer):
    """The app with one hashing slot and a short wait."""
    gated = settings.model_copy(update={"password_hash_concurrency": 1,
                                        "password_hash_wait_seconds": 0.2})
    return create_app(gated, engine=clean_engine, mailer=mailer)


def test_sign_in_burst_through_the_api_respects_the_cap(settings, clean_engine, mailer,
                                                        make_user):
    app = create_app(settings.model_copy(update={"password_hash_concurrency": 2,
                                                 "password_hash_wait_seconds": 30}),
                     engine=clean_engine, mailer=mailer)
    app.state.rate_limiter.per_minute = 10_000
    counter = counting(app.state.passwords)
    users = [make_user() for _ in range(3)]

    def sign_in(i: int) -> int:
        user = users[i % len(users)]
        with TestClient(app) as c:
            return c.post("/auth/login", json={"email": user.email,
                                               "password": user.password}).status_code

    with ThreadPoolExecutor(max_workers=10) as pool:
        codes = list(pool.map(sign_in, range(10)))
    assert codes == [200] * 10
    assert counter.calls == 10 and counter.peak == 2


def test_api_and_pages_answer_503_with_retry_after_when_no_slot_frees(gated_app, make_user):
    handle = make_user()
    body = {"email": handle.email, "password": handle.password}
    api, web = TestClient(gated_app), TestClient(gated_app)
    form = web.get("/signin").text
    holding, release = threading.Event(), threading.Event()

    def hold():
        with gated_app.state.passwords.slot():
            holding.set()
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    holding.wait(5)
    try:
        resp = api.post("/auth/login", json=body)
        assert resp.status_code == 503 and resp.headers["retry-after"] == "1"
        assert "busy" in resp.json()["detail"]
        page = web.post("/signin", data={"csrf_token": csrf_of(form), **body},
                        follow_redirects=False)
        assert page.status_code == 503 and page.headers["retry-after"] == "1"
        assert "busy" in page.text
        form = web.get("/signup").text
        page = web.post("/signup", data={"csrf_token": csrf_of(form), "email": "n@example.com",
                                         "password": "long enough pw"})
        assert page.status_code == 503 and page.headers["retry-after"] == "1"
        assert "busy" in page.text and 'value="n@example.com"' in page.text
        resp = api.post("/auth/signup", json={"email": "m@example.com",
                                              "password": "long enough pw"})
        assert resp.status_code == 503 and resp.headers["retry-after"] == "1"
    finally:
        release.set()
        holder.join()
    assert api.post("/auth/login", json=body).status_code == 200


def test_cli_passes_the_worker_health_check_timeout(monkeypatch, tmp_path):
    from server import cli

    calls = {}
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.delenv("THERMOCRAFT_DATABASE_URL", raising=False)
    # the cli exports its generated secret for the workers: record the variable so it is undone
    monkeypatch.setenv("THERMOCRAFT_SECRET_KEY", "")
    monkeypatch.delenv("THERMOCRAFT_SECRET_KEY")
    monkeypatch.setattr(cli.migrate, "upgrade", lambda url: None)
    monkeypatch.setattr(cli.uvicorn, "run", lambda *a, **kw: calls.update(kw))
    cli.main(["--workers", "4", "--timeout-worker-healthcheck", "45"])
    assert calls["workers"] == 4 and calls["timeout_worker_healthcheck"] == 45
    cli.main([])
    assert calls["timeout_worker_healthcheck"] == 30
