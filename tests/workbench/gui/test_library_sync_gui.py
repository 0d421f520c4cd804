"""The palette's Sync button under Xvfb, against the real server app on loopback (SQLite):
the sync runs off the GUI thread, the palette then lists the user's item; an unreachable
server is an error dialog and a status line, never a traceback; with no token saved the
palette asks for one (not echoed) and keeps it in the owner-only token file."""

import socket
import threading
import time

import pytest
from tc_gui_helpers import process_events, wait_until

pytestmark = pytest.mark.gui
PAD = {"id": "Pad-synced-7W", "name": "Synced gap pad 7 W/mK", "source": "Vendor TDS rev 3",
       "tim_type": "pad", "conductivity": 7.0, "bond_line": 0.0005}


@pytest.fixture
def server(tmp_path):
    """(url, API token) of the real app under uvicorn, with one personal item."""
    import uvicorn
    from fastapi.testclient import TestClient

    from server import migrate
    from server.app import create_app
    from server.services import accounts, sessions
    from server.settings import Settings
    url = f"sqlite:///{tmp_path / 'lib.db'}"
    migrate.upgrade(url)
    settings = Settings(env="test", database_url=url, secret_key="s" * 48,
                        public_url="http://testserver", argon2_time_cost=1,
                        argon2_memory_cost=8192, argon2_parallelism=1)
    app = create_app(settings)
    with TestClient(app) as c:  # start-up: built-ins seeded
        with app.state.sessionmaker() as s:
            user = accounts.create_user(s, app.state.passwords, "wb@example.com",
                                        "correct horse battery staple", "", True)
            s.commit()
            pair = sessions.start_session(s, app.state.settings, user)
        c.headers["Authorization"] = f"Bearer {pair.access_token}"
        assert c.post("/library/items", json={"kind": "tim", "item": PAD}).status_code == 201
        token = c.post("/me/api-tokens", json={"name": "wb", "scopes": ["library:read"]}
                       ).json()["token"]
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        srv = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
        thread = threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        deadline = time.monotonic() + 30
        while not srv.started:
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.02)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}", token
        srv.should_exit = True
        thread.join(30)
        sock.close()


@pytest.fixture
def prefs(tmp_path, monkeypatch):
    from solver.library import set_default_library
    from solver.library.credentials import CONFIG_ENV, TOKEN_ENV
    from solver.library.sync import CACHE_ENV
    from ThermoCraftWorkbench.interpreter import params
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setenv(CONFIG_ENV, str(tmp_path / "config"))
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    set_default_library(None)
    p = params()
    yield p
    for name in ("LibraryServer", "LibraryToken"):
        p.RemString(name)
    monkeypatch.delenv(CACHE_ENV)
    set_default_library(None)


def _palette(gui):
    from ThermoCraftWorkbench.library_palette import show_palette
    dock = show_palette()
    process_events()
    return dock


def test_an_unreachable_server_is_an_error_dialog(gui, prefs, request):
    request.node.modal_expected = True
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    prefs.SetString("LibraryServer", f"http://127.0.0.1:{port}")
    prefs.SetString("LibraryToken", "tc_secret_pref")
    dock = _palette(gui)
    dock.sync_button.click()
    assert wait_until(dock.sync_button.isEnabled, 60)
    box = dock.error_box
    assert box is not None and box.isVisible()
    assert "cannot reach the library server" in box.text()
    assert "Traceback" not in box.text() and "tc_secret_pref" not in box.text()
    assert dock.sync_status.text().startswith("Sync failed")
    box.accept()
    process_events()


def test_with_no_token_the_palette_asks_for_one(gui, prefs, server):
    from PySide import QtGui

    from solver.library.credentials import saved_token
    url, token = server
    prefs.SetString("LibraryServer", url)
    dock = _palette(gui)
    dock.sync_button.click()
    process_events()
    ask = dock.token_dialog
    assert ask.isVisible() and ask.textEchoMode() == QtGui.QLineEdit.Password
    ask.setTextValue(token)
    ask.accept()
    assert saved_token() == token
    assert wait_until(dock.sync_button.isEnabled, 60)
    assert "Pad-synced-7W" in dock.items
    assert token not in dock.sync_status.text()


def test_sync_button_fills_the_palette_from_the_server(gui, prefs, server):
    url, token = server
    prefs.SetString("LibraryServer", url)
    prefs.SetString("LibraryToken", token)
    dock = _palette(gui)
    dock.refill()
    assert "Pad-synced-7W" not in dock.items
    dock.sync_button.click()
    assert not dock.sync_button.isEnabled()  # running in its worker thread
    assert wait_until(dock.sync_button.isEnabled, 60)
    assert dock.error_box is None or not dock.error_box.isVisible()
    assert "Pad-synced-7W" in dock.items
    assert dock.items["Pad-synced-7W"].data["conductivity"] == 7.0
    assert url in dock.sync_status.text() and " written, 0 deleted" in dock.sync_status.text()
