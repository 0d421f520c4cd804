"""Business logic; routes stay thin and call these. Services raise ``server.errors``."""
