"""Verify and parse a Stripe webhook delivery with the official client."""

from __future__ import annotations

import stripe


class InvalidWebhook(ValueError):
    """The delivery is unsigned, badly signed, stale or not a Stripe event."""


def parse_event(payload: bytes, signature: str | None, secret: str, tolerance: int) -> dict:
    """Check ``Stripe-Signature`` against ``secret`` and return the event as a plain dict."""
    try:
        event = stripe.Webhook.construct_event(payload, signature, secret, tolerance=tolerance)
    except stripe.SignatureVerificationError as exc:
        raise InvalidWebhook(f"bad signature: {exc.user_message or exc}") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidWebhook(f"bad payload: {exc}") from None
    data = event.to_dict()
    if not isinstance(data.get("id"), str) or not isinstance(data.get("type"), str):
        raise InvalidWebhook("bad payload: not a Stripe event")
    return data
