"""Verify and parse a Stripe webhook delivery with the official client."""

from __future__ import annotations

import json

import stripe


class InvalidWebhook(ValueError):
    """The delivery is unsigned, badly signed, stale or not a Stripe event."""


def parse_event(payload: bytes, signature: str | None, secret: str, tolerance: int) -> dict:
    """Check ``Stripe-Signature`` against ``secret`` and return the event as a plain dict
    whose shape the handlers rely on: ``id`` and ``type`` strings, an integer ``created``,
    ``data.object`` an object (InvalidWebhook otherwise)."""
    try:
        stripe.WebhookSignature.verify_header(payload.decode("utf-8"), signature or "",
                                              secret, tolerance)
    except stripe.SignatureVerificationError as exc:
        raise InvalidWebhook(f"bad signature: {exc.user_message or exc}") from None
    except UnicodeDecodeError as exc:
        raise InvalidWebhook(f"bad payload: {exc}") from None
    try:
        data = json.loads(payload)
    except ValueError as exc:
        raise InvalidWebhook(f"bad payload: {exc}") from None
    return _checked_event(data)


def _checked_event(data: object) -> dict:
    if not isinstance(data, dict):
        raise InvalidWebhook("bad payload: not a Stripe event (expected a JSON object)")
    for name in ("id", "type"):
        if not isinstance(data.get(name), str) or not data[name]:
            raise InvalidWebhook(f"bad payload: '{name}' must be a non-empty string")
    created = data.get("created", 0)
    if isinstance(created, bool) or not isinstance(created, int) or created < 0:
        raise InvalidWebhook("bad payload: 'created' must be a Unix timestamp")
    body = data.get("data")
    if not isinstance(body, dict) or not isinstance(body.get("object", {}), dict):
        raise InvalidWebhook("bad payload: 'data.object' must be an object")
    return data
