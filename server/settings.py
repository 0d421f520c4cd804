"""Server settings, read from the environment (prefix ``THERMOCRAFT_``).

Production mode (``THERMOCRAFT_ENV=production``) refuses default secrets and SQLite.
"""

from __future__ import annotations

import os
import secrets
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_SECRET_KEY = "thermocraft-dev-secret-change-me-0000000000000000"


def data_dir() -> Path:
    """The XDG data folder of the server (``$XDG_DATA_HOME/thermocraft``)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "thermocraft"


def default_database_url() -> str:
    """SQLite file in the XDG data folder: the embedded default."""
    return f"sqlite:///{data_dir() / 'server.db'}"


class Settings(BaseSettings):
    """All server configuration. Each field ``foo`` is read from ``THERMOCRAFT_FOO``."""

    model_config = SettingsConfigDict(env_prefix="THERMOCRAFT_", extra="ignore")

    # --- core (accounts helper) -----------------------------------------------------------
    env: Literal["development", "test", "production"] = "development"
    database_url: str = Field(default_factory=default_database_url)
    secret_key: str = DEFAULT_SECRET_KEY
    public_url: str = "http://127.0.0.1:8000"
    log_level: str = "INFO"

    access_token_ttl_seconds: int = 15 * 60
    refresh_token_ttl_seconds: int = 30 * 24 * 3600
    invitation_ttl_seconds: int = 7 * 24 * 3600
    email_verification_ttl_seconds: int = 2 * 24 * 3600
    password_reset_ttl_seconds: int = 3600

    argon2_time_cost: int = 3
    argon2_memory_cost: int = 64 * 1024
    argon2_parallelism: int = 4
    # at most this many hashes/verifications at once per process (0: the CPU count); a
    # request waits this long for a slot, then answers 503 with Retry-After
    password_hash_concurrency: int = Field(0, ge=0)
    password_hash_wait_seconds: float = Field(30.0, gt=0)

    login_max_failures: int = 5
    login_max_failures_per_ip: int = 50
    login_window_seconds: int = 15 * 60

    google_client_id: str = ""
    google_client_secret: str = ""
    google_authorize_url: str = "https://accounts.google.com/o/oauth2/v2/auth"
    google_token_url: str = "https://oauth2.googleapis.com/token"
    google_userinfo_url: str = "https://openidconnect.googleapis.com/v1/userinfo"
    github_client_id: str = ""
    github_client_secret: str = ""
    github_authorize_url: str = "https://github.com/login/oauth/authorize"
    github_token_url: str = "https://github.com/login/oauth/access_token"
    github_user_url: str = "https://api.github.com/user"
    github_emails_url: str = "https://api.github.com/user/emails"

    mail_from: str = "ThermoCraft <no-reply@thermocraft.invalid>"
    # SMTP delivery (server.mail.SmtpMailer); unset host: mail goes to the log
    smtp_host: str = ""
    smtp_port: int = Field(587, ge=1, le=65535)
    smtp_security: Literal["starttls", "ssl", "none"] = "starttls"
    smtp_username: str = ""
    smtp_password: str = ""
    smtp_timeout_seconds: float = Field(10.0, gt=0)

    # --- billing (billing helper may add fields here) -------------------------------------
    stripe_secret_key: str = ""
    stripe_webhook_secret: str = ""
    stripe_api_base: str = ""
    stripe_price_pro: str = ""
    stripe_price_advanced: str = ""
    stripe_webhook_tolerance_seconds: int = 300
    billing_grace_days: int = 7  # past_due keeps the plan this long, then Free
    entitlements_offline_days: int = 7  # how long the workbench may trust /me/entitlements
    entitlements_signing_key: str = ""  # Ed25519 PEM; unset: derived from secret_key
    billing_lapse_interval_seconds: float = Field(3600.0, gt=0)  # overdue-plan lapse job

    # --- remote solving (server/solving) -------------------------------------------------
    dask_scheduler: str = ""  # tcp://host:8786 of an existing cluster; unset: a LocalCluster
    dask_local_workers: int = Field(1, ge=1)
    dask_threads_per_worker: int = Field(2, ge=1)  # solves at once per local worker
    result_store_dir: str = Field(default_factory=lambda: str(data_dir() / "results"))
    # caps on the plan's per-solve limits (0: the plan's own); for small hosts and tests
    solve_memory_cap_bytes: int = Field(0, ge=0)
    solve_wall_cap_seconds: float = Field(0, ge=0)
    job_max_attempts: int = Field(2, ge=1)  # a job whose worker dies is retried once
    # a running job silent this long is taken as lost (its server or worker died): requeued
    job_heartbeat_timeout_seconds: float = Field(30.0, gt=0)

    # --- web and hardening: see server/middleware/config.py (HardeningSettings) -----------
    behind_tls: bool = False

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> Settings:
        if self.env == "development":
            return self
        problems = []
        if self.secret_key == DEFAULT_SECRET_KEY:  # public: anyone could sign tokens
            problems.append("the default secret key is public: set THERMOCRAFT_SECRET_KEY "
                            "to a random value of 32+ chars")
        elif self.env == "production" and len(self.secret_key) < 32:
            problems.append("THERMOCRAFT_SECRET_KEY must be set to a random value of 32+ chars")
        if self.env == "production" and self.is_sqlite:
            problems.append("THERMOCRAFT_DATABASE_URL must point to PostgreSQL, not SQLite")
        if problems:
            raise ValueError(f"refusing to start in {self.env}: " + "; ".join(problems))
        return self


@lru_cache
def get_settings() -> Settings:
    """Settings from the environment (cached; the app factory accepts explicit settings)."""
    return Settings()


def embedded_secret_key() -> str:
    """The embedded server's own random secret (``secret_key`` in the XDG data folder,
    created on first use, mode 0600), used in development instead of the public default."""
    path = data_dir() / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process created it first
            pass
        else:
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_urlsafe(48))
    return path.read_text().strip()
