"""Pydantic request/response models of the HTTP API."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, EmailStr, Field

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _no_control_chars(value: str) -> str:
    if _CONTROL.search(value):
        raise ValueError("must not contain control characters")
    return value


PlainText = Annotated[
    str,
    AfterValidator(_no_control_chars),
    Field(json_schema_extra={"pattern": "^[^\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f]*$"}),
]
"""A string without NUL or other control characters (PostgreSQL rejects NUL in text)."""

SPECIAL_USE_DOMAINS = ("arpa", "invalid", "local", "localhost", "onion", "test")
"""Top-level domains ``email-validator`` refuses (RFC 6761 special-use: no real mailbox)."""

Email = Annotated[EmailStr, Field(json_schema_extra={
    "pattern": "^[^@]+@(?![^@]*\\.(?:" + "|".join(SPECIAL_USE_DOMAINS) + ")$)[^@]+$",
    "description": "An e-mail address; special-use domains (" + ", ".join(
        f".{d}" for d in SPECIAL_USE_DOMAINS) + ") are refused"})]
"""An e-mail address whose schema says the special-use domains it refuses."""
