"""The shared component library: built-in items of ``library_data/`` seeded at start-up,
personal and organization items on top, search, versioned writes, sync, import/export.
See docs/server-library.md.

``install(app)`` seeds the built-ins when the app starts serving.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI

from server.scheduler import add_hooks

log = logging.getLogger("thermocraft.library")


def _seed(app: FastAPI) -> None:
    from server.library.seed import seed_builtins

    try:
        with app.state.sessionmaker() as db:
            seeded = seed_builtins(db)
    except Exception:  # the server still serves; the next start-up seeds again
        log.exception("could not seed the built-in library")
        return
    log.info("built-in library: %d items, %d written, %d removed", seeded.total,
             seeded.written, seeded.removed)


def install(app: FastAPI) -> None:
    add_hooks(app, _seed, lambda _app: None)
