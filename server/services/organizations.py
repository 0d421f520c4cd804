"""Organizations, roles (owner > admin > member), invitations and the last-owner rule."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.errors import Conflict, Forbidden, NotFound
from server.mail import Mail, Mailer
from server.models import Invitation, Membership, Organization, Role, User, utcnow
from server.security.tokens import INVITATION_PREFIX, random_token, sha256_hex
from server.settings import Settings


def require_membership(db: Session, org_id: uuid.UUID, user: User,
                       min_role: Role = Role.MEMBER) -> Membership:
    """The user's membership of ``org_id``: 404 if none, 403 if the role is too low."""
    membership = db.scalar(select(Membership).where(Membership.org_id == org_id,
                                                    Membership.user_id == user.id))
    if membership is None:
        raise NotFound()
    if membership.role.rank < min_role.rank:
        raise Forbidden(f"This action needs the {min_role.value} role or higher")
    return membership


def create(db: Session, user: User, name: str) -> Membership:
    org = Organization(name=name)
    db.add(org)
    db.flush()
    membership = Membership(org_id=org.id, user_id=user.id, role=Role.OWNER)
    db.add(membership)
    db.commit()
    return membership


def memberships_of(db: Session, user: User) -> list[Membership]:
    return list(db.scalars(select(Membership).join(Organization)
                           .where(Membership.user_id == user.id)
                           .order_by(Organization.created_at)))


def rename(db: Session, actor: Membership, name: str) -> Organization:
    actor.organization.name = name
    db.commit()
    return actor.organization


def delete(db: Session, actor: Membership) -> None:
    db.delete(actor.organization)
    db.commit()


def members(db: Session, org_id: uuid.UUID) -> list[Membership]:
    return list(db.scalars(select(Membership).join(User).where(Membership.org_id == org_id)
                           .order_by(Membership.created_at)))


def _member(db: Session, org_id: uuid.UUID, user_id: uuid.UUID) -> Membership:
    target = db.scalar(select(Membership).where(Membership.org_id == org_id,
                                                Membership.user_id == user_id))
    if target is None:
        raise NotFound()
    return target


def _owner_count(db: Session, org_id: uuid.UUID) -> int:
    return db.scalar(select(func.count()).select_from(Membership)
                     .where(Membership.org_id == org_id, Membership.role == Role.OWNER))


def change_role(db: Session, actor: Membership, user_id: uuid.UUID, role: Role) -> Membership:
    """Admins manage members and admins; only owners grant or take the owner role."""
    target = _member(db, actor.org_id, user_id)
    if actor.role.rank < Role.ADMIN.rank:
        raise Forbidden("Changing roles needs the admin role or higher")
    if Role.OWNER in (role, target.role) and actor.role != Role.OWNER:
        raise Forbidden("Only an owner can grant or change the owner role")
    if target.role == Role.OWNER and role != Role.OWNER and _owner_count(db, actor.org_id) <= 1:
        raise Conflict("The last owner cannot be demoted; make someone else owner first")
    target.role = role
    db.commit()
    return target


def remove_member(db: Session, actor: Membership, user_id: uuid.UUID) -> None:
    """Anyone may leave; admins remove members and admins; owners remove anyone.
    The last owner cannot leave or be removed."""
    target = actor if user_id == actor.user_id else _member(db, actor.org_id, user_id)
    if target is not actor:
        if actor.role.rank < Role.ADMIN.rank:
            raise Forbidden("Removing members needs the admin role or higher")
        if target.role == Role.OWNER and actor.role != Role.OWNER:
            raise Forbidden("Only an owner can remove an owner")
    if target.role == Role.OWNER and _owner_count(db, actor.org_id) <= 1:
        raise Conflict("The last owner cannot leave; make someone else owner first")
    db.delete(target)
    db.commit()


def invite(db: Session, settings: Settings, mailer: Mailer, actor: Membership,
           email: str, role: Role) -> Invitation:
    """Create an invitation and e-mail its token."""
    email = email.strip().lower()
    if role == Role.OWNER and actor.role != Role.OWNER:
        raise Forbidden("Only an owner can invite an owner")
    already = db.scalar(select(Membership.id).join(User)
                        .where(Membership.org_id == actor.org_id, User.email == email))
    if already is not None:
        raise Conflict("This person is already a member")
    raw = random_token(INVITATION_PREFIX)
    invitation = Invitation(
        org_id=actor.org_id, email=email, role=role, token_hash=sha256_hex(raw),
        invited_by_id=actor.user_id,
        expires_at=utcnow() + timedelta(seconds=settings.invitation_ttl_seconds),
    )
    db.add(invitation)
    db.commit()
    org = actor.organization
    mailer.send(Mail(email, f"You are invited to {org.name} on ThermoCraft",
                     f"You have been invited to join {org.name} as {role.value}.\n"
                     f"Accept: {settings.public_url}/invitations/accept?token={raw}\n"
                     f"Invitation token: {raw}\n"))
    return invitation


def pending_invitations(db: Session, org_id: uuid.UUID) -> list[Invitation]:
    return list(db.scalars(select(Invitation).where(
        Invitation.org_id == org_id, Invitation.accepted_at.is_(None),
        Invitation.revoked_at.is_(None), Invitation.expires_at > utcnow(),
    ).order_by(Invitation.created_at)))


def revoke_invitation(db: Session, actor: Membership, invitation_id: uuid.UUID) -> None:
    invitation = db.scalar(select(Invitation).where(
        Invitation.id == invitation_id, Invitation.org_id == actor.org_id,
        Invitation.accepted_at.is_(None), Invitation.revoked_at.is_(None)))
    if invitation is None:
        raise NotFound()
    invitation.revoked_at = utcnow()
    db.commit()


INVALID_INVITATION = "Invitation not found or no longer valid"


def pending_invitation(db: Session, raw_token: str) -> Invitation:
    """The live invitation of ``raw_token`` (not accepted, withdrawn or expired), without
    accepting it — e.g. to name the team on the accept page; else 404.
    ``invitation.organization`` is the team."""
    invitation = db.scalar(select(Invitation).where(Invitation.token_hash == sha256_hex(raw_token)))
    if (invitation is None or invitation.accepted_at is not None
            or invitation.revoked_at is not None or invitation.expires_at <= utcnow()):
        raise NotFound(INVALID_INVITATION)
    return invitation


def accept(db: Session, user: User, raw_token: str) -> Membership:
    """Join the organization; the invitation must be live and addressed to the user's e-mail."""
    invitation = pending_invitation(db, raw_token)
    if invitation.email != user.email:
        raise NotFound(INVALID_INVITATION)
    invitation.accepted_at = utcnow()
    user.email_verified = True  # the token reached this mailbox
    membership = db.scalar(select(Membership).where(Membership.org_id == invitation.org_id,
                                                    Membership.user_id == user.id))
    if membership is None:
        membership = Membership(org_id=invitation.org_id, user_id=user.id, role=invitation.role)
        db.add(membership)
    db.commit()
    return membership
