"""Settings: environment, XDG default database, production refusals."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from server.settings import DEFAULT_SECRET_KEY, Settings, default_database_url

GOOD_SECRET = "s" * 48
PG = "postgresql+psycopg://app@db/thermocraft"


def test_defaults_use_sqlite_in_xdg_data(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.delenv("THERMOCRAFT_DATABASE_URL", raising=False)
    s = Settings()
    assert s.database_url == f"sqlite:///{tmp_path}/thermocraft/server.db"
    assert s.env == "development" and s.access_token_ttl_seconds == 900


def test_xdg_fallback_is_local_share(monkeypatch, tmp_path):
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert default_database_url() == f"sqlite:///{tmp_path}/.local/share/thermocraft/server.db"


def test_reads_environment(monkeypatch):
    monkeypatch.setenv("THERMOCRAFT_DATABASE_URL", PG)
    monkeypatch.setenv("THERMOCRAFT_LOGIN_MAX_FAILURES", "7")
    s = Settings()
    assert s.database_url == PG and s.login_max_failures == 7


@pytest.mark.parametrize("overrides, message", [
    ({"database_url": PG}, "SECRET_KEY"),
    ({"database_url": PG, "secret_key": DEFAULT_SECRET_KEY}, "SECRET_KEY"),
    ({"database_url": PG, "secret_key": "short"}, "SECRET_KEY"),
    ({"secret_key": GOOD_SECRET, "database_url": "sqlite:///x.db"}, "PostgreSQL"),
])
def test_production_refuses_unsafe_settings(overrides, message):
    with pytest.raises(ValidationError, match=message):
        Settings(env="production", **overrides)


def test_production_accepts_real_settings():
    s = Settings(env="production", database_url=PG, secret_key=GOOD_SECRET)
    assert not s.is_sqlite


@pytest.mark.parametrize("env", ["test", "production"])
def test_default_secret_refused_outside_development(env):
    with pytest.raises(ValidationError, match="default secret key is public"):
        Settings(env=env, database_url=PG, secret_key=DEFAULT_SECRET_KEY)


def test_embedded_secret_is_random_private_and_stable(monkeypatch, tmp_path):
    import stat

    from server.settings import embedded_secret_key

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    first = embedded_secret_key()
    assert first == embedded_secret_key() and first != DEFAULT_SECRET_KEY and len(first) >= 48
    path = tmp_path / "thermocraft" / "secret_key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
