"""Rate-limit stores: GCRA (a smooth token bucket) in memory or in Redis."""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass
from typing import Protocol

log = logging.getLogger("thermocraft.ratelimit")


@dataclass(frozen=True)
class Decision:
    """Outcome of one hit: allowed, seconds to wait when not, requests left in the burst."""

    allowed: bool
    retry_after: int
    remaining: int


class RateLimitStore(Protocol):
    """Counts hits against ``limit`` requests per ``period`` seconds for a key."""

    async def hit(self, key: str, limit: int, period: float) -> Decision: ...

    async def close(self) -> None: ...


def _gcra(tat: float | None, now: float, limit: int, period: float) -> tuple[Decision, float]:
    """One GCRA step: returns the decision and the new theoretical arrival time."""
    interval = period / limit
    tat = max(tat or now, now)
    new_tat = tat + interval
    allow_at = new_tat - period
    if allow_at > now + 1e-6:  # tolerate float rounding of limit * interval
        return Decision(False, max(1, math.ceil(allow_at - now)), 0), tat
    remaining = int((now - allow_at) / interval + 1e-9)
    return Decision(True, 0, remaining), new_tat


class MemoryStore:
    """Per-process store (the default): exact within one worker."""

    def __init__(self, clock=time.monotonic) -> None:
        self._tat: dict[str, float] = {}
        self._clock = clock
        self._hits = 0

    async def hit(self, key: str, limit: int, period: float) -> Decision:
        now = self._clock()
        decision, self._tat[key] = _gcra(self._tat.get(key), now, limit, period)
        self._hits += 1
        if self._hits % 10_000 == 0:
            self._tat = {k: v for k, v in self._tat.items() if v > now}
        return decision

    async def close(self) -> None:
        self._tat.clear()


_LUA = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local limit = tonumber(ARGV[1])
local period = tonumber(ARGV[2])
local interval = period / limit
local tat = tonumber(redis.call('GET', KEYS[1])) or now
if tat < now then tat = now end
local new_tat = tat + interval
local allow_at = new_tat - period
if allow_at > now + 0.001 then
  return {0, math.ceil(allow_at - now), 0}
end
redis.call('SET', KEYS[1], string.format('%.3f', new_tat), 'PX', math.ceil(new_tat - now) + 1)
return {1, 0, math.floor((now - allow_at) / interval + 1e-9)}
"""


class RedisStore:
    """Store shared by every worker and host, in Redis (atomic Lua script, Redis clock).

    When Redis cannot be reached the request is allowed (fail open) and a warning is logged.
    """

    def __init__(self, url: str, prefix: str = "thermocraft:rl:") -> None:
        self._url = url
        self._prefix = prefix
        self._loop: object = None
        self._redis = None

    def _client(self):
        """A client bound to the running event loop (recreated if the loop changed)."""
        import asyncio

        import redis.asyncio as redis

        loop = asyncio.get_running_loop()
        if self._redis is None or self._loop is not loop:
            self._redis = redis.from_url(self._url, socket_timeout=1.0, socket_connect_timeout=1.0)
            self._script = self._redis.register_script(_LUA)
            self._loop = loop
        return self._script

    async def hit(self, key: str, limit: int, period: float) -> Decision:
        try:
            allowed, retry_ms, remaining = await self._client()(
                keys=[self._prefix + key], args=[limit, int(period * 1000)]
            )
        except Exception as exc:  # network or server error: fail open
            log.warning("rate-limit store unavailable: %s", exc)
            return Decision(True, 0, limit)
        return Decision(bool(allowed), max(1, math.ceil(int(retry_ms) / 1000)) if not allowed
                        else 0, int(remaining))

    async def close(self) -> None:
        if self._redis is not None:
            await self._redis.aclose()
            self._redis = None


def make_store(redis_url: str | None) -> RateLimitStore:
    """Redis when a URL is configured, memory otherwise."""
    return RedisStore(redis_url) if redis_url else MemoryStore()
