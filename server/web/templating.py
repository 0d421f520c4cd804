"""Jinja2 rendering with the CSRF token, the signed-in user and a one-shot notice."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from itsdangerous import BadSignature, URLSafeSerializer

from . import csrf
from .session import set_cookie

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
NOTICE_COOKIE = "tc_notice"


def _notices(request: Request) -> URLSafeSerializer:
    return URLSafeSerializer(request.app.state.settings.secret_key, salt="web-notice")


def render(request: Request, name: str, status_code: int = 200,
           headers: dict[str, str] | None = None, **context: Any) -> HTMLResponse:
    """Render ``name`` with ``request``, ``user``, ``csrf_token`` and any pending notice."""
    notice = None
    if raw := request.cookies.get(NOTICE_COOKIE):
        try:
            notice = _notices(request).loads(raw)
        except BadSignature:
            notice = None
    context.setdefault("user", getattr(request.state, "web_user", None))
    response = templates.TemplateResponse(
        request, name,
        {"csrf_token": csrf.token(request), "notice": notice, **context},
        status_code=status_code, headers=headers,
    )
    response.headers["Cache-Control"] = "no-store"
    if new := getattr(request.state, "csrf_new_nonce", None):
        set_cookie(request, response, csrf.COOKIE, new, csrf.MAX_AGE)
    if raw:
        response.delete_cookie(NOTICE_COOKIE, path="/")
    return response


def redirect(request: Request, url: str, notice: str | None = None) -> RedirectResponse:
    """303 to ``url``, with an optional notice shown once on the next page."""
    response = RedirectResponse(url, status_code=303)
    if notice:
        set_cookie(request, response, NOTICE_COOKIE, _notices(request).dumps(notice), 300)
    return response
