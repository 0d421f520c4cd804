"""Material assignment: a material (from the library or custom, isotropic or orthotropic
along the global X, Y, Z axes) given to solids."""

from __future__ import annotations

from ThermoCraftWorkbench.objects.base import Prop, Proxy, attach_view, link_subs


class MaterialAssignment(Proxy):
    TYPE = "ThermoCraft::Material"
    PROPERTIES = (
        Prop("App::PropertyLinkSubListGlobal", "References", "Material",
             "The solids made of this material"),
        Prop("App::PropertyEnumeration", "Source", "Material",
             "Library: a card of the material library; Custom: the values below", "Custom",
             ("Library", "Custom")),
        Prop("App::PropertyString", "LibraryMaterial", "Material",
             "Name of the library material (Source = Library)", ""),
        Prop("App::PropertyString", "MaterialName", "Material",
             "Name of the custom material (unique in the analysis)", "material"),
        Prop("App::PropertyBool", "Orthotropic", "Conductivity",
             "Different conductivities along the global X, Y and Z axes", False),
        Prop("App::PropertyFloat", "Conductivity", "Conductivity",
             "Isotropic conductivity, W/(m K)", 1.0),
        Prop("App::PropertyFloat", "ConductivityX", "Conductivity",
             "Orthotropic: along global X, W/(m K)", 1.0),
        Prop("App::PropertyFloat", "ConductivityY", "Conductivity",
             "Orthotropic: along global Y, W/(m K)", 1.0),
        Prop("App::PropertyFloat", "ConductivityZ", "Conductivity",
             "Orthotropic: along global Z, W/(m K)", 1.0),
        Prop("App::PropertyFloat", "Density", "Transient", "kg/m^3 (transients)", 0.0),
        Prop("App::PropertyFloat", "SpecificHeat", "Transient", "J/(kg K) (transients)", 0.0),
        Prop("App::PropertyFloat", "Emissivity", "Surface", "0..1, for radiation", 0.9),
        Prop("App::PropertyString", "DataSource", "Material", "Where the numbers come from", ""),
    )

    def onChanged(self, obj, prop):
        if prop in ("Source", "LibraryMaterial") and obj.Source == "Library" \
                and "DataSource" in obj.PropertiesList and obj.LibraryMaterial:
            apply_library_values(obj)


def apply_library_values(obj) -> None:
    """Copy the library card's values into the assignment (shown and exported)."""
    from ThermoCraftWorkbench.materials_library import library
    card = library().get(obj.LibraryMaterial)
    if card is None:
        return
    obj.Orthotropic = isinstance(card.conductivity, tuple)
    if obj.Orthotropic:
        obj.ConductivityX, obj.ConductivityY, obj.ConductivityZ = card.conductivity
    else:
        obj.Conductivity = card.conductivity
    if card.emissivity is not None:
        obj.Emissivity = card.emissivity
    obj.Density = card.density
    obj.SpecificHeat = card.specific_heat
    obj.DataSource = card.source


def make_material(doc, references=(), name: str = "Material", **values):
    """Add a material assignment; ``values`` set properties (``Conductivity=0.3``...)."""
    obj = doc.addObject("App::FeaturePython", name)
    MaterialAssignment(obj)
    obj.References = link_subs(references)
    for key, value in values.items():
        setattr(obj, key, value)
    attach_view(obj)
    return obj
