"""The workbench's side of the library sync (:mod:`solver.library.sync`): the server URL from
FreeCAD's preferences (Tools > Edit parameters > BaseApp/Preferences/Mod/ThermoCraft:
``LibraryServer``), the API token from :mod:`solver.library.credentials` (``$THERMOCRAFT_TOKEN``
or the owner-only token file the palette and ``thermocraft library login`` write; a token
left in the preferences' old ``LibraryToken`` entry is moved there). The cache is the CLI's
(``cache_root()``), so the solver child process and ``thermocraft library sync`` see the
same items. No Qt here: the palette runs :func:`sync_library` in a worker thread."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from solver.library import set_default_library
from solver.library.credentials import TOKEN_ENV, save_token, saved_token
from solver.library.sync import SyncError, SyncResult, cache_root, sync
from ThermoCraftWorkbench.interpreter import params

LEGACY_TOKEN = "LibraryToken"


class MissingToken(SyncError):
    """No API token saved: the palette asks for one."""


@dataclass(frozen=True)
class SyncSettings:
    server: str
    token: str
    cache: Path

    def __repr__(self) -> str:  # never show the token
        return f"SyncSettings(server={self.server!r}, cache={str(self.cache)!r})"


def _move_legacy_token(p) -> None:
    """A token saved in the preferences (user.cfg, readable by others) goes to the token
    file and leaves the preferences."""
    legacy = p.GetString(LEGACY_TOKEN, "").strip()
    if legacy:
        save_token(legacy)
        p.RemString(LEGACY_TOKEN)


def sync_settings() -> SyncSettings:
    """The preferences and token, or SyncError naming what is missing."""
    p = params()
    _move_legacy_token(p)
    server = p.GetString("LibraryServer", "").strip()
    if not server:
        raise SyncError("no library server: set LibraryServer (the server's URL) in "
                        "Tools > Edit parameters > BaseApp/Preferences/Mod/ThermoCraft")
    token = saved_token()
    if not token:
        raise MissingToken("no API token: create one with library:read on the server and "
                           "enter it when asked (or run `thermocraft library login`, or set "
                           f"${TOKEN_ENV})")
    return SyncSettings(server, token, cache_root())


def sync_library(settings: SyncSettings) -> SyncResult:
    """Sync, then have the library read its folders again (the cache is one of them)."""
    result = sync(settings.server, settings.token, settings.cache)
    set_default_library(None)
    return result
