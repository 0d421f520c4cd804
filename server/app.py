"""The application factory.

Registration points (see server/README.md):
- every module in ``server/routes/`` that defines ``router`` is included (optional ``TAG``
  dict documents its OpenAPI tag);
- every package in ``EXTENSIONS`` that exists and defines ``install(app)`` is called last,
  in order (web pages, middleware, billing hooks).
"""

from __future__ import annotations

import importlib
import pkgutil
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy import Engine

import server.routes
from server.db import make_engine, make_sessionmaker
from server.errors import ServiceError
from server.mail import Mailer, mailer_from_settings
from server.openapi_errors import document_errors
from server.scheduler import start_hooks, start_jobs, stop_hooks, stop_jobs
from server.security.passwords import Passwords
from server.settings import Settings, get_settings

EXTENSIONS = (
    "server.billing", "server.solving", "server.library", "server.docs_ui", "server.web",
    "server.middleware",
)

DESCRIPTION = """ThermoCraft sync server: accounts and teams, plans and billing, and (later) the
shared component library and remote solving for the FreeCAD workbench.

Authenticate with `Authorization: Bearer <token>`: either a JWT access token from
`POST /auth/login` (15 minutes, renewed with `POST /auth/refresh`) or a personal API token
`tc_...` created under `/me/api-tokens` (scoped: `library:read`, `library:write`, `solve`).
Objects of another user or organization answer 404."""


def _router_modules():
    for info in sorted(pkgutil.iter_modules(server.routes.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"server.routes.{info.name}")
        if hasattr(module, "router"):
            yield module


def _install_extensions(app: FastAPI) -> None:
    for name in EXTENSIONS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        install = getattr(module, "install", None)
        if install is not None:
            install(app)


def _service_error(_request: Request, exc: ServiceError) -> JSONResponse:
    return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)


def create_app(settings: Settings | None = None, *, engine: Engine | None = None,
               mailer: Mailer | None = None) -> FastAPI:
    """Build the app. ``settings`` default to the environment; ``engine`` and ``mailer``
    may be injected (tests). Migrations are not run here: see ``server.cli``."""
    settings = settings or get_settings()
    own_engine = engine is None
    engine = engine or make_engine(settings.database_url)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        await start_hooks(app)
        jobs = start_jobs(app)
        yield
        await stop_jobs(jobs)
        await stop_hooks(app)
        if own_engine:
            engine.dispose()

    modules = list(_router_modules())
    app = FastAPI(
        title="ThermoCraft sync server",
        version="0.1.0",
        description=DESCRIPTION,
        openapi_tags=[m.TAG for m in modules if hasattr(m, "TAG")],
        lifespan=lifespan,
        docs_url=None,  # served offline by server.docs_ui
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessionmaker = make_sessionmaker(engine)
    app.state.mailer = mailer or mailer_from_settings(settings)
    app.state.passwords = Passwords(settings)
    app.add_exception_handler(ServiceError, _service_error)
    for module in modules:
        document_errors(module.router)
        app.include_router(module.router)
    _install_extensions(app)
    return app
