"""The library server's API token: kept in an owner-only file (or the environment), written
by ``thermocraft library login``, never printed."""

from __future__ import annotations

import io
import os
import stat

import pytest

from solver.cli import main
from solver.library.credentials import (
    CONFIG_ENV,
    TOKEN_ENV,
    forget_token,
    save_token,
    saved_token,
    token_path,
)

posix_only = pytest.mark.skipif(os.name == "nt", reason="POSIX file modes")


@pytest.fixture
def config(tmp_path, monkeypatch):
    monkeypatch.setenv(CONFIG_ENV, str(tmp_path / "cfg"))
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    return tmp_path / "cfg"


def test_the_environment_beats_the_file_and_nothing_is_empty(config, monkeypatch):
    assert saved_token() == ""
    save_token("tc_file")
    assert saved_token() == "tc_file"
    monkeypatch.setenv(TOKEN_ENV, " tc_env ")
    assert saved_token() == "tc_env"


@posix_only
def test_the_file_is_readable_by_its_owner_only(config):
    os.umask(0o022)
    path = save_token("tc_one")
    assert path == config / "token" and stat.S_IMODE(path.stat().st_mode) == 0o600
    path.chmod(0o644)  # a copied or restored file
    assert saved_token() == "tc_one"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    save_token("tc_two")  # replaced, not appended
    assert path.read_text() == "tc_two\n" and list(config.iterdir()) == [path]


@pytest.mark.parametrize("bad", ["", "   ", "two words", "tc\nx"])
def test_a_token_is_one_word(config, bad):
    with pytest.raises(ValueError, match="one word"):
        save_token(bad)
    assert not token_path().exists()


def test_login_reads_stdin_and_never_prints_the_token(config, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("tc_piped_secret\n"))
    assert main(["library", "login"]) == 0
    out = capsys.readouterr()
    assert "token saved" in out.out and "tc_piped_secret" not in out.out + out.err
    assert saved_token() == "tc_piped_secret"
    monkeypatch.setattr("sys.stdin", io.StringIO("\n"))
    assert main(["library", "login"]) == 2
    assert "one word" in capsys.readouterr().err
    assert saved_token() == "tc_piped_secret"  # a failed login keeps the saved token
    assert main(["library", "logout"]) == 0
    assert "removed" in capsys.readouterr().out
    assert saved_token() == "" and not forget_token()


def test_sync_uses_the_saved_token(config, tmp_path, capsys):
    save_token("tc_saved_secret")
    closed = "http://127.0.0.1:1"
    assert main(["library", "sync", "--server", closed, "--cache", str(tmp_path / "c")]) == 2
    err = capsys.readouterr().err
    assert "cannot reach" in err and "tc_saved_secret" not in err
    forget_token()
    assert main(["library", "sync", "--server", closed, "--cache", str(tmp_path / "c")]) == 2
    assert "no API token (run `thermocraft library login`" in capsys.readouterr().err
