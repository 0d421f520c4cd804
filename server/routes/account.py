"""The signed-in user: profile, password and personal API tokens."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, status

from server.deps import DB, CurrentUser, PasswordsDep, PrincipalDep, SessionUser
from server.models import User
from server.schemas.account import (
    ApiTokenCreated,
    ApiTokenIn,
    ApiTokenOut,
    PasswordChangeIn,
    UserOut,
    UserPatch,
    WhoAmIOut,
)
from server.schemas.auth import MessageOut
from server.services import accounts, api_tokens

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
             status_code=status.HTTP_201_CREATED, response_model=ApiTokenCreated)
def create_token(body: ApiTokenIn, user: SessionUser, db: DB) -> ApiTokenCreated:
    """The secret `tc_...` value is in this response only; it is stored hashed."""
    token, raw = api_tokens.create(db, user, body.name, list(body.scopes), body.expires_in_days)
    return ApiTokenCreated(**ApiTokenOut.model_validate(token).model_dump(), token=raw)


@router.delete("/api-tokens/{token_id}", summary="Revoke a personal API token",
               status_code=status.HTTP_204_NO_CONTENT,
               responses={404: {"model": MessageOut}})
def revoke_token(token_id: uuid.UUID, user: SessionUser, db: DB) -> None:
    api_tokens.revoke(db, user, token_id)
