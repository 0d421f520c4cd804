"""ThermoCraft sync server: accounts, teams, plans; later the shared library and remote solving."""
