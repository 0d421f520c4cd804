"""Personal API tokens: create (shown once), list, revoke."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request

from server.deps import ALL_SCOPES, DB
from server.errors import ServiceError
from server.schemas.account import ApiTokenIn
from server.services import api_tokens

from .. import csrf
from ..deps import PageUser
from ..forms import validate
from ..templating import redirect, render

router = APIRouter()
CSRF = Depends(csrf.verify)


def _page(request: Request, db, user, status_code: int = 200, **extra):
    return render(request, "tokens.html", status_code=status_code, title="API tokens",
                  tokens=api_tokens.list_for(db, user), scopes=ALL_SCOPES,
                  errors=extra.pop("errors", {}), form=extra.pop("form", {}), **extra)


@router.get("/tokens")
def tokens_page(request: Request, db: DB, user: PageUser):
    """Your live tokens and the form to create one."""
    return _page(request, db, user)


@router.post("/tokens", dependencies=[CSRF])
async def create_token(request: Request, db: DB, user: PageUser,
                       name: Annotated[str, Form()] = "",
                       expires_in_days: Annotated[str, Form()] = ""):
    """Create a token through the API-token service; its value is shown on this page once."""
    form = await request.form()
    scopes = [s for s in form.getlist("scopes") if isinstance(s, str)]
    body, errors = validate(ApiTokenIn, {"name": name.strip(), "scopes": scopes,
                                         "expires_in_days": expires_in_days.strip() or None})
    if body is None:
        return _page(request, db, user, 422, errors=errors,
                     form={"name": name, "scopes": scopes, "expires_in_days": expires_in_days})
    try:
        token, raw = api_tokens.create(db, user, body.name, list(body.scopes),
                                       body.expires_in_days)
    except ServiceError as exc:
        return _page(request, db, user, exc.status_code, errors={"name": exc.detail},
                     form={"name": name, "scopes": scopes, "expires_in_days": expires_in_days})
    return _page(request, db, user, new_token=raw, new_token_name=token.name)


@router.post("/tokens/{token_id}/revoke", dependencies=[CSRF])
def revoke_token(request: Request, db: DB, user: PageUser, token_id: uuid.UUID):
    """Revoke one of your tokens (another user's answers 404)."""
    try:
        api_tokens.revoke(db, user, token_id)
    except ServiceError as exc:
        return render(request, "message.html", status_code=exc.status_code, title="API tokens",
                      message=exc.detail, link=("/tokens", "Back to API tokens"))
    return redirect(request, "/tokens", "Token revoked.")
