"""Per-user / per-IP rate limits: a global middleware and a reusable route-group dependency.

A request whose credentials resolve to a user is counted in that user's bucket, any other
request in its client IP's bucket. Route groups (e.g. simulation submissions) add their own,
stricter bucket with :class:`RateLimit`::

    router = APIRouter(dependencies=[Depends(RateLimit("simulation"))])
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import HTTPException, Request
from starlette.datastructures import MutableHeaders
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .config import get_hardening_settings
from .proxy import Network, client_ip
from .rate_limit_store import Decision, MemoryStore, RateLimitStore

PERIOD = 60.0
EXEMPT_PREFIXES = ("/health/", "/metrics", "/static/")
# Returns a stable id for the authenticated principal of a request, or None (anonymous).
PrincipalResolver = Callable[[Scope], Awaitable[str | None]]


async def _anonymous(_scope: Scope) -> str | None:
    return None


class RateLimiter:
    """The store, the principal resolver and the trusted proxies, shared by app and routes."""

    def __init__(
        self,
        store: RateLimitStore | None = None,
        per_minute: int = 100,
        trusted: tuple[Network, ...] = (),
        resolver: PrincipalResolver = _anonymous,
        group_limits: dict[str, int] | None = None,
    ) -> None:
        self.store = store or MemoryStore()
        self.per_minute = per_minute
        self.trusted = trusted
        self.resolver = resolver
        self.group_limits = dict(group_limits or {})

    async def subject(self, scope: Scope) -> str:
        """``user:<id>`` for an authenticated request, ``ip:<address>`` otherwise."""
        cached = scope.setdefault("state", {}).get("rate_limit_subject")
        if cached:
            return cached
        try:
            principal = await self.resolver(scope)
        except Exception:
            principal = None
        subject = f"user:{principal}" if principal else f"ip:{client_ip(scope, self.trusted)}"
        scope["state"]["rate_limit_subject"] = subject
        return subject

    async def hit(
        self, scope: Scope, group: str = "default", limit: int | None = None
    ) -> tuple[Decision, int]:
        """Count one request of ``group`` for the request's subject."""
        limit = limit or self.group_limits.get(group, self.per_minute)
        decision = await self.store.hit(f"{group}:{await self.subject(scope)}", limit, PERIOD)
        return decision, limit


def too_many(decision: Decision, limit: int) -> JSONResponse:
    """The 429 response with Retry-After."""
    return JSONResponse(
        {"detail": f"Rate limit exceeded: {limit} requests per minute"},
        status_code=429,
        headers={
            "Retry-After": str(decision.retry_after),
            "X-RateLimit-Limit": str(limit),
            "X-RateLimit-Remaining": "0",
        },
    )


class RateLimitMiddleware:
    """The default limit on every HTTP request (health, metrics and static files exempt)."""

    def __init__(self, app: ASGIApp, limiter: RateLimiter) -> None:
        self.app = app
        self.limiter = limiter

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(EXEMPT_PREFIXES) \
                or scope["method"] == "OPTIONS":
            await self.app(scope, receive, send)
            return
        decision, limit = await self.limiter.hit(scope)
        if not decision.allowed:
            await too_many(decision, limit)(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("x-ratelimit-limit", str(limit))
                headers.setdefault("x-ratelimit-remaining", str(decision.remaining))
            await send(message)

        await self.app(scope, receive, send_with_headers)


class RateLimit:
    """Route dependency: a stricter bucket for a route group (``Depends(RateLimit("simulation"))``).

    The group's limit comes from the limiter's ``group_limits`` (``simulation`` defaults to
    ``THERMOCRAFT_SOLVE_RATE_LIMIT_PER_MINUTE``) unless ``per_minute`` is given.
    """

    def __init__(self, group: str, per_minute: int | None = None) -> None:
        self.group = group
        self.per_minute = per_minute

    async def __call__(self, request: Request) -> None:
        limiter: RateLimiter | None = getattr(request.app.state, "rate_limiter", None)
        if limiter is None:
            limiter = request.app.state.rate_limiter = RateLimiter(
                group_limits=default_group_limits()
            )
        decision, limit = await limiter.hit(request.scope, self.group, self.per_minute)
        if not decision.allowed:
            raise HTTPException(
                429,
                f"Rate limit exceeded: {limit} {self.group} requests per minute",
                headers={"Retry-After": str(decision.retry_after)},
            )


def default_group_limits() -> dict[str, int]:
    """Group limits from the settings."""
    return {"simulation": get_hardening_settings().solve_rate_limit_per_minute}


# The group name that remote-solve submission routes use.
SimulationRateLimit = RateLimit("simulation")
