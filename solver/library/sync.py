"""The offline cache of a sync server's library: ``GET /library/sync`` pulled with an API
token, kept as library files (one item per file) beside the cursor.

Layout of the cache folder (``cache_root()``)::

    state.json                      {"server", "cursor", "folder", "synced_at"}
    gen-<hex>/<scope>/[<org id>/]<kind>/<id>.json     {"kind": ..., "items": [item]}

A sync copies the current generation into a new ``gen-<hex>`` folder (an empty one on a
``reset``), applies every page of changes there, then replaces ``state.json`` atomically
(``os.replace``) to point at it: until that moment the old generation and cursor stay as
they were, so an interrupted sync leaves the previous cache intact. A cursor the server
refuses (400: e.g. a new database behind the same URL) starts a full listing.

The generation named by ``state.json`` is one of the library's folders
(:func:`solver.library.store.library_folders`). Inside it files are read in path order and
later ones win, so for one id a personal item (``user/``) beats a team item
(``organization/``), which beats the server's built-in (``builtin/``).
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from solver.library.credentials import TOKEN_ENV

STATE = "state.json"
CACHE_ENV = "THERMOCRAFT_LIBRARY_CACHE"
STALE = 3600.0  # s: an unreferenced generation this old is no sync still writing


class SyncError(Exception):
    """A sync that could not complete; the message says why (never the token)."""

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class SyncResult:
    folder: Path
    changed: int
    deleted: int
    reset: bool
    items: int


def cache_root() -> Path:
    """``$THERMOCRAFT_LIBRARY_CACHE``, else ``$XDG_CACHE_HOME/thermocraft/library`` (default
    ``~/.cache``)."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "thermocraft" / "library"


def read_state(root: Path) -> dict[str, Any]:
    """The cache's state (empty when there is no complete sync yet)."""
    try:
        state = json.loads((root / STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def synced_folder(root: Path | None = None) -> Path | None:
    """The library folder of the last complete sync, or None."""
    root = cache_root() if root is None else Path(root)
    folder = read_state(root).get("folder")
    return root / folder if isinstance(folder, str) and (root / folder).is_dir() else None


def item_path(entry: dict[str, Any]) -> Path:
    """Where one sync entry (``scope``, ``owner_org_id``, ``kind``, ``slug``) lives in a
    generation folder."""
    name = urllib.parse.quote(entry["slug"], safe="")
    if name.startswith(".") or len(name) > 200:
        name = "%" + hashlib.sha256(entry["slug"].encode()).hexdigest()
    parts = [entry["scope"]] + ([str(entry["owner_org_id"])] if entry.get("owner_org_id")
                                else [])
    return Path(*parts, entry["kind"], name + ".json")


def _get(url: str, token: str, timeout: float) -> dict[str, Any]:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}",
                                                   "Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as exc:
        raise SyncError(_http_message(exc), exc.code) from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise SyncError(f"cannot reach the library server: {reason}") from None
    except ValueError as exc:
        raise SyncError(f"the library server answered something that is not JSON: {exc}") \
            from None


def _http_message(exc: urllib.error.HTTPError) -> str:
    try:
        detail = json.loads(exc.read().decode("utf-8")).get("detail")
    except (ValueError, AttributeError, OSError):
        detail = None
    if isinstance(detail, dict):
        detail = detail.get("message", "")
    detail = detail if isinstance(detail, str) else ""
    hint = {401: "the API token is wrong, expired or revoked",
            403: "the API token lacks the library:read scope"}.get(exc.code, "")
    text = "; ".join(t for t in (hint, detail) if t)
    return f"library sync refused: HTTP {exc.code}" + (f" ({text})" if text else "")


def _write_json(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)


def apply_page(folder: Path, entries: list[dict[str, Any]]) -> tuple[int, int]:
    """Write the live entries' bodies and remove the deleted ones; (changed, deleted)."""
    changed = deleted = 0
    for entry in entries:
        path = folder / item_path(entry)
        if entry.get("deleted_at") or entry.get("body") is None:
            path.unlink(missing_ok=True)
            deleted += 1
        else:
            _write_json(path, {"kind": entry["kind"], "items": [entry["body"]]})
            changed += 1
    return changed, deleted


def sync(server: str, token: str, root: Path | None = None, *, limit: int = 500,
         timeout: float = 30.0) -> SyncResult:
    """Bring the cache in ``root`` (default :func:`cache_root`) up to date with ``server``."""
    if not token:
        raise SyncError(f"no API token (run `thermocraft library login`, pass --token or set "
                        f"{TOKEN_ENV})")
    if not server.startswith(("http://", "https://")):
        raise SyncError(f"server {server!r}: not an http(s) URL")
    server = server.rstrip("/")
    root = cache_root() if root is None else Path(root)
    root.mkdir(parents=True, exist_ok=True)
    state = read_state(root)
    old = synced_folder(root)
    cursor = state.get("cursor") if state.get("server") == server and old else None
    new = root / f"gen-{secrets.token_hex(6)}"
    changed = deleted = 0
    reset = False
    try:
        first = True
        while True:
            query = {"limit": limit} | ({"cursor": cursor} if cursor else {})
            try:
                page = _get(f"{server}/library/sync?{urllib.parse.urlencode(query)}", token,
                            timeout)
            except SyncError as exc:
                if not (first and cursor and exc.status == 400):
                    raise
                cursor = None  # a cursor this server never gave (a new database): start over
                continue
            if first:
                reset = bool(page.get("reset")) or cursor is None
                if reset or old is None:
                    new.mkdir()
                else:
                    shutil.copytree(old, new)
                first = False
            c, d = apply_page(new, page.get("items", []))
            changed, deleted = changed + c, deleted + d
            cursor = page["next_cursor"]
            if not page.get("has_more"):
                break
        _write_json(root / STATE, {"server": server, "cursor": cursor, "folder": new.name,
                                   "synced_at": time.strftime("%Y-%m-%dT%H:%M:%SZ",
                                                              time.gmtime())})
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        raise
    for stale in root.glob("gen-*"):  # the old one, and leftovers of killed syncs
        if stale != new and (stale == old or time.time() - stale.stat().st_mtime > STALE):
            shutil.rmtree(stale, ignore_errors=True)
    return SyncResult(new, changed, deleted, reset, sum(1 for _ in new.rglob("*.json")))
