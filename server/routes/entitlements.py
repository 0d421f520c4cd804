"""GET /me/entitlements: what the caller's plan allows, valid offline until expires_at."""

from fastapi import APIRouter

from server.billing import entitlement_signing
from server.billing.deps import NowDep
from server.billing.entitlements import entitlements
from server.billing.schemas import EntitlementsOut, PublicKeyOut
from server.deps import DB, CurrentUser, SettingsDep

TAG = {
    "name": "plans",
    "description": "Plan entitlements (features, limits, usage) and usage summaries.",
}
router = APIRouter(tags=["plans"])


@router.get("/me/entitlements", summary="What the caller may do", response_model=EntitlementsOut)
def my_entitlements(db: DB, user: CurrentUser, settings: SettingsDep, now: NowDep) -> dict:
    """Plan, features, limits and this period's usage. The workbench may rely on them
    offline until ``expires_at`` (earlier while a failed payment is in its grace period);
    ``signed`` carries the same document signed with the server's Ed25519 key."""
    document = entitlements(db, user, now, settings.entitlements_offline_days)
    return {**document,
            "signed": entitlement_signing.sign(settings, document, document["expires_at"])}


@router.get("/entitlements/public-key", summary="The key that signs entitlements",
            response_model=PublicKeyOut)
def entitlements_public_key(settings: SettingsDep) -> dict:
    """Ed25519 public key (PEM and JWK) for verifying ``signed`` offline."""
    return entitlement_signing.public_key_info(settings)
