"""Component: an electronic part placed on a face of a board (or at a point), a real box
solid built from its package's dimensions, with its power and compact-model values.

On a planar support face normal to X, Y or Z of any body of the analysis (a board's top or
bottom, a heat sink's side; quarter turns), the solver models it as the compact model
``CompactModel`` names, and results give its junction temperature (Tj) and status:
"Two-resistor" (JEDEC) with both theta_JC and theta_JB, "Pad" with theta_JC(bottom)
(junction to exposed pad or tab; theta_JC then adds a top leg). A two-resistor component
without both thetas, or one on a tilted face or at a point, is a plain body carrying the
power, and results give its hottest (case) temperature; a "Pad" component without
theta_JC(bottom) is an export problem. ``Interface`` puts a thermal interface between the
package's pad, tab or bottom and the support face, in series with the board leg: a theta_CS
``InterfaceResistance`` (K/W) or a library TIM ``InterfaceTIM`` (with an optional bond line
``InterfaceThickness``); a component that is a plain body refuses one at export.
"""

from __future__ import annotations

import math

from ThermoCraftWorkbench.objects.base import Prop, Proxy

COMPACT_MODELS = {"Two-resistor": None, "Pad": "pad"}  # choice -> the model's ``model``
INTERFACES = ("None", "Resistance", "Library TIM")


class Component(Proxy):
    TYPE = "ThermoCraft::Component"
    PROPERTIES = (
        Prop("App::PropertyString", "RefDes", "Component", "Reference designator", "U1"),
        Prop("App::PropertyString", "PartName", "Component", "Part / package name", ""),
        Prop("App::PropertyLinkSubGlobal", "Support", "Placement",
             "Planar face the component sits on (empty: at Position, on the XY plane)"),
        Prop("App::PropertyVector", "Position", "Placement",
             "Centre of the component's footprint, projected onto the support face (mm)"),
        Prop("App::PropertyAngle", "Rotation", "Placement", "About the face normal", 0.0),
        Prop("App::PropertyEnumeration", "Side", "Placement",
             "Without a support face: Top faces +Z, Bottom faces -Z", "Top",
             ("Top", "Bottom")),
        Prop("App::PropertyLength", "BodyLength", "Package", "Along the local x axis", 5.0),
        Prop("App::PropertyLength", "BodyWidth", "Package", "Along the local y axis", 5.0),
        Prop("App::PropertyLength", "BodyHeight", "Package", "Off the face", 1.0),
        Prop("App::PropertyFloat", "Power", "Thermal", "Dissipated power, W", 0.5),
        Prop("App::PropertyFloat", "ThetaJC", "Compact model",
             "Junction-to-case resistance, K/W (0 = unknown)", 0.0),
        Prop("App::PropertyFloat", "ThetaJB", "Compact model",
             "Junction-to-board resistance, K/W (0 = unknown)", 0.0),
        Prop("App::PropertyEnumeration", "CompactModel", "Compact model",
             "Two-resistor: theta_JC and theta_JB; Pad: theta_JC(bottom) to the board "
             "(exposed pad or tab), theta_JC to the top when given", "Two-resistor",
             tuple(COMPACT_MODELS)),
        Prop("App::PropertyFloat", "ThetaJCBottom", "Compact model",
             "Junction-to-exposed-pad (tab) resistance, K/W (0 = unknown)", 0.0),
        Prop("App::PropertyEnumeration", "Interface", "Interface",
             "Thermal interface between the pad or tab and the support face (grease, pad, "
             "mica): None (soldered), a theta_CS Resistance, or a Library TIM", "None",
             INTERFACES),
        Prop("App::PropertyFloat", "InterfaceResistance", "Interface",
             "Interface Resistance: theta_CS over the whole footprint, K/W", 0.0),
        Prop("App::PropertyString", "InterfaceTIM", "Interface",
             "Interface Library TIM: lib:ID of a library thermal interface material", ""),
        Prop("App::PropertyLength", "InterfaceThickness", "Interface",
             "Library TIM bond line (0: the TIM's own figure; needed for a TIM given by its "
             "conductivity alone)", 0.0),
        Prop("App::PropertyFloat", "TjMax", "Compact model",
             "Maximum junction temperature, degC (NaN: unknown, Tj status unknown)", 125.0),
        Prop("App::PropertyFloat", "Conductivity", "Thermal",
             "Effective conductivity of the package body, W/(m K)", 20.0),
        Prop("App::PropertyFloat", "Density", "Thermal", "kg/m^3 (transients)", 2000.0),
        Prop("App::PropertyFloat", "SpecificHeat", "Thermal", "J/(kg K) (transients)", 900.0),
        Prop("App::PropertyFloat", "Emissivity", "Thermal", "0..1", 0.9),
        Prop("App::PropertyFloat", "CaseTemperature", "Result",
             "Hottest temperature of the body in the last result, degC (NaN: not solved)",
             float("nan")),
        Prop("App::PropertyFloat", "JunctionTemperature", "Result",
             "Junction temperature in the last result, degC (NaN: not a compact model)",
             float("nan")),
        Prop("App::PropertyString", "JunctionStatus", "Result",
             "pass / warning / fail against Tj max in the last result (empty: no Tj)", ""),
    )

    def ensure_properties(self, obj):
        super().ensure_properties(obj)
        for name in ("CaseTemperature", "JunctionTemperature", "JunctionStatus"):
            obj.setEditorMode(name, 1)

    def execute(self, obj):
        shape, placement = component_shape(obj)
        obj.Shape = shape
        obj.Placement = placement


def component_frame(obj):
    """(origin, x axis, y axis, normal) of the footprint in global coordinates (mm)."""
    import FreeCAD as App
    target = App.Vector(obj.Position)
    if obj.Support is not None:
        support, subs = obj.Support
        face = support.getSubObject(subs[0]) if subs else None
        if face is None or face.ShapeType != "Face" or face.Surface.TypeId != "Part::GeomPlane":
            raise ValueError(f"{obj.Label}: the support must be a planar face "
                             f"(got {subs[0] if subs else 'no face'} of {support.Label})")
        u, v = face.Surface.parameter(target)
        normal = face.normalAt(u, v)
        origin = target - normal * (target - face.Vertexes[0].Point).dot(normal)
    else:
        normal = App.Vector(0, 0, 1 if obj.Side == "Top" else -1)
        origin = target
    ref = App.Vector(1, 0, 0) if abs(normal.x) < 0.9 else App.Vector(0, 1, 0)
    x = (ref - normal * ref.dot(normal)).normalize()
    angle = math.radians(obj.Rotation.Value)
    y0 = normal.cross(x)
    x_axis = x * math.cos(angle) + y0 * math.sin(angle)
    y_axis = normal.cross(x_axis)
    return origin, x_axis, y_axis, normal


def component_shape(obj):
    """(box in local coordinates, its footprint centred on the origin; the placement putting
    it on the support)."""
    import FreeCAD as App
    import Part
    length, width, height = (obj.BodyLength.Value, obj.BodyWidth.Value, obj.BodyHeight.Value)
    if min(length, width, height) <= 0:
        raise ValueError(f"{obj.Label}: package dimensions must be positive")
    box = Part.makeBox(length, width, height, App.Vector(-length / 2, -width / 2, 0))
    o, x, y, n = component_frame(obj)
    matrix = App.Matrix(x.x, y.x, n.x, o.x, x.y, y.y, n.y, o.y, x.z, y.z, n.z, o.z,
                        0, 0, 0, 1)
    return box, App.Placement(matrix)


def next_refdes(doc, prefix: str = "U") -> str:
    """The first ``U1``, ``U2``... that no component of the document uses yet."""
    from ThermoCraftWorkbench.objects.base import tc_type
    used = {o.RefDes for o in doc.Objects if tc_type(o) == Component.TYPE}
    n = 1
    while f"{prefix}{n}" in used or doc.getObject(f"{prefix}{n}") is not None:
        n += 1
    return f"{prefix}{n}"


def make_component(doc, name: str = "Component", support=None, **values):
    """Add a component; ``support`` is ``(board, "FaceN")`` or None; ``values`` set
    properties (``Position``, ``BodyLength``, ``Power``...)."""
    from ThermoCraftWorkbench.objects.base import attach_view
    obj = doc.addObject("Part::FeaturePython", name)
    Component(obj)
    if support is not None:
        obj.Support = support
    for key, value in values.items():
        setattr(obj, key, value)
    attach_view(obj)
    obj.recompute()
    return obj
