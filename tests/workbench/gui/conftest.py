"""FreeCAD's GUI in the test process (run under xvfb-run; scripts/test.sh does): the main
window once per session, a modal-dialog watchdog around every test."""

import os

import pytest
from tc_gui_helpers import ModalWatchdog, process_events


@pytest.fixture(scope="session")
def gui():
    if not os.environ.get("DISPLAY"):
        if os.environ.get("REQUIRE_GUI"):
            pytest.fail("REQUIRE_GUI is set but there is no DISPLAY: run under xvfb-run -a")
        pytest.skip("no DISPLAY: run under xvfb-run -a")
    import FreeCAD
    import FreeCADGui
    if not FreeCAD.GuiUp:
        FreeCADGui.showMainWindow()
    FreeCADGui.getMainWindow().resize(1280, 900)
    FreeCADGui.activateWorkbench("ThermoCraftWorkbench")
    process_events()
    yield FreeCADGui


@pytest.fixture(autouse=True)
def modal_watchdog(request):
    """A modal dialog under Xvfb blocks forever: close it and fail the test (unless the test
    sets ``request.node.modal_expected``)."""
    if "gui" not in request.fixturenames:
        yield None
        return
    request.getfixturevalue("gui")
    dog = ModalWatchdog()
    yield dog
    dog.stop()
    if dog.seen and not getattr(request.node, "modal_expected", False):
        pytest.fail(f"modal dialog(s) popped up and were closed: {dog.seen!r}")


@pytest.fixture
def gdoc(gui):
    import FreeCAD
    d = FreeCAD.newDocument("G")
    process_events()
    yield d
    if gui.Control.activeDialog():
        gui.Control.closeDialog()
    process_events()
    FreeCAD.closeDocument(d.Name)
    process_events()
