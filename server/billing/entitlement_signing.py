"""Entitlements signed with Ed25519 (a compact JWS, ``alg: EdDSA``) so the workbench can
verify them offline, during the grace period, with the server's public key.

The key is ``THERMOCRAFT_ENTITLEMENTS_SIGNING_KEY`` (an Ed25519 private key in PEM) when
set, otherwise derived from the secret key with HKDF-SHA256, so every worker and restart
signs with the same key without extra configuration. Only the public half leaves the
server (``GET /entitlements/public-key``).
"""

from __future__ import annotations

import base64
import hashlib
from datetime import datetime
from functools import lru_cache

import jwt
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from pydantic_core import to_jsonable_python

from server.security.tokens import ISSUER
from server.settings import Settings

ALGORITHM = "EdDSA"
PURPOSE = "entitlements"


@lru_cache(maxsize=8)
def _private_key(secret_key: str, pem: str) -> Ed25519PrivateKey:
    if pem:
        key = serialization.load_pem_private_key(pem.encode(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError("THERMOCRAFT_ENTITLEMENTS_SIGNING_KEY must be an Ed25519 key")
        return key
    seed = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"thermocraft",
                info=b"entitlements-ed25519").derive(secret_key.encode())
    return Ed25519PrivateKey.from_private_bytes(seed)


def private_key(settings: Settings) -> Ed25519PrivateKey:
    return _private_key(settings.secret_key, settings.entitlements_signing_key)


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def public_key_info(settings: Settings) -> dict:
    """The verification key as a JWK and PEM, with its key id."""
    public = private_key(settings).public_key()
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    pem = public.public_bytes(serialization.Encoding.PEM,
                              serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    kid = _b64url(hashlib.sha256(raw).digest()[:12])
    return {"alg": ALGORITHM, "kid": kid, "pem": pem,
            "jwk": {"kty": "OKP", "crv": "Ed25519", "x": _b64url(raw), "kid": kid,
                    "alg": ALGORITHM, "use": "sig"}}


def sign(settings: Settings, document: dict, expires_at: datetime) -> str:
    """A compact JWS of ``document`` (claim ``ent``), expiring with it."""
    claims = {"iss": ISSUER, "typ": PURPOSE, "sub": str(document["user_id"]),
              "exp": expires_at, "iat": document["issued_at"],
              "ent": to_jsonable_python(document)}
    return jwt.encode(claims, private_key(settings), algorithm=ALGORITHM,
                      headers={"kid": public_key_info(settings)["kid"]})


def verify(public_pem: str, token: str) -> dict:
    """The entitlements in ``token`` if its signature and expiry check out (what the
    workbench does offline); raises ``jwt.PyJWTError`` otherwise."""
    claims = jwt.decode(token, public_pem, algorithms=[ALGORITHM], issuer=ISSUER,
                        options={"require": ["exp", "iat", "sub"]})
    if claims.get("typ") != PURPOSE:
        raise jwt.InvalidTokenError("not an entitlements token")
    return claims["ent"]
