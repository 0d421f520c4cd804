"""Property-based fuzz of the OpenAPI spec (schemathesis, in-process ASGI): no 5xx, with and
without credentials. Stripe points at the billing tests' fake Stripe on loopback."""

from __future__ import annotations

import pytest
import schemathesis
from billing.fake_stripe import FakeStripe
from hypothesis import HealthCheck, given, settings

MAX_EXAMPLES = 12


@pytest.fixture
def fake_stripe():
    fake = FakeStripe().start()
    yield fake
    fake.stop()


@pytest.fixture
def settings_for_fuzz(settings, fake_stripe):
    return settings.model_copy(update={
        "rate_limit_per_minute": 1_000_000,
        "stripe_secret_key": "sk_test_fuzz", "stripe_webhook_secret": "whsec_fuzz",
        "stripe_api_base": fake_stripe.url, "stripe_price_pro": "price_pro",
        "stripe_price_advanced": "price_advanced",
    })


@pytest.fixture
def fuzz_app(settings_for_fuzz, clean_engine, mailer):
    from server.app import create_app

    return create_app(settings_for_fuzz, engine=clean_engine, mailer=mailer)


@pytest.fixture
def bearer(fuzz_app):
    """An access token of a signed-in user who owns an organization."""
    from server.services import accounts, organizations, sessions

    with fuzz_app.state.sessionmaker() as db:
        user = accounts.create_user(db, fuzz_app.state.passwords, "fuzz@example.com",
                                    "fuzz password 123", "Fuzz", True)
        db.commit()
        organizations.create(db, user, "Fuzz org")
        pair = sessions.start_session(db, fuzz_app.state.settings, user)
    return {"Authorization": f"Bearer {pair.access_token}"}


def test_no_server_errors(fuzz_app, bearer):
    """Every operation, MAX_EXAMPLES generated cases each, called anonymously and signed in."""
    schema = schemathesis.openapi.from_asgi("/openapi.json", fuzz_app)
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @given(case=operation.as_strategy())
        @settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def run(case):
            for headers in ({}, bearer):
                response = case.call(headers=headers)
                assert response.status_code < 500, (
                    f"{case.method} {case.formatted_path} -> {response.status_code}: "
                    f"{response.text[:300]}")

        try:
            run()
        except AssertionError as exc:
            failures.append(str(exc).splitlines()[0])
    assert operations >= 20
    assert failures == []
