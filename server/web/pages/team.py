"""Teams: create, members (change role, remove), invitations (invite, revoke, accept)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request

from server.billing.entitlements import org_plan
from server.deps import DB, MailerDep, SettingsDep
from server.errors import ServiceError
from server.models import Membership, Role, utcnow
from server.plans import PLANS
from server.schemas.organizations import InvitationIn, OrgIn
from server.services import organizations

from .. import csrf
from ..deps import PageUser
from ..forms import validate
from ..templating import redirect, render

router = APIRouter()
CSRF = Depends(csrf.verify)
ROLES = [r.value for r in Role]


def _error(request: Request, exc: ServiceError, back: str):
    return render(request, "message.html", status_code=exc.status_code, title="Team",
                  message=exc.detail, link=(back, "Back"))


@router.get("/teams")
def teams(request: Request, db: DB, user: PageUser):
    """Your teams and the form to create one."""
    return render(request, "teams.html", title="Teams",
                  memberships=organizations.memberships_of(db, user), errors={}, form={})


@router.post("/teams", dependencies=[CSRF])
def create_team(request: Request, db: DB, user: PageUser, name: Annotated[str, Form()] = ""):
    """Create a team; you become its owner."""
    body, errors = validate(OrgIn, {"name": name.strip()})
    if body is None:
        return render(request, "teams.html", status_code=422, title="Teams",
                      memberships=organizations.memberships_of(db, user), errors=errors,
                      form={"name": name})
    membership = organizations.create(db, user, body.name)
    return redirect(request, f"/teams/{membership.org_id}", "Team created.")


def _team_page(request: Request, db, user, org_id: uuid.UUID, status_code: int = 200,
               errors: dict | None = None, form: dict | None = None):
    me = organizations.require_membership(db, org_id, user)
    can_manage = me.role.rank >= Role.ADMIN.rank
    return render(
        request, "team.html", status_code=status_code, title=me.organization.name, me=me,
        org=me.organization, members=organizations.members(db, org_id),
        invitations=organizations.pending_invitations(db, org_id) if can_manage else [],
        can_manage=can_manage, roles=ROLES, plan=org_plan(db, org_id, utcnow()),
        seat_plans=[p for p in PLANS.values() if p.per_seat and p.purchasable],
        errors=errors or {}, form=form or {},
    )


@router.get("/teams/{org_id}")
def team(request: Request, db: DB, user: PageUser, org_id: uuid.UUID):
    """Members, roles and pending invitations (404 if you are not a member)."""
    try:
        return _team_page(request, db, user, org_id)
    except ServiceError as exc:
        return _error(request, exc, "/teams")


@router.post("/teams/{org_id}/invite", dependencies=[CSRF])
def invite(request: Request, db: DB, settings: SettingsDep, mailer: MailerDep, user: PageUser,
           org_id: uuid.UUID, email: Annotated[str, Form()] = "",
           role: Annotated[str, Form()] = "member"):
    """E-mail an invitation through the organizations service."""
    back = f"/teams/{org_id}"
    body, errors = validate(InvitationIn, {"email": email.strip(), "role": role})
    try:
        actor = organizations.require_membership(db, org_id, user, Role.ADMIN)
        if body is None:
            return _team_page(request, db, user, org_id, 422, errors, {"email": email})
        email = body.email
        organizations.invite(db, settings, mailer, actor, body.email, Role(body.role))
    except ServiceError as exc:
        if exc.status_code == 409:
            return _team_page(request, db, user, org_id, 409, {"email": exc.detail},
                              {"email": email})
        return _error(request, exc, back)
    return redirect(request, back, f"Invitation sent to {email}.")


def _as_member(request: Request, db, user, org_id: uuid.UUID, min_role: Role,
               action: Callable[[Membership], object], done: str, back: str = ""):
    """Run an organizations-service ``action`` as the user's membership of ``org_id``, then
    redirect to ``back`` (the team page by default) with ``done``; errors as a page."""
    team_page = f"/teams/{org_id}"
    try:
        action(organizations.require_membership(db, org_id, user, min_role))
    except ServiceError as exc:
        return _error(request, exc, team_page)
    return redirect(request, back or team_page, done)


@router.post("/teams/{org_id}/members/{user_id}/role", dependencies=[CSRF])
def change_role(request: Request, db: DB, user: PageUser, org_id: uuid.UUID,
                user_id: uuid.UUID, role: Annotated[str, Form()] = ""):
    """Change a member's role (admins and owners; owner role by owners only)."""
    if role not in ROLES:
        return render(request, "message.html", status_code=422, title="Team",
                      message="role: choose owner, admin or member.",
                      link=(f"/teams/{org_id}", "Back"))
    return _as_member(request, db, user, org_id, Role.MEMBER,
                      lambda actor: organizations.change_role(db, actor, user_id, Role(role)),
                      "Role changed.")


@router.post("/teams/{org_id}/members/{user_id}/remove", dependencies=[CSRF])
def remove_member(request: Request, db: DB, user: PageUser, org_id: uuid.UUID,
                  user_id: uuid.UUID):
    """Remove a member, or leave the team yourself."""
    leaving = user_id == user.id
    return _as_member(request, db, user, org_id, Role.MEMBER,
                      lambda actor: organizations.remove_member(db, actor, user_id),
                      "You left the team." if leaving else "Member removed.",
                      "/teams" if leaving else "")


@router.post("/teams/{org_id}/invitations/{invitation_id}/revoke", dependencies=[CSRF])
def revoke_invitation(request: Request, db: DB, user: PageUser, org_id: uuid.UUID,
                      invitation_id: uuid.UUID):
    """Withdraw a pending invitation."""
    return _as_member(request, db, user, org_id, Role.ADMIN,
                      lambda actor: organizations.revoke_invitation(db, actor, invitation_id),
                      "Invitation withdrawn.")


@router.get("/invitations/accept")
def accept_page(request: Request, db: DB, user: PageUser, token: str = ""):
    """The link in the invitation e-mail: names the team, then asks to confirm joining."""
    try:
        invitation = organizations.pending_invitation(db, token)
    except ServiceError as exc:
        return _error(request, exc, "/teams")
    return render(request, "accept.html", title=f"Join {invitation.organization.name}",
                  token=token, team=invitation.organization, role=invitation.role.value,
                  addressed_to_you=invitation.email == user.email)


@router.post("/invitations/join", dependencies=[CSRF])
def accept(request: Request, db: DB, user: PageUser, token: Annotated[str, Form()] = ""):
    """Join through the organizations service (the invitation must be for your e-mail)."""
    try:
        membership = organizations.accept(db, user, token)
    except ServiceError as exc:
        return _error(request, exc, "/teams")
    return redirect(request, f"/teams/{membership.org_id}", "Welcome to the team.")
