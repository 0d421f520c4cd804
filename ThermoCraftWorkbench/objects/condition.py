"""Conditions on selected faces or solids: power, fixed temperature, heat flux, convection
(a fixed film coefficient, or automatic: natural convection to still air from correlations,
per surface patch), radiation (to the surroundings, or surface to surface), and contact
resistance between touching solids (select two solids, or one: every solid it touches)."""

from __future__ import annotations

from ThermoCraftWorkbench.objects.base import Prop, Proxy, attach_view, link_subs

KINDS = ("Power", "FixedTemperature", "HeatFlux", "Convection", "Radiation",
         "ContactResistance")
# What a contact resistance puts where the solids touch: a resistance per area, or a library
# TIM (the model's contact ``tim``, with an optional bond line ``thickness``)
CONTACT_TYPES = ("Resistance", "Library TIM")
# Orientation choices of automatic convection -> the model's ``orientation`` (None: from the
# patch's normal against gravity)
ORIENTATIONS = {"From gravity": None, "Vertical": "vertical",
                "Horizontal facing up": "horizontal_up",
                "Horizontal facing down": "horizontal_down"}
# Shape choices of automatic convection -> the model's ``shape`` (None: the solver's default,
# a cylinder or sphere when the body's triangles are one, else a plate per patch)
SHAPES = {"From the body": None, "Plate": "plate", "Horizontal cylinder": "horizontal_cylinder",
          "Vertical cylinder": "vertical_cylinder", "Sphere": "sphere"}
# Exchange choices of radiation -> the model's ``exchange`` (None: the surroundings only)
EXCHANGES = {"Surroundings": None, "Surfaces": "surfaces"}


class Condition(Proxy):
    TYPE = "ThermoCraft::Condition"
    PROPERTIES = (
        Prop("App::PropertyEnumeration", "Kind", "Condition", "What the condition does",
             "Convection", KINDS),
        Prop("App::PropertyLinkSubListGlobal", "References", "Condition",
             "Faces (or whole solids: every exposed face) the condition acts on"),
        Prop("App::PropertyFloat", "Power", "Power", "Heat dissipated in the solids, W", 1.0),
        Prop("App::PropertyFloat", "Temperature", "Fixed temperature", "degC", 25.0),
        Prop("App::PropertyFloat", "HeatFlux", "Heat flux",
             "Heat entering through the faces, W/m^2 (negative: leaving)", 1000.0),
        Prop("App::PropertyEnumeration", "FilmCoefficientMode", "Convection",
             "Fixed: the film coefficient below; Automatic: natural convection to still air, "
             "h from correlations per surface patch (orientation, size, temperature)",
             "Fixed", ("Fixed", "Automatic")),
        Prop("App::PropertyFloat", "FilmCoefficient", "Convection", "h, W/(m^2 K)", 10.0),
        Prop("App::PropertyEnumeration", "Orientation", "Convection",
             "Automatic: which correlation (From gravity: from each patch's normal)",
             "From gravity", tuple(ORIENTATIONS)),
        Prop("App::PropertyLength", "CharacteristicLength", "Convection",
             "Automatic: the correlations' length (0: each patch's own height or A/P)", 0.0),
        Prop("App::PropertyEnumeration", "Shape", "Convection",
             "Automatic: a round body (cylinder, sphere) takes one film from the whole body's "
             "correlation, CharacteristicLength then its diameter (From the body: round when "
             "its faces are one, else a plate per patch)", "From the body", tuple(SHAPES)),
        Prop("App::PropertyBool", "FluidAtAmbient", "Convection",
             "Fluid at the analysis's ambient temperature", True),
        Prop("App::PropertyFloat", "FluidTemperature", "Convection",
             "Fluid temperature when not at ambient, degC", 25.0),
        Prop("App::PropertyBool", "MaterialEmissivity", "Radiation",
             "Use the material's emissivity", True),
        Prop("App::PropertyFloat", "Emissivity", "Radiation", "0..1 when not the material's",
             0.9),
        Prop("App::PropertyEnumeration", "Exchange", "Radiation",
             "Surroundings: to the ambient only; Surfaces: with every other face radiating to "
             "surfaces (view factors, blocking by the solids), the rest to the surroundings",
             "Surroundings", tuple(EXCHANGES)),
        Prop("App::PropertyFloat", "ContactResistance", "Contact",
             "Thermal contact resistance of the touching faces, K m^2/W", 1e-4),
        Prop("App::PropertyEnumeration", "ContactType", "Contact",
             "Resistance: the ContactResistance above; Library TIM: a library thermal "
             "interface material (gap pad, grease, solder) between the touching faces",
             "Resistance", CONTACT_TYPES),
        Prop("App::PropertyString", "ContactTIM", "Contact",
             "Contact Library TIM: lib:ID of a library thermal interface material", ""),
        Prop("App::PropertyLength", "ContactThickness", "Contact",
             "Library TIM bond line (0: the TIM's own figure; needed for a TIM given by its "
             "conductivity alone)", 0.0),
    )


def is_automatic_convection(obj) -> bool:
    """A convection condition whose film comes from the natural-convection correlations."""
    return obj.Kind == "Convection" and obj.FilmCoefficientMode == "Automatic"


def make_condition(doc, kind: str, references=(), name: str | None = None, **values):
    """Add a condition of ``kind`` (one of KINDS) on ``references`` ([(obj, ("Face1",))])."""
    obj = doc.addObject("App::FeaturePython", name or kind)
    Condition(obj)
    obj.Kind = kind
    obj.References = link_subs(references)
    for key, value in values.items():
        setattr(obj, key, value)
    attach_view(obj)
    return obj
