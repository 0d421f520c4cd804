"""The result viewer: overlay on/off, colour map and range, transient time slider,
cross-section plane, probe tool, the result's summary with its junction temperatures, and the
report button."""

from __future__ import annotations

import math

import FreeCADGui as Gui
from PySide import QtCore, QtGui

from ThermoCraftWorkbench.fieldsample import has_bottleneck
from ThermoCraftWorkbench.junctions import DEFAULT_WARNING_MARGIN, panel_lines
from ThermoCraftWorkbench.objects.result import COLORMAPS, FIELDS, fields_path, load_summary
from ThermoCraftWorkbench.overlay import hide_overlay, overlay_of, show_overlay
from ThermoCraftWorkbench.qtcompat import enum_int
from ThermoCraftWorkbench.resultsummary import summary_lines

SECTION_STEPS = 200


class ResultPanel:
    def __init__(self, result):
        self.result = result
        self.probe_tool = None
        self.form = QtGui.QWidget()
        self.form.setObjectName("ThermoCraft_ResultPanel")
        self.form.setWindowTitle("Result")
        layout = QtGui.QFormLayout(self.form)
        summary = load_summary(result)
        self.summary = QtGui.QLabel(self._summary_text(summary))
        self.summary.setObjectName("Summary")
        self.summary.setWordWrap(True)
        layout.addRow(self.summary)
        self.junctions = QtGui.QLabel()
        self.junctions.setObjectName("Junctions")
        self.junctions.setWordWrap(True)
        layout.addRow(self.junctions)
        self.toggle = QtGui.QPushButton()
        self.toggle.setObjectName("ToggleOverlay")
        self.toggle.clicked.connect(self.toggle_overlay)
        layout.addRow(self.toggle)
        self.field = QtGui.QComboBox()
        self.field.setObjectName("Field")
        self.field.addItems(list(FIELDS))
        self.field.setCurrentIndex(FIELDS.index(result.Field))
        self.field.setToolTip("Bottleneck: Bn = |heat flux| x |temperature gradient| (final "
                              "field), large where much heat is forced through a resistance")
        layout.addRow("Field", self.field)
        self.cmap = QtGui.QComboBox()
        self.cmap.setObjectName("Colormap")
        self.cmap.addItems(list(COLORMAPS))
        self.cmap.setCurrentIndex(COLORMAPS.index(result.Colormap))
        layout.addRow("Colour map", self.cmap)
        self.auto = QtGui.QCheckBox("From the result's min to max")
        self.auto.setObjectName("AutoRange")
        self.auto.setChecked(result.AutoRange)
        layout.addRow("Range", self.auto)
        self.vmin, self.vmax = QtGui.QDoubleSpinBox(), QtGui.QDoubleSpinBox()
        for w, name, value in ((self.vmin, "RangeMin", result.RangeMin),
                               (self.vmax, "RangeMax", result.RangeMax)):
            w.setObjectName(name)
            w.setRange(-273.0, 5000.0)
            w.setDecimals(1)
            w.setSuffix(" °C")
            w.setValue(value)
        layout.addRow("Minimum", self.vmin)
        layout.addRow("Maximum", self.vmax)
        self.time = QtGui.QSlider(QtCore.Qt.Horizontal)
        self.time.setObjectName("TimeSlider")
        self.time_label = QtGui.QLabel()
        layout.addRow("Time", self.time)
        layout.addRow("", self.time_label)
        self.section_axis = QtGui.QComboBox()
        self.section_axis.setObjectName("SectionAxis")
        self.section_axis.addItems(["None", "x", "y", "z"])
        self.section = QtGui.QSlider(QtCore.Qt.Horizontal)
        self.section.setObjectName("SectionOffset")
        self.section.setRange(0, SECTION_STEPS)
        self.section.setValue(SECTION_STEPS // 2)
        layout.addRow("Section plane", self.section_axis)
        layout.addRow("Section position", self.section)
        self.probe_button = QtGui.QPushButton("Probe: click the model")
        self.probe_button.setObjectName("ProbeButton")
        self.probe_button.setCheckable(True)
        self.probe_button.toggled.connect(self.set_probing)
        self.probe_label = QtGui.QLabel("")
        self.probe_label.setObjectName("ProbeReading")
        layout.addRow(self.probe_button)
        layout.addRow(self.probe_label)
        self.report_button = QtGui.QPushButton("Report (HTML/PDF)")
        self.report_button.setObjectName("ReportButton")
        self.report_button.setToolTip("Write the HTML and PDF report of this result and open "
                                      "the HTML (in the background)")
        self.report_button.setEnabled(summary is not None)
        self.report_button.clicked.connect(self.write_report)
        layout.addRow(self.report_button)
        self.report = None
        for signal in (self.field.currentIndexChanged, self.cmap.currentIndexChanged,
                       self.auto.stateChanged, self.vmin.editingFinished,
                       self.vmax.editingFinished):
            signal.connect(self.apply_display)
        self.time.valueChanged.connect(self.apply_display)
        self.section_axis.currentIndexChanged.connect(self.apply_section)
        self.section.valueChanged.connect(self.apply_section)
        self.overlay = show_overlay(result) if summary is not None else None
        npz = fields_path(result)
        if npz is None or not has_bottleneck(npz):  # a result from before the field existed
            self.field.model().item(FIELDS.index("Bottleneck")).setEnabled(False)
        self._range_enabled()
        self._setup_time()
        self._update_toggle()
        self._junction_text()

    @staticmethod
    def _summary_text(summary) -> str:
        return "\n".join(summary_lines(summary))

    def _junction_text(self):
        """Tj, Tj max, margin and status of each compact-model component, at the shown time."""
        components = (load_summary(self.result) or {}).get("components", {})
        if not components:
            self.junctions.setText("")
            return
        doc = self.result.Document
        labels = {n: doc.getObject(n).Label for n in components if doc.getObject(n)}
        times = self._times()
        time = times[min(self.time.value(), len(times) - 1)]
        margin = self.overlay.warning_margin if self.overlay else DEFAULT_WARNING_MARGIN
        self.junctions.setText("Junctions" + ("" if time is None else f" at {time:g} s")
                               + ":\n" + "\n".join(panel_lines(components, labels, time, margin)))

    def _times(self) -> list:
        return self.overlay.times if self.overlay else [None]

    def _setup_time(self):
        times = self._times()
        self.time.setRange(0, len(times) - 1)
        self.time.setEnabled(len(times) > 1)
        index = self.result.TimeIndex
        self.time.setValue(len(times) - 1 if index < 0 else min(index, len(times) - 1))
        self._time_text()

    def _time_text(self):
        times = self._times()
        t = times[min(self.time.value(), len(times) - 1)]
        self.time_label.setText("final" if t is None else f"{t:g} s")

    def _update_toggle(self):
        self.toggle.setText("Hide temperatures" if overlay_of(self.result) else
                            "Show temperatures")

    def toggle_overlay(self):
        if overlay_of(self.result):
            self.set_probing(False)
            hide_overlay(self.result)
            self.overlay = None
        else:
            self.overlay = show_overlay(self.result)
        self._update_toggle()

    def _range_enabled(self):
        """The range settings are temperatures: Bn always spans its own minimum to maximum."""
        on = self.field.currentText() == "Temperature"
        for w in (self.auto, self.vmin, self.vmax):
            w.setEnabled(on)

    def apply_display(self, *_):
        r = self.result
        r.Field = self.field.currentText()
        self._range_enabled()
        r.Colormap = self.cmap.currentText()
        r.AutoRange = self.auto.isChecked()
        if not r.AutoRange:
            r.RangeMin, r.RangeMax = self.vmin.value(), self.vmax.value()
        r.TimeIndex = self.time.value() if self.time.value() < len(self._times()) - 1 else -1
        self._time_text()
        if self.overlay:
            self.overlay.refresh()
        self._junction_text()
        if self.overlay:
            self.vmin.setValue(r.RangeMin)
            self.vmax.setValue(r.RangeMax)

    def apply_section(self, *_):
        if not self.overlay:
            return
        axis = self.section_axis.currentText()
        if axis == "None":
            self.overlay.set_section(None)
            return
        bb = self.overlay.bound
        lo, hi = {"x": (bb.XMin, bb.XMax), "y": (bb.YMin, bb.YMax), "z": (bb.ZMin, bb.ZMax)}[axis]
        self.overlay.set_section(axis, lo + (hi - lo) * self.section.value() / SECTION_STEPS)

    def write_report(self):
        from ThermoCraftWorkbench.reportjob import ReportRunner
        if self.report is None:
            self.report = ReportRunner(self.result)
            self.report.done.connect(lambda *_: self.report_button.setEnabled(True))
        if self.report.start():
            self.report_button.setEnabled(False)

    def set_probing(self, on: bool):
        if on and self.overlay and self.probe_tool is None:
            from ThermoCraftWorkbench.probetool import ProbeTool
            self.probe_tool = ProbeTool(self.overlay, self._reading)
        elif not on and self.probe_tool is not None:
            self.probe_tool.stop()
            self.probe_tool = None
        if self.probe_button.isChecked() != bool(self.probe_tool):
            self.probe_button.setChecked(bool(self.probe_tool))

    def _reading(self, point, value):
        self.probe_label.setText(
            f"({point[0]:.2f}, {point[1]:.2f}, {point[2]:.2f}) mm: "
            + (f"{value:.2f} °C" if math.isfinite(value) else "outside the solids"))

    def getStandardButtons(self):
        return enum_int(QtGui.QDialogButtonBox.Close)

    def reject(self):
        self.set_probing(False)
        if self.overlay:
            self.overlay.set_section(None)
        Gui.Control.closeDialog()
        if Gui.ActiveDocument is not None and Gui.ActiveDocument.getInEdit() is not None:
            QtCore.QTimer.singleShot(0, Gui.ActiveDocument.resetEdit)
        return True
