"""Fan / flow regions and sealed enclosures: air the solver does not model yet.

They are document objects now (so a model can be prepared and saved), but the solver has no
flow or enclosed-air physics until the physics issue lands: the export refuses them with that
message, and their task panels say so.
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
    PROPERTIES = (
        Prop("App::PropertyLinkSubListGlobal", "References", "Enclosure",
             "The enclosure's inner faces"),
        Prop("App::PropertyBool", "InternalRadiation", "Enclosure",
             "Surface-to-surface radiation inside", True),
    )


def waiting_message(obj) -> str:
    return WAITING.format(what=obj.Proxy.WHAT)


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
