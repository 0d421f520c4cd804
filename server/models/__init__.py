"""All models. Each area lives in its own module, imported here so Alembic and tests see it.

Add ``from server.models import <module>  # noqa: F401`` below for a new module.
"""

from server.models.auth_tokens import ApiToken, LoginFailure, RefreshFamily, RefreshToken
from server.models.base import Base, OwnedMixin, utcnow
from server.models.organizations import Invitation, Membership, Organization, Role
from server.models.user import OAuthAccount, User

# --- other helpers' model modules (billing, ...) are imported below -----------------------
from server.models import billing  # noqa: F401  # isort: skip
from server.models import simulations  # noqa: F401  # isort: skip
from server.models import library  # noqa: F401  # isort: skip

__all__ = [
    "ApiToken",
    "Base",
    "Invitation",
    "LoginFailure",
    "Membership",
    "OAuthAccount",
    "Organization",
    "OwnedMixin",
    "RefreshFamily",
    "RefreshToken",
    "Role",
    "User",
    "utcnow",
]
