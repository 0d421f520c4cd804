"""Library items read from one or more folders; later folders override earlier ones by id.

The built-in ``library_data/`` (beside the ``solver`` package) comes first, then the offline
cache of the library server (:mod:`solver.library.sync`); the folders in
``THERMOCRAFT_LIBRARY_PATH`` (``os.pathsep``-separated) follow, and the server or the
workbench installs team and user folders with :func:`set_default_library`.
"""

from __future__ import annotations

import difflib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from solver.library.schema import file_problems
from solver.library.sync import synced_folder
from solver.model.problems import Problem

BUILTIN = Path(__file__).resolve().parents[2] / "library_data"
PREFIX = "lib:"


@dataclass(frozen=True)
class LibraryItem:
    """One item: its ``id``, ``kind``, the raw data (SI units) and the file it came from."""

    id: str
    kind: str
    data: dict[str, Any]
    origin: Path

    @property
    def source(self) -> str:
        return self.data["source"]


class Library:
    """Items from ``folders`` (each searched recursively for ``*.json``), later ones winning.
    Files with problems are skipped and their problems kept in ``problems``."""

    def __init__(self, folders: list[Path | str]):
        self.folders = [Path(f) for f in folders]
        self.items: dict[str, LibraryItem] = {}
        self.problems: list[Problem] = []
        for folder in self.folders:
            for path in sorted(folder.rglob("*.json")) if folder.is_dir() else []:
                self._read(path, folder)

    def _read(self, path: Path, folder: Path) -> None:
        where = str(path.relative_to(folder.parent) if folder.parent in path.parents else path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            self.problems.append(Problem(where, f"cannot read: {exc}"))
            return
        problems = file_problems(data, where)
        seen: set[str] = set()
        for item in data.get("items", []) if isinstance(data, dict) else []:
            if isinstance(item, dict) and item.get("id") in seen:
                problems.append(Problem(where, f"duplicate id {item['id']!r}"))
            seen.add(item.get("id") if isinstance(item, dict) else None)
        if problems:
            self.problems += problems
            return
        for item in data["items"]:
            self.items[item["id"]] = LibraryItem(item["id"], data["kind"], item, path)

    def get(self, ref: str) -> LibraryItem | None:
        """The item for ``lib:ID`` or ``ID``, or None."""
        return self.items.get(ref.removeprefix(PREFIX))

    def suggest(self, ref: str, kind: str | None = None) -> str | None:
        """The closest known id to ``ref`` (as ``lib:ID``), for "did you mean" messages."""
        ids = [i for i, it in self.items.items() if kind is None or it.kind == kind]
        lower = {i.lower(): i for i in ids}
        close = difflib.get_close_matches(ref.removeprefix(PREFIX).lower(), lower, n=1,
                                          cutoff=0.6)
        return PREFIX + lower[close[0]] if close else None

    def unknown(self, ref: str, kind: str | None = None, what: str = "library item") -> str:
        """The message for an unknown ``ref``: ``unknown <what> 'ref'`` and, when one is
        close, `` (did you mean 'lib:ID'?)`` (of ``kind`` when given)."""
        guess = self.suggest(ref, kind)
        return f"unknown {what} {ref!r}" + (f" (did you mean {guess!r}?)" if guess else "")

    def search(self, words: str, kind: str | None = None) -> list[LibraryItem]:
        """Items whose id, name, notes, source or family contain every word (any case)."""
        terms = words.lower().split()
        found = []
        for item in self.items.values():
            if kind and item.kind != kind:
                continue
            hay = " ".join(str(item.data.get(k, "")) for k in
                           ("id", "name", "notes", "source", "family", "category")).lower()
            if all(t in hay for t in terms):
                found.append(item)
        return found


def library_folders() -> list[Path]:
    """The built-in folder, the synced cache of the library server
    (:func:`solver.library.sync.synced_folder`) when there is one, then the folders named
    by ``THERMOCRAFT_LIBRARY_PATH``: a local folder beats the server, which beats the
    shipped built-ins."""
    extra = os.environ.get("THERMOCRAFT_LIBRARY_PATH", "")
    synced = synced_folder()
    return [BUILTIN] + ([synced] if synced else []) + [
        Path(p) for p in extra.split(os.pathsep) if p]


_default: Library | None = None


def default_library() -> Library:
    """The library models resolve ``lib:`` references against (read once)."""
    global _default
    if _default is None:
        _default = Library(library_folders())
    return _default


def set_default_library(library: Library | None) -> None:
    """Install ``library`` (e.g. built-in + team + user folders); None: read the defaults
    again on next use."""
    global _default
    _default = library
