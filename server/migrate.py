"""Programmatic Alembic: the migrations ship inside the package, no alembic.ini needed.

``python -m server.migrate upgrade|downgrade|revision ...`` wraps the Alembic commands.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str = "base") -> None:
    command.downgrade(alembic_config(url), revision)


def heads(url: str = "sqlite://") -> list[str]:
    return list(ScriptDirectory.from_config(alembic_config(url)).get_heads())


def main(argv: list[str] | None = None) -> None:
    from server.settings import Settings

    parser = argparse.ArgumentParser(prog="python -m server.migrate")
    sub = parser.add_subparsers(dest="cmd", required=True)
    up = sub.add_parser("upgrade")
    up.add_argument("revision", nargs="?", default="head")
    down = sub.add_parser("downgrade")
    down.add_argument("revision")
    rev = sub.add_parser("revision", help="autogenerate a revision against the database")
    rev.add_argument("-m", "--message", required=True)
    rev.add_argument("--rev-id")
    args = parser.parse_args(argv)
    url = Settings().database_url
    if args.cmd == "upgrade":
        upgrade(url, args.revision)
    elif args.cmd == "downgrade":
        downgrade(url, args.revision)
    else:
        command.revision(alembic_config(url), message=args.message, autogenerate=True,
                         rev_id=args.rev_id)


if __name__ == "__main__":
    main()
