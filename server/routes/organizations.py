"""Organizations, members, roles and invitations."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, status

from server.deps import DB, MailerDep, SessionUser, SettingsDep, org_member
from server.models import Membership, Role
from server.schemas.auth import MessageOut
from server.schemas.organizations import (
    AcceptInvitationIn,
    InvitationIn,
    InvitationOut,
    MemberOut,
    OrgIn,
    OrgOut,
    RoleIn,
)
from server.services import organizations

TAG = {"name": "organizations", "description": "Teams with owner/admin/member roles and "
       "e-mailed invitations. Organizations you are not a member of answer 404."}
router = APIRouter(tags=["organizations"], responses={
    401: {"model": MessageOut, "description": "Not authenticated"},
    404: {"model": MessageOut, "description": "Not found (or not yours)"},
})

AnyMember = Annotated[Membership, Depends(org_member(Role.MEMBER))]
Admin = Annotated[Membership, Depends(org_member(Role.ADMIN))]
Owner = Annotated[Membership, Depends(org_member(Role.OWNER))]
_403 = {403: {"model": MessageOut, "description": "Your role does not allow this"}}
_409 = {409: {"model": MessageOut, "description": "Conflicts with the last-owner rule"}}


def org_out(m: Membership) -> OrgOut:
    return OrgOut(id=m.org_id, name=m.organization.name, role=m.role,
                  created_at=m.organization.created_at)


def member_out(m: Membership) -> MemberOut:
    return MemberOut(user_id=m.user_id, email=m.user.email, display_name=m.user.display_name,
                     role=m.role, joined_at=m.created_at)


@router.post("/orgs", summary="Create an organization", status_code=status.HTTP_201_CREATED,
             response_model=OrgOut)
def create_org(body: OrgIn, user: SessionUser, db: DB) -> OrgOut:
    """The caller becomes its owner."""
    return org_out(organizations.create(db, user, body.name))


@router.get("/orgs", summary="My organizations", response_model=list[OrgOut])
def list_orgs(user: SessionUser, db: DB) -> list[OrgOut]:
    return [org_out(m) for m in organizations.memberships_of(db, user)]


@router.get("/orgs/{org_id}", summary="An organization", response_model=OrgOut)
def get_org(me: AnyMember) -> OrgOut:
    return org_out(me)


@router.patch("/orgs/{org_id}", summary="Rename an organization (admin)", response_model=OrgOut,
              responses=_403)
def rename_org(body: OrgIn, me: Admin, db: DB) -> OrgOut:
    organizations.rename(db, me, body.name)
    return org_out(me)


@router.delete("/orgs/{org_id}", summary="Delete an organization (owner)",
               status_code=status.HTTP_204_NO_CONTENT, responses=_403)
def delete_org(me: Owner, db: DB) -> None:
    organizations.delete(db, me)


@router.get("/orgs/{org_id}/members", summary="Members and roles",
            response_model=list[MemberOut])
def list_members(me: AnyMember, db: DB) -> list[MemberOut]:
    return [member_out(m) for m in organizations.members(db, me.org_id)]


@router.patch("/orgs/{org_id}/members/{user_id}", summary="Change a member's role (admin)",
              response_model=MemberOut, responses={**_403, **_409})
def change_role(user_id: uuid.UUID, body: RoleIn, me: Admin, db: DB) -> MemberOut:
    """Admins manage members and admins; only owners grant or change the owner role."""
    return member_out(organizations.change_role(db, me, user_id, body.role))


@router.delete("/orgs/{org_id}/members/{user_id}", summary="Remove a member, or leave",
               status_code=status.HTTP_204_NO_CONTENT, responses={**_403, **_409})
def remove_member(user_id: uuid.UUID, me: AnyMember, db: DB) -> None:
    """Any member may remove themselves; removing others needs admin (owner for owners).
    The last owner cannot leave."""
    organizations.remove_member(db, me, user_id)


@router.post("/orgs/{org_id}/invitations", summary="Invite someone by e-mail (admin)",
             status_code=status.HTTP_201_CREATED, response_model=InvitationOut,
             responses={**_403, 409: {"model": MessageOut, "description": "Already a member"}})
def invite(body: InvitationIn, me: Admin, db: DB, settings: SettingsDep,
           mailer: MailerDep) -> InvitationOut:
    """Mails a single-use token; only owners may invite owners."""
    invitation = organizations.invite(db, settings, mailer, me, str(body.email), body.role)
    return InvitationOut.model_validate(invitation)


@router.get("/orgs/{org_id}/invitations", summary="Pending invitations (admin)",
            response_model=list[InvitationOut], responses=_403)
def list_invitations(me: Admin, db: DB) -> list[InvitationOut]:
    return [InvitationOut.model_validate(i)
            for i in organizations.pending_invitations(db, me.org_id)]


@router.delete("/orgs/{org_id}/invitations/{invitation_id}",
               summary="Revoke an invitation (admin)", status_code=status.HTTP_204_NO_CONTENT,
               responses=_403)
def revoke_invitation(invitation_id: uuid.UUID, me: Admin, db: DB) -> None:
    organizations.revoke_invitation(db, me, invitation_id)


@router.post("/invitations/accept", summary="Accept an invitation", response_model=OrgOut)
def accept_invitation(body: AcceptInvitationIn, user: SessionUser, db: DB) -> OrgOut:
    """The invitation must be addressed to the signed-in user's e-mail; otherwise 404."""
    return org_out(organizations.accept(db, user, body.token))
