"""The few Qt calls whose Python form differs between FreeCAD's Qt5/PySide2 builds (0.20,
0.21, most 1.0) and its Qt6/PySide6 builds (some 1.0, 1.1 by default).

Everything else goes through FreeCAD's ``PySide`` shim as before: its ``QtGui`` re-exports
the ``QtWidgets`` classes on both (FreeCAD ``src/Ext/PySide/QtGui.py``), and PySide6's
enum "forgiveness mode" keeps the short names (``QtCore.Qt.AlignLeft``) working
(doc.qt.io/qtforpython/developer/enumfeatures_doc.html). tests/workbench/test_qt6_compat.py
keeps the removed forms out of the sources.
"""

from __future__ import annotations


def enum_int(value) -> int:
    """A Qt enum or flag combination as an int: ``int()`` works on PySide2's enums, but
    PySide6 >= 6.4 makes them Python ``enum.Flag``/``enum.Enum`` members, which ``int()``
    refuses (TypeError) and which carry ``.value`` instead (FreeCAD PR #13337, issue
    #14639)."""
    try:
        return int(value)
    except TypeError:
        return int(value.value)


def horizontal_advance(metrics, text: str) -> int:
    """Text width in pixels: ``QFontMetrics.horizontalAdvance`` (Qt >= 5.11), else
    ``width`` (removed in Qt6)."""
    if hasattr(metrics, "horizontalAdvance"):
        return metrics.horizontalAdvance(text)
    return metrics.width(text)
