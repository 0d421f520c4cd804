"""The workbench's library sync settings: server and token from FreeCAD's preferences (the
token from the environment as a fallback, never shown), and a clear error when either is
missing or the server cannot be reached."""

import socket

import pytest

from solver.library.sync import CACHE_ENV, TOKEN_ENV, SyncError, synced_folder
from ThermoCraftWorkbench.interpreter import params
from ThermoCraftWorkbench.library_sync import sync_library, sync_settings


@pytest.fixture
def prefs(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    p = params()
    yield p
    for name in ("LibraryServer", "LibraryToken"):
        p.RemString(name)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_settings_come_from_the_preferences(prefs, tmp_path, monkeypatch):
    with pytest.raises(SyncError, match="LibraryServer"):
        sync_settings()
    prefs.SetString("LibraryServer", " http://127.0.0.1:9/ ")
    with pytest.raises(SyncError, match="LibraryToken"):
        sync_settings()
    monkeypatch.setenv(TOKEN_ENV, "tc_from_env")
    assert sync_settings().token == "tc_from_env"
    prefs.SetString("LibraryToken", "tc_secret_pref")
    settings = sync_settings()
    assert settings.server == "http://127.0.0.1:9/" and settings.token == "tc_secret_pref"
    assert settings.cache == tmp_path / "cache"
    assert "tc_secret_pref" not in repr(settings)


def test_an_unreachable_server_is_a_clear_error_and_no_cache(prefs, tmp_path):
    prefs.SetString("LibraryServer", f"http://127.0.0.1:{_closed_port()}")
    prefs.SetString("LibraryToken", "tc_secret_pref")
    with pytest.raises(SyncError, match="cannot reach the library server") as info:
        sync_library(sync_settings())
    assert "tc_secret_pref" not in str(info.value)
    assert synced_folder(tmp_path / "cache") is None
