"""Form validation with the JSON API's own request schemas; errors keyed by input name."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError


def _message(error: dict) -> str:
    ctx = error.get("ctx") or {}
    kind = error["type"]
    if kind == "string_too_short" and ctx.get("min_length", 0) <= 1:
        return "This field is required."
    if kind == "string_too_short":
        return f"Use at least {ctx['min_length']} characters."
    if kind == "string_too_long":
        return f"Use at most {ctx['max_length']} characters."
    if kind == "too_short":
        return "Choose at least one."
    if kind in ("greater_than_equal", "less_than_equal", "int_parsing"):
        return "Enter a whole number in the allowed range."
    if "email" in str(error.get("msg", "")).lower():
        return "Enter a valid e-mail address, like name@example.com."
    return str(error.get("msg", "Invalid value."))


M = TypeVar("M", bound=BaseModel)


def validate(model: type[M], data: dict[str, Any]) -> tuple[M | None, dict[str, str]]:
    """``model(**data)`` or ``(None, {field: message})``."""
    try:
        return model(**data), {}
    except ValidationError as exc:
        errors: dict[str, str] = {}
        for error in exc.errors():
            name = str(error["loc"][0]) if error["loc"] else "form"
            errors.setdefault(name, _message(error))
        return None, errors


def min_length(model: type[BaseModel], field: str) -> int:
    """A field's ``min_length`` constraint (for hints next to the input)."""
    for meta in model.model_fields[field].metadata:
        if getattr(meta, "min_length", None) is not None:
            return meta.min_length
    return 0
