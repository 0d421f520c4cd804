"""Argon2id password hashing with a dummy hash so unknown accounts cost the same time.

Hashing is deliberately expensive (≈0.75 s of CPU with the production parameters), so a
burst of sign-ins could otherwise run dozens of hashes at once and starve the process (its
event loop, and uvicorn's worker health check). At most ``password_hash_concurrency``
hashes or verifications run at a time in a process (default: the CPUs it may use); the
others wait up to ``password_hash_wait_seconds`` for a slot and then answer 503 with
``Retry-After`` instead of queueing without bound. Waiting holds a worker thread but no
CPU and (sign-in takes its slot before its first query) no database connection.
"""

from __future__ import annotations

import math
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from server.errors import ServiceUnavailable
from server.settings import Settings

BUSY_MESSAGE = "The server is busy signing other people in; try again shortly"


def cpu_count() -> int:
    """The CPUs this process may run on (affinity-aware where the OS tells)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return os.cpu_count() or 1


class HashingGate:
    """A per-process cap on concurrent hashing, re-entrant within one thread.

    ``with gate.slot():`` waits up to ``wait_seconds`` for one of ``limit`` slots, else
    raises :class:`ServiceUnavailable` (503) whose ``Retry-After`` estimates how long the
    backlog takes to drain (waiters × mean slot time / limit, 1–60 s). A thread that already
    holds a slot (e.g. a service that took one around a whole sign-in) takes no second one.
    """

    def __init__(self, limit: int, wait_seconds: float) -> None:
        self.limit = max(1, limit)
        self.wait_seconds = wait_seconds
        self._slots = threading.BoundedSemaphore(self.limit)
        self._held = threading.local()
        self._lock = threading.Lock()
        self._waiting = 0
        self._mean_hold = 1.0  # seconds; moving average of how long a slot is held

    def _retry_after(self) -> int:
        with self._lock:
            backlog = self._waiting * self._mean_hold / self.limit
        return min(60, max(1, math.ceil(backlog)))

    def _acquire(self) -> None:
        with self._lock:
            self._waiting += 1
        try:
            if not self._slots.acquire(timeout=self.wait_seconds):
                raise ServiceUnavailable(BUSY_MESSAGE, retry_after=self._retry_after())
        finally:
            with self._lock:
                self._waiting -= 1

    @contextmanager
    def slot(self) -> Iterator[None]:
        depth = getattr(self._held, "depth", 0)
        if depth == 0:
            self._acquire()
            started = time.monotonic()
        self._held.depth = depth + 1
        try:
            yield
        finally:
            self._held.depth = depth
            if depth == 0:
                self._slots.release()
                with self._lock:
                    self._mean_hold += 0.2 * (time.monotonic() - started - self._mean_hold)


class Passwords:
    """Hash and verify passwords (argon2id, parameters from the settings), capped per process."""

    def __init__(self, settings: Settings):
        self._hasher = PasswordHasher(
            time_cost=settings.argon2_time_cost,
            memory_cost=settings.argon2_memory_cost,
            parallelism=settings.argon2_parallelism,
        )
        self.gate = HashingGate(settings.password_hash_concurrency or cpu_count(),
                                settings.password_hash_wait_seconds)
        self._dummy = self._hasher.hash("thermocraft-dummy-password")

    def slot(self):
        """Hold a hashing slot across several steps (see :class:`HashingGate`)."""
        return self.gate.slot()

    def hash(self, password: str) -> str:
        with self.gate.slot():
            return self._hasher.hash(password)

    def verify(self, stored_hash: str | None, password: str) -> bool:
        """True if ``password`` matches; with no hash, burns the same time and says False."""
        try:
            with self.gate.slot():
                ok = self._hasher.verify(stored_hash or self._dummy, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False
        return ok and stored_hash is not None

    def needs_rehash(self, stored_hash: str) -> bool:
        return self._hasher.check_needs_rehash(stored_hash)
