"""Where a solve's files live: a folder beside the document,
``<document>.thermocraft/<analysis>/`` (model.json, summary.json, result.npz, temperature.vtk),
referenced from the Result object by a path relative to the document."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def result_folder(analysis) -> tuple[Path, str]:
    """(absolute folder, what the Result stores). An unsaved document solves into a temporary
    folder (stored absolute: it does not reload after FreeCAD closes)."""
    doc = analysis.Document
    if doc.FileName:
        base = Path(doc.FileName)
        relative = Path(f"{base.stem}.thermocraft") / analysis.Name
        folder = base.parent / relative
        stored = relative.as_posix()
    else:
        folder = Path(tempfile.mkdtemp(prefix="thermocraft-")) / analysis.Name
        stored = str(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return folder, stored


def relative_to_document(doc, path: str) -> str:
    if doc.FileName:
        try:
            return Path(os.path.relpath(path, Path(doc.FileName).parent)).as_posix()
        except ValueError:
            return path
    return path
