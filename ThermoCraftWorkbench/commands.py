"""The workbench's commands (toolbar buttons and menu entries).

Each command is enabled only when it can act (a document, an analysis, a suitable selection),
creates its object inside one undo transaction and opens the object's task panel.
"""

from __future__ import annotations

import FreeCAD as App
import FreeCADGui as Gui

from ThermoCraftWorkbench import icon
from ThermoCraftWorkbench.objects.analysis import find_analysis, make_analysis, members
from ThermoCraftWorkbench.objects.condition import KINDS


def _selection():
    return [s.Object for s in Gui.Selection.getSelectionEx()]


def _analysis():
    return find_analysis(App.ActiveDocument, _selection())


def _selected_refs(faces: bool):
    return [(s.Object, tuple(n for n in s.SubElementNames if n.startswith("Face")) if faces
             else ()) for s in Gui.Selection.getSelectionEx() if hasattr(s.Object, "Shape")]


def _create(title: str, make):
    """Run ``make(doc, analysis)`` in a transaction, add its object to the analysis, edit it."""
    doc, analysis = App.ActiveDocument, _analysis()
    doc.openTransaction(title)
    obj = make(doc, analysis)
    if analysis is not None and obj is not analysis:
        analysis.addObject(obj)
    doc.commitTransaction()
    doc.recompute()
    Gui.Selection.clearSelection()
    Gui.ActiveDocument.setEdit(obj.Name)
    return obj


class _Command:
    """Base: menu text, tooltip, icon; ``needs`` is document / analysis / selection / result."""

    name = text = tip = pixmap = ""
    needs = "analysis"

    def GetResources(self):
        return {"Pixmap": icon(self.pixmap), "MenuText": self.text, "ToolTip": self.tip}

    def IsActive(self):
        if App.ActiveDocument is None:
            return False
        if self.needs == "document":
            return True
        analysis = _analysis()
        if analysis is None:
            return False
        if self.needs == "selection":
            return bool(_selected_refs(faces=False))
        if self.needs == "face":
            return any(n.startswith("Face") for s in Gui.Selection.getSelectionEx()
                       for n in s.SubElementNames)
        if self.needs == "result":
            return bool(members(analysis, "ThermoCraft::Result"))
        return True


class NewAnalysis(_Command):
    name, text, pixmap = "ThermoCraft_Analysis", "Thermal analysis", "analysis"
    tip = "A new thermal analysis: ambient, mesh, solver and time settings"
    needs = "document"

    def Activated(self):
        _create("Thermal analysis", lambda doc, _a: make_analysis(doc))


class AddMaterial(_Command):
    name, text, pixmap = "ThermoCraft_Material", "Material", "material"
    tip = "Assign a material (library or custom, orthotropic allowed) to the selected solids"

    def Activated(self):
        from ThermoCraftWorkbench.objects.material import make_material
        refs = _selected_refs(faces=False)
        _create("Material", lambda doc, _a: make_material(doc, refs))


def _condition_command(kind: str):
    class AddCondition(_Command):
        name = f"ThermoCraft_{kind}"
        text = {"FixedTemperature": "Fixed temperature", "HeatFlux": "Heat flux",
                "ContactResistance": "Contact resistance"}.get(kind, kind)
        tip = f"{text} on the selected faces or solids" + (
            " (a fixed film coefficient, or natural convection from correlations)"
            if kind == "Convection" else "")
        pixmap = "condition"

        def Activated(self):
            from ThermoCraftWorkbench.objects.condition import make_condition
            refs = _selected_refs(faces=kind != "Power")
            _create(self.text, lambda doc, _a: make_condition(doc, kind, refs))

    return AddCondition()


class AddFlowRegion(_Command):
    name, text, pixmap = "ThermoCraft_FlowRegion", "Fan / flow region", "flow"
    tip = ("A fan or flow region: the selected solids' bounding box (or a typed box), a "
           "direction, and a velocity, volume flow or library fans")

    def Activated(self):
        from ThermoCraftWorkbench.objects.regions import make_flow_region
        refs = _selected_refs(faces=False)
        _create("Flow region", lambda doc, _a: make_flow_region(doc, refs))


class AddSealedEnclosure(_Command):
    name, text, pixmap = "ThermoCraft_SealedEnclosure", "Sealed enclosure", "enclosure"
    tip = "A sealed enclosure: select the box (or its inner faces); its air becomes one node"

    def Activated(self):
        from ThermoCraftWorkbench.objects.regions import make_sealed_enclosure
        refs = _selected_refs(faces=True)
        _create("Sealed enclosure", lambda doc, _a: make_sealed_enclosure(doc, refs))


def selected_face():
    """(object, "FaceN", point mm) of the first selected face (the picked point, else the
    face's centre), or None."""
    for sel in Gui.Selection.getSelectionEx():
        faces = [n for n in sel.SubElementNames if n.startswith("Face")]
        if faces:
            point = sel.PickedPoints[0] if sel.PickedPoints else \
                sel.Object.getSubObject(faces[0]).CenterOfMass
            return sel.Object, faces[0], point
    return None


def place_on_selected_face(**values):
    """Place a component on the selected face (the Component command and the library
    palette): one undo step, the next free reference designator, its task panel opened."""
    from ThermoCraftWorkbench.objects.component import make_component, next_refdes
    board, face, point = selected_face()
    refdes = values.pop("RefDes", None) or next_refdes(App.ActiveDocument)

    def make(doc, _a):
        comp = make_component(doc, name=refdes, support=(board, [face]), Position=point,
                              RefDes=refdes, **values)
        comp.Label = refdes
        return comp
    return _create("Component", make)


class PlaceComponent(_Command):
    name, text, pixmap = "ThermoCraft_Component", "Component", "component"
    tip = "Place a component on the selected planar face (of a board or heat sink)"
    needs = "face"

    def Activated(self):
        place_on_selected_face()


class LibraryPalette(_Command):
    name, text, pixmap = "ThermoCraft_Library", "Component library", "component"
    tip = ("The component library: search and filter packages, see their data and source, "
           "place one on the selected board face")
    needs = "document"

    def Activated(self):
        from ThermoCraftWorkbench.library_palette import show_palette
        show_palette()


class ImportPlacement(_Command):
    name, text, pixmap = "ThermoCraft_ImportPlacement", "Components from CSV", "placement"
    tip = ("Place many components on the selected board from a pick-and-place CSV "
           "(refdes, part, x, y, rotation, side, power)")
    needs = "selection"

    def Activated(self):
        from PySide import QtGui

        from ThermoCraftWorkbench.placement import place_components
        from ThermoCraftWorkbench.pnp import PlacementError
        board = _selected_refs(faces=False)[0][0]
        path, _ = QtGui.QFileDialog.getOpenFileName(
            Gui.getMainWindow(), "Pick-and-place file", "", "CSV (*.csv *.pos *.txt)")
        if not path:
            return
        doc, analysis = App.ActiveDocument, _analysis()
        doc.openTransaction("Components from CSV")
        try:
            with open(path, encoding="utf-8-sig") as f:
                made = place_components(analysis, board, f.read())
        except PlacementError as exc:
            doc.abortTransaction()
            QtGui.QMessageBox.warning(Gui.getMainWindow(), "ThermoCraft: placement file",
                                      str(exc))
            return
        doc.commitTransaction()
        doc.recompute()
        App.Console.PrintMessage(f"ThermoCraft: placed {len(made)} components\n")


class AddProbe(_Command):
    name, text, pixmap = "ThermoCraft_Probe", "Probe", "probe"
    tip = "A probe point (at the selected point, or the selected solid's centre)"

    def Activated(self):
        from ThermoCraftWorkbench.objects.probe import make_probe
        sel = Gui.Selection.getSelectionEx()
        point = App.Vector()
        if sel and sel[0].PickedPoints:
            point = sel[0].PickedPoints[0]
        elif sel and hasattr(sel[0].Object, "Shape"):
            point = sel[0].Object.Shape.BoundBox.Center
        _create("Probe", lambda doc, _a: make_probe(doc, point))


class Solve(_Command):
    name, text, pixmap = "ThermoCraft_Solve", "Solve", "solve"
    tip = "Solve the analysis locally (in the background, with progress and Cancel)"

    def Activated(self):
        from ThermoCraftWorkbench.solvejob import SolvePanel
        if Gui.Control.activeDialog():
            Gui.Control.closeDialog()
        panel = SolvePanel(_analysis())
        Gui.Control.showDialog(panel)
        panel.start()


class ShowResult(_Command):
    name, text, pixmap = "ThermoCraft_Result", "Show result", "overlay"
    tip = "The temperatures on the model: colours, legend, section, probe, time slider"
    needs = "result"

    def Activated(self):
        result = members(_analysis(), "ThermoCraft::Result")[0]
        Gui.ActiveDocument.setEdit(result.Name)


class WriteReport(_Command):
    name, text, pixmap = "ThermoCraft_Report", "Report", "result"
    tip = "Write the result's HTML and PDF report (in the background) and open the HTML"
    needs = "result"

    def __init__(self):
        self.runners = {}  # (document, Result Name) -> its ReportRunner (kept alive)

    def Activated(self):
        from ThermoCraftWorkbench.reportjob import ReportRunner
        result = members(_analysis(), "ThermoCraft::Result")[0]
        key = (result.Document.Name, result.Name)
        runner = self.runners.get(key)
        if runner is None or runner.result is not result:
            runner = self.runners[key] = ReportRunner(result)
        runner.start()


class CheckDependencies(_Command):
    name, text, pixmap = "ThermoCraft_Dependencies", "Check dependencies", "thermocraft"
    tip = "Which Python packages the solver has, and install the optional ones"
    needs = "document"

    def IsActive(self):
        return True

    def Activated(self):
        from ThermoCraftWorkbench import activation
        activation.check_dependencies(always_show=True)


COMMANDS = [NewAnalysis(), AddMaterial(), *(_condition_command(k) for k in KINDS),
            AddFlowRegion(), AddSealedEnclosure(), PlaceComponent(), LibraryPalette(),
            ImportPlacement(),
            AddProbe(), Solve(), ShowResult(), WriteReport(), CheckDependencies()]
MODEL = ["ThermoCraft_Analysis", "ThermoCraft_Material"]
CONDITIONS = [f"ThermoCraft_{k}" for k in KINDS] + ["ThermoCraft_FlowRegion",
                                                    "ThermoCraft_SealedEnclosure"]
PARTS = ["ThermoCraft_Component", "ThermoCraft_Library", "ThermoCraft_ImportPlacement",
         "ThermoCraft_Probe"]
RUN = ["ThermoCraft_Solve", "ThermoCraft_Result", "ThermoCraft_Report"]
TOOLBARS = [("ThermoCraft model", MODEL + PARTS), ("ThermoCraft conditions", CONDITIONS),
            ("ThermoCraft solve", RUN)]
MENUS = [(["&ThermoCraft"], MODEL), (["&ThermoCraft", "Conditions"], CONDITIONS),
         (["&ThermoCraft"], PARTS + RUN + ["ThermoCraft_Dependencies"])]


def register():
    for command in COMMANDS:
        Gui.addCommand(command.name, command)
