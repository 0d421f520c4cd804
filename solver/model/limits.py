"""How big a model may be, checked before anything is allocated.

:class:`Limits` bounds every quantity a model file can blow up (cells, triangles, time steps,
stored fields, profile breakpoints, file and string sizes, nesting, flow regions and fan-curve
points) and the wall time. The
defaults suit a workstation; :meth:`Limits.strict` is what a server running other people's
models passes. Physical ranges (temperatures, conductivities...) are fixed, not limits: see
:mod:`solver.model.ranges`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Limits:
    """Caps on a model's size. ``step_files`` says where STEP (and other model) files come
    from: ``"folder"`` (paths inside the model's folder) or ``"attachments"`` (names of files
    sent with the job, never a path)."""

    cells: int = 20_000_000
    triangles: int = 2_000_000
    time_steps: int = 1_000_000
    output_fields: int = 1_000
    profile_breakpoints: int = 100_000
    file_bytes: int = 1_000_000_000
    string_length: int = 10_000
    list_length: int = 10_000_000
    nesting_depth: int = 64
    flow_regions: int = 1_000
    fan_curve_points: int = 10_000
    wall_time_s: float = 86_400.0
    step_files: Literal["folder", "attachments"] = "folder"

    @classmethod
    def strict(cls) -> Limits:
        """Limits for models from untrusted callers (the server's remote solving)."""
        return cls(cells=2_000_000, triangles=200_000, time_steps=20_000, output_fields=50,
                   profile_breakpoints=10_000, file_bytes=50_000_000, string_length=1_000,
                   list_length=1_000_000, nesting_depth=32, flow_regions=50,
                   fan_curve_points=200, wall_time_s=600.0,
                   step_files="attachments")

    def __post_init__(self) -> None:
        if self.step_files not in ("folder", "attachments"):
            raise ValueError(f"step_files must be 'folder' or 'attachments', "
                             f"not {self.step_files!r}")


DEFAULT_LIMITS = Limits()
