"""The library palette under Xvfb: the dock opens from its command, filters the built-in
library, shows an item's data and source, and places a package on the selected board face
with one click (the Component command's path: one undo step, inside the analysis)."""

import os
from pathlib import Path

import pytest
from tc_gui_helpers import process_events

pytestmark = pytest.mark.gui
# THERMOCRAFT_SCREENSHOTS=docs/screenshots/workbench refreshes the README's screenshots
SHOTS_ENV = "THERMOCRAFT_SCREENSHOTS"


def _rows(tree):
    return {tree.topLevelItem(i).text(0).split(" (")[0]:
            [tree.topLevelItem(i).child(j) for j in range(tree.topLevelItem(i).childCount())]
            for i in range(tree.topLevelItemCount())}


def test_the_palette_filters_shows_and_places_a_package(gui, gdoc, tmp_path):
    shots = Path(os.environ.get(SHOTS_ENV) or tmp_path)
    from solver.library import default_library
    from ThermoCraftWorkbench import commands
    from ThermoCraftWorkbench.objects.analysis import make_analysis, members
    from ThermoCraftWorkbench.placement import board_face
    analysis = make_analysis(gdoc)
    board = gdoc.addObject("Part::Box", "Board")
    board.Length, board.Width, board.Height = 60, 40, 1.6
    gdoc.recompute()
    command = next(c for c in commands.COMMANDS if c.name == "ThermoCraft_Library")
    assert command.IsActive()
    command.Activated()
    process_events()
    from PySide2 import QtWidgets
    dock = gui.getMainWindow().findChild(QtWidgets.QDockWidget, "ThermoCraft_Library")
    assert dock is not None and dock.isVisible()
    everything = sum(len(v) for v in _rows(dock.tree).values())
    assert everything == len(default_library().items)

    dock.family.setCurrentText("QFP")
    dock.size_min.setValue(8.0)
    dock.size_max.setValue(15.0)
    process_events()
    rows = _rows(dock.tree)
    assert list(rows) == ["Packages"] and rows["Packages"]
    lib = default_library()
    for row in rows["Packages"]:
        item = lib.get(row.data(0, 0x0100))  # Qt.UserRole
        side = max(item.data["body"]["length"], item.data["body"]["width"]) * 1e3
        assert item.data["family"] == "QFP" and 8.0 <= side <= 15.0
    placeable = [r for r in rows["Packages"] if "height" in
                 lib.get(r.data(0, 0x0100)).data["body"]]
    assert placeable, "no QFP with a body height in 8..15 mm"
    dock.tree.setCurrentItem(placeable[0])
    process_events()
    item = lib.get(placeable[0].data(0, 0x0100))
    assert item.source in dock.details.toPlainText()
    assert f"lib:{item.id}" in dock.details.toPlainText()
    assert dock.place.isEnabled()

    assert dock.place_selected() is None  # no face selected: a note, nothing placed
    assert "Select a planar face" in dock.note.text()
    top = board_face(board, "Top")
    gui.Selection.clearSelection()
    gui.Selection.addSelection(gdoc.Name, board.Name, top, 30.0, 20.0, 1.6)
    comp = dock.place_selected()
    process_events()
    assert comp is not None and comp in members(analysis, "ThermoCraft::Component")
    body = item.data["body"]
    assert comp.PartName == f"lib:{item.id}" and comp.RefDes == "U1"
    assert comp.BodyLength.Value == pytest.approx(body["length"] * 1e3)
    assert comp.BodyHeight.Value == pytest.approx(body["height"] * 1e3)
    assert comp.ThetaJC == item.data.get("theta_jc_top", 0.0)
    bb = comp.Shape.BoundBox
    assert bb.ZMin == pytest.approx(1.6) and bb.ZMax == pytest.approx(1.6 + body["height"] * 1e3)
    assert bb.Center.x == pytest.approx(30.0) and bb.Center.y == pytest.approx(20.0)
    assert gui.Control.activeDialog()  # its task panel is open, for the power
    gui.Control.closeDialog()
    gui.ActiveDocument.resetEdit()
    process_events()

    view = gui.ActiveDocument.ActiveView
    view.viewIsometric()
    view.fitAll()
    gui.Selection.clearSelection()
    process_events(10)
    shots.mkdir(parents=True, exist_ok=True)
    from PIL import ImageGrab  # the screen: the 3D view's GL content included
    ImageGrab.grab(xdisplay=os.environ["DISPLAY"]).crop((0, 0, 1280, 900)).save(
        str(shots / "library_palette.png"))

    gdoc.undo()  # one undo step removes the placed component
    process_events()
    assert not members(analysis, "ThermoCraft::Component")
    dock.search.clear()
    dock.family.setCurrentText("Any type")
    dock.size_min.setValue(0.0)
    dock.size_max.setValue(0.0)
    dock.hide()
