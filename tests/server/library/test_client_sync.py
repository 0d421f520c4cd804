"""The solver's sync client against the real app served by uvicorn on loopback: the cache
gets the user's items, ``solver.library`` resolves them, deletions and resets apply, an
interrupted sync leaves the old cache, a bad token is a clear error."""

from __future__ import annotations

import json

import pytest
from loopback import LoopbackServer

from solver.cli import main
from solver.library import Library, library_folders
from solver.library import sync as client

from .conftest import QFN, TIM, body


@pytest.fixture
def live(started, app):
    with LoopbackServer(app) as srv:
        yield srv.url


@pytest.fixture
def cache(tmp_path, monkeypatch):
    root = tmp_path / "cache"
    monkeypatch.setenv(client.CACHE_ENV, str(root))
    return root


def _token(user, scopes=("library:read",)) -> str:
    r = user.client.post("/me/api-tokens", json={"name": "wb", "scopes": list(scopes)})
    assert r.status_code == 201, r.text
    return r.json()["token"]


def _post(user, kind: str, item: dict) -> str:
    """Create an item; its server id."""
    r = user.client.post("/library/items", json={"kind": kind, "item": item})
    assert r.status_code == 201, r.text
    return r.json()["id"]


def _library() -> Library:
    return Library(library_folders())


def test_sync_caches_resolves_deletes_and_pages(live, make_user, cache):
    user = make_user()
    token = _token(user)
    mine = body(TIM, id="Pad-team-5W", conductivity=5.0)
    pad, qfn = _post(user, "tim", mine), _post(user, "package", QFN)
    first = client.sync(live, token, cache, limit=60)  # several pages
    assert first.reset and first.deleted == 0
    lib = _library()
    synced = client.synced_folder(cache)
    assert synced is not None
    assert lib.get("lib:Pad-team-5W").data["conductivity"] == 5.0
    assert lib.get("lib:Pad-team-5W").origin.is_relative_to(synced)
    assert lib.get("lib:QFN-32-5x5-acme").kind == "package"
    assert not lib.problems

    assert user.client.delete(f"/library/items/{qfn}").status_code == 204
    assert user.client.put(f"/library/items/{pad}", json={"item": body(mine, conductivity=6.0)},
                           headers={"If-Match": '"1"'}).status_code == 200
    second = client.sync(live, token, cache)
    assert not second.reset and (second.changed, second.deleted) == (1, 1)
    lib = _library()
    assert lib.get("QFN-32-5x5-acme") is None
    assert lib.get("Pad-team-5W").data["conductivity"] == 6.0
    assert second.items == first.items - 1
    assert [p.name for p in cache.glob("gen-*")] == [second.folder.name]  # old one removed
    assert client.sync(live, token, cache).changed == 0


def test_personal_item_beats_the_builtin_of_the_same_id(live, make_user, cache):
    user = make_user()
    builtin = _library().get("TIM-grease-3W-50um")
    own = body(builtin.data, name="My grease", conductivity=4.0)
    _post(user, "tim", own)
    client.sync(live, _token(user), cache)
    assert _library().get("TIM-grease-3W-50um").data["conductivity"] == 4.0


def test_an_interrupted_sync_leaves_the_old_cache(live, make_user, cache, monkeypatch):
    user = make_user()
    token = _token(user)
    pad = _post(user, "tim", TIM)
    client.sync(live, token, cache)
    before = client.read_state(cache)
    assert user.client.delete(f"/library/items/{pad}").status_code == 204
    _post(user, "package", QFN)
    calls = []

    def dying(folder, entries):
        calls.append(len(entries))
        if len(calls) == 2:
            raise KeyboardInterrupt  # killed after the first page was written
        return real(folder, entries)
    real = client.apply_page
    monkeypatch.setattr(client, "apply_page", dying)
    _post(user, "tim", body(TIM, id="Pad-2"))
    with pytest.raises(KeyboardInterrupt):
        client.sync(live, token, cache, limit=1)
    assert client.read_state(cache) == before
    assert [p.name for p in cache.glob("gen-*")] == [before["folder"]]
    lib = _library()
    assert lib.get("Pad-3W") is not None and lib.get("QFN-32-5x5-acme") is None
    monkeypatch.setattr(client, "apply_page", real)
    client.sync(live, token, cache)
    lib = _library()
    assert lib.get("Pad-3W") is None and lib.get("QFN-32-5x5-acme") and lib.get("Pad-2")


def test_bad_token_and_unreachable_server_are_clear_errors(live, make_user, cache, capsys):
    user = make_user()
    secret = "tc_not-a-real-token-0123456789"
    with pytest.raises(client.SyncError, match=r"HTTP 401.*token is wrong"):
        client.sync(live, secret, cache)
    assert client.synced_folder(cache) is None
    with pytest.raises(client.SyncError, match=r"HTTP 403.*library:read"):
        client.sync(live, _token(user, ["solve"]), cache)
    with pytest.raises(client.SyncError, match="no API token"):
        client.sync(live, "", cache)
    assert main(["library", "sync", "--server", live.replace("127.0.0.1", "127.0.0.1:1"),
                 "--token", secret]) == 2
    err = capsys.readouterr().err
    assert "cannot reach" in err and secret not in err


def test_cli_reads_the_token_from_the_environment(live, make_user, cache, monkeypatch,
                                                  capsys):
    user = make_user()
    _post(user, "tim", TIM)
    token = _token(user)
    monkeypatch.setenv(client.TOKEN_ENV, token)
    assert main(["library", "sync", "--server", live]) == 0
    out = capsys.readouterr().out
    assert "full listing" in out and token not in out
    assert main(["library", "show", "lib:Pad-3W"]) == 0
    assert "Vendor TDS rev 2" in capsys.readouterr().out


def test_a_cursor_the_server_refuses_starts_a_full_listing(live, make_user, cache):
    user = make_user()
    token = _token(user)
    _post(user, "tim", TIM)
    first = client.sync(live, token, cache)
    state = client.read_state(cache)
    (cache / client.STATE).write_text(json.dumps(state | {"cursor": "not-from-this-server"}))
    again = client.sync(live, token, cache)
    assert again.reset and again.items == first.items
    assert _library().get("Pad-3W") is not None
