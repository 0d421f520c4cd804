"""FastAPI dependencies: database, settings, mailer, the signed-in principal, scopes, roles.

Dependencies that only read the request or the principal are ``async def``: FastAPI runs a
plain ``def`` dependency in its thread pool, one hand-over (and, under load, one wait for
the GIL) each; only those that query the database run there."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated, Literal

from fastapi import Depends, Path, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from server.db import get_db
from server.errors import Forbidden, Unauthorized
from server.mail import Mailer
from server.middleware.proxy import client_ip as scope_client_ip
from server.models import Membership, Role, User
from server.security.passwords import Passwords
from server.security.tokens import API_TOKEN_PREFIX
from server.settings import Settings

ALL_SCOPES = ("library:read", "library:write", "solve")
Offset = Annotated[int, Query(ge=0, le=2**31 - 1, description="Results to skip")]
"""A page offset, bounded so that every database takes it (SQLite refuses past 2**63 - 1)."""


async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


async def get_mailer(request: Request) -> Mailer:
    return request.app.state.mailer


async def get_passwords(request: Request) -> Passwords:
    return request.app.state.passwords


def client_ip(request: Request) -> str:
    """The client's IP, believing X-Forwarded-For only from ``THERMOCRAFT_TRUSTED_PROXIES``
    (the same rule as the rate limits and the access log)."""
    return scope_client_ip(request.scope, getattr(request.app.state, "trusted_proxies", ()))


DB = Annotated[Session, Depends(get_db)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
MailerDep = Annotated[Mailer, Depends(get_mailer)]
PasswordsDep = Annotated[Passwords, Depends(get_passwords)]

_bearer = HTTPBearer(auto_error=False, description="JWT access token or `tc_...` API token")


@dataclass
class Principal:
    """Who is calling: a signed-in session (all scopes) or a personal API token (its scopes)."""

    user: User
    kind: Literal["session", "api_token"]
    scopes: frozenset[str] = field(default_factory=lambda: frozenset(ALL_SCOPES))
    family_id: uuid.UUID | None = None
    api_token_id: uuid.UUID | None = None


Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


def current_principal(
    request: Request,
    db: DB,
    settings: SettingsDep,
    credentials: Credentials,
) -> Principal:
    """The caller, from ``Authorization: Bearer <jwt | tc_...>``; 401 otherwise."""
    from server.services import api_tokens, sessions

    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthorized()
    token = credentials.credentials
    if token.startswith(API_TOKEN_PREFIX):
        api_token, user = api_tokens.authenticate(db, token)
        principal = Principal(user, "api_token", frozenset(api_token.scopes),
                              api_token_id=api_token.id)
    else:
        user, family_id = sessions.user_from_access_token(db, settings, token)
        principal = Principal(user, "session", family_id=family_id)
    remember_verified(request, token, user.id)
    return principal


def remember_verified(request: Request, credential: str, user_id: uuid.UUID) -> None:
    """Record a credential just authenticated against the database, so the rate limiter
    counts its next requests against the user (``server.middleware.principal``)."""
    verified = getattr(request.app.state, "verified_credentials", None)
    if verified is not None:
        verified.remember(credential, user_id)


PrincipalDep = Annotated[Principal, Depends(current_principal)]


async def current_user(principal: PrincipalDep) -> User:
    """Any authenticated caller (session or API token of any scope)."""
    return principal.user


async def session_user(principal: PrincipalDep) -> User:
    """A signed-in session only: account and team management refuse API tokens."""
    if principal.kind != "session":
        raise Forbidden("This action needs a signed-in session, not an API token")
    return principal.user


CurrentUser = Annotated[User, Depends(current_user)]
SessionUser = Annotated[User, Depends(session_user)]


def require_scope(scope: str) -> Callable[..., Principal]:
    """Dependency: the caller must hold ``scope`` (sessions hold every scope); else 403."""
    if scope not in ALL_SCOPES:
        raise ValueError(f"unknown scope {scope!r}")

    async def dependency(principal: PrincipalDep) -> Principal:
        check_scope(principal, scope)
        return principal

    return dependency


def check_scope(principal: Principal, scope: str) -> None:
    """403 unless the caller holds ``scope``."""
    if scope not in principal.scopes:
        raise Forbidden(f"This API token lacks the '{scope}' scope")


def org_member(min_role: Role = Role.MEMBER) -> Callable[..., Membership]:
    """Dependency for ``/orgs/{org_id}/...``: the caller's membership, 404 if not a member,
    403 if their role is below ``min_role``."""
    from server.services import organizations

    def dependency(
        db: DB, user: SessionUser, org_id: Annotated[uuid.UUID, Path()]
    ) -> Membership:
        return organizations.require_membership(db, org_id, user, min_role)

    return dependency
