"""Plans enforcement, usage, and Stripe billing (checkout, portal, webhooks)."""
