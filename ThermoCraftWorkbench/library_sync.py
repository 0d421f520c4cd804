"""The workbench's side of the library sync (:mod:`solver.library.sync`): the server URL and
API token from FreeCAD's preferences (Tools > Edit parameters >
BaseApp/Preferences/Mod/ThermoCraft: ``LibraryServer``, ``LibraryToken``), the token
falling back to ``$THERMOCRAFT_TOKEN``. The cache is the CLI's (``cache_root()``), so the
solver child process and ``thermocraft library sync`` see the same items. No Qt here: the
palette runs :func:`sync_library` in a worker thread."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from solver.library import set_default_library
from solver.library.sync import TOKEN_ENV, SyncError, SyncResult, cache_root, sync
from ThermoCraftWorkbench.interpreter import params


@dataclass(frozen=True)
class SyncSettings:
    server: str
    token: str
    cache: Path

    def __repr__(self) -> str:  # never show the token
        return f"SyncSettings(server={self.server!r}, cache={str(self.cache)!r})"


def sync_settings() -> SyncSettings:
    """The preferences, or SyncError naming the missing one."""
    p = params()
    server = p.GetString("LibraryServer", "").strip()
    token = p.GetString("LibraryToken", "").strip() or os.environ.get(TOKEN_ENV, "")
    if not server:
        raise SyncError("no library server: set LibraryServer (the server's URL) in "
                        "Tools > Edit parameters > BaseApp/Preferences/Mod/ThermoCraft")
    if not token:
        raise SyncError("no API token: create one with library:read on the server and set "
                        "LibraryToken in BaseApp/Preferences/Mod/ThermoCraft (or "
                        f"${TOKEN_ENV})")
    return SyncSettings(server, token, cache_root())


def sync_library(settings: SyncSettings) -> SyncResult:
    """Sync, then have the library read its folders again (the cache is one of them)."""
    result = sync(settings.server, settings.token, settings.cache)
    set_default_library(None)
    return result
