"""The component library: items in ``library_data/`` (and user/team folders), each with its
source, referenced from models as ``lib:ID``; see ``docs/library.md``."""

from solver.library.heat_sinks import heat_sink_bodies
from solver.library.parts import package_from_item, package_of, part_problems
from solver.library.references import (
    embed_library_items,
    material_from_item,
    material_problems,
)
from solver.library.stackups import (
    edge_convection,
    stackup_bodies,
    stackup_conductivity,
    stackup_layers,
    via_region_bodies,
)
from solver.library.store import (
    BUILTIN,
    PREFIX,
    Library,
    LibraryItem,
    default_library,
    library_folders,
    set_default_library,
)

__all__ = ["BUILTIN", "PREFIX", "Library", "LibraryItem", "default_library", "edge_convection",
           "embed_library_items", "heat_sink_bodies", "library_folders", "material_from_item",
           "material_problems", "package_from_item", "package_of", "part_problems",
           "set_default_library", "stackup_bodies", "stackup_conductivity", "stackup_layers",
           "via_region_bodies"]
