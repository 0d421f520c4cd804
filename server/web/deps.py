"""Page dependencies: the signed-in browser user (or a redirect to sign-in)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, Request

from server.deps import DB
from server.models import User

from . import session


class LoginRequired(Exception):
    """No valid session cookie: the handler redirects to the sign-in page."""

    def __init__(self, next_url: str) -> None:
        super().__init__(next_url)
        self.next_url = next_url


def optional_user(request: Request, db: DB) -> User | None:
    """The signed-in user, or None."""
    found = session.current(request, db)
    user = found[0] if found else None
    request.state.web_user = user
    return user


def page_user(request: Request, user: Annotated[User | None, Depends(optional_user)]) -> User:
    """The signed-in user; otherwise redirect to ``/signin?next=<this page>``."""
    if user is None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        if request.method != "GET":  # a form posted after the session ended
            target = "/account"
        raise LoginRequired(quote(target, safe="/"))
    return user


PageUser = Annotated[User, Depends(page_user)]
OptionalUser = Annotated[User | None, Depends(optional_user)]


def safe_next(value: str | None, default: str = "/account") -> str:
    """Only same-site relative paths may be redirect targets."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return default
