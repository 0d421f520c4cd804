"""Build and sign Stripe-style webhook events for tests (t=...,v1=HMAC-SHA256)."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time

TEST_WEBHOOK_SECRET = "whsec_test_thermocraft"
_ids = itertools.count(1)


def sign(body: bytes, secret: str = TEST_WEBHOOK_SECRET, timestamp: int | None = None) -> str:
    """The Stripe-Signature header for ``body``."""
    ts = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode(), f"{ts}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={ts},v1={mac}"


def event(kind: str, obj: dict, created: int, event_id: str | None = None) -> dict:
    """A Stripe event envelope around ``obj``."""
    return {
        "id": event_id or f"evt_test_{next(_ids)}",
        "object": "event",
        "api_version": "2025-10-29",
        "created": created,
        "livemode": False,
        "type": kind,
        "data": {"object": obj},
    }


def encode(evt: dict) -> bytes:
    """Serialize an event the way Stripe sends it."""
    return json.dumps(evt).encode()
