"""Cancel checks inside meshing loops (between bodies, axes and voxelizer slabs)."""

from __future__ import annotations

from collections.abc import Callable

from solver.errors import SolveCancelled

Check = Callable[[], None]


def cancel_check(cancel: Callable[[], bool] | None) -> Check:
    """A callable that raises :class:`SolveCancelled` once ``cancel()`` returns True."""
    def check() -> None:
        if cancel is not None and cancel():
            raise SolveCancelled("solve cancelled")
    return check


def never() -> None:
    """The check of a run that cannot be cancelled."""
