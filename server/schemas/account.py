"""Bodies for the signed-in user's profile and personal API tokens."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from server.schemas import PlainText

Scope = Literal["library:read", "library:write", "solve"]


class UserOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    email: str
    email_verified: bool
    display_name: str
    has_password: bool
    created_at: datetime


class UserPatch(BaseModel):
    display_name: PlainText = Field(max_length=200)


class PasswordChangeIn(BaseModel):
    current_password: str = Field(default="", max_length=1024)
    new_password: str = Field(min_length=10, max_length=1024)


class AccountDeleteIn(BaseModel):
    confirm_email: str = Field(min_length=1, max_length=320,
                               description="The account's e-mail address, as a confirmation")
    password: str = Field(default="", max_length=1024,
                          description="The current password (accounts that have one)")


class ApiTokenIn(BaseModel):
    name: PlainText = Field(min_length=1, max_length=100)
    scopes: list[Scope] = Field(min_length=1)
    expires_in_days: int | None = Field(default=None, ge=1, le=3650)


class ApiTokenOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    prefix: str
    scopes: list[str]
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None


class ApiTokenCreated(ApiTokenOut):
    token: str = Field(description="The secret token; shown only in this response")


class WhoAmIOut(BaseModel):
    user: UserOut
    auth: Literal["session", "api_token"]
    scopes: list[str]
