"""The Report button of the result panel: the report is written in the background, its HTML
opened with the desktop's browser, the note names the PDF, and without Jinja2 it says so and
offers the install."""

import pytest
from tc_gui_helpers import process_events, solved_result, wait_until

pytestmark = pytest.mark.gui


@pytest.fixture
def opened(monkeypatch):
    """The URLs handed to the desktop (the browser is not started under Xvfb)."""
    from PySide2 import QtGui
    urls = []
    monkeypatch.setattr(QtGui.QDesktopServices, "openUrl",
                        staticmethod(lambda url: urls.append(url.toLocalFile()) or True))
    return urls


def _solved_slab(gui, doc, tmp_path):
    from ThermoCraftWorkbench.examples import slab
    analysis = slab.setup(doc)
    doc.saveAs(str(tmp_path / "slab.FCStd"))
    return solved_result(gui, analysis)


@pytest.mark.parametrize("jinja2", [True, False])
def test_the_report_button_writes_and_opens_the_report(gui, gdoc, tmp_path, opened,
                                                       monkeypatch, jinja2):
    from ThermoCraftWorkbench.objects.result import result_dir
    from ThermoCraftWorkbench.overlay import hide_overlay
    from ThermoCraftWorkbench.reportjob import NO_JINJA2
    from ThermoCraftWorkbench.resultpanel import ResultPanel
    if not jinja2:  # the solver's Python sees a jinja2 that cannot be imported
        shadow = tmp_path / "site-packages"
        (shadow / "jinja2").mkdir(parents=True)
        (shadow / "jinja2" / "__init__.py").write_text("raise ImportError('not here')\n")
        monkeypatch.syspath_prepend(str(shadow))
    result = _solved_slab(gui, gdoc, tmp_path)
    rpanel = ResultPanel(result)
    gui.Control.showDialog(rpanel)
    process_events()
    assert rpanel.report_button.isEnabled()
    rpanel.report_button.click()
    assert not rpanel.report_button.isEnabled()  # running in the background
    assert wait_until(lambda: rpanel.report is not None and not rpanel.report.running()
                      and rpanel.report.message_box is not None, 240)
    process_events()
    folder = result_dir(result)
    assert opened == [str(folder / "report.html")]
    assert (folder / "report.pdf").read_bytes().startswith(b"%PDF-")
    box = rpanel.report.message_box
    assert box.isVisible() and str(folder / "report.pdf") in box.text()
    assert (NO_JINJA2 in box.text()) == (not jinja2)
    assert any(b.text() == "Install jinja2" for b in box.buttons()) == (not jinja2)
    assert rpanel.report_button.isEnabled()
    box.close()
    rpanel.reject()
    process_events()
    hide_overlay(result)


def test_the_report_command_is_enabled_with_a_result(gui, gdoc, tmp_path, opened):
    from ThermoCraftWorkbench import commands
    from ThermoCraftWorkbench.overlay import hide_overlay
    command = next(c for c in commands.COMMANDS if c.name == "ThermoCraft_Report")
    result = _solved_slab(gui, gdoc, tmp_path)
    gui.Selection.clearSelection()
    gui.Selection.addSelection(result)
    assert command.IsActive()
    command.Activated()
    runner = command.runners[(gdoc.Name, result.Name)]
    assert wait_until(lambda: not runner.running() and runner.message_box is not None, 240)
    assert opened and opened[-1].endswith("report.html")
    runner.message_box.close()
    hide_overlay(result)
