"""One view provider for every ThermoCraft object: icon from the object's type, double-click
(or Edit) opens its task panel. Its path ``ThermoCraftWorkbench.viewproviders.ViewProvider`` is
saved in every document (see the path rule in :mod:`ThermoCraftWorkbench.objects.base`)."""

from __future__ import annotations

from ThermoCraftWorkbench import icon
from ThermoCraftWorkbench.objects.base import tc_type

ICONS = {
    "ThermoCraft::Analysis": "analysis", "ThermoCraft::Material": "material",
    "ThermoCraft::Condition": "condition", "ThermoCraft::Component": "component",
    "ThermoCraft::Probe": "probe", "ThermoCraft::Result": "result",
    "ThermoCraft::FlowRegion": "flow", "ThermoCraft::SealedEnclosure": "enclosure",
}


class ViewProvider:
    def __init__(self, vobj):
        vobj.Proxy = self

    def attach(self, vobj):
        self.Object = vobj.Object

    def getIcon(self):
        return icon(ICONS.get(tc_type(self.Object), "thermocraft"))

    def doubleClicked(self, vobj):
        import FreeCADGui
        if FreeCADGui.Control.activeDialog():
            FreeCADGui.Control.closeDialog()
        vobj.Document.setEdit(vobj.Object.Name)
        return True

    def setEdit(self, vobj, mode=0):
        if mode != 0:
            return None
        import FreeCADGui

        from ThermoCraftWorkbench.taskpanels import panel_for
        panel = panel_for(vobj.Object)
        if panel is None:
            return False
        FreeCADGui.Control.showDialog(panel)
        return True

    def unsetEdit(self, vobj, mode=0):
        import FreeCADGui
        FreeCADGui.Control.closeDialog()
        return True

    def onDelete(self, vobj, subelements):
        if tc_type(vobj.Object) == "ThermoCraft::Result":
            from ThermoCraftWorkbench.overlay import hide_overlay
            hide_overlay(vobj.Object)
        return True

    def __getstate__(self):
        return None

    def __setstate__(self, state):
        return None

    dumps = __getstate__
    loads = __setstate__
