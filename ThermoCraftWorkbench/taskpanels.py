"""Task panels for the document objects: one property-driven panel, configured per type.

Each panel edits a set of the object's properties (widgets named after the properties, so
tests and macros can find them) and its References from the selection. Opening a panel opens
an undo transaction; OK commits it (one Undo step), Cancel rolls every change back.
"""

from __future__ import annotations

import FreeCAD as App
import FreeCADGui as Gui
from PySide import QtCore, QtGui

from ThermoCraftWorkbench.objects.base import link_subs, references, tc_type
from ThermoCraftWorkbench.qtcompat import enum_int


def _float_text(value: float) -> str:
    return repr(float(value))


class _Editor:
    """A widget bound to one property: ``value()`` reads it back in the property's terms."""

    def __init__(self, obj, name: str, choices=None):
        self.name = name
        kind = obj.getTypeIdOfProperty(name)
        value = getattr(obj, name)
        self.kind = kind
        if kind == "App::PropertyBool":
            w = QtGui.QCheckBox()
            w.setChecked(bool(value))
        elif kind == "App::PropertyEnumeration" or choices is not None:
            w = QtGui.QComboBox()
            items = list(choices) if choices is not None else obj.getEnumerationsOfProperty(name)
            w.addItems(items)
            if str(value) in items:
                w.setCurrentIndex(items.index(str(value)))
        elif kind == "App::PropertyInteger":
            w = QtGui.QSpinBox()
            w.setRange(-1_000_000, 1_000_000)
            w.setValue(int(value))
        elif kind in ("App::PropertyLength", "App::PropertyAngle"):
            w = QtGui.QDoubleSpinBox()
            w.setDecimals(3)
            w.setRange(0.0 if kind == "App::PropertyLength" else -360.0, 1e6)
            w.setSuffix(" mm" if kind == "App::PropertyLength" else " °")
            w.setValue(value.Value)
        elif kind == "App::PropertyVector":
            w = QtGui.QLineEdit(", ".join(_float_text(c) for c in value))
        elif kind == "App::PropertyFloatList":
            w = QtGui.QLineEdit(", ".join(_float_text(c) for c in value))
        elif kind == "App::PropertyFloat":
            w = QtGui.QLineEdit(_float_text(value))
        else:
            w = QtGui.QLineEdit(str(value))
        w.setObjectName(name)
        w.setToolTip(obj.getDocumentationOfProperty(name))
        self.widget = w

    def value(self):
        w, kind = self.widget, self.kind
        if isinstance(w, QtGui.QCheckBox):
            return w.isChecked()
        if isinstance(w, QtGui.QComboBox):
            return w.currentText()
        if isinstance(w, (QtGui.QSpinBox, QtGui.QDoubleSpinBox)):
            return w.value()
        text = w.text().strip()
        if kind == "App::PropertyVector":
            parts = [float(t) for t in text.replace(";", ",").split(",")]
            if len(parts) != 3:
                raise ValueError("three numbers x, y, z")
            return App.Vector(*parts)
        if kind == "App::PropertyFloatList":
            return [float(t) for t in text.replace(";", ",").split(",") if t.strip()]
        if kind == "App::PropertyFloat":
            return float(text)
        return text


class _References(QtGui.QWidget):
    """The References list, filled from the 3D selection ("Add selection") or emptied."""

    def __init__(self, obj, solids_only: bool, single: str | None = None):
        super().__init__()
        self.setObjectName("References")
        self.solids_only, self.single = solids_only, single
        self.items = references(obj) if single is None else (
            [(getattr(obj, single)[0], tuple(getattr(obj, single)[1]))]
            if getattr(obj, single) else [])
        layout = QtGui.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.list = QtGui.QListWidget()
        self.list.setObjectName("ReferenceList")
        add = QtGui.QPushButton("Add selection" if single is None else "Set from selection")
        add.setObjectName("AddSelection")
        clear = QtGui.QPushButton("Clear")
        clear.setObjectName("ClearReferences")
        add.clicked.connect(self.add_selection)
        clear.clicked.connect(self.clear)
        row = QtGui.QHBoxLayout()
        row.addWidget(add)
        row.addWidget(clear)
        layout.addWidget(self.list)
        layout.addLayout(row)
        self.refresh()

    def refresh(self):
        self.list.clear()
        for obj, subs in self.items:
            self.list.addItem(f"{obj.Label}: {', '.join(subs)}" if subs else obj.Label)

    def add_selection(self):
        picked = []
        for sel in Gui.Selection.getSelectionEx():
            subs = () if self.solids_only else tuple(
                s for s in sel.SubElementNames if s.startswith("Face"))
            picked.append((sel.Object, subs))
        if self.single is not None:
            self.items = picked[:1]
        else:
            known = {o.Name: i for i, (o, _) in enumerate(self.items)}
            for obj, subs in picked:
                if obj.Name in known:
                    i = known[obj.Name]
                    merged = tuple(dict.fromkeys(self.items[i][1] + subs)) if subs else ()
                    self.items[i] = (obj, merged)
                else:
                    self.items.append((obj, subs))
        self.refresh()

    def clear(self):
        self.items = []
        self.refresh()

    def apply(self, obj):
        if self.single is None:
            obj.References = link_subs(self.items)
        else:
            setattr(obj, self.single, (self.items[0][0], list(self.items[0][1]))
                    if self.items else None)


class PropertyPanel:
    """Edit ``fields`` of ``obj``; ``visible(values)`` may hide fields that do not apply."""

    def __init__(self, obj, title: str, fields, refs: str | None = None,
                 note=None, visible=None, choices=None, after=None):
        self.obj, self.doc, self._after = obj, obj.Document, after
        self.doc.openTransaction(f"Edit {obj.Label}")
        self.form = QtGui.QWidget()
        self.form.setObjectName(f"ThermoCraft_{tc_type(obj).split('::')[1]}Panel")
        self.form.setWindowTitle(title)
        layout = QtGui.QFormLayout(self.form)
        self.note = QtGui.QLabel()
        self.note.setObjectName("Note")
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #a04000")
        layout.addRow(self.note)
        self.refs = None
        if refs in ("faces", "solids"):
            self.refs = _References(obj, solids_only=refs == "solids")
            layout.addRow("Faces or solids" if refs == "faces" else "Solids", self.refs)
        elif refs:
            self.refs = _References(obj, solids_only=False, single=refs)
            layout.addRow(refs, self.refs)
        self.editors = {n: _Editor(obj, n, (choices or {}).get(n)) for n in fields}
        self.labels = {}
        for name, ed in self.editors.items():
            self.labels[name] = QtGui.QLabel(name)
            layout.addRow(self.labels[name], ed.widget)
            signal = getattr(ed.widget, "currentIndexChanged", None) or \
                getattr(ed.widget, "stateChanged", None)
            if signal is not None:
                signal.connect(self.update_view)
        self.error = QtGui.QLabel()
        self.error.setObjectName("Error")
        self.error.setStyleSheet("color: #c00000")
        layout.addRow(self.error)
        self._note, self._visible = note, visible
        self.update_view()

    def values(self) -> dict:
        return {n: ed.value() for n, ed in self.editors.items()}

    def update_view(self, *_):
        try:
            values = self.values()
        except ValueError:
            return
        if self._visible is not None:
            shown = self._visible(values)
            for name, ed in self.editors.items():
                ed.widget.setVisible(name in shown)
                self.labels[name].setVisible(name in shown)
        text = self._note(values) if callable(self._note) else (self._note or "")
        self.note.setText(text or "")
        self.note.setVisible(bool(text))

    def getStandardButtons(self):
        return enum_int(QtGui.QDialogButtonBox.Ok | QtGui.QDialogButtonBox.Cancel)

    def accept(self):
        try:
            values = self.values()
        except ValueError as exc:
            self.error.setText(f"Invalid value: {exc}")
            return False
        for name, value in values.items():
            setattr(self.obj, name, value)
        if self.refs is not None:
            self.refs.apply(self.obj)
        if self._after is not None:
            self._after(self.obj)
        self.doc.commitTransaction()
        self.doc.recompute()
        self._close()
        return True

    def reject(self):
        self.doc.abortTransaction()
        self.doc.recompute()
        self._close()
        return True

    def _close(self):
        Gui.Control.closeDialog()
        if Gui.ActiveDocument is not None and Gui.ActiveDocument.getInEdit() is not None:
            QtCore.QTimer.singleShot(0, Gui.ActiveDocument.resetEdit)


# -- per type configuration --------------------------------------------------------------------
def _analysis_panel(obj):
    from ThermoCraftWorkbench.objects.analysis import Analysis
    names = [p.name for p in Analysis.PROPERTIES]
    transient = {"Duration", "TimeStep", "Scheme", "Adaptive", "OutputTimes"}

    def visible(v):
        hide = set() if v["AnalysisType"] == "Transient" else transient
        if not v["Radiation"]:
            hide.add("RadiationExchange")
        if not v["Convection"]:
            hide |= {"FilmCoefficientMode", "DefaultFilmCoefficient"}
        elif v["FilmCoefficientMode"] == "Automatic":
            hide.add("DefaultFilmCoefficient")
        return set(names) - hide
    return PropertyPanel(obj, "Thermal analysis", names, visible=visible, note=lambda v: (
        "Exposed faces on the outside air without a convection condition of their own get "
        "natural convection from correlations." if v["Convection"]
        and v["FilmCoefficientMode"] == "Automatic" else ""))


def _material_panel(obj):
    from ThermoCraftWorkbench.materials_library import library
    from ThermoCraftWorkbench.objects.material import apply_library_values
    names = ["Source", "LibraryMaterial", "MaterialName", "Orthotropic", "Conductivity",
             "ConductivityX", "ConductivityY", "ConductivityZ", "Density", "SpecificHeat",
             "Emissivity", "DataSource"]

    def visible(v):
        hide = {"MaterialName"} if v["Source"] == "Library" else {"LibraryMaterial"}
        hide |= {"Conductivity"} if v["Orthotropic"] else {
            "ConductivityX", "ConductivityY", "ConductivityZ"}
        return set(names) - hide
    return PropertyPanel(
        obj, "Material", names, refs="solids", visible=visible,
        choices={"LibraryMaterial": sorted(library())},
        after=lambda o: apply_library_values(o) if o.Source == "Library" else None,
        note=lambda v: ("Orthotropic conductivities act along the global X, Y and Z axes of "
                        "the document." if v["Orthotropic"] else "") + (
            " Library values are copied when you press OK." if v["Source"] == "Library"
            else ""))


KIND_FIELDS = {
    "Power": {"Power"},
    "FixedTemperature": {"Temperature"},
    "HeatFlux": {"HeatFlux"},
    "Convection": {"FilmCoefficientMode", "FilmCoefficient", "Orientation",
                   "CharacteristicLength", "Shape", "FluidAtAmbient", "FluidTemperature"},
    "Radiation": {"MaterialEmissivity", "Emissivity", "Exchange"},
    "ContactResistance": {"ContactResistance", "ContactType", "ContactTIM",
                          "ContactThickness"},
}


AUTOMATIC_ONLY = {"Orientation", "CharacteristicLength", "Shape"}


def _condition_panel(obj):
    names = ["Kind", *sorted(set().union(*KIND_FIELDS.values()))]

    def note(v):
        if v["Kind"] == "ContactResistance":
            return ("A resistance in series where the selected solids touch: select two "
                    "solids, or one (then every solid it touches). Library TIM: the TIM's "
                    "m^2 K/W (ContactThickness 0: its own bond line).")
        if v["Kind"] == "Convection" and v["FilmCoefficientMode"] == "Automatic":
            return ("Natural convection to still air: h from correlations per surface patch "
                    "(its orientation to gravity, its size, the film temperature), iterated "
                    "with the temperatures. Orientation and CharacteristicLength override the "
                    "patch's own (0: its own); Shape makes a round body take one film.")
        if v["Kind"] == "Power":
            return "Power heats whole solids: select the solids, not faces."
        return ""

    def visible(v):
        shown = {"Kind"} | KIND_FIELDS[v["Kind"]]
        if v["Kind"] == "ContactResistance":
            shown -= {"ContactResistance"} if v["ContactType"] == "Library TIM" \
                else {"ContactTIM", "ContactThickness"}
        if v["Kind"] == "Convection":
            shown -= {"FilmCoefficient"} if v["FilmCoefficientMode"] == "Automatic" \
                else AUTOMATIC_ONLY
        return shown
    return PropertyPanel(obj, "Condition", names, refs="faces", note=note, visible=visible)


PLACED_FOR_TJ = ("on a planar face normal to X, Y or Z of a body of the analysis (a board's "
                 "top or bottom, a heat sink's side), turned by quarter turns; elsewhere "
                 "results show the body's (case) temperature.")


INTERFACE_NOTES = {
    "None": "no interface: the pad or tab soldered, no joint resistance",
    "Resistance": "InterfaceResistance (theta_CS, K/W) in series with the board leg",
    "Library TIM": "the library TIM's K/W over the footprint in series with the board leg "
                   "(InterfaceThickness 0: its own bond line)"}
INTERFACE_FIELDS = {"None": set(), "Resistance": {"InterfaceResistance"},
                    "Library TIM": {"InterfaceTIM", "InterfaceThickness"}}


def _component_note(v) -> str:
    interface = f" Interface: {INTERFACE_NOTES[v['Interface']]}."
    if v["CompactModel"] == "Pad":
        return ("Pad model: ThetaJCBottom joins the junction to the board under the whole "
                "footprint, ThetaJC (0: none) to the package top." + interface + " Tj "
                + PLACED_FOR_TJ
                + (" ThetaJCBottom is needed: the export refuses the component without it."
                   if not v["ThetaJCBottom"] > 0 else ""))
    return ("Two-resistor model (JEDEC): Tj with both ThetaJC and ThetaJB, " + PLACED_FOR_TJ
            + interface)


def tim_choices() -> list[str]:
    """The library's TIMs as ``lib:ID``, sorted."""
    from solver.library import PREFIX, default_library
    return sorted(PREFIX + i.id for i in default_library().items.values() if i.kind == "tim")


def _component_panel(obj):
    names = ["RefDes", "PartName", "Position", "Rotation", "Side", "BodyLength", "BodyWidth",
             "BodyHeight", "Power", "CompactModel", "ThetaJC", "ThetaJB", "ThetaJCBottom",
             "TjMax", "Interface", "InterfaceResistance", "InterfaceTIM", "InterfaceThickness",
             "Conductivity", "Density", "SpecificHeat", "Emissivity"]
    hidden_interface = set().union(*INTERFACE_FIELDS.values())

    def visible(v):  # each model's own resistances, the interface's own fields
        hide = {"ThetaJB"} if v["CompactModel"] == "Pad" else {"ThetaJCBottom"}
        return set(names) - hide - (hidden_interface - INTERFACE_FIELDS[v["Interface"]])
    tims = tim_choices()
    current = obj.InterfaceTIM
    return PropertyPanel(obj, "Component", names, refs="Support", note=_component_note,
                         visible=visible,
                         choices={"InterfaceTIM": tims if current in tims or not current
                                  else [current, *tims]})


def _probe_panel(obj):
    return PropertyPanel(obj, "Probe", ["Position"])


def _flow_region_panel(obj):
    from ThermoCraftWorkbench.objects.regions import fan_ids, fan_text, flow_box
    names = [p.name for p in obj.Proxy.PROPERTIES if p.name != "References"]
    by_source = {"Velocity": {"Velocity"}, "Volume flow": {"VolumeFlow"},
                 "Fan": {"Fan", "FanCount"}}
    drives = set().union(*by_source.values())

    def visible(v):
        shown = set(names) - drives | by_source[v["FlowSource"]]
        return shown - ({"InletTemperature"} if v["InletAtAmbient"] else set())

    def fill_box(o):
        o.BoxMin, o.BoxMax = (App.Vector(*corner) for corner in flow_box(o))
    fans = fan_ids()
    return PropertyPanel(
        obj, obj.Proxy.WHAT, names, refs="solids", visible=visible, after=fill_box,
        choices={"Fan": fans or [""]}, note=lambda v: (
            "The region is the selected solids' bounding box (shown in BoxMin/BoxMax after "
            "OK); without solids, the typed box. Faces inside it parallel to the flow get "
            "forced-convection films (added to any fixed film coefficient there: use the "
            "analysis's Automatic convection around them); the air heats up along the flow."
            + (" " + fan_text(v["Fan"]) if v["FlowSource"] == "Fan" else "")))


def _enclosure_panel(obj):
    names = [p.name for p in obj.Proxy.PROPERTIES if p.name != "References"]
    return PropertyPanel(obj, obj.Proxy.WHAT, names, refs="faces", note=obj.Proxy.NOTE)


PANELS = {
    "ThermoCraft::Analysis": _analysis_panel, "ThermoCraft::Material": _material_panel,
    "ThermoCraft::Condition": _condition_panel, "ThermoCraft::Component": _component_panel,
    "ThermoCraft::Probe": _probe_panel, "ThermoCraft::FlowRegion": _flow_region_panel,
    "ThermoCraft::SealedEnclosure": _enclosure_panel,
}


def panel_for(obj):
    """The task panel editing ``obj`` (the result viewer for a Result)."""
    kind = tc_type(obj)
    if kind == "ThermoCraft::Result":
        from ThermoCraftWorkbench.resultpanel import ResultPanel
        return ResultPanel(obj)
    make = PANELS.get(kind)
    return make(obj) if make else None
