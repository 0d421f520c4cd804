"""The thermal analysis: a group holding the materials, conditions, components, probes and
results of one study, with the ambient, mesh, solver and time settings."""

from __future__ import annotations

from ThermoCraftWorkbench.objects.base import Prop, Proxy, attach_view

FINENESS = ("Coarse", "Medium", "Fine", "Very fine")
# cells along the largest extent of the model for each fineness (max cell size = extent / n)
CELLS_ALONG_EXTENT = {"Coarse": 25, "Medium": 40, "Fine": 60, "Very fine": 90}


class Analysis(Proxy):
    TYPE = "ThermoCraft::Analysis"
    PROPERTIES = (
        Prop("App::PropertyFloat", "AmbientTemperature", "Ambient", "Air temperature, degC", 25.0),
        Prop("App::PropertyVector", "Gravity", "Ambient",
             "Gravity, m/s^2 (for natural-convection correlations)", (0.0, 0.0, -9.81)),
        Prop("App::PropertyBool", "Convection", "Ambient",
             "Cool every exposed face on the outside air by natural convection (faces with "
             "their own convection condition use theirs)", True),
        Prop("App::PropertyEnumeration", "FilmCoefficientMode", "Ambient",
             "Fixed: DefaultFilmCoefficient everywhere; Automatic: h from natural-convection "
             "correlations per surface patch (iterated with the temperatures)", "Fixed",
             ("Fixed", "Automatic")),
        Prop("App::PropertyFloat", "DefaultFilmCoefficient", "Ambient",
             "Film coefficient of the default convection (Fixed), W/(m^2 K)", 10.0),
        Prop("App::PropertyBool", "Radiation", "Ambient",
             "Radiate from every exposed face (materials' emissivity)", True),
        Prop("App::PropertyEnumeration", "RadiationExchange", "Ambient",
             "Surroundings: every face to the ambient; Surfaces: the faces exchange with each "
             "other by view factors too (what a face does not see goes to the surroundings)",
             "Surroundings", ("Surroundings", "Surfaces")),
        Prop("App::PropertyEnumeration", "MeshFineness", "Mesh",
             "Cells along the model's largest extent: Coarse 25, Medium 40, Fine 60, "
             "Very fine 90", "Medium", FINENESS),
        Prop("App::PropertyLength", "MaxCellSize", "Mesh",
             "Largest cell; 0 = from MeshFineness", 0.0),
        Prop("App::PropertyInteger", "MinCellsAcross", "Mesh",
             "No body thinner than this many cells", 3),
        Prop("App::PropertyLength", "MaxPatchSize", "Mesh",
             "Largest side of a surface-to-surface radiation patch; 0 = the model's largest "
             "extent / 8", 0.0),
        Prop("App::PropertyLength", "Deflection", "Mesh",
             "Chordal deviation of the tessellation of curved solids", 0.05),
        Prop("App::PropertyEnumeration", "LinearSolver", "Solver", "Linear solver", "auto",
             ("auto", "gmg", "pyamg", "scipy")),
        Prop("App::PropertyFloat", "Tolerance", "Solver",
             "Relative residual of the linear solves", 1e-8),
        Prop("App::PropertyInteger", "MaxIterations", "Solver", "Per linear solve", 500),
        Prop("App::PropertyEnumeration", "AnalysisType", "Time", "Steady or transient",
             "Steady", ("Steady", "Transient")),
        Prop("App::PropertyFloat", "Duration", "Time", "Transient: simulated time, s", 60.0),
        Prop("App::PropertyFloat", "TimeStep", "Time",
             "Transient: the step (the first one when adaptive), s", 1.0),
        Prop("App::PropertyEnumeration", "Scheme", "Time", "Time integration", "bdf2",
             ("bdf2", "euler")),
        Prop("App::PropertyBool", "Adaptive", "Time", "Adapt the time step", False),
        Prop("App::PropertyFloatList", "OutputTimes", "Time",
             "Transient: times (s) at which full fields are stored (time slider)", []),
    )


def make_analysis(doc, name: str = "ThermalAnalysis"):
    """Add an analysis group to ``doc``."""
    obj = doc.addObject("App::DocumentObjectGroupPython", name)
    Analysis(obj)
    attach_view(obj)
    return obj


def find_analysis(doc, selection=()):
    """The analysis to work in: the selected one (or the one holding a selected object), else
    the document's first; None when there is none."""
    from ThermoCraftWorkbench.objects.base import tc_type
    if doc is None:
        return None
    for obj in selection:
        if tc_type(obj) == "ThermoCraft::Analysis":
            return obj
        for parent in obj.InList:
            if tc_type(parent) == "ThermoCraft::Analysis":
                return parent
    return next((o for o in doc.Objects if tc_type(o) == "ThermoCraft::Analysis"), None)


def add_to_analysis(analysis, obj) -> None:
    """Put ``obj`` in the analysis group."""
    analysis.addObject(obj)


def members(analysis, kind: str) -> list:
    """The analysis's objects of ThermoCraft type ``kind`` (e.g. ``ThermoCraft::Condition``)."""
    from ThermoCraftWorkbench.objects.base import tc_type
    return [o for o in analysis.Group if tc_type(o) == kind]
