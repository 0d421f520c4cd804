"""The workbench in FreeCAD's GUI (Xvfb): activation, commands, task panels, a solve in the
background with its dialogs, the temperature overlay, legend, section and probe."""

import math

import pytest
from tc_gui_helpers import click_ok, colour_stats, process_events, solve, wait_until

pytestmark = pytest.mark.gui


def _command(name):
    from ThermoCraftWorkbench import commands
    return next(c for c in commands.COMMANDS if c.name == name)


def test_workbench_activates_with_its_commands(gui):
    from ThermoCraftWorkbench import commands
    assert gui.activeWorkbench().name() == "ThermoCraftWorkbench"
    registered = gui.listCommands()
    assert all(c.name in registered for c in commands.COMMANDS)


def test_commands_are_enabled_only_when_they_can_act(gui, gdoc):
    from ThermoCraftWorkbench.objects.analysis import make_analysis
    gui.Selection.clearSelection()
    assert _command("ThermoCraft_Analysis").IsActive()
    assert not _command("ThermoCraft_Material").IsActive()  # no analysis yet
    make_analysis(gdoc)
    box = gdoc.addObject("Part::Box", "Box")
    gdoc.recompute()
    assert _command("ThermoCraft_Material").IsActive()
    assert _command("ThermoCraft_Solve").IsActive()
    assert not _command("ThermoCraft_Component").IsActive()  # needs a face
    assert not _command("ThermoCraft_Result").IsActive()  # nothing solved
    gui.Selection.addSelection(gdoc.Name, box.Name, "Face6")
    assert _command("ThermoCraft_Component").IsActive()
    assert _command("ThermoCraft_ImportPlacement").IsActive()
    gui.Selection.clearSelection()


def test_each_task_panel_opens_accepts_and_cancel_undoes(gui, gdoc):
    from PySide2 import QtWidgets

    from ThermoCraftWorkbench.examples import vented_box
    from ThermoCraftWorkbench.objects.condition import make_condition
    from ThermoCraftWorkbench.objects.regions import make_flow_region
    analysis = vented_box.setup(gdoc)
    analysis.addObject(make_flow_region(gdoc, name="Fan"))
    analysis.addObject(make_condition(gdoc, "Convection", [(gdoc.getObject("HeatSink"), ())],
                                      name="SinkFilm", FilmCoefficient=12.0))
    window = gui.getMainWindow()
    seen = set()
    for obj in [analysis, *analysis.Group]:
        kind = obj.Proxy.TYPE.split("::")[1]
        gui.ActiveDocument.setEdit(obj.Name)
        process_events()
        form = window.findChild(QtWidgets.QWidget, f"ThermoCraft_{kind}Panel")
        assert form is not None and form.isVisible(), kind
        seen.add(kind)
        click_ok(gui)
        wait_until(lambda: not gui.Control.activeDialog(), 5)
        assert not gui.Control.activeDialog()
    assert seen == {"Analysis", "Material", "Condition", "Component", "Probe", "FlowRegion",
                    "SealedEnclosure"}

    # a change made in a panel and accepted is one undo step; a cancelled one leaves nothing
    cond = gdoc.getObject("SinkFilm")
    gui.ActiveDocument.setEdit(cond.Name)
    process_events()
    h = window.findChild(QtWidgets.QLineEdit, "FilmCoefficient")
    h.setText("33.5")
    click_ok(gui)
    assert cond.FilmCoefficient == 33.5
    gdoc.undo()
    assert cond.FilmCoefficient == 12.0
    gui.ActiveDocument.setEdit(cond.Name)
    process_events()
    window.findChild(QtWidgets.QComboBox, "Kind").setCurrentText("ContactResistance")
    note = window.findChild(QtWidgets.QLabel, "Note")
    assert "where the selected solids touch" in note.text()
    tim = window.findChild(QtWidgets.QLineEdit, "ContactTIM")
    resistance = window.findChild(QtWidgets.QLineEdit, "ContactResistance")
    assert resistance.isVisible() and not tim.isVisible()
    window.findChild(QtWidgets.QComboBox, "ContactType").setCurrentText("Library TIM")
    assert tim.isVisible() and not resistance.isVisible()
    window.findChild(QtWidgets.QComboBox, "ContactType").setCurrentText("Resistance")
    exchange = window.findChild(QtWidgets.QComboBox, "Exchange")
    assert not exchange.isVisible()
    window.findChild(QtWidgets.QComboBox, "Kind").setCurrentText("Radiation")
    assert exchange.isVisible() and exchange.currentText() == "Surroundings"
    window.findChild(QtWidgets.QComboBox, "Kind").setCurrentText("Convection")
    window.findChild(QtWidgets.QComboBox, "FilmCoefficientMode").setCurrentText("Automatic")
    assert "Natural convection to still air" in note.text()
    assert not window.findChild(QtWidgets.QLineEdit, "FilmCoefficient").isVisible()
    length = window.findChild(QtWidgets.QDoubleSpinBox, "CharacteristicLength")
    assert length.isVisible() and window.findChild(QtWidgets.QComboBox, "Orientation").isVisible()
    length.setValue(30.0)
    shape = window.findChild(QtWidgets.QComboBox, "Shape")
    assert shape.isVisible() and shape.currentText() == "From the body"
    shape.setCurrentText("Horizontal cylinder")
    click_ok(gui)
    assert cond.FilmCoefficientMode == "Automatic" and cond.CharacteristicLength.Value == 30.0
    assert cond.Shape == "Horizontal cylinder"
    gui.Control.activeDialog() and gui.Control.closeDialog()
    process_events()


def test_the_component_panel_shows_the_compact_model_and_its_resistances(gui, gdoc):
    """A library TO-220 (theta_JC(bottom), no theta_JB) opens as a pad model with its
    ThetaJCBottom; choosing Two-resistor shows ThetaJB in its place, and OK keeps the choice."""
    from PySide2 import QtWidgets

    from solver.library import default_library
    from ThermoCraftWorkbench.examples import chip_board
    from ThermoCraftWorkbench.library_items import component_values
    from ThermoCraftWorkbench.objects.component import make_component
    from ThermoCraftWorkbench.placement import board_face
    chip_board.setup(gdoc)
    board = gdoc.getObject("Board")
    q1 = make_component(gdoc, name="Q1", support=(board, [board_face(board, "Top")]),
                        **component_values(default_library().get("TO-220-KC-TL780")))
    window = gui.getMainWindow()
    gui.ActiveDocument.setEdit(q1.Name)
    process_events()
    model = window.findChild(QtWidgets.QComboBox, "CompactModel")
    bottom = window.findChild(QtWidgets.QLineEdit, "ThetaJCBottom")
    theta_jb = window.findChild(QtWidgets.QLineEdit, "ThetaJB")
    note = window.findChild(QtWidgets.QLabel, "Note")
    assert model.currentText() == "Pad" and model.isVisible()
    assert bottom.isVisible() and float(bottom.text()) == 3.0 and not theta_jb.isVisible()
    assert note.text().startswith("Pad model:")
    model.setCurrentText("Two-resistor")
    process_events()
    assert theta_jb.isVisible() and not bottom.isVisible()
    assert "Two-resistor model" in note.text()
    click_ok(gui)
    assert q1.CompactModel == "Two-resistor" and q1.ThetaJCBottom == 3.0
    gui.Control.activeDialog() and gui.Control.closeDialog()
    process_events()


def test_the_component_panel_offers_the_library_tims_as_its_interface(gui, gdoc):
    """Interface None hides its fields; Library TIM shows the library's TIMs and the bond
    line, Resistance its K/W; OK writes the choice and the export carries it."""
    from PySide2 import QtWidgets

    from solver.library import default_library
    from ThermoCraftWorkbench.examples import chip_board
    from ThermoCraftWorkbench.export import export_analysis
    from ThermoCraftWorkbench.library_items import component_values
    from ThermoCraftWorkbench.objects.component import make_component
    from ThermoCraftWorkbench.placement import board_face
    analysis = chip_board.setup(gdoc)
    board = gdoc.getObject("Board")
    q1 = make_component(gdoc, name="Q1", support=(board, [board_face(board, "Top")]),
                        Position=gdoc.getObject("Board").Shape.BoundBox.Center,
                        **component_values(default_library().get("TO-220-KC-TL780")))
    analysis.addObject(q1)
    window = gui.getMainWindow()
    gui.ActiveDocument.setEdit(q1.Name)
    process_events()
    mode = window.findChild(QtWidgets.QComboBox, "Interface")
    tim = window.findChild(QtWidgets.QComboBox, "InterfaceTIM")
    resistance = window.findChild(QtWidgets.QLineEdit, "InterfaceResistance")
    note = window.findChild(QtWidgets.QLabel, "Note")
    assert mode.currentText() == "None" and not tim.isVisible()
    assert not resistance.isVisible() and "soldered" in note.text()
    mode.setCurrentText("Resistance")
    process_events()
    assert resistance.isVisible() and not tim.isVisible()
    mode.setCurrentText("Library TIM")
    process_events()
    assert tim.isVisible() and not resistance.isVisible()
    items = [tim.itemText(i) for i in range(tim.count())]
    assert "lib:TIM-grease-TO-220-greased" in items and all(i.startswith("lib:TIM") for i in items)
    tim.setCurrentText("lib:TIM-grease-TO-220-greased")
    click_ok(gui)
    assert (q1.Interface, q1.InterfaceTIM) == ("Library TIM", "lib:TIM-grease-TO-220-greased")
    comp = next(c for c in export_analysis(analysis).model.components if c.name == "Q1")
    assert comp.interface.tim == "lib:TIM-grease-TO-220-greased"
    gui.Control.activeDialog() and gui.Control.closeDialog()
    process_events()


def test_the_flow_region_panel_takes_a_solid_box_and_a_library_fan(gui, gdoc):
    from PySide2 import QtWidgets

    from ThermoCraftWorkbench.examples import vented_box
    from ThermoCraftWorkbench.export import export_analysis
    analysis = vented_box.setup(gdoc)
    sink = gdoc.getObject("HeatSink")
    gui.Selection.clearSelection()
    gui.Selection.addSelection(gdoc.Name, sink.Name)
    _command("ThermoCraft_FlowRegion").Activated()  # the selected solid is its box
    process_events()
    window = gui.getMainWindow()
    form = window.findChild(QtWidgets.QWidget, "ThermoCraft_FlowRegionPanel")
    assert form is not None and form.isVisible()
    source = form.findChild(QtWidgets.QComboBox, "FlowSource")
    volume = form.findChild(QtWidgets.QLineEdit, "VolumeFlow")
    assert volume.isVisible()
    source.setCurrentText("Fan")
    fan = form.findChild(QtWidgets.QComboBox, "Fan")
    assert not volume.isVisible() and fan.isVisible()
    fans = [fan.itemText(i) for i in range(fan.count())]
    assert "lib:Fan-80x20-SanAce-9GA0812P6G001" in fans and len(fans) >= 5
    fan.setCurrentText("lib:Fan-80x20-SanAce-9GA0812P6G001")
    process_events()
    assert "free delivery 103.3 m^3/h" in form.findChild(QtWidgets.QLabel, "Note").text()
    form.findChild(QtWidgets.QSpinBox, "FanCount").setValue(2)
    form.findChild(QtWidgets.QComboBox, "FlowDirection").setCurrentText("+z")
    click_ok(gui)
    wait_until(lambda: not gui.Control.activeDialog(), 5)
    region = next(o for o in analysis.Group if o.Proxy.TYPE == "ThermoCraft::FlowRegion")
    bb = sink.Shape.BoundBox
    assert list(region.BoxMin) == pytest.approx([bb.XMin, bb.YMin, bb.ZMin])
    assert list(region.BoxMax) == pytest.approx([bb.XMax, bb.YMax, bb.ZMax])
    exported = export_analysis(analysis).model.flow_regions
    assert [(r.fan, r.fan_count, r.direction) for r in exported] == \
        [("lib:Fan-80x20-SanAce-9GA0812P6G001", 2, "+z")]
    assert exported[0].max == pytest.approx([bb.XMax * 1e-3, bb.YMax * 1e-3, bb.ZMax * 1e-3])
    gui.Selection.clearSelection()


def test_the_result_panel_shows_the_fan_and_natural_convection(gui, gdoc, tmp_path):
    """The fan-cooled sink solved through the panel: its result panel's summary has the
    fan's operating point and air temperature rise, the natural-convection iteration and
    the heat each body gives to the air."""
    import json

    from tc_gui_helpers import solved_result

    from ThermoCraftWorkbench.examples import fan_sink
    from ThermoCraftWorkbench.objects.result import result_dir
    from ThermoCraftWorkbench.overlay import hide_overlay
    from ThermoCraftWorkbench.resultpanel import ResultPanel
    analysis = fan_sink.setup(gdoc)
    gdoc.saveAs(str(tmp_path / "fan.FCStd"))
    result = solved_result(gui, analysis)
    s = json.loads((result_dir(result) / "summary.json").read_text())
    rpanel = ResultPanel(result)
    gui.Control.showDialog(rpanel)
    process_events()
    text = rpanel.summary.text()
    fan = s["flow_regions"]["Fan"]
    assert f"Flow Fan (1 x {fan_sink.FAN}): {fan['flow_m3_s'] * 3600:.2f} m³/h" in text
    assert f"(+{fan['air_temperature_rise_K']:.2f} K)" in text
    assert f"{s['natural_convection']['iterations']} iterations" in text
    assert f"convection {s['bodies']['HeatSink']['convection_W']:.2f} W" in text
    rpanel.reject()
    hide_overlay(result)
    process_events()


def test_solve_overlay_legend_section_probe_and_hide(gui, gdoc, tmp_path):
    from PIL import Image

    from ThermoCraftWorkbench.examples import vented_box
    from ThermoCraftWorkbench.objects.analysis import members
    from ThermoCraftWorkbench.overlay import hide_overlay, overlay_of
    from ThermoCraftWorkbench.resultpanel import ResultPanel
    analysis = vented_box.setup(gdoc)
    gdoc.saveAs(str(tmp_path / "demo.FCStd"))
    view = gui.ActiveDocument.ActiveView
    view.viewIsometric()
    view.fitAll()
    process_events()
    plain = str(tmp_path / "plain.png")
    view.saveImage(plain, 800, 600, "White")

    panel = solve(gui, analysis)
    assert panel.job.outcome[0] == "done", panel.job.outcome
    assert panel.bar.value() == 1000 and "outer iteration" in panel.logview.toPlainText()
    result = members(analysis, "ThermoCraft::Result")[0]
    assert result.ResultFolder == "demo.thermocraft/ThermalAnalysis"
    assert analysis.AmbientTemperature + 10 < result.MaxTemperature < 200
    u1 = gdoc.getObject("U1")
    assert math.isfinite(u1.CaseTemperature)
    overlay = overlay_of(result)
    scene = view.getSceneGraph()
    assert scene.findChild(overlay.root) >= 0
    process_events()
    shot = str(tmp_path / "overlay.png")
    view.saveImage(shot, 800, 600, "White")
    red, blue, nonwhite, hues = colour_stats(shot)
    assert nonwhite > 100_000 and red > 300 and blue > 300 and hues >= 6, (red, blue, hues)
    names = [overlay.root.getChild(i).getName() for i in range(overlay.root.getNumChildren())]
    assert "ThermoCraft_Labels" in names
    assert overlay.hud.getChild(0).getName() == "ThermoCraft_Legend"
    legend_box = Image.open(shot).convert("RGB").crop((682, 150, 702, 450))
    assert len(set(legend_box.getdata())) > 20  # the colour bar is drawn

    # the probe reads the field: the microcontroller is hotter than the enclosure floor
    hot = overlay.probe((45, 55, 10.5))
    cold = overlay.probe((70, 55, 1.0))
    assert hot == pytest.approx(u1.CaseTemperature, abs=2.0) and cold < hot - 10
    assert math.isnan(overlay.probe((70, 55, 30.0)))  # air: outside every solid
    from ThermoCraftWorkbench.probetool import ProbeTool
    tool = ProbeTool(overlay)
    width, height = view.getSize()
    reading = tool.probe_screen(width // 2, height // 2)  # the model fills the view's centre
    assert reading is not None, (width, height)
    assert math.isfinite(reading[1]) and reading[1] == pytest.approx(overlay.probe(reading[0]))
    tool.stop()

    # the result panel: section plane, colour map, range
    gui.Control.closeDialog()
    rpanel = ResultPanel(result)
    gui.Control.showDialog(rpanel)
    process_events()
    rpanel.section_axis.setCurrentText("z")
    rpanel.section.setValue(int(0.22 * 200))  # through the board
    process_events()
    assert overlay.clip is not None
    assert scene.findChild(overlay.hud) == 0 and scene.findChild(overlay.clip) == 1
    finite = overlay.section_values[~(overlay.section_values != overlay.section_values)]
    assert finite.size > 1000 and finite.max() - finite.min() > 10
    view.saveImage(str(tmp_path / "section.png"), 800, 600, "White")
    rpanel.section_axis.setCurrentText("None")
    rpanel.cmap.setCurrentText("Inferno")
    assert result.Colormap == "Inferno"
    rpanel.reject()
    process_events()

    hide_overlay(result)
    process_events()
    assert scene.findChild(overlay.root) == -1
    restored = str(tmp_path / "restored.png")
    view.saveImage(restored, 800, 600, "White")
    from PIL import ImageChops
    diff = ImageChops.difference(Image.open(plain).convert("RGB"),
                                 Image.open(restored).convert("RGB"))
    assert diff.getbbox() is None or max(diff.getextrema()[c][1] for c in range(3)) < 40


def test_an_invalid_model_shows_a_dialog_naming_the_object(gui, gdoc):
    from PySide2 import QtWidgets

    from ThermoCraftWorkbench.objects.analysis import make_analysis
    from ThermoCraftWorkbench.objects.condition import make_condition
    analysis = make_analysis(gdoc)
    box = gdoc.addObject("Part::Box", "Box")
    gdoc.recompute()
    cond = make_condition(gdoc, "HeatFlux", [(box, ("Face1",))], name="Flux")
    cond.Label = "Flux on the box"
    analysis.addObject(cond)
    panel = solve(gui, analysis)
    box_ = panel.message_box
    assert isinstance(box_, QtWidgets.QMessageBox) and box_.isVisible()
    assert "Flux on the box: Box is not a body of the analysis" in box_.text()
    box_.close()
    gui.Control.closeDialog()


def _held_solve(gui, gdoc, monkeypatch):
    """A solve whose child holds at its assembly report (the runner's ``THERMOCRAFT_HOLD_AT``)
    until it hears on stdin: it is running when this returns, however fast it would be."""
    from ThermoCraftWorkbench.examples import slab
    from ThermoCraftWorkbench.runner import HOLD_ENV
    from ThermoCraftWorkbench.solvejob import SolvePanel
    monkeypatch.setenv(HOLD_ENV, "cells: assembling")
    panel = SolvePanel(slab.setup(gdoc))
    gui.Control.showDialog(panel)
    panel.start()
    assert wait_until(lambda: "cells: assembling" in panel.logview.toPlainText()
                      or not panel.job.running(), 120)
    assert panel.job.running() and panel.job.outcome is None
    return panel


def test_a_killed_solver_leaves_freecad_running_with_a_message(gui, gdoc, monkeypatch):
    panel = _held_solve(gui, gdoc, monkeypatch)
    panel.job.proc.kill()
    assert wait_until(lambda: panel.job.outcome is not None and not panel.job.running(), 30)
    process_events()
    assert panel.job.outcome[0] == "crashed"
    assert "was killed" in panel.message_box.text()
    assert panel.solve_button.isEnabled()
    panel.message_box.close()
    gui.Control.closeDialog()
    # FreeCAD still works
    gdoc.addObject("Part::Box", "After")
    gdoc.recompute()
    assert gdoc.getObject("After").Shape.Volume == pytest.approx(1000.0)


def test_cancel_stops_the_solve(gui, gdoc, monkeypatch):
    """Cancel reaches the running solver, which stops by itself (exit status 4, not the
    kill that follows a cancel left unanswered)."""
    from PySide2 import QtCore

    from ThermoCraftWorkbench.runner import EXIT_CANCELLED
    panel = _held_solve(gui, gdoc, monkeypatch)
    panel.cancel_button.click()
    assert wait_until(lambda: panel.job.outcome is not None and not panel.job.running(), 30)
    process_events()
    assert panel.job.outcome[0] == "cancelled" and panel.status.text() == "Cancelled"
    assert panel.job.proc.exitStatus() == QtCore.QProcess.NormalExit
    assert panel.job.proc.exitCode() == EXIT_CANCELLED
    assert panel.solve_button.isEnabled() and not panel.cancel_button.isEnabled()
    gui.Control.closeDialog()


def test_the_dependency_check_names_what_is_missing(gui, monkeypatch):
    from ThermoCraftWorkbench import activation
    monkeypatch.setattr(activation, "probe_packages", lambda python: {
        "numpy": True, "scipy": True, "numba": False, "matplotlib": True, "gmsh": True,
        "pyamg": False, "jinja2": True})
    missing, optional = activation.check_dependencies()
    assert (missing, optional) == (["numba"], ["pyamg"])
    box = activation._state["dialog"]
    assert box.isVisible() and "Missing (required): numba" in box.text()
    assert any("Install pyamg" in b.text() for b in box.buttons())
    box.close()


def test_a_transient_result_has_a_time_slider_and_reloads_with_its_document(gui, gdoc, tmp_path):
    import FreeCAD

    from ThermoCraftWorkbench.examples import slab
    from ThermoCraftWorkbench.objects.analysis import members
    from ThermoCraftWorkbench.overlay import hide_overlay, overlay_of, show_overlay
    from ThermoCraftWorkbench.resultpanel import ResultPanel
    analysis = slab.setup(gdoc)
    analysis.AnalysisType = "Transient"
    analysis.Duration, analysis.TimeStep, analysis.OutputTimes = 4.0, 0.5, [1.0, 2.0]
    material = gdoc.getObject("SlabMaterial")
    material.Density, material.SpecificHeat = 1000.0, 1000.0
    path = tmp_path / "transient.FCStd"
    gdoc.saveAs(str(path))
    panel = solve(gui, analysis)
    assert panel.job.outcome[0] == "done", panel.job.outcome
    gui.Control.closeDialog()
    result = members(analysis, "ThermoCraft::Result")[0]
    rpanel = ResultPanel(result)
    gui.Control.showDialog(rpanel)
    process_events()
    assert rpanel.time.isEnabled() and rpanel.time.maximum() == 2  # 1 s, 2 s, final
    means = []
    for index in range(3):
        rpanel.time.setValue(index)
        process_events()
        means.append(float(sum(v.mean() for v in overlay_of(result).values)))
    # from the ambient 25 degC the slab relaxes towards its steady 20..22 degC profile
    assert means[0] > means[1] > means[2] > 20.0
    assert rpanel.time_label.text() == "final"
    rpanel.reject()
    hide_overlay(result)
    gdoc.save()
    copy = tmp_path / "reopened.FCStd"  # a second document from the saved file
    gdoc.saveCopy(str(copy))
    reopened = FreeCAD.openDocument(str(copy))
    try:
        result = reopened.getObject(result.Name)
        assert result.ResultFolder == "transient.thermocraft/ThermalAnalysis"
        overlay = show_overlay(result)
        assert overlay.times == [1.0, 2.0, None] and overlay.probe((5, 5, 1.0)) > 20.0
        hide_overlay(result)
    finally:
        FreeCAD.closeDocument(reopened.Name)
