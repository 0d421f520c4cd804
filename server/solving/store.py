"""Where result files and attachments live: :class:`ResultStore` is the interface (an
S3-compatible store implements the same four methods), :class:`FileResultStore` the
default, a folder shared by the server and its workers."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import BinaryIO, Protocol

_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}(/[A-Za-z0-9][A-Za-z0-9._:-]{0,199}){0,3}$")


def check_key(key: str) -> str:
    """Keys are 1-4 plain segments (no '..', no absolute paths)."""
    if not _KEY.match(key) or ".." in key:
        raise ValueError(f"invalid store key {key!r}")
    return key


class ResultStore(Protocol):
    def put_file(self, key: str, source: Path) -> int: ...
    def open(self, key: str) -> BinaryIO: ...
    def local_path(self, key: str) -> Path | None: ...
    def delete_prefix(self, prefix: str) -> int: ...


class FileResultStore:
    """Files under ``root`` (``root/<key>``)."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        return self.root / check_key(key)

    def put_file(self, key: str, source: Path) -> int:
        """Copy ``source`` in (atomically); its size."""
        target = self._path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".part")
        shutil.copyfile(source, tmp)
        tmp.replace(target)
        return target.stat().st_size

    def put_bytes(self, key: str, data: bytes) -> int:
        target = self._path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".part")
        tmp.write_bytes(data)
        tmp.replace(target)
        return len(data)

    def open(self, key: str) -> BinaryIO:
        return self._path(key).open("rb")

    def local_path(self, key: str) -> Path | None:
        path = self._path(key)
        return path if path.is_file() else None

    def delete_prefix(self, prefix: str) -> int:
        """Remove everything under ``prefix``; the bytes freed."""
        path = self._path(prefix)
        if not path.exists():
            return 0
        size = sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) \
            if path.is_dir() else path.stat().st_size
        shutil.rmtree(path) if path.is_dir() else path.unlink()
        return size
