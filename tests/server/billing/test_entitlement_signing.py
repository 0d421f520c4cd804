"""Signed entitlements: the workbench verifies them offline with the public key."""

from __future__ import annotations

import base64
import json

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from server.billing.entitlement_signing import public_key_info, verify

from .conftest import checkout_completed


def test_signed_entitlements_verify_offline(client, make_user, webhooks, clock):
    me = make_user()
    webhooks.deliver("checkout.session.completed",
                     checkout_completed(f"user:{me.user.id}", "pro", "sub_sig"), clock.ts)
    body = me.client.get("/me/entitlements").json()
    key = client.get("/entitlements/public-key").json()  # public: no credentials needed
    assert key["alg"] == "EdDSA" and key["jwk"]["crv"] == "Ed25519"
    assert jwt.get_unverified_header(body["signed"])["kid"] == key["kid"]
    signed = verify(key["pem"], body["signed"])
    unsigned = {k: v for k, v in body.items() if k != "signed"}
    assert signed == json.loads(json.dumps(unsigned))
    assert signed["plan"]["id"] == "pro" and signed["features"]["remote_solve"] is True
    # the JWK alone is enough too (what a client without PEM support uses)
    from_jwk = jwt.PyJWK(key["jwk"]).key
    assert jwt.decode(body["signed"], from_jwk, algorithms=["EdDSA"])["ent"] == signed


def test_tampered_or_foreign_signatures_fail(client, make_user, settings):
    body = make_user().client.get("/me/entitlements").json()
    pem = client.get("/entitlements/public-key").json()["pem"]
    header, payload, sig = body["signed"].split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["ent"]["plan"] = {"id": "advanced", "name": "Advanced"}
    forged_payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=")
    with pytest.raises(jwt.InvalidSignatureError):
        verify(pem, f"{header}.{forged_payload.decode()}.{sig}")
    other = settings.model_copy(update={"secret_key": "another-secret-" + "x" * 40})
    with pytest.raises(jwt.InvalidSignatureError):
        verify(public_key_info(other)["pem"], body["signed"])


def test_configured_signing_key_is_used(settings):
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption()).decode()
    configured = settings.model_copy(update={"entitlements_signing_key": pem})
    expected = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    assert public_key_info(configured)["pem"] == expected
    assert public_key_info(settings)["pem"] != expected
