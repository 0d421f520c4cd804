"""A tiny FastAPI app with the hardening stack installed, for the middleware tests."""

from __future__ import annotations

from fastapi import APIRouter, Depends, FastAPI, Request

from server.middleware import SimulationRateLimit, install
from server.middleware.config import HardeningSettings
from server.middleware.rate_limit_store import RateLimitStore


async def header_principal(scope) -> str | None:
    """Test resolver: the user id is whatever follows ``Bearer user-``."""
    for key, value in scope["headers"]:
        if key == b"authorization" and value.startswith(b"Bearer user-"):
            return value[len(b"Bearer user-"):].decode()
    return None


def make_app(store: RateLimitStore | None = None, **overrides) -> FastAPI:
    """An app with the hardening middleware and a few routes."""
    settings = HardeningSettings(**({"log_json": True} | overrides))
    app = FastAPI()
    install(app, settings, resolver=header_principal, configure_logs=False)
    if store is not None:
        app.state.rate_limiter.store = store

    @app.get("/items/{item_id}")
    def item(item_id: int, request: Request) -> dict:
        return {"id": item_id, "request_id": request.state.request_id}

    @app.post("/echo")
    async def echo(request: Request) -> dict:
        return {"size": len(await request.body())}

    @app.get("/boom")
    def boom() -> dict:
        raise RuntimeError("boom")

    sim = APIRouter(prefix="/solve", dependencies=[Depends(SimulationRateLimit)])

    @sim.post("/jobs")
    def submit() -> dict:
        return {"queued": True}

    app.include_router(sim)
    return app
