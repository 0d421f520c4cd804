"""Server-rendered web pages (Jinja2, no front-end build): sign-up/in, account and plan,
usage, API tokens, teams. ``install(app)`` mounts them; ``app.EXTENSIONS`` calls it."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from . import session
from .errors import install_handlers
from .pages import account, auth, team, tokens

STATIC = Path(__file__).parent / "static"


def install(app: FastAPI) -> None:
    """Mount ``/static`` and the page routes (hidden from the OpenAPI schema)."""
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module in (auth, account, tokens, team):
        app.include_router(module.router, include_in_schema=False)
    install_handlers(app)
    app.state.browser_sign_in = session.sign_in  # OAuth callback hook (routes/oauth.py)
