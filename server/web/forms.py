"""Small form helpers: field errors keyed by input name, e-mail and password checks."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email


def check_email(value: str, errors: dict[str, str], field: str = "email") -> str:
    """The normalized address, or an entry in ``errors``."""
    try:
        return validate_email(value.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        errors[field] = "Enter a valid e-mail address, like name@example.com."
        return value


def check_password(value: str, min_length: int, errors: dict[str, str]) -> None:
    """Length rule shared with the JSON API's settings."""
    if len(value) < min_length:
        errors["password"] = f"Use at least {min_length} characters."
