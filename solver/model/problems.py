"""Problems found in a model, each with the path of the offending value."""

from __future__ import annotations

from dataclasses import dataclass

from solver.errors import ThermoCraftError


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a model: ``path`` like ``bodies[3].material``, and why."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class ModelError(ThermoCraftError):
    """A model that cannot be read or solved; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def join(path: str, key: str | int) -> str:
    """Extend a problem path with a field name or a list index."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key
