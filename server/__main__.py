"""``python -m server`` is ``thermocraft-server``."""

from server.cli import main

main()
