"""Property-based fuzz of the OpenAPI spec (schemathesis, in-process ASGI): no 5xx, with and
without credentials, and every status code answered is documented for its operation.
Stripe points at the billing tests' fake Stripe on loopback."""

from __future__ import annotations

import itertools

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import status_code_conformance

MAX_EXAMPLES = 12  # per operation and mode: the whole fuzz stays well under 2 minutes
MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)


@pytest.fixture
def settings_for_fuzz(settings, fake_stripe):
    return settings.model_copy(update={
        "stripe_secret_key": "sk_test_fuzz", "stripe_webhook_secret": "whsec_fuzz",
        "stripe_api_base": fake_stripe.url, "stripe_price_pro": "price_pro",
        "stripe_price_advanced": "price_advanced",
    })


@pytest.fixture
def fuzz_app(settings_for_fuzz, clean_engine, mailer):
    from server.app import create_app

    app = create_app(settings_for_fuzz, engine=clean_engine, mailer=mailer)
    app.state.rate_limiter.per_minute = 1_000_000  # fuzz the routes, not the limiter
    return app


@pytest.fixture
def bearer(fuzz_app):
    """Headers with a fresh access token (a new session each call, since the fuzz may sign
    out) of a user who owns an organization."""
    from server.services import accounts, organizations, sessions

    with fuzz_app.state.sessionmaker() as db:
        user = accounts.create_user(db, fuzz_app.state.passwords, "fuzz@example.com",
                                    "fuzz password 123", "Fuzz", True)
        db.commit()
        organizations.create(db, user, "Fuzz org")

    def headers() -> dict[str, str]:
        with fuzz_app.state.sessionmaker() as db:
            pair = sessions.start_session(db, fuzz_app.state.settings, db.merge(user))
        return {"Authorization": f"Bearer {pair.access_token}"}

    return headers


def test_no_server_errors(fuzz_app, bearer):
    """Every operation, MAX_EXAMPLES generated cases each, called anonymously and signed in."""
    schema = schemathesis.openapi.from_asgi("/openapi.json", fuzz_app)
    failures: list[str] = []
    operations = 0
    for result, mode in itertools.product(schema.get_all_operations(), MODES):
        operation = result.ok()
        operations += mode is MODES[0]

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def run(case):
            for headers in ({}, bearer()):
                response = case.call(headers=headers)
                where = f"{case.method} {case.formatted_path} -> {response.status_code}"
                assert response.status_code < 500, f"{where}: {response.text[:300]}"
                try:
                    case.validate_response(response, checks=[status_code_conformance])
                except Exception as exc:  # schemathesis' FailureGroup
                    raise AssertionError(f"{where}: undocumented status") from exc

        try:
            run()
        except Unsatisfiable:  # no parameters to make invalid (negative mode)
            continue
        except AssertionError as exc:
            failures.append(str(exc).splitlines()[0])
    assert operations >= 20
    assert failures == []
