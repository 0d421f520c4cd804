"""Bodies for organizations, members and invitations."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from server.models import Role
from server.schemas import Email, PlainText


class OrgIn(BaseModel):
    name: PlainText = Field(min_length=1, max_length=200)


class OrgOut(BaseModel):
    id: uuid.UUID
    name: str
    role: Role = Field(description="The caller's role")
    created_at: datetime


class MemberOut(BaseModel):
    user_id: uuid.UUID
    email: str
    display_name: str
    role: Role
    joined_at: datetime


class RoleIn(BaseModel):
    role: Role


class InvitationIn(BaseModel):
    email: Email
    role: Role = Role.MEMBER


class InvitationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    org_id: uuid.UUID
    email: str
    role: Role
    created_at: datetime
    expires_at: datetime


class AcceptInvitationIn(BaseModel):
    token: str = Field(min_length=1, max_length=512)
