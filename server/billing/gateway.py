"""A thin wrapper around the official Stripe client: the calls billing makes."""

from __future__ import annotations

from dataclasses import dataclass

import stripe


class BillingUnavailable(Exception):
    """Stripe is not configured or did not answer properly."""


@dataclass(frozen=True)
class Redirect:
    """A Stripe-hosted page to send the browser to."""

    id: str
    url: str


class StripeGateway:
    """Customers, Checkout Sessions and Customer Portal sessions through ``stripe.StripeClient``."""

    def __init__(self, secret_key: str, api_base: str = "", max_network_retries: int = 2) -> None:
        if not secret_key:
            raise BillingUnavailable("billing is not configured (THERMOCRAFT_STRIPE_SECRET_KEY)")
        self.client = stripe.StripeClient(
            secret_key,
            base_addresses={"api": api_base} if api_base else None,
            max_network_retries=max_network_retries,
        )

    def create_customer(
        self, email: str, name: str, metadata: dict[str, str], idempotency_key: str | None = None
    ) -> str:
        """Create a Stripe customer; returns its id."""
        params = {"email": email, "name": name, "metadata": metadata}
        options = {"idempotency_key": idempotency_key} if idempotency_key else None
        return self._call(
            lambda: self.client.v1.customers.create(params=params, options=options)
        ).id

    def create_checkout_session(
        self,
        *,
        customer: str,
        price: str,
        quantity: int,
        metadata: dict[str, str],
        success_url: str,
        cancel_url: str,
        idempotency_key: str | None = None,
    ) -> Redirect:
        """A subscription-mode Checkout Session for ``quantity`` of ``price``."""
        params = {
            "mode": "subscription",
            "customer": customer,
            "line_items": [{"price": price, "quantity": quantity}],
            "client_reference_id": metadata.get("owner", ""),
            "metadata": metadata,
            "subscription_data": {"metadata": metadata},
            "success_url": success_url,
            "cancel_url": cancel_url,
        }
        options = {"idempotency_key": idempotency_key} if idempotency_key else None
        session = self._call(
            lambda: self.client.v1.checkout.sessions.create(params=params, options=options)
        )
        return Redirect(session.id, session.url)

    def create_portal_session(self, *, customer: str, return_url: str) -> Redirect:
        """A Customer Portal session for ``customer``."""
        params = {"customer": customer, "return_url": return_url}
        session = self._call(lambda: self.client.v1.billing_portal.sessions.create(params=params))
        return Redirect(session.id, session.url)

    def cancel_subscription(self, subscription_id: str) -> str:
        """Cancel a subscription at once; returns its new status."""
        return self._call(lambda: self.client.v1.subscriptions.cancel(subscription_id)).status

    @staticmethod
    def _call(fn):
        try:
            return fn()
        except stripe.StripeError as exc:
            raise BillingUnavailable(f"Stripe error: {exc.user_message or exc}") from exc
