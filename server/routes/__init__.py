"""HTTP routes. Each module defines ``router`` (and optionally ``TAG``) and is included by
``server.app.create_app`` automatically."""
