"""The bottleneck field as the overlay's alternative to the temperature: its own legend
(title, units, range) and colours, and back to temperatures (a real solve of the chip board)."""

import os
from pathlib import Path

import pytest
from tc_gui_helpers import colour_stats, process_events, solved_result

pytestmark = pytest.mark.gui
# THERMOCRAFT_SCREENSHOTS=docs/screenshots/workbench refreshes the README's screenshots
SHOTS_ENV = "THERMOCRAFT_SCREENSHOTS"


def _legend_title(overlay) -> str:
    title = overlay.hud.getChild(0)
    info = title.getChild(title.getNumChildren() - 1).getChild(0)  # the text's SoInfo
    return info.string.getValue().getString()


def test_the_overlay_shows_the_bottleneck_field_with_its_legend(gui, gdoc, tmp_path):
    shots = Path(os.environ.get(SHOTS_ENV) or tmp_path)
    import numpy as np

    from ThermoCraftWorkbench.examples import chip_board
    from ThermoCraftWorkbench.objects.result import fields_path
    from ThermoCraftWorkbench.overlay import BOTTLENECK_TITLE, hide_overlay, overlay_of
    from ThermoCraftWorkbench.resultpanel import ResultPanel
    analysis = chip_board.setup(gdoc)
    gdoc.saveAs(str(tmp_path / "chip.FCStd"))
    result = solved_result(gui, analysis)
    rpanel = ResultPanel(result)
    gui.Control.showDialog(rpanel)
    process_events()
    overlay = overlay_of(result)
    t_range = overlay.range
    assert _legend_title(overlay) == "Temperature [°C]"
    rpanel.field.setCurrentText("Bottleneck")
    process_events()
    assert result.Field == "Bottleneck" and not rpanel.vmin.isEnabled()
    assert _legend_title(overlay) == BOTTLENECK_TITLE
    with np.load(fields_path(result)) as z:
        bn = z["bottleneck"][z["owner"] >= 0]
    lo, hi = overlay.range
    assert 0.0 <= lo < hi <= bn.max() * (1 + 1e-9) and hi > 0.5 * bn.max()
    assert (result.RangeMin, result.RangeMax) == pytest.approx(t_range)  # untouched
    assert all(np.isfinite(v).any() for v in overlay.shown_values)
    # the probe still reads temperatures
    assert overlay.probe((20, 20, 1.0)) == pytest.approx(
        overlay.sampler.sample([[0.02, 0.02, 0.001]])[0])
    view = gui.ActiveDocument.ActiveView
    view.viewIsometric()
    view.fitAll()
    process_events()
    shots.mkdir(parents=True, exist_ok=True)
    shot = shots / "bottleneck_overlay.png"
    view.saveImage(str(shot), 1000, 700, "White")
    red, blue, nonwhite, hues = colour_stats(str(shot))
    assert nonwhite > 50_000 and hues >= 4 and blue > 1000, (red, blue, hues)
    rpanel.field.setCurrentText("Temperature")
    process_events()
    assert _legend_title(overlay) == "Temperature [°C]" and overlay.range == pytest.approx(t_range)
    rpanel.reject()
    process_events()
    hide_overlay(result)
