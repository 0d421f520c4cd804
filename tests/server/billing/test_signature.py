"""Webhook signature verification through stripe.Webhook.construct_event."""

from __future__ import annotations

import time

import pytest

from server.billing.signature import InvalidWebhook, parse_event

from .signing import TEST_WEBHOOK_SECRET, encode, event, sign

BODY = encode(event("invoice.payment_failed", {"id": "in_1", "object": "invoice"}, 1_700_000_000))


def test_good_signature_parses():
    data = parse_event(BODY, sign(BODY), TEST_WEBHOOK_SECRET, 300)
    assert data["type"] == "invoice.payment_failed"
    assert data["data"]["object"]["id"] == "in_1"


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        "garbage",
        "t=1,v1=deadbeef",
        sign(BODY, secret="whsec_other"),
        sign(BODY + b" "),
        sign(BODY).replace("v1=", "v0="),
    ],
)
def test_bad_signatures_are_rejected(header):
    with pytest.raises(InvalidWebhook):
        parse_event(BODY, header, TEST_WEBHOOK_SECRET, 300)


def test_stale_timestamp_is_rejected():
    old = sign(BODY, timestamp=int(time.time()) - 3600)
    with pytest.raises(InvalidWebhook, match="tolerance"):
        parse_event(BODY, old, TEST_WEBHOOK_SECRET, 300)


def test_signed_non_event_is_rejected():
    body = b'{"hello": "world"}'
    with pytest.raises(InvalidWebhook):
        parse_event(body, sign(body), TEST_WEBHOOK_SECRET, 300)
    with pytest.raises(InvalidWebhook):
        parse_event(b"not json", sign(b"not json"), TEST_WEBHOOK_SECRET, 300)
