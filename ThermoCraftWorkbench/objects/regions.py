"""Fan / flow regions and sealed enclosures.

A flow region is a box of moving air (a duct, a heat sink's channels, the space under a fan):
the bounding box of its solids, or a typed box when it has none (mm, like the document), the
flow's direction along a global axis, and what drives it (an approach velocity, a volume flow,
or fans from the library). A sealed enclosure references the box (its inner faces, or the
whole solid): the export marks that body ``enclosure`` and the solver gives the air inside one
lumped node, coupled to every surface inside by natural convection (``InternalRadiation`` is
kept in the document but not exported: surface-to-surface radiation is the radiation
conditions' ``Exchange``). A ``Vented`` one exports its vents' areas and height (mm^2, mm)
as the body's ``vents`` (the box closed, or with the vents cut: then the open air within its
bounding box is its air); documents saved before the vents get them on restore, not vented.
"""

from __future__ import annotations

from ThermoCraftWorkbench.objects.base import Prop, Proxy, attach_view, link_subs, references

DIRECTIONS = ("+x", "-x", "+y", "-y", "+z", "-z")
SOURCES = ("Velocity", "Volume flow", "Fan")
M3H = 1.0 / 3600.0  # m^3/s per m^3/h


def direction_of(vector) -> str:
    """``+x`` ... ``-z``: the global axis closest to a direction vector."""
    comps = [vector[0], vector[1], vector[2]]
    axis = max(range(3), key=lambda i: abs(comps[i]))
    return ("+" if comps[axis] >= 0 else "-") + "xyz"[axis]


class FlowRegion(Proxy):
    TYPE = "ThermoCraft::FlowRegion"
    WHAT = "A fan / flow region"
    PROPERTIES = (
        Prop("App::PropertyLinkSubListGlobal", "References", "Flow",
             "Solids whose bounding box is the region (none: the typed box BoxMin..BoxMax)"),
        Prop("App::PropertyVector", "BoxMin", "Flow",
             "Corner of the region's box when it has no solids, mm", (0.0, 0.0, 0.0)),
        Prop("App::PropertyVector", "BoxMax", "Flow",
             "Opposite corner of the region's box when it has no solids, mm", (0.0, 0.0, 0.0)),
        Prop("App::PropertyEnumeration", "FlowDirection", "Flow",
             "The flow's global axis and sense", "+x", DIRECTIONS),
        Prop("App::PropertyEnumeration", "FlowSource", "Flow",
             "What sets the flow: an approach velocity, a volume flow, or fans (their curve "
             "against the region's pressure drop gives the operating point)", "Volume flow",
             SOURCES),
        Prop("App::PropertyFloat", "Velocity", "Flow",
             "Approach velocity over the box's whole cross-section, m/s", 1.0),
        Prop("App::PropertyFloat", "VolumeFlow", "Flow", "Volume flow, m^3/h", 10.0),
        Prop("App::PropertyString", "Fan", "Fan", "Library fan (lib:ID)", ""),
        Prop("App::PropertyInteger", "FanCount", "Fan", "Identical fans in parallel", 1),
        Prop("App::PropertyFloat", "OpenArea", "Flow",
             "Open fraction (0, 1] of the inlet (a grille or finger guard)", 1.0),
        Prop("App::PropertyBool", "InletAtAmbient", "Flow",
             "Air enters at the analysis's ambient temperature", True),
        Prop("App::PropertyFloat", "InletTemperature", "Flow",
             "Inlet air temperature when not at ambient, degC", 25.0),
    )

    def ensure_properties(self, obj):
        """Documents saved before the flow solver kept a ``Direction`` vector: it becomes
        the axis closest to it."""
        old = obj.getTypeIdOfProperty("Direction") if "Direction" in obj.PropertiesList \
            else None
        vector = obj.Direction if old == "App::PropertyVector" else None
        super().ensure_properties(obj)
        if vector is not None:
            obj.FlowDirection = direction_of(vector)
            obj.removeProperty("Direction")


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
        Prop("App::PropertyBool", "Vented", "Vents",
             "The box has vents (given here; the box modelled closed, or with its vents cut): "
             "its air also leaves through them by the stack effect", False),
        Prop("App::PropertyFloat", "InletArea", "Vents",
             "Total area of the low (inlet) openings, mm^2", 0.0),
        Prop("App::PropertyFloat", "OutletArea", "Vents",
             "Total area of the high (outlet) openings, mm^2", 0.0),
        Prop("App::PropertyFloat", "VentHeight", "Vents",
             "Vertical distance between the inlet's and the outlet's centres, mm", 0.0),
        Prop("App::PropertyFloat", "DischargeCoefficient", "Vents",
             "Discharge coefficient of the openings (0.6: sharp-edged)", 0.6),
    )


def flow_box(obj):
    """(min, max) corners (mm) of a flow region: its solids' bounding box, else the typed
    box."""
    from ThermoCraftWorkbench.export import global_shape
    solids = [o for o, _subs in references(obj)]
    if not solids:
        return list(obj.BoxMin), list(obj.BoxMax)
    box = global_shape(solids[0]).BoundBox
    for other in solids[1:]:
        box.add(global_shape(other).BoundBox)
    return [box.XMin, box.YMin, box.ZMin], [box.XMax, box.YMax, box.ZMax]


def fan_ids() -> list[str]:
    """``lib:ID`` of every fan in the library."""
    from solver.library import PREFIX, default_library
    return sorted(PREFIX + i.id for i in default_library().items.values() if i.kind == "fan")


def fan_text(ref: str) -> str:
    """One line on a library fan: free delivery, maximum pressure, its size."""
    from solver.library import default_library
    item = default_library().get(ref) if ref else None
    if item is None or item.kind != "fan":
        return "Choose a fan from the library."
    d = item.data
    size = " x ".join(f"{v * 1e3:g}" for v in d["size"])
    return (f"{ref}: free delivery {d['q_max'] / M3H:.1f} m^3/h, at most {d['dp_max']:.1f} Pa"
            + f", {size} mm.")


def make_flow_region(doc, references=(), name: str = "FlowRegion", **values):
    """Add a flow region; ``values`` set properties (``FlowSource="Fan"``, ``Fan=...``)."""
    obj = doc.addObject("App::FeaturePython", name)
    FlowRegion(obj)
    obj.References = link_subs(references)
    for key, value in values.items():
        setattr(obj, key, value)
    attach_view(obj)
    return obj


def make_sealed_enclosure(doc, references=(), name: str = "SealedEnclosure"):
    obj = doc.addObject("App::FeaturePython", name)
    SealedEnclosure(obj)
    obj.References = link_subs(references)
    attach_view(obj)
    return obj
