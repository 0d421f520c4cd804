"""One stream of progress reports for a solve: ``progress(fraction, message)`` for a bar and
``monitor(dict)`` for a program (the server streams these dicts to its clients).

The pipeline calls a :class:`Reporter` as ``report(fraction, message, **info)`` with the
fraction of its own stage; the reporter maps it onto the whole solve and forwards it. Info
values may be callables, evaluated only when a monitor listens (a field maximum costs a pass
over the cells)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Progress = Callable[[float, str], None]
Monitor = Callable[[dict[str, Any]], None]

MONITOR_KEYS = ("stage", "fraction", "message", "iteration", "residual",
                "max_temperature_C", "time_s")


class Reporter:
    """Forwards a stage's reports, its fraction mapped onto ``start .. start + span``."""

    def __init__(self, progress: Progress | None = None, monitor: Monitor | None = None,
                 stage: str = "", start: float = 0.0, span: float = 1.0,
                 check: Callable[[dict[str, Any]], None] | None = None) -> None:
        self.progress = progress
        self.monitor = monitor
        self.stage_name = stage
        self.start = start
        self.span = span
        self.check = check

    def stage(self, name: str, start: float, span: float,
              check: Callable[[dict[str, Any]], None] | None = None) -> Reporter:
        """A reporter for a sub-stage covering ``start .. start + span`` of this one."""
        return Reporter(self.progress, self.monitor, name, self.start + self.span * start,
                        self.span * span, check or self.check)

    def __call__(self, fraction: float, message: str, **info: Any) -> None:
        overall = self.start + self.span * min(max(fraction, 0.0), 1.0)
        if self.check is not None:
            self.check(info)
        if self.progress is not None:
            self.progress(overall, message)
        if self.monitor is not None:
            event = {"stage": self.stage_name, "fraction": overall, "message": message}
            event.update({k: v() if callable(v) else v for k, v in info.items()})
            self.monitor(event)
