"""HTML answers for page errors: CSRF (403), sign-in needed (303)."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse

from .csrf import CsrfError
from .deps import LoginRequired
from .templating import render


def install_handlers(app: FastAPI) -> None:
    """Register the page exception handlers."""

    async def csrf_failed(request: Request, _exc: CsrfError):
        return render(request, "message.html", status_code=403, title="Form rejected",
                      message="This form could not be verified (missing or invalid CSRF "
                              "token). Go back, reload the page and try again.",
                      link=("/", "Start again"))

    async def login_required(_request: Request, exc: LoginRequired):
        return RedirectResponse(f"/signin?next={exc.next_url}", status_code=303)

    app.add_exception_handler(CsrfError, csrf_failed)
    app.add_exception_handler(LoginRequired, login_required)
