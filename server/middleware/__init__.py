"""Hardening for the sync server: request ids and JSON logs, metrics, security headers,
CORS, request-line, header, body-size and rate limits. ``install(app)`` adds them all in the
right order."""

from __future__ import annotations

from fastapi import FastAPI

from .body_limit import BodySizeLimitMiddleware
from .config import HardeningSettings, get_hardening_settings
from .cors import add_cors
from .header_limit import RequestHeadLimitMiddleware
from .jsonlog import configure_logging
from .metrics import MetricsMiddleware
from .metrics import router as metrics_router
from .principal import TokenUsers, verified_resolver
from .proxy import parse_networks
from .rate_limit import (
    PrincipalResolver,
    RateLimit,
    RateLimiter,
    RateLimitMiddleware,
    SimulationRateLimit,
    default_group_limits,
)
from .rate_limit_store import make_store
from .request_id import RequestIdMiddleware
from .security_headers import SecurityHeadersMiddleware

__all__ = ["RateLimit", "SimulationRateLimit", "install"]


def _merged(app: FastAPI) -> HardeningSettings:
    """Environment settings, overridden by the same-named fields of ``app.state.settings``."""
    base = get_hardening_settings()
    app_settings = getattr(app.state, "settings", None)
    if app_settings is None:
        return base
    shared = {name: getattr(app_settings, name) for name in HardeningSettings.model_fields
              if name in type(app_settings).model_fields}
    return base.model_copy(update=shared)


def install(
    app: FastAPI,
    settings: HardeningSettings | None = None,
    resolver: PrincipalResolver | None = None,
    configure_logs: bool = True,
) -> None:
    """Add the hardening middleware stack and ``/metrics`` to ``app``.

    Outermost first: request id + access log, metrics, security headers, request-line and
    header limits, CORS, body limit, rate limit. ``resolver`` maps a request to its user id
    for per-user limits (default: the user of a credential the app authenticated recently,
    see ``principal.TokenUsers``).
    """
    s = settings or _merged(app)
    # filled by server.deps.current_principal and server.web.session.current
    app.state.verified_credentials = TokenUsers()
    if resolver is None:
        resolver = verified_resolver(app.state.verified_credentials)
    trusted = parse_networks(s.trusted_proxies)
    if configure_logs:
        configure_logging(s.log_level, s.log_json)
    limiter = RateLimiter(
        make_store(s.redis_url), s.rate_limit_per_minute, trusted,
        group_limits=default_group_limits() | {"simulation": s.solve_rate_limit_per_minute},
    )
    if resolver is not None:
        limiter.resolver = resolver
    app.state.rate_limiter = limiter
    app.state.trusted_proxies = trusted
    if s.rate_limit_enabled:
        app.add_middleware(RateLimitMiddleware, limiter=limiter)
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=s.max_request_bytes)
    add_cors(app, s.cors_origins)
    app.add_middleware(RequestHeadLimitMiddleware, max_bytes=s.max_header_bytes,
                       max_line_bytes=s.max_request_line_bytes)
    app.add_middleware(SecurityHeadersMiddleware, trusted=trusted, hsts_max_age=s.hsts_max_age,
                      behind_tls=s.behind_tls)
    app.add_middleware(MetricsMiddleware)
    app.add_middleware(RequestIdMiddleware, trusted=trusted)
    app.include_router(metrics_router)
