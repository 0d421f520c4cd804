"""The library palette: a dock widget listing the component library by category, with search
and package filters (type, body size, theta values), the selected item's data and source, and
a Place button putting the package on the selected board face (the Component command's own
path: :func:`ThermoCraftWorkbench.commands.place_on_selected_face`), and a Sync button pulling
the library server's items into the offline cache (:mod:`ThermoCraftWorkbench.library_sync`)
in a worker thread."""

from __future__ import annotations

import threading

import FreeCADGui as Gui
from PySide import QtCore, QtGui

from solver.library.sync import SyncError, cache_root, read_state
from ThermoCraftWorkbench.library_items import (
    PackageFilter,
    by_category,
    component_values,
    describe,
    families,
    placement_problem,
)

ANY = "Any type"
_state = {"dock": None}


def _limit(box: QtGui.QDoubleSpinBox) -> float | None:
    """A spin box's value, None at its minimum (shown as "any")."""
    return None if box.value() <= box.minimum() else box.value()


def _spin(name: str, suffix: str, top: float) -> QtGui.QDoubleSpinBox:
    box = QtGui.QDoubleSpinBox()
    box.setObjectName(name)
    box.setRange(0.0, top)
    box.setDecimals(1)
    box.setSuffix(suffix)
    box.setSpecialValueText("any")
    return box


class _SyncSignal(QtCore.QObject):
    """Carries a worker thread's (result, error message) to the GUI thread."""

    finished = QtCore.Signal(object, object)


def _last_sync() -> str:
    state = read_state(cache_root())
    if not state.get("synced_at"):
        return "Not synced with a library server."
    return f"Last synced {state['synced_at']} from {state.get('server', '?')}."


class LibraryPalette(QtGui.QDockWidget):
    def __init__(self, parent=None):
        super().__init__("ThermoCraft library", parent)
        self.setObjectName("ThermoCraft_Library")
        body = QtGui.QWidget()
        layout = QtGui.QVBoxLayout(body)
        self.search = QtGui.QLineEdit()
        self.search.setObjectName("LibrarySearch")
        self.search.setPlaceholderText("Search id, name, source, notes...")
        layout.addWidget(self.search)
        filters = QtGui.QFormLayout()
        self.family = QtGui.QComboBox()
        self.family.setObjectName("LibraryFamily")
        self.family.addItems([ANY, *families()])
        filters.addRow("Package type", self.family)
        self.size_min = _spin("LibrarySizeMin", " mm", 100.0)
        self.size_max = _spin("LibrarySizeMax", " mm", 100.0)
        sizes = QtGui.QHBoxLayout()
        sizes.addWidget(self.size_min)
        sizes.addWidget(QtGui.QLabel("to"))
        sizes.addWidget(self.size_max)
        filters.addRow("Body (longer side)", sizes)
        self.theta_jc = _spin("LibraryThetaJC", " K/W", 1000.0)
        self.theta_jb = _spin("LibraryThetaJB", " K/W", 1000.0)
        filters.addRow("θJC (top) at most", self.theta_jc)
        filters.addRow("θJB at most", self.theta_jb)
        layout.addLayout(filters)
        self.tree = QtGui.QTreeWidget()
        self.tree.setObjectName("LibraryItems")
        self.tree.setHeaderLabels(["Item", "Type", "Body mm"])
        self.tree.setMinimumHeight(150)
        layout.addWidget(self.tree, 1)
        self.details = QtGui.QTextBrowser()
        self.details.setObjectName("LibraryDetails")
        self.details.setOpenExternalLinks(True)
        layout.addWidget(self.details, 1)
        self.details.setMinimumHeight(150)
        self.place = QtGui.QPushButton("Place on the selected face")
        self.place.setObjectName("LibraryPlace")
        self.place.clicked.connect(self.place_selected)
        layout.addWidget(self.place)
        self.note = QtGui.QLabel("")
        self.note.setObjectName("LibraryNote")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        sync = QtGui.QHBoxLayout()
        self.sync_button = QtGui.QPushButton("Sync library")
        self.sync_button.setObjectName("LibrarySync")
        self.sync_button.setToolTip("Fetch your and your teams' items from the library server "
                                    "(LibraryServer in BaseApp/Preferences/Mod/ThermoCraft; "
                                    "the API token is asked for once and kept in a file only "
                                    "you can read)")
        self.sync_button.clicked.connect(self.start_sync)
        self.sync_status = QtGui.QLabel(_last_sync())
        self.sync_status.setObjectName("LibrarySyncStatus")
        self.sync_status.setWordWrap(True)
        sync.addWidget(self.sync_button)
        sync.addWidget(self.sync_status, 1)
        layout.addLayout(sync)
        self.error_box = None
        self._sync_signal = _SyncSignal()
        self._sync_signal.finished.connect(self.synced)
        self.setWidget(body)
        self.search.textChanged.connect(self.refill)
        self.family.currentIndexChanged.connect(self.refill)
        for box in (self.size_min, self.size_max, self.theta_jc, self.theta_jb):
            box.valueChanged.connect(self.refill)
        self.tree.currentItemChanged.connect(self.show_item)
        self.items: dict[str, object] = {}
        self.refill()

    def start_sync(self):
        """Sync in a worker thread; :meth:`synced` shows the outcome."""
        from ThermoCraftWorkbench.library_sync import MissingToken, sync_settings
        try:
            settings = sync_settings()
        except MissingToken:
            self.ask_token()
            return
        except SyncError as exc:
            self.synced(None, str(exc))
            return
        self.sync_button.setEnabled(False)
        self.sync_status.setText(f"Syncing with {settings.server}...")
        threading.Thread(target=self._sync_worker, args=(settings,), daemon=True).start()

    def ask_token(self):
        """Ask for the API token (not echoed); saved to the owner-only token file, then the
        sync starts."""
        self.token_dialog = QtGui.QInputDialog(self)
        self.token_dialog.setWindowTitle("ThermoCraft library sync")
        self.token_dialog.setLabelText("API token with library:read, from your account page on "
                                       "the library server:")
        self.token_dialog.setTextEchoMode(QtGui.QLineEdit.Password)
        self.token_dialog.textValueSelected.connect(self._token_entered)
        self.token_dialog.open()

    def _token_entered(self, token: str):
        from solver.library.credentials import save_token
        try:
            save_token(token)
        except (OSError, ValueError) as exc:
            self.synced(None, f"the token was not saved: {exc}")
            return
        self.start_sync()

    def _sync_worker(self, settings):
        from ThermoCraftWorkbench.library_sync import sync_library
        try:
            result, error = sync_library(settings), None
        except SyncError as exc:
            result, error = None, str(exc)
        except Exception as exc:  # shown in the dialog: never a traceback
            result, error = None, f"library sync failed: {type(exc).__name__}: {exc}"
        self._sync_signal.finished.emit(result, error)

    def synced(self, result, error):
        """Show a finished sync: the status line, the list again, or the error in a dialog."""
        self.sync_button.setEnabled(True)
        if error:
            self.sync_status.setText("Sync failed. " + _last_sync())
            self.error_box = QtGui.QMessageBox(QtGui.QMessageBox.Warning,
                                               "ThermoCraft library sync", error,
                                               QtGui.QMessageBox.Ok, self)
            self.error_box.open()
            return
        self.sync_status.setText(f"{_last_sync()} {result.changed} written, {result.deleted} "
                                 f"deleted, {result.items} items from the server.")
        current = self.family.currentText()
        self.family.blockSignals(True)
        self.family.clear()
        self.family.addItems([ANY, *families()])
        self.family.setCurrentText(current)
        self.family.blockSignals(False)
        self.refill()

    def current_filter(self) -> PackageFilter:
        family = self.family.currentText()
        return PackageFilter(self.search.text(), None if family == ANY else family,
                             _limit(self.size_min), _limit(self.size_max),
                             _limit(self.theta_jc), _limit(self.theta_jb))

    def refill(self, *_):
        """List the items passing the filters, by category."""
        self.tree.clear()
        self.items = {}
        for title, items in by_category(self.current_filter()).items():
            top = QtGui.QTreeWidgetItem([f"{title} ({len(items)})"])
            top.setFlags(top.flags() & ~QtCore.Qt.ItemIsSelectable)
            self.tree.addTopLevelItem(top)
            for item in items:
                body = item.data.get("body")
                size = f"{body['length'] * 1e3:g} x {body['width'] * 1e3:g}" if body else ""
                row = QtGui.QTreeWidgetItem([item.data.get("name", item.id),
                                             item.data.get("family", ""), size])
                row.setData(0, QtCore.Qt.UserRole, item.id)
                row.setToolTip(0, item.id)
                top.addChild(row)
                self.items[item.id] = item
            top.setExpanded(True)
        self.tree.resizeColumnToContents(0)
        self.show_item(self.tree.currentItem())

    def selected_item(self):
        row = self.tree.currentItem()
        return self.items.get(row.data(0, QtCore.Qt.UserRole)) if row is not None else None

    def show_item(self, *_):
        item = self.selected_item()
        if item is None:
            self.details.setHtml("<i>Select an item to see its data and source.</i>")
            self.place.setEnabled(False)
            return
        rows = "".join(f"<tr><td><b>{k}</b></td><td>{_escape(v)}</td></tr>"
                       for k, v in describe(item))
        self.details.setHtml(f"<table cellspacing='2'>{rows}</table>")
        problem = placement_problem(item)
        self.place.setEnabled(problem is None)
        self.place.setToolTip(problem or "Place this package on the selected planar face")
        self.note.setText(f"Cannot place: {problem}." if problem else "")

    def place_selected(self):
        """Place the selected package on the selected face; returns the new component."""
        from ThermoCraftWorkbench.commands import place_on_selected_face, selected_face
        item = self.selected_item()
        if item is None or placement_problem(item):
            return None
        if selected_face() is None:
            self.note.setText("Select a planar face of a board (in the 3D view) first.")
            return None
        comp = place_on_selected_face(**component_values(item))
        self.note.setText(f"Placed {comp.Label} ({item.id}): set its power in the task panel.")
        return comp


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def show_palette() -> LibraryPalette:
    """Show the palette docked on the right (created once per session)."""
    dock = _state["dock"]
    if dock is None:
        window = Gui.getMainWindow()
        dock = _state["dock"] = LibraryPalette(window)
        window.addDockWidget(QtCore.Qt.RightDockWidgetArea, dock)
    dock.show()
    dock.raise_()
    return dock
