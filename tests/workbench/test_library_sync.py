"""The workbench's library sync settings: the server from FreeCAD's preferences, the token
from the environment or the owner-only token file (a token in the old preference moved
there, never shown), and a clear error when either is missing or the server cannot be
reached."""

import os
import socket
import stat

import pytest

from solver.library.credentials import CONFIG_ENV, TOKEN_ENV, save_token, token_path
from solver.library.sync import CACHE_ENV, SyncError, synced_folder
from ThermoCraftWorkbench.interpreter import params
from ThermoCraftWorkbench.library_sync import MissingToken, sync_library, sync_settings


@pytest.fixture
def prefs(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setenv(CONFIG_ENV, str(tmp_path / "config"))
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    p = params()
    yield p
    for name in ("LibraryServer", "LibraryToken"):
        p.RemString(name)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_settings_come_from_the_preferences_and_the_token_file(prefs, tmp_path, monkeypatch):
    with pytest.raises(SyncError, match="LibraryServer"):
        sync_settings()
    prefs.SetString("LibraryServer", " http://127.0.0.1:9/ ")
    with pytest.raises(MissingToken, match="library login"):
        sync_settings()
    save_token("tc_from_file")
    assert sync_settings().token == "tc_from_file"
    monkeypatch.setenv(TOKEN_ENV, "tc_from_env")
    settings = sync_settings()
    assert settings.server == "http://127.0.0.1:9/" and settings.token == "tc_from_env"
    assert settings.cache == tmp_path / "cache"
    assert "tc_from_env" not in repr(settings)


def test_a_token_in_the_old_preference_moves_to_the_owner_only_file(prefs, tmp_path):
    prefs.SetString("LibraryServer", "http://127.0.0.1:9/")
    prefs.SetString("LibraryToken", " tc_secret_pref ")
    assert sync_settings().token == "tc_secret_pref"
    assert prefs.GetString("LibraryToken", "") == ""
    path = token_path()
    assert path == tmp_path / "config" / "token"
    assert path.read_text().strip() == "tc_secret_pref"
    if os.name != "nt":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert sync_settings().token == "tc_secret_pref"  # from the file now


def test_an_unreachable_server_is_a_clear_error_and_no_cache(prefs, tmp_path):
    prefs.SetString("LibraryServer", f"http://127.0.0.1:{_closed_port()}")
    save_token("tc_secret_pref")
    with pytest.raises(SyncError, match="cannot reach the library server") as info:
        sync_library(sync_settings())
    assert "tc_secret_pref" not in str(info.value)
    assert synced_folder(tmp_path / "cache") is None
