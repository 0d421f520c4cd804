"""The library server's API token, kept out of the preferences: ``$THERMOCRAFT_TOKEN`` when
set, else a file only its owner can read (``$THERMOCRAFT_CONFIG_DIR``, else
``$XDG_CONFIG_HOME/thermocraft`` or ``~/.config/thermocraft``; ``%APPDATA%\\thermocraft`` on
Windows, whose per-user profile is the protection there). The CLI (``thermocraft library
login``) and the workbench's palette write it; neither ever prints it."""

from __future__ import annotations

import os
import stat
from pathlib import Path

TOKEN_ENV = "THERMOCRAFT_TOKEN"
CONFIG_ENV = "THERMOCRAFT_CONFIG_DIR"
TOKEN_FILE = "token"


def config_dir() -> Path:
    """Where ThermoCraft keeps per-user settings that are not FreeCAD preferences."""
    if os.environ.get(CONFIG_ENV):
        return Path(os.environ[CONFIG_ENV])
    if os.name == "nt" and os.environ.get("APPDATA"):
        return Path(os.environ["APPDATA"]) / "thermocraft"
    base = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(base) / "thermocraft"


def token_path() -> Path:
    return config_dir() / TOKEN_FILE


def saved_token() -> str:
    """The token from the environment or the token file ("" when neither has one). A file
    that others can read (a copy, a restored backup) is narrowed to its owner first."""
    if os.environ.get(TOKEN_ENV, "").strip():
        return os.environ[TOKEN_ENV].strip()
    path = token_path()
    try:
        if os.name != "nt" and path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
            path.chmod(stat.S_IRUSR | stat.S_IWUSR)
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return ""


def save_token(token: str) -> Path:
    """Write ``token`` to the token file (mode 0600, replaced atomically); its path."""
    token = token.strip()
    if not token or any(c.isspace() for c in token):
        raise ValueError("an API token is one word with no spaces")
    path = token_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{TOKEN_FILE}.{os.getpid()}")
    tmp.unlink(missing_ok=True)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, stat.S_IRUSR | stat.S_IWUSR)
    try:
        os.write(fd, (token + "\n").encode())
    finally:
        os.close(fd)
    os.replace(tmp, path)
    return path


def forget_token() -> bool:
    """Remove the token file; whether there was one."""
    try:
        token_path().unlink()
        return True
    except FileNotFoundError:
        return False
