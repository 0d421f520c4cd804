"""The signed-in user: profile, password and personal API tokens."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request, status

from server.billing.deps import get_gateway
from server.deps import (
    DB,
    CurrentUser,
    MailerDep,
    PasswordsDep,
    PrincipalDep,
    SessionUser,
    SettingsDep,
)
from server.models import User
from server.schemas.account import (
    AccountDeleteIn,
    ApiTokenCreated,
    ApiTokenIn,
    ApiTokenOut,
    PasswordChangeIn,
    UserOut,
    UserPatch,
    WhoAmIOut,
)
from server.schemas.auth import MessageOut
from server.services import account_deletion, accounts, api_tokens

TAG = {"name": "account", "description": "The signed-in user and their personal API tokens "
       "(for the FreeCAD workbench)."}
router = APIRouter(prefix="/me", tags=["account"],
                   responses={401: {"model": MessageOut, "description": "Not authenticated"}})


def user_out(user: User) -> UserOut:
    return UserOut(id=user.id, email=user.email, email_verified=user.email_verified,
                   display_name=user.display_name, has_password=user.password_hash is not None,
                   created_at=user.created_at)


@router.get("", summary="The signed-in user", response_model=UserOut)
def me(user: CurrentUser) -> UserOut:
    return user_out(user)


@router.patch("", summary="Update the profile", response_model=UserOut)
def update_me(body: UserPatch, user: SessionUser, db: DB) -> UserOut:
    return user_out(accounts.update_profile(db, user, body.display_name))


@router.delete("", summary="Delete the account and its data",
               status_code=status.HTTP_204_NO_CONTENT,
               responses={409: {"model": MessageOut,
                                "description": "The only owner of a team with other members"},
                          503: {"model": MessageOut,
                                "description": "Stripe could not cancel the subscription"}})
def delete_me(body: AccountDeleteIn, request: Request, user: SessionUser, db: DB,
              settings: SettingsDep, passwords: PasswordsDep, mailer: MailerDep) -> None:
    """Cancels the personal subscription (and those of teams only you belong to) at Stripe,
    deletes those teams, your sessions, tokens, usage records and every object you own.
    Confirm with your e-mail address and, if the account has one, your password."""
    account_deletion.delete_account(
        db, passwords, mailer, lambda: get_gateway(request, settings), user,
        password=body.password, confirm_email=body.confirm_email,
        purgers=getattr(request.app.state, "account_purgers", ()))


@router.get("/whoami", summary="How the caller is authenticated", response_model=WhoAmIOut)
def whoami(principal: PrincipalDep) -> WhoAmIOut:
    """The user, the kind of credential and its scopes (the workbench checks its token)."""
    return WhoAmIOut(user=user_out(principal.user), auth=principal.kind,
                     scopes=sorted(principal.scopes))


@router.post("/password", summary="Change the password", status_code=status.HTTP_204_NO_CONTENT,
             responses={403: {"model": MessageOut}})
def change_password(body: PasswordChangeIn, user: SessionUser, db: DB,
                    passwords: PasswordsDep) -> None:
    """Ends every session, including this one."""
    accounts.change_password(db, passwords, user, body.current_password, body.new_password)


@router.get("/api-tokens", summary="List personal API tokens", response_model=list[ApiTokenOut])
def list_tokens(user: SessionUser, db: DB) -> list[ApiTokenOut]:
    return [ApiTokenOut.model_validate(t) for t in api_tokens.list_for(db, user)]


@router.post("/api-tokens", summary="Create a personal API token",
             status_code=status.HTTP_201_CREATED, response_model=ApiTokenCreated,
             responses={403: {"model": MessageOut,
                              "description": "E-mail not confirmed, or not a session"}})
def create_token(body: ApiTokenIn, user: SessionUser, db: DB) -> ApiTokenCreated:
    """The secret `tc_...` value is in this response only; it is stored hashed."""
    token, raw = api_tokens.create(db, user, body.name, list(body.scopes), body.expires_in_days)
    return ApiTokenCreated(**ApiTokenOut.model_validate(token).model_dump(), token=raw)


@router.delete("/api-tokens/{token_id}", summary="Revoke a personal API token",
               status_code=status.HTTP_204_NO_CONTENT,
               responses={404: {"model": MessageOut}})
def revoke_token(token_id: uuid.UUID, user: SessionUser, db: DB) -> None:
    api_tokens.revoke(db, user, token_id)
