"""Google and GitHub sign-in (authlib OAuth2 client, authorization code + PKCE S256).

State and the PKCE verifier travel in a signed, short-lived cookie bound to the browser.
A provider identity links to an existing account only through an e-mail the provider
reports as verified.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

import httpx
from authlib.common.security import generate_token
from authlib.integrations.base_client import OAuthError
from authlib.integrations.httpx_client import OAuth2Client
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.orm import Session

from server.errors import BadRequest, NotFound
from server.models import OAuthAccount, User, utcnow
from server.services import accounts, api_tokens, sessions
from server.settings import Settings

PROVIDERS = ("google", "github")
STATE_COOKIE = "tc_oauth"
STATE_MAX_AGE = 600
HTTP_TIMEOUT = 10.0


class OAuthFailed(BadRequest):
    """State, PKCE or the provider's answer did not check out (400)."""


@dataclass(frozen=True)
class ProviderConfig:
    name: str
    client_id: str
    client_secret: str
    authorize_url: str
    token_url: str
    scope: str
    auth_method: str


@dataclass(frozen=True)
class Identity:
    provider: str
    subject: str
    email: str | None
    email_verified: bool
    name: str = ""


def provider_config(settings: Settings, name: str) -> ProviderConfig:
    """The provider's settings; NotFound if unknown or not configured."""
    if name == "google" and settings.google_client_id:
        return ProviderConfig(name, settings.google_client_id, settings.google_client_secret,
                              settings.google_authorize_url, settings.google_token_url,
                              "openid email profile", "client_secret_basic")
    if name == "github" and settings.github_client_id:
        return ProviderConfig(name, settings.github_client_id, settings.github_client_secret,
                              settings.github_authorize_url, settings.github_token_url,
                              "read:user user:email", "client_secret_post")
    raise NotFound("Unknown or unconfigured sign-in provider")


def configured_providers(settings: Settings) -> list[str]:
    return [p for p in PROVIDERS if getattr(settings, f"{p}_client_id")]


def redirect_uri(settings: Settings, provider: str) -> str:
    return f"{settings.public_url}/auth/oauth/{provider}/callback"


def _client(settings: Settings, cfg: ProviderConfig) -> OAuth2Client:
    return OAuth2Client(
        cfg.client_id, cfg.client_secret, scope=cfg.scope,
        redirect_uri=redirect_uri(settings, cfg.name), code_challenge_method="S256",
        token_endpoint_auth_method=cfg.auth_method, timeout=HTTP_TIMEOUT,
    )


def _serializer(settings: Settings) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(settings.secret_key, salt="thermocraft-oauth-state")


def safe_next(next_url: str | None) -> str | None:
    """Only same-site relative paths are accepted as post-sign-in destinations."""
    if next_url and next_url.startswith("/") and not next_url.startswith(("//", "/\\")):
        return next_url
    return None


def start(settings: Settings, provider: str, next_url: str | None) -> tuple[str, str]:
    """(authorization URL, signed cookie value holding state + PKCE verifier)."""
    cfg = provider_config(settings, provider)
    verifier = generate_token(64)
    with _client(settings, cfg) as client:
        url, state = client.create_authorization_url(cfg.authorize_url, code_verifier=verifier)
    cookie = _serializer(settings).dumps(
        {"p": provider, "s": state, "v": verifier, "n": safe_next(next_url)})
    return url, cookie


def load_state(settings: Settings, provider: str, cookie: str | None, state: str) -> dict:
    """The flow's saved data if the cookie is valid and ``state`` matches; else OAuthFailed."""
    if not cookie:
        raise OAuthFailed("OAuth state missing: start the sign-in again")
    try:
        saved = _serializer(settings).loads(cookie, max_age=STATE_MAX_AGE)
    except BadSignature as exc:
        raise OAuthFailed("OAuth state invalid or expired: start the sign-in again") from exc
    if saved.get("p") != provider or not secrets.compare_digest(str(saved.get("s")), state):
        raise OAuthFailed("OAuth state mismatch")
    return saved


def fetch_identity(settings: Settings, provider: str, code: str, verifier: str) -> Identity:
    """Exchange the code (with the PKCE verifier) and read the user's identity."""
    cfg = provider_config(settings, provider)
    try:
        with _client(settings, cfg) as client:
            client.fetch_token(cfg.token_url, code=code, code_verifier=verifier)
            if provider == "google":
                info = client.get(settings.google_userinfo_url).raise_for_status().json()
                return Identity(provider, str(info["sub"]), info.get("email"),
                                bool(info.get("email_verified")), info.get("name") or "")
            user = client.get(settings.github_user_url).raise_for_status().json()
            emails = client.get(settings.github_emails_url).raise_for_status().json()
    except (OAuthError, httpx.HTTPError, KeyError, TypeError, ValueError) as exc:
        raise OAuthFailed(f"Sign-in with {provider} failed") from exc
    verified = [e for e in emails if e.get("verified")]
    best = next((e for e in verified if e.get("primary")), verified[0] if verified else None)
    return Identity(provider, str(user["id"]), best["email"] if best else user.get("email"),
                    best is not None, user.get("name") or user.get("login") or "")


def sign_in(db: Session, settings: Settings, identity: Identity) -> User:
    """The user for this identity: already linked, linked by verified e-mail, or new."""
    link = db.scalar(select(OAuthAccount).where(OAuthAccount.provider == identity.provider,
                                                OAuthAccount.subject == identity.subject))
    if link is not None:
        user = db.get(User, link.user_id)
        if user is None or not user.is_active:
            raise OAuthFailed("This account is disabled")
        link.last_login_at = utcnow()
        db.commit()
        return user
    if not identity.email or not identity.email_verified:
        raise OAuthFailed(f"{identity.provider} did not confirm an e-mail address; "
                          "verify your e-mail there and try again")
    user = accounts.get_by_email(db, identity.email)
    if user is None:
        name = "".join(ch for ch in identity.name if ch.isprintable())[:200]
        user = accounts.create_user(db, None, identity.email, None, name, True)
    elif not user.email_verified:
        # Someone may have registered this address without owning it: the verified
        # provider identity wins; every credential of the unproven owner is dropped.
        user.password_hash = None
        user.email_verified = True
        sessions.revoke_all(db, user.id, "unverified account claimed via OAuth")
        api_tokens.revoke_all(db, user.id)
    db.add(OAuthAccount(user_id=user.id, provider=identity.provider, subject=identity.subject,
                        email=accounts.normalize_email(identity.email), last_login_at=utcnow()))
    db.commit()
    return user
