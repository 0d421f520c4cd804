"""The data contract: dataclasses, JSON round trip and validation of a thermal model.

The workbench exports it, the ``thermocraft`` CLI reads it and the server takes it as a job
payload; see ``docs/model-format.md``.
"""

from solver.model.codec import (
    from_dict,
    load_model,
    model_from_dict,
    model_from_json,
    model_to_json,
    save_model,
    to_dict,
)
from solver.model.limits import Limits
from solver.model.migrate import migrate
from solver.model.paths import resolve_model_file
from solver.model.problems import ModelError, Problem
from solver.model.types import (
    BOX_FACES,
    SCHEMA_VERSION,
    Ambient,
    Analysis,
    Body,
    BoxGeometry,
    Component,
    ConstantPower,
    ConstantProfile,
    Contact,
    ContactLayer,
    Convection,
    DetailedPackage,
    FixedTemperature,
    FlowRegion,
    HeatFlux,
    Interface,
    Material,
    MeshGeometry,
    MeshSettings,
    Model,
    NaturalConvection,
    Node,
    NodeLink,
    Package,
    PackageOverrides,
    PiecewiseLinearPower,
    PiecewiseLinearProfile,
    Probe,
    Profile,
    PulseTrainPower,
    PulseTrainProfile,
    Radiation,
    SolverOptions,
    StepGeometry,
    StepPower,
    StepProfile,
    TableProfile,
    TimFigures,
    Vents,
)
from solver.model.validate import validate

__all__ = [
    "BOX_FACES", "SCHEMA_VERSION", "Ambient", "Analysis", "Body", "BoxGeometry", "Component",
    "ConstantPower", "ConstantProfile", "Contact", "ContactLayer", "Convection", "DetailedPackage",
    "FixedTemperature", "FlowRegion", "HeatFlux", "Interface", "Limits", "Material",
    "MeshGeometry",
    "MeshSettings", "Model", "ModelError", "NaturalConvection", "Node", "NodeLink", "Package",
    "PackageOverrides",
    "PiecewiseLinearPower",
    "PiecewiseLinearProfile",
    "Probe", "Problem", "Profile", "PulseTrainPower", "PulseTrainProfile", "Radiation",
    "SolverOptions", "StepGeometry", "StepPower", "StepProfile", "TableProfile", "TimFigures",
    "Vents",
    "from_dict",
    "load_model", "migrate", "model_from_dict", "model_from_json", "model_to_json",
    "resolve_model_file", "save_model", "to_dict", "validate",
]
