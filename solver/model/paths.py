"""Files a model names (STEP solids, profile tables), confined to the model's folder.

A model may come from someone else (a shared file, a remote job), so a path in it must not
reach outside the folder the model lives in: no absolute paths, no ``..``, no ``~``, no
symlink leading out, nothing but a regular readable file. Whether a refused target exists is
never told (the message is the same), so a model cannot probe the machine's files. In
attachments mode (remote solving) a path must name one of the job's attachments instead.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from pathlib import Path, PurePosixPath, PureWindowsPath

from solver.model.problems import ModelError, Problem


class ModelFileError(ModelError):
    """A file a model names cannot be used; ``problems`` holds one line saying why."""


def resolve_model_file(path: str, base_dir: str | os.PathLike, what: str = "file",
                       attachments: Mapping[str, os.PathLike] | None = None,
                       where: str = "") -> Path:
    """The real path of the file ``path`` names, relative to ``base_dir``.

    With ``attachments`` (name -> local path) the name must be one of them and nothing on
    disk is looked up. Raises :class:`ModelFileError` (``where`` is the problem's path, e.g.
    ``bodies[2].geometry.path``) when the path is not allowed or is not a regular readable
    file inside the folder; the message does not depend on whether the target exists.
    """
    if attachments is not None:
        if isinstance(path, str) and path in attachments:
            return Path(attachments[path])
        raise ModelFileError([Problem(where, (
            f"{what} must name one of the job's attachments (got {_show(path)})"))])
    reason = _syntax_problem(path)
    if reason:
        raise ModelFileError([Problem(where, f"{what} path {_show(path)} {reason}")])
    try:
        root = os.path.realpath(base_dir)
        real = os.path.realpath(os.path.join(root, path))
        inside = os.path.commonpath([root, real]) == root
        st = os.stat(real) if inside else None
    except (OSError, ValueError):
        real, st = "", None
    if st is None or not stat.S_ISREG(st.st_mode) or not os.access(real, os.R_OK):
        raise ModelFileError([Problem(where, (
            f"{what} {_show(path)}: no readable regular file of that name inside the "
            "model's folder"))])
    return Path(real)


def model_file_problems(path: str, base_dir: str | os.PathLike, what: str, where: str,
                        attachments: Mapping[str, os.PathLike] | None = None
                        ) -> list[Problem]:
    """The problems :func:`resolve_model_file` would raise, as a list (empty: usable)."""
    try:
        resolve_model_file(path, base_dir, what, attachments, where)
    except ModelFileError as exc:
        return exc.problems
    return []


def _syntax_problem(path: str) -> str:
    """Why ``path`` is refused from its text alone ('' when it may be looked up)."""
    if not isinstance(path, str) or not path.strip():
        return "is empty"
    if "\x00" in path:
        return "contains a NUL character"
    if path.startswith("~"):
        return "must be relative to the model's folder (no '~')"
    if PurePosixPath(path).is_absolute() or PureWindowsPath(path).is_absolute() \
            or PureWindowsPath(path).drive or path.startswith(("\\", "/")):
        return "must be relative to the model's folder, not absolute"
    if ".." in PureWindowsPath(path).parts or ".." in PurePosixPath(path).parts:
        return "must stay inside the model's folder (no '..')"
    return ""


def _show(path: object) -> str:
    """``path`` quoted for a message, safe to print whatever it holds."""
    text = repr(path)
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text if len(text) <= 120 else text[:117] + "..."
