"""Page routers, one module per area."""
