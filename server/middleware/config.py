"""Hardening settings, read from ``THERMOCRAFT_*`` environment variables."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Annotated

from pydantic import BeforeValidator, Field
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


def _split(value: object) -> list[str]:
    """Comma-separated string, JSON list or list -> list of stripped items."""
    if isinstance(value, str) and value.strip().startswith("["):
        return [str(v).strip() for v in json.loads(value)]
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return list(value or [])


CsvList = Annotated[list[str], NoDecode, BeforeValidator(_split)]


class HardeningSettings(BaseSettings):
    """Limits, CORS, proxies, logging and metrics for the sync server.

    Names match the fields of ``server.settings.Settings`` that read the same variables.
    """

    model_config = SettingsConfigDict(env_prefix="THERMOCRAFT_", extra="ignore")

    rate_limit_per_minute: int = Field(100, ge=1, description="Requests per minute per user/IP")
    solve_rate_limit_per_minute: int = Field(10, ge=1, description="Simulation submissions/min")
    rate_limit_enabled: bool = True
    redis_url: str | None = Field(None, description="Shared rate-limit store; memory if unset")
    cors_origins: CsvList = Field(default_factory=list, description="Allowed browser origins")
    trusted_proxies: CsvList = Field(
        default_factory=list, description="IPs/CIDRs whose X-Forwarded-* headers are trusted"
    )
    max_request_bytes: int = Field(1_048_576, ge=1024, description="Request body limit (413)")
    max_header_bytes: int = Field(65_536, ge=1024, description="Request header limit (431)")
    max_request_line_bytes: int = Field(8192, ge=1024, description="Request line limit (414)")
    behind_tls: bool = Field(False, description="Always served over TLS: HSTS, Secure cookies")
    hsts_max_age: int = 31_536_000
    log_json: bool = True
    log_level: str = "INFO"
    metrics_token: str | None = Field(None, description="Bearer token required by /metrics")


@lru_cache
def get_hardening_settings() -> HardeningSettings:
    """The process-wide settings (cached)."""
    return HardeningSettings()
