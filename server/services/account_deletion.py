"""Deleting an account with its data: personal subscriptions cancelled at Stripe, teams it
alone holds deleted (theirs cancelled too), then the user row, whose foreign keys cascade
to sessions, tokens, identities, memberships, usage and every owned object. Stores outside
the database (e.g. result files) register a purge hook on ``app.state.account_purgers``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from server.billing.gateway import BillingUnavailable, StripeGateway
from server.billing.rules import TERMINAL_STATUSES
from server.errors import Conflict, ServiceUnavailable, Unauthorized
from server.mail import Mail, Mailer
from server.models import Membership, Organization, Role, User
from server.models.billing import Subscription
from server.security.passwords import Passwords

#: called with (db, owner_user_id or None, owner_org_id or None) before the rows go
Purger = Callable[[Session, object, object], None]


def _teams_to_delete(db: Session, user: User) -> list[Organization]:
    """Teams the user alone belongs to (deleted with the account); 409 for a team whose
    only owner the user is while others remain (ownership must move first)."""
    doomed = []
    for membership in db.scalars(select(Membership).where(Membership.user_id == user.id)):
        org_id = membership.org_id
        others = db.scalar(select(func.count()).select_from(Membership)
                           .where(Membership.org_id == org_id, Membership.user_id != user.id))
        if not others:
            doomed.append(db.get(Organization, org_id))
            continue
        other_owners = db.scalar(select(func.count()).select_from(Membership).where(
            Membership.org_id == org_id, Membership.user_id != user.id,
            Membership.role == Role.OWNER))
        if membership.role == Role.OWNER and not other_owners:
            name = db.get(Organization, org_id).name
            raise Conflict(f"You are the only owner of the team '{name}': make another "
                           "member owner (or delete the team) first")
    return doomed


def _live_subscriptions(db: Session, user: User, teams: list[Organization]) -> list[str]:
    owned = (Subscription.owner_user_id == user.id)
    if teams:
        owned = owned | Subscription.owner_org_id.in_([t.id for t in teams])
    return [s.stripe_subscription_id for s in db.scalars(select(Subscription).where(owned))
            if s.status not in TERMINAL_STATUSES]


def delete_account(db: Session, passwords: Passwords, mailer: Mailer,
                   gateway: Callable[[], StripeGateway], user: User, *, password: str,
                   confirm_email: str, purgers: Iterable[Purger] = ()) -> None:
    """Check the confirmation (the password if the account has one, and its e-mail), cancel
    what it pays for, purge its stored data and delete it. 401 on a wrong confirmation,
    409 if it is a team's last owner, 503 if Stripe cannot cancel (nothing deleted)."""
    if confirm_email.strip().lower() != user.email:
        raise Unauthorized("confirm_email: does not match the account's e-mail address")
    if user.password_hash is not None and not passwords.verify(user.password_hash, password):
        raise Unauthorized("password: wrong password")
    teams = _teams_to_delete(db, user)
    subscriptions = _live_subscriptions(db, user, teams)
    if subscriptions:
        try:
            stripe = gateway()
            for sub_id in subscriptions:
                stripe.cancel_subscription(sub_id)
        except (BillingUnavailable, ServiceUnavailable) as exc:
            raise ServiceUnavailable("Could not cancel the subscription at Stripe; nothing "
                                     "was deleted. Try again later.", retry_after=60) from exc
    for purge in purgers:
        purge(db, user.id, None)
        for team in teams:
            purge(db, None, team.id)
    for team in teams:
        db.execute(delete(Organization).where(Organization.id == team.id))
    email = user.email
    db.execute(delete(User).where(User.id == user.id))
    db.commit()
    mailer.send(Mail(email, "Your ThermoCraft account was deleted",
                     "Your ThermoCraft account and its data have been deleted"
                     + (", and your subscription cancelled" if subscriptions else "")
                     + ". Thank you for using ThermoCraft.\n"))
