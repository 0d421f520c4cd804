"""Google and GitHub sign-in: redirect to the provider, then handle its callback."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Cookie, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse

from server.deps import DB, SettingsDep
from server.schemas.auth import MessageOut, TokenPairOut
from server.services import oauth, sessions

TAG = {"name": "oauth", "description": "Sign in with Google or GitHub (authorization code "
       "flow with state and PKCE)."}
router = APIRouter(prefix="/auth/oauth", tags=["oauth"])


@router.get("/providers", summary="Configured sign-in providers", response_model=list[str])
def providers(settings: SettingsDep) -> list[str]:
    return oauth.configured_providers(settings)


@router.get("/{provider}/start", summary="Start signing in with a provider",
            status_code=302, response_class=RedirectResponse,
            responses={302: {"description": "Redirect to the provider"},
                       404: {"model": MessageOut, "description": "Provider not configured"}})
def start(provider: str, settings: SettingsDep,
          next: Annotated[str | None, Query(max_length=2000,
                                            description="Relative path to return to "
                                            "(browser sign-in)")] = None) -> RedirectResponse:
    url, cookie = oauth.start(settings, provider, next)
    response = RedirectResponse(url, status_code=302)
    response.set_cookie(oauth.STATE_COOKIE, cookie, max_age=oauth.STATE_MAX_AGE, httponly=True,
                        samesite="lax", secure=settings.public_url.startswith("https"),
                        path="/auth/oauth")
    return response


@router.get("/{provider}/callback", summary="Provider callback", response_model=TokenPairOut,
            responses={303: {"description": "Browser sign-in: cookie set, redirect to `next`"},
                       400: {"model": MessageOut, "description": "State/PKCE/provider error"}})
def callback(provider: str, request: Request, db: DB, settings: SettingsDep,
             code: Annotated[str, Query(min_length=1, max_length=2000)],
             state: Annotated[str, Query(min_length=1, max_length=2000)],
             tc_oauth: Annotated[str | None, Cookie()] = None):
    """Checks the state against the browser's cookie, exchanges the code with the PKCE
    verifier, then signs in (linking by verified e-mail). Returns a token pair, or, for a
    browser flow started with `next`, sets the web session and redirects."""
    saved = oauth.load_state(settings, provider, tc_oauth, state)
    identity = oauth.fetch_identity(settings, provider, code, saved["v"])
    user = oauth.sign_in(db, settings, identity)
    browser_sign_in = getattr(request.app.state, "browser_sign_in", None)
    if saved.get("n") and browser_sign_in is not None:
        response = RedirectResponse(saved["n"], status_code=303)
        browser_sign_in(request, response, db, user)
    else:
        pair = sessions.start_session(db, settings, user)
        response = JSONResponse(TokenPairOut.model_validate(pair).model_dump())
    response.delete_cookie(oauth.STATE_COOKIE, path="/auth/oauth")
    return response
