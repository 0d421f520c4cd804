"""Exceptions the solver raises; every message says what is wrong and where."""


class ThermoCraftError(Exception):
    """Base class of every error ThermoCraft reports to a user."""


class ConvergenceError(ThermoCraftError):
    """An iterative solve missed its tolerance; the message says by how much."""


class GeometryError(ThermoCraftError):
    """A body's geometry cannot be meshed (open or self-intersecting mesh, empty body...)."""


class SolveCancelled(ThermoCraftError):
    """The caller asked the solve to stop."""


class GridError(ThermoCraftError):
    """The grid cannot be built within its limits (too many cells, empty domain...)."""
