"""Server test fixtures: a migrated database per backend (SQLite always, PostgreSQL when
``THERMOCRAFT_TEST_POSTGRES_URL`` is set), the app, clients and a user factory."""

from __future__ import annotations

import os
import secrets
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from billing.fake_stripe import FakeStripe
from fake_oauth import FakeProvider
from fastapi.testclient import TestClient
from loopback import LoopbackServer
from sqlalchemy import Engine, create_engine, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from server import migrate
from server.app import create_app
from server.db import make_engine
from server.mail import RecordingMailer
from server.models import User
from server.services import accounts, sessions
from server.settings import Settings

sys.path.insert(0, str(Path(__file__).parent))

POSTGRES_URL = os.environ.get("THERMOCRAFT_TEST_POSTGRES_URL", "")
BACKENDS = ["sqlite"] + (
    [pytest.param("postgresql", marks=pytest.mark.postgres)] if POSTGRES_URL else [])
TEST_SECRET = "test-secret-key-0123456789abcdef0123456789abcdef"
DEFAULT_PASSWORD = "correct horse battery staple"


class DatabaseFactory:
    """Creates empty databases on one backend and drops them at the end of the session."""

    def __init__(self, backend: str, tmp: Path):
        self.backend, self.tmp, self.created = backend, tmp, []

    def new(self) -> str:
        if self.backend == "sqlite":
            return f"sqlite:///{self.tmp / f'tc_{secrets.token_hex(4)}.db'}"
        name = f"tc_test_{os.getpid()}_{secrets.token_hex(4)}"
        admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        admin.dispose()
        self.created.append(name)
        return make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)

    def drop_all(self) -> None:
        if not self.created:
            return
        admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            for name in self.created:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture(scope="session", params=BACKENDS)
def database_factory(request, tmp_path_factory) -> Iterator[DatabaseFactory]:
    """Fresh empty databases on the backend under test."""
    factory = DatabaseFactory(request.param, tmp_path_factory.mktemp(request.param))
    yield factory
    factory.drop_all()


@pytest.fixture(scope="session")
def db_url(database_factory: DatabaseFactory) -> str:
    """The session's database, migrated to head with Alembic."""
    url = database_factory.new()
    migrate.upgrade(url)
    return url


@pytest.fixture(scope="session")
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


def truncate_all(engine: Engine) -> None:
    """Empty every table except alembic_version."""
    tables = [t for t in inspect(engine).get_table_names() if t != "alembic_version"]
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            conn.exec_driver_sql("TRUNCATE TABLE " + ", ".join(f'"{t}"' for t in tables)
                                 + " RESTART IDENTITY CASCADE")
        else:
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            for table in tables:
                conn.exec_driver_sql(f'DELETE FROM "{table}"')
            conn.commit()
            conn.exec_driver_sql("PRAGMA foreign_keys=ON")
        conn.commit()


@pytest.fixture
def clean_engine(engine: Engine) -> Engine:
    """The session engine, with every table emptied before the test."""
    truncate_all(engine)
    return engine


@pytest.fixture
def settings(db_url: str) -> Settings:
    return Settings(
        env="test", database_url=db_url, secret_key=TEST_SECRET, public_url="http://testserver",
        argon2_time_cost=1, argon2_memory_cost=8192, argon2_parallelism=1,
    )


@pytest.fixture(scope="module")
def provider() -> Iterator[FakeProvider]:
    """The fake OAuth provider on loopback (``provider.settings("google")`` points at it)."""
    fake = FakeProvider()
    with LoopbackServer(fake.app()) as srv:
        fake.base_url = srv.url
        yield fake


@pytest.fixture
def fake_stripe() -> Iterator[FakeStripe]:
    """The fake Stripe API on loopback (``stripe_api_base=fake_stripe.url``)."""
    fake = FakeStripe().start()
    yield fake
    fake.stop()


@pytest.fixture
def mailer() -> RecordingMailer:
    return RecordingMailer()


@pytest.fixture
def app(settings: Settings, clean_engine: Engine, mailer: RecordingMailer):
    return create_app(settings, engine=clean_engine, mailer=mailer)


@pytest.fixture
def client(app) -> Iterator[TestClient]:
    with TestClient(app) as c:
        yield c


@pytest.fixture
def db(app) -> Iterator[Session]:
    """A session on the test database (commit what you add)."""
    with app.state.sessionmaker() as session:
        yield session


@dataclass
class UserHandle:
    """A user with a signed-in session and a TestClient sending its access token."""

    user: User
    email: str
    password: str
    client: TestClient
    access_token: str
    refresh_token: str


@pytest.fixture
def make_user(app) -> Iterator[Callable[..., UserHandle]]:
    """Factory: ``make_user(email=None, password=None, verified=True, display_name="")``."""
    clients: list[TestClient] = []

    def factory(email: str | None = None, password: str | None = None, verified: bool = True,
                display_name: str = "") -> UserHandle:
        email = email or f"user-{secrets.token_hex(4)}@example.com"
        password = password or DEFAULT_PASSWORD
        with app.state.sessionmaker() as s:
            user = accounts.create_user(s, app.state.passwords, email, password,
                                        display_name, verified)
            s.commit()
            pair = sessions.start_session(s, app.state.settings, user)
        c = TestClient(app)
        c.headers["Authorization"] = f"Bearer {pair.access_token}"
        clients.append(c)
        return UserHandle(user, user.email, password, c, pair.access_token, pair.refresh_token)

    yield factory
    for c in clients:
        c.close()
