"""Request and response bodies for sign-up, sign-in and sessions."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from server.schemas import Email, PlainText


class SignUpIn(BaseModel):
    email: Email
    password: str = Field(min_length=10, max_length=1024)
    display_name: PlainText = Field(default="", max_length=200)


class SignInIn(BaseModel):
    email: Email
    password: str = Field(min_length=1, max_length=1024)


class RefreshIn(BaseModel):
    refresh_token: str = Field(min_length=1, max_length=512)


class SignOutIn(BaseModel):
    refresh_token: str | None = Field(default=None, max_length=512)


class VerifyEmailIn(BaseModel):
    token: str = Field(min_length=1, max_length=4096)


class PasswordResetIn(BaseModel):
    email: Email


class PasswordResetConfirmIn(BaseModel):
    token: str = Field(min_length=1, max_length=4096)
    new_password: str = Field(min_length=10, max_length=1024)


class TokenPairOut(BaseModel):
    """A session's tokens (built from ``services.sessions.TokenPair`` by attribute)."""

    model_config = ConfigDict(from_attributes=True)

    access_token: str
    refresh_token: str
    token_type: str = "bearer"
    expires_in: int = Field(description="Access-token lifetime in seconds")


class MessageOut(BaseModel):
    detail: str
