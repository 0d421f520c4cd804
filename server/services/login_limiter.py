"""Login rate limiter, backed by the database so it holds across workers.

Failures are counted per (account, ip) and per ip over a sliding window.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from server.errors import RateLimited
from server.models import LoginFailure, utcnow
from server.security.tokens import sha256_hex
from server.settings import Settings


def account_key(email: str, ip: str) -> str:
    return sha256_hex(f"{email.strip().lower()}|{ip}")


def check(db: Session, settings: Settings, email: str, ip: str) -> None:
    """RateLimited if this account+ip or this ip has failed too often recently."""
    since = utcnow() - timedelta(seconds=settings.login_window_seconds)
    per_account = db.scalar(select(func.count()).select_from(LoginFailure).where(
        LoginFailure.account_key == account_key(email, ip), LoginFailure.created_at > since))
    per_ip = db.scalar(select(func.count()).select_from(LoginFailure).where(
        LoginFailure.ip == ip, LoginFailure.created_at > since))
    if per_account >= settings.login_max_failures or per_ip >= settings.login_max_failures_per_ip:
        raise RateLimited("Too many failed sign-in attempts; try again later",
                          retry_after=settings.login_window_seconds)


def record_failure(db: Session, settings: Settings, email: str, ip: str) -> None:
    db.add(LoginFailure(account_key=account_key(email, ip), ip=ip))
    cutoff = utcnow() - timedelta(seconds=settings.login_window_seconds)
    db.execute(delete(LoginFailure).where(LoginFailure.created_at < cutoff))
    db.commit()


def clear(db: Session, email: str, ip: str) -> None:
    db.execute(delete(LoginFailure).where(LoginFailure.account_key == account_key(email, ip)))
