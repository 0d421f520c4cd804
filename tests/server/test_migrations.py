"""Alembic: one head, upgrade → downgrade → upgrade on each backend, models match."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from server import migrate
from server.db import make_engine
from server.models import Base


def test_single_head():
    assert len(migrate.heads()) == 1, migrate.heads()


def test_upgrade_downgrade_upgrade(database_factory):
    url = database_factory.new()
    engine = make_engine(url)
    try:
        migrate.upgrade(url)
        tables = set(inspect(engine).get_table_names())
        assert {"users", "organizations", "memberships", "api_tokens"} <= tables
        migrate.downgrade(url, "base")
        engine.dispose()
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        migrate.upgrade(url)
        engine.dispose()
        assert set(inspect(engine).get_table_names()) == tables
    finally:
        engine.dispose()


def test_models_match_migrations(engine):
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}),
                                Base.metadata)
    assert diff == []


def test_migrations_ship_as_package_data():
    versions = migrate.MIGRATIONS_DIR / "versions"
    assert (migrate.MIGRATIONS_DIR / "env.py").is_file()
    assert (migrate.MIGRATIONS_DIR / "script.py.mako").is_file()
    assert any(versions.glob("0001_*.py"))
    assert (versions / "__init__.py").is_file()  # found by setuptools' packages.find
