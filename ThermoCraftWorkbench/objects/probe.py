"""Probe: a named point whose temperature every solve reports."""

from __future__ import annotations

from ThermoCraftWorkbench.objects.base import Prop, Proxy, attach_view


class Probe(Proxy):
    TYPE = "ThermoCraft::Probe"
    PROPERTIES = (
        Prop("App::PropertyVector", "Position", "Probe", "Point inside a solid (mm)"),
        Prop("App::PropertyFloat", "Temperature", "Result",
             "Temperature in the last result, degC (NaN: not solved)", float("nan")),
    )

    def ensure_properties(self, obj):
        super().ensure_properties(obj)
        obj.setEditorMode("Temperature", 1)


def make_probe(doc, position, name: str = "Probe"):
    import FreeCAD as App
    obj = doc.addObject("App::FeaturePython", name)
    Probe(obj)
    obj.Position = App.Vector(position)
    attach_view(obj)
    return obj
