"""Fan / flow regions and sealed enclosures.

A sealed enclosure references the box (its inner faces, or the whole solid): the export marks
that body ``enclosure`` and the solver gives the air inside one lumped node, coupled to every
surface inside by natural convection (``InternalRadiation`` waits for surface-to-surface
radiation). Flow regions are document objects the export still refuses with the message
below (the workbench side of the solver's flow regions is not written yet).
"""

from __future__ import annotations

from ThermoCraftWorkbench.objects.base import Prop, Proxy, attach_view, link_subs

WAITING = ("{what} is not solved yet: the solver has no air-flow / enclosed-air physics "
           "until the physics issue lands. Delete it (or remove it from the analysis) to "
           "solve the rest of the model.")


class FlowRegion(Proxy):
    TYPE = "ThermoCraft::FlowRegion"
    WHAT = "A fan / flow region"
    PROPERTIES = (
        Prop("App::PropertyLinkSubListGlobal", "References", "Flow",
             "Inlet faces or the region's solid"),
        Prop("App::PropertyFloat", "VolumeFlow", "Flow", "Volume flow, m^3/h", 10.0),
        Prop("App::PropertyVector", "Direction", "Flow", "Flow direction", (1.0, 0.0, 0.0)),
    )


class SealedEnclosure(Proxy):
    TYPE = "ThermoCraft::SealedEnclosure"
    WHAT = "A sealed enclosure"
    NOTE = ("The air sealed inside the selected box is one node: every surface inside "
            "exchanges heat with it by natural convection; the box's walls conduct it out.")
    PROPERTIES = (
        Prop("App::PropertyLinkSubListGlobal", "References", "Enclosure",
             "The enclosure's box (its inner faces or the whole solid)"),
        Prop("App::PropertyBool", "InternalRadiation", "Enclosure",
             "Surface-to-surface radiation inside", True),
    )


def waiting_message(obj) -> str:
    return WAITING.format(what=obj.Proxy.WHAT)


def region_note(obj) -> str:
    """What the task panel says about a region object."""
    return getattr(obj.Proxy, "NOTE", None) or waiting_message(obj)


def make_flow_region(doc, references=(), name: str = "FlowRegion"):
    obj = doc.addObject("App::FeaturePython", name)
    FlowRegion(obj)
    obj.References = link_subs(references)
    attach_view(obj)
    return obj


def make_sealed_enclosure(doc, references=(), name: str = "SealedEnclosure"):
    obj = doc.addObject("App::FeaturePython", name)
    SealedEnclosure(obj)
    obj.References = link_subs(references)
    attach_view(obj)
    return obj
