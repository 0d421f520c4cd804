"""Interactive API docs (Swagger UI) served from the server itself, so ``/docs`` works
offline. The Swagger UI files come from the ``swagger-ui-py`` package (Apache-2.0, bundles
the swagger-ui-dist release); the page and its start-up script are ours, so the page
needs no inline script and no CDN."""

from __future__ import annotations

from pathlib import Path

import swagger_ui
from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

SWAGGER_STATIC = Path(swagger_ui.__file__).parent / "static"
OWN_STATIC = Path(__file__).parent / "static"
ASSETS = "/docs/assets"

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title} - API docs</title>
<link rel="stylesheet" href="{assets}/swagger-ui.css">
<link rel="icon" href="{assets}/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui" data-openapi-url="{openapi_url}"></div>
<script src="{assets}/swagger-ui-bundle.js"></script>
<script src="{assets}/init/docs.js"></script>
</body>
</html>
"""


def install(app: FastAPI) -> None:
    """``GET /docs`` and its assets under ``/docs/assets`` (the app is created without
    FastAPI's CDN-based ``/docs`` and ``/redoc``)."""
    page = PAGE.format(title=app.title, assets=ASSETS, openapi_url=app.openapi_url)
    app.mount(f"{ASSETS}/init", StaticFiles(directory=OWN_STATIC), name="docs-init")
    app.mount(ASSETS, StaticFiles(directory=SWAGGER_STATIC), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(page)
