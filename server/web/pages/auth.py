"""Sign up, sign in (password or Google/GitHub), sign out, e-mail verification."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse

from server.deps import DB, MailerDep, PasswordsDep, SettingsDep, client_ip
from server.errors import ServiceError
from server.schemas.auth import PasswordResetConfirmIn, PasswordResetIn, SignUpIn
from server.services import accounts, oauth, password_reset

from .. import csrf, session
from ..deps import OptionalUser, safe_next
from ..forms import min_length, validate
from ..templating import redirect, render

router = APIRouter()
CSRF = Depends(csrf.verify)
OAUTH_PROVIDERS = (("google", "Google"), ("github", "GitHub"))


def _retry_after(exc: ServiceError) -> dict[str, str]:
    """The Retry-After header of a 429/503 service error, for the page that shows it."""
    return {k: v for k, v in (exc.headers or {}).items() if k == "Retry-After"}


def _providers(settings) -> list[dict]:
    """The OAuth buttons: the providers the OAuth service has configured."""
    configured = set(oauth.configured_providers(settings))
    return [{"id": pid, "name": name, "url": f"/auth/oauth/{pid}/start"}
            for pid, name in OAUTH_PROVIDERS if pid in configured]


@router.get("/")
def home(user: OptionalUser) -> RedirectResponse:
    """Account page when signed in, sign-in page otherwise."""
    return RedirectResponse("/account" if user else "/signin", status_code=303)


@router.get("/signin")
def signin_page(request: Request, settings: SettingsDep, user: OptionalUser,
                next: str | None = None):
    """The sign-in form with the OAuth buttons."""
    if user:
        return RedirectResponse(safe_next(next), status_code=303)
    return render(request, "signin.html", title="Sign in", next=safe_next(next),
                  providers=_providers(settings), errors={}, form={})


@router.post("/signin", dependencies=[CSRF])
def signin(request: Request, db: DB, settings: SettingsDep, passwords: PasswordsDep,
           email: Annotated[str, Form()] = "", password: Annotated[str, Form()] = "",
           next: Annotated[str, Form()] = "/account"):
    """Check the password through the accounts service and set the session cookie."""
    errors: dict[str, str] = {}
    status, headers = 422, {}
    if not email.strip():
        errors["email"] = "Enter your e-mail address."
    if not password:
        errors["password"] = "Enter your password."
    if not errors:
        try:
            pair = accounts.sign_in(db, settings, passwords, email, password,
                                    client_ip(request))
        except ServiceError as exc:
            errors["form"], status, headers = exc.detail, exc.status_code, _retry_after(exc)
        else:
            response = redirect(request, safe_next(next), "Signed in.")
            session.establish(request, response, db, pair)
            return response
    return render(request, "signin.html", status_code=status, headers=headers,
                  title="Sign in", next=safe_next(next), providers=_providers(settings),
                  errors=errors, form={"email": email})


@router.get("/signup")
def signup_page(request: Request, settings: SettingsDep, user: OptionalUser):
    """The sign-up form."""
    if user:
        return RedirectResponse("/account", status_code=303)
    return render(request, "signup.html", title="Create an account", errors={}, form={},
                  min_length=min_length(SignUpIn, "password"), providers=_providers(settings))


@router.post("/signup", dependencies=[CSRF])
def signup(request: Request, db: DB, settings: SettingsDep, passwords: PasswordsDep,
           mailer: MailerDep, email: Annotated[str, Form()] = "",
           password: Annotated[str, Form()] = "", display_name: Annotated[str, Form()] = ""):
    """Create the account through the accounts service (no user enumeration)."""
    body, errors = validate(SignUpIn, {"email": email.strip(), "password": password,
                                       "display_name": display_name.strip()})
    status, headers = 422, {}
    if body is not None:
        try:
            accounts.sign_up(db, settings, passwords, mailer, body.email, body.password,
                             body.display_name)
        except ServiceError as exc:  # 503: every password-hashing slot busy
            errors["form"], status, headers = exc.detail, exc.status_code, _retry_after(exc)
        else:
            return redirect(request, "/signin",
                            f"{accounts.SIGNUP_MESSAGE} You can sign in with {body.email} now.")
    return render(request, "signup.html", status_code=status, headers=headers,
                  title="Create an account", errors=errors,
                  form={"email": email, "display_name": display_name},
                  min_length=min_length(SignUpIn, "password"), providers=_providers(settings))


@router.post("/signout", dependencies=[CSRF])
def signout(request: Request, db: DB):
    """Revoke this browser's session."""
    response = redirect(request, "/signin", "Signed out.")
    session.sign_out(request, response, db)
    return response


@router.get("/verify-email")
def verify_email(request: Request, db: DB, settings: SettingsDep, token: str = ""):
    """The link in the confirmation e-mail."""
    try:
        accounts.verify_email(db, settings, token)
    except ServiceError as exc:
        return render(request, "message.html", status_code=400, title="Link not valid",
                      message=exc.detail)
    return render(request, "message.html", title="E-mail confirmed",
                  message="Your e-mail address is confirmed.", link=("/signin", "Sign in"))


@router.get("/forgot-password")
def forgot_page(request: Request):
    """Ask for a password-reset link."""
    return render(request, "forgot.html", title="Forgot your password?", errors={}, form={})


@router.post("/forgot-password", dependencies=[CSRF])
def forgot(request: Request, db: DB, settings: SettingsDep, mailer: MailerDep,
           email: Annotated[str, Form()] = ""):
    """Mail the link through the password-reset service (same answer for any address)."""
    body, errors = validate(PasswordResetIn, {"email": email.strip()})
    if body is not None:
        try:
            password_reset.request_reset(db, settings, mailer, body.email)
        except ServiceError as exc:  # 503: the mail server is down
            errors["form"] = exc.detail
        else:
            return render(request, "message.html", title="Check your e-mail",
                          message=password_reset.RESET_MESSAGE, link=("/signin", "Sign in"))
    return render(request, "forgot.html", status_code=422 if "email" in errors else 503,
                  title="Forgot your password?", errors=errors, form={"email": email})


def _reset_page(request: Request, token: str, errors: dict, status_code: int = 200):
    return render(request, "reset.html", status_code=status_code, title="Set a new password",
                  token=token, errors=errors,
                  min_length=min_length(PasswordResetConfirmIn, "new_password"))


@router.get("/reset-password")
def reset_page(request: Request, token: str = ""):
    """The link in the reset e-mail: the new-password form."""
    return _reset_page(request, token, {})


@router.post("/reset-password", dependencies=[CSRF])
def reset(request: Request, db: DB, settings: SettingsDep, passwords: PasswordsDep,
          token: Annotated[str, Form()] = "", new_password: Annotated[str, Form()] = ""):
    """Set the password through the password-reset service, then sign in again."""
    body, errors = validate(PasswordResetConfirmIn,
                            {"token": token, "new_password": new_password})
    if body is None:
        return _reset_page(request, token, errors, 422)
    try:
        password_reset.reset_password(db, settings, passwords, body.token, body.new_password)
    except ServiceError as exc:
        return _reset_page(request, token, {"form": exc.detail}, exc.status_code)
    return redirect(request, "/signin", "Password changed. Sign in with the new password.")
