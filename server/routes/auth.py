"""Sign-up, sign-in, token refresh, sign-out and e-mail verification."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, status

from server.deps import DB, MailerDep, PasswordsDep, PrincipalDep, SettingsDep, client_ip
from server.middleware import RateLimit
from server.schemas.auth import (
    MessageOut,
    PasswordResetConfirmIn,
    PasswordResetIn,
    RefreshIn,
    SignInIn,
    SignOutIn,
    SignUpIn,
    TokenPairOut,
    VerifyEmailIn,
)
from server.services import accounts, password_reset, sessions

TAG = {"name": "auth", "description": "E-mail and password accounts, sessions and tokens."}
router = APIRouter(prefix="/auth", tags=["auth"])

_401 = {401: {"model": MessageOut, "description": "Not authenticated / invalid credentials"}}
_503 = {503: {"model": MessageOut, "description": "Busy hashing other passwords; retry after "
              "`Retry-After` seconds"}}


@router.post("/signup", summary="Create an account", status_code=status.HTTP_202_ACCEPTED,
             response_model=MessageOut, responses=_503)
def sign_up(body: SignUpIn, db: DB, settings: SettingsDep, passwords: PasswordsDep,
            mailer: MailerDep) -> MessageOut:
    """Always answers 202 with the same message: whether the e-mail already had an account
    is only told to its owner, by mail."""
    accounts.sign_up(db, settings, passwords, mailer, body.email, body.password,
                     body.display_name)
    return MessageOut(detail=accounts.SIGNUP_MESSAGE)


@router.post("/login", summary="Sign in with e-mail and password", response_model=TokenPairOut,
             responses={**_401, 429: {"model": MessageOut, "description": "Too many failures"},
                        **_503})
def sign_in(body: SignInIn, request: Request, db: DB, settings: SettingsDep,
            passwords: PasswordsDep) -> TokenPairOut:
    """A 15-minute access token and a rotating refresh token. Unknown e-mail and wrong
    password give the same 401."""
    return TokenPairOut.model_validate(
        accounts.sign_in(db, settings, passwords, body.email, body.password, client_ip(request)))


@router.post("/refresh", summary="Rotate a refresh token", response_model=TokenPairOut,
             responses=_401)
def refresh(body: RefreshIn, db: DB, settings: SettingsDep) -> TokenPairOut:
    """Each refresh token works once. Presenting an already-rotated token revokes the
    whole session (all its tokens)."""
    return TokenPairOut.model_validate(sessions.rotate(db, settings, body.refresh_token))


@router.post("/logout", summary="Sign out", status_code=status.HTTP_204_NO_CONTENT,
             responses=_401)
def sign_out(body: SignOutIn, principal: PrincipalDep, db: DB) -> None:
    """Revokes the session of the given refresh token (or the current session)."""
    sessions.sign_out(db, principal.user, body.refresh_token, principal.family_id)


@router.post("/logout-all", summary="Sign out everywhere",
             status_code=status.HTTP_204_NO_CONTENT, responses=_401)
def sign_out_everywhere(principal: PrincipalDep, db: DB) -> None:
    sessions.sign_out_everywhere(db, principal.user)


@router.post("/verify-email", summary="Confirm an e-mail address", response_model=MessageOut,
             responses=_401)
def verify_email(body: VerifyEmailIn, db: DB, settings: SettingsDep) -> MessageOut:
    accounts.verify_email(db, settings, body.token)
    return MessageOut(detail="E-mail address confirmed.")


@router.post("/password-reset", summary="E-mail a password-reset link",
             status_code=status.HTTP_202_ACCEPTED, response_model=MessageOut,
             dependencies=[Depends(RateLimit("password_reset", per_minute=5))])
def request_password_reset(body: PasswordResetIn, db: DB, settings: SettingsDep,
                           mailer: MailerDep) -> MessageOut:
    """Always answers 202 with the same message; the link (valid once, for
    ``THERMOCRAFT_PASSWORD_RESET_TTL_SECONDS``) goes to the address only if it has an
    account."""
    password_reset.request_reset(db, settings, mailer, body.email)
    return MessageOut(detail=password_reset.RESET_MESSAGE)


@router.post("/password-reset/confirm", summary="Set a new password from a reset link",
             status_code=status.HTTP_204_NO_CONTENT, responses={**_401, **_503})
def confirm_password_reset(body: PasswordResetConfirmIn, db: DB, settings: SettingsDep,
                           passwords: PasswordsDep) -> None:
    """Ends every session of the account; the link stops working once used."""
    password_reset.reset_password(db, settings, passwords, body.token, body.new_password)
