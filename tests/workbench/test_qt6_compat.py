"""A guard against the Qt5-only forms that break the workbench on FreeCAD's Qt6/PySide6
builds (some 1.0, 1.1 by default), and the Qt5/Qt6 helpers (qtcompat, the label tags'
HiDPI scale) on the Qt5 build here."""

import enum
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SOURCES = [*sorted((REPO / "ThermoCraftWorkbench").rglob("*.py")), REPO / "InitGui.py"]
COMPAT = REPO / "ThermoCraftWorkbench" / "qtcompat.py"  # the one place fallbacks live

# pattern, why it breaks, a line it must catch, a line it must let through
BROKEN = [
    (r"\bint\(\s*Qt\w*\.", "int() of a PySide6 enum raises TypeError: use qtcompat.enum_int",
     "return int(QtGui.QDialogButtonBox.Close)", "return enum_int(QtGui.QDialogButtonBox.Close)"),
    (r"\.exec_?\(", "exec_ is gone from PySide6's API, exec missing from older PySide2: "
     "show a non-modal dialog", "box.exec_()", "box.show()"),
    (r"(?i)(metrics|\bfm|\bbm)\w*(\(\))?\.width\(", "QFontMetrics.width was removed in Qt6: "
     "use qtcompat.horizontal_advance", "w = fm.width(text)", "w = image.width()"),
    (r"\bMidButton\b", "Qt.MidButton was removed in Qt6 (MiddleButton)",
     "if b == QtCore.Qt.MidButton:", "if b == QtCore.Qt.MiddleButton:"),
    (r"\bQRegExp", "QRegExp was removed in Qt6 (QRegularExpression)",
     "v = QtGui.QRegExpValidator(QtCore.QRegExp('x'))", "QtCore.QRegularExpression('x')"),
    (r"\bQDesktopWidget\b|\.desktop\(\)", "QDesktopWidget was removed in Qt6 (QScreen)",
     "g = QtGui.QApplication.desktop().screenGeometry()", "g = window.screen().geometry()"),
    (r"\bQtWidgets\.QAction\b", "QAction moved to QtGui in Qt6 (FreeCAD's QtGui shim "
     "has it on both)", "a = QtWidgets.QAction('x')", "a = QtGui.QAction('x')"),
    (r"\bQTextCodec\b", "QTextCodec left QtCore in Qt6", "QtCore.QTextCodec.codecForName(b'x')",
     "text = data.decode('utf-8')"),
    (r"\.error\.connect\(", "QProcess.error was removed in Qt6 (errorOccurred)",
     "proc.error.connect(f)", "proc.errorOccurred.connect(f)"),
    (r"\bQGLWidget\b", "QGLWidget was removed in Qt6", "w = QtOpenGL.QGLWidget()",
     "w = view.graphicsView().viewport()"),
    (r"\.delta\(\)", "QWheelEvent.delta was removed in Qt6 (angleDelta)", "d = ev.delta()",
     "d = ev.angleDelta().y()"),
    (r"^\s*(from|import) (PySide2|PySide6|PyQt5|PyQt6)\b", "a Qt binding imported directly: "
     "go through FreeCAD's PySide shim", "from PySide2 import QtGui", "from PySide import QtGui"),
]


@pytest.mark.parametrize(("pattern", "why", "bad", "good"), BROKEN, ids=[b[0] for b in BROKEN])
def test_the_guard_catches_the_broken_form(pattern, why, bad, good):
    assert re.search(pattern, bad, re.M) and not re.search(pattern, good, re.M), why


def test_the_sources_use_no_qt5_only_form():
    found = []
    for path in SOURCES:
        for number, line in enumerate(path.read_text().splitlines(), 1):
            code = line.split("#", 1)[0]
            for pattern, why, _bad, _good in BROKEN:
                if re.search(pattern, code) and path != COMPAT:
                    found.append(f"{path.relative_to(REPO)}:{number}: {why}")
    assert not found, "\n".join(found)


class _Pyside6Button(enum.Flag):
    """How PySide6 >= 6.4 shapes QDialogButtonBox.StandardButton: a Python enum.Flag."""
    Ok = 0x00000400
    Cancel = 0x00400000


def test_enum_int_reads_pyside2_and_pyside6_style_flags():
    from PySide import QtGui

    from ThermoCraftWorkbench.qtcompat import enum_int
    both = _Pyside6Button.Ok | _Pyside6Button.Cancel
    with pytest.raises(TypeError):
        int(both)  # what FreeCAD 1.1 reported for int(QDialogButtonBox.Ok | ...)
    assert enum_int(both) == 0x00400400
    box = QtGui.QDialogButtonBox
    assert enum_int(box.Ok | box.Cancel) == 0x00400400
    assert enum_int(box.Close) == 0x00200000


def test_tag_pixels_scale_with_the_device_pixel_ratio():
    from ThermoCraftWorkbench.labels import device_px, pixel_ratio, view_pixel_ratio
    assert [device_px(15, r) for r in (1.0, 1.25, 1.5, 2.0, 3.0)] == [15, 19, 22, 30, 45]
    assert device_px(1, 1.0) == 1 and device_px(0.2, 1.0) == 1
    for unusable in (None, "x", float("nan"), float("inf"), 0.0, -2.0, 0.5):
        assert pixel_ratio(unusable) == 1.0 and device_px(15, unusable) == 15
    assert pixel_ratio(2) == 2.0
    assert view_pixel_ratio(None) == 1.0  # no view (headless): no scaling
