"""Junction-temperature labels in the 3D view and the result panel, through a transient's
time steps (a real solve of the small chip-board example through the Solve panel)."""

import os
from pathlib import Path

import pytest
from tc_gui_helpers import process_events, solved_result

pytestmark = pytest.mark.gui
# THERMOCRAFT_SCREENSHOTS=docs/screenshots/workbench refreshes the README's screenshots
SHOTS_ENV = "THERMOCRAFT_SCREENSHOTS"


def _solved_chip_board(gui, doc, tmp_path, **settings):
    from ThermoCraftWorkbench.examples import chip_board
    analysis = chip_board.setup(doc)
    for key, value in settings.items():
        setattr(analysis, key, value)
    doc.saveAs(str(tmp_path / "chip.FCStd"))
    return analysis, solved_result(gui, analysis)


def test_labels_show_tj_with_its_status_at_each_time_step(gui, gdoc, tmp_path):
    shots = Path(os.environ.get(SHOTS_ENV) or tmp_path)
    from ThermoCraftWorkbench.junctions import STATUS_COLOURS
    from ThermoCraftWorkbench.objects.result import load_summary
    from ThermoCraftWorkbench.overlay import hide_overlay, overlay_of
    from ThermoCraftWorkbench.resultpanel import ResultPanel
    _a, result = _solved_chip_board(gui, gdoc, tmp_path, AnalysisType="Transient",
                                    Duration=40.0, TimeStep=10.0, OutputTimes=[10.0, 20.0])
    entry = load_summary(result)["components"]["U1"]
    history = dict(map(tuple, entry["Tj_history"]))
    u1 = gdoc.getObject("U1")
    assert u1.JunctionTemperature == pytest.approx(entry["Tj_C"])
    assert u1.JunctionStatus == entry["status"]
    rpanel = ResultPanel(result)
    gui.Control.showDialog(rpanel)
    process_events()
    overlay = overlay_of(result)
    seen = {}
    for index, time in enumerate((10.0, 20.0, None)):
        rpanel.time.setValue(index)
        process_events()
        text, colour = overlay.labels["U1"]
        tj = entry["Tj_C"] if time is None else history[time]
        assert text.startswith(f"U1: Tj {tj:.1f} °C ")
        status = text.rsplit(" ", 1)[1]
        assert colour == STATUS_COLOURS[status]
        seen[time] = status
        panel_text = rpanel.junctions.text()
        assert f"U1: Tj {tj:.1f} °C, Tj max 70.0 °C" in panel_text and status in panel_text
        assert ("at 10 s" in panel_text) == (time == 10.0)
        assert "case" in overlay.labels["R1"][0]  # no compact model: its case temperature
        tags = {t.name: t for t in overlay.label_layer.tags}
        assert (tags["U1"].text, tags["U1"].badge, tags["U1"].rgb) == (
            f"U1: Tj {tj:.1f} °C", status.upper(), colour)  # the status on its badge
        assert tags["R1"].badge is None and tags["R1"].text == overlay.labels["R1"][0]
    assert seen[None] == entry["status"]
    assert len(set(seen.values())) > 1  # the chip crosses a limit while it heats up
    view = gui.ActiveDocument.ActiveView
    view.viewIsometric()
    view.fitAll()
    process_events()
    view.saveImage(str(shots / "junction_labels.png"), 1000, 700, "White")
    from ThermoCraftWorkbench.labellayout import overlaps
    layer = overlay.label_layer
    assert layer.viewport == (1000, 700) and len(layer.placed) == 2  # laid out for the image
    assert not overlaps(*layer.placed)
    rpanel.reject()
    process_events()
    hide_overlay(result)
