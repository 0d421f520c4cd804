"""Property-based fuzz of the OpenAPI spec (schemathesis), in-process (ASGI) and against the
app served by uvicorn on loopback (real HTTP: the h11 parser, request-line, header and body
limits), with and without credentials: no 5xx, every status code and content type answered
is documented for its operation, bodies match their schemas, schema-valid input is not
refused as invalid.
Stripe points at the billing tests' fake Stripe on loopback."""

from __future__ import annotations

import itertools

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from loopback import LoopbackServer
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from server.cli import server_limits
from server.openapi_errors import TEXT

MAX_EXAMPLES = 12  # per operation and mode: the whole fuzz stays well under 2 minutes
PHASES = (Phase.explicit, Phase.generate)  # failures are collected, not shrunk
MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
GENERIC_REFUSALS = {"Validation Error", TEXT[400]}  # FastAPI's 422, openapi_errors' 400


def schema_valid_input_accepted(_ctx, response, case) -> None:
    """A schema-valid (positive) case is not refused as invalid, unless the operation
    documents that refusal itself: a rule its schema cannot state (the library's item
    schema, a plan's seat rules, If-Match required on updates, an OAuth state, a webhook
    signature)."""
    if case.meta.generation.mode.is_positive and response.status_code in (400, 422, 428):
        entry = case.operation.definition.raw["responses"].get(str(response.status_code), {})
        if entry.get("description") in GENERIC_REFUSALS:
            raise AssertionError(f"schema-valid input refused: {response.text[:300]}")


CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance, schema_valid_input_accepted]


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


@pytest.fixture
def live(fuzz_app):
    """The app served as the CLI serves it (lifespan on, h11 with its request-head bound)."""
    with LoopbackServer(fuzz_app, lifespan="on", **server_limits(65_536)) as srv:
        yield srv


@pytest.fixture(params=["asgi", "http"])
def schema(request, fuzz_app):
    """The app's OpenAPI schema and the arguments of ``case.call``: in-process, or over HTTP
    on loopback through one keep-alive session."""
    if request.param == "asgi":
        yield schemathesis.openapi.from_asgi("/openapi.json", fuzz_app), {}
        return
    with requests.Session() as session:
        url = f"{request.getfixturevalue('live').url}/openapi.json"
        yield schemathesis.openapi.from_url(url), {"session": session}


def _failures(case, headers, transport) -> set[str]:
    """Call ``case``; one line per distinct failed check (empty when every check passes)."""
    where = f"[{case.meta.generation.mode.value}] {case.method} {case.operation.path}"
    try:
        response = case.call(headers=headers, **transport)
    except Exception as exc:  # in-process, the app's own exception
        return {f"{where}: {type(exc).__name__}: {exc}"}
    try:
        case.validate_response(response, checks=CHECKS, headers=headers)
    except FailureGroup as group:
        return {f"{where} -> {response.status_code}: {e.title}: "
                + " ".join(str(e.message).split())[:200] for e in group.exceptions}
    return set()


def test_no_server_errors(schema, bearer):
    """Every operation, MAX_EXAMPLES generated cases each, called anonymously and signed in."""
    schema, transport = schema
    failures: dict[str, str] = {}
    operations = 0
    for result, mode in itertools.product(schema.get_all_operations(), MODES):
        operation = result.ok()
        operations += mode is MODES[0]

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck), phases=PHASES)
        def run(case):
            for headers in ({}, bearer()):
                for failure in _failures(case, headers, transport):
                    failures.setdefault(failure, case.as_curl_command(headers))

        try:
            run()
        except Unsatisfiable:  # no parameters to make invalid (negative mode)
            continue
    assert operations >= 20
    assert not failures, "\n".join(f"{k}\n    {v[:400]}" for k, v in sorted(failures.items()))


# what only real HTTP meets: the embedded server's own refusal of a head it cannot parse
# (plain text), the request-line, header and body size limits;
# name -> (status, bytes of all path parameters, call arguments)
PROBES = {
    "NUL in a header (h11)": (400, 0, {"headers": {"X-Probe": "a\x00b"}}),
    "headers over 64 KiB": (431, 0, {"headers": {"X-Padding": "a" * 70_000}}),
    "body over 1 MiB": (413, 0, {"data": b"x" * (1_048_576 + 1)}),
    "query string of 70 KB": (414, 0, {"params": {"pad": "a" * 70_000}}),
    "path of 70 KB": (414, 70_000, {}),  # operations with a path parameter
}


def test_real_http_refusals_are_documented(live):
    """Every operation, over HTTP: each probe is refused with its status, which the
    operation documents with that content type and body schema."""
    schema = schemathesis.openapi.from_url(f"{live.url}/openapi.json")
    failures, long_paths = [], 0
    for result in schema.get_all_operations():
        operation = result.ok()
        params = [p.name for p in operation.path_parameters]
        for name, (status, path_bytes, kwargs) in PROBES.items():
            if path_bytes and not params:
                continue
            long_paths += path_bytes > 0
            value = "a" * (path_bytes // len(params)) if path_bytes else "0"
            case = operation.Case(path_parameters=dict.fromkeys(params, value))
            try:
                response = case.call(**kwargs)
            except requests.RequestException as exc:
                failures.append(f"{case.method} {operation.path} {name}: {exc!r}"[:300])
                continue
            where = f"{case.method} {operation.path} {name} -> {response.status_code}"
            if response.status_code != status:
                failures.append(f"{where}: expected {status}")
                continue
            try:
                case.validate_response(response, checks=CHECKS[1:4])
            except FailureGroup as group:
                failures += [f"{where}: {e.title}" for e in group.exceptions]
    assert long_paths >= 10
    assert not failures, "\n".join(failures)
