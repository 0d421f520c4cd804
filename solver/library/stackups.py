"""Library PCB stack-ups as conductivities: smeared into one orthotropic slab, or layer by
layer as slab bodies (with a thermal-via region crossing them).

The smear (``stackup_conductivity``: parallel in the plane, series through it) keeps the
board's total sheet conductance and its through-plane resistance over the full thickness,
but puts the planes' in-plane conductance at every depth, so heat entering a small footprint
spreads in copper at once. In a real board it first crosses the dielectric above the first
plane (0.25-0.46 mm of FR-4 in the JEDEC boards): a resistance the smear leaves out, as it
leaves out the spreading around small sources (often as large as the bulk resistance,
Culham/MHTL). Use it for a board far from its sources (an enclosure wall, a heat-spreading
chassis) and ``stackup_bodies`` under components. Either way a copper layer's coverage is
smeared over its whole area (the traces' pattern is not modelled). Each layer body's edges
are their own surface patches: in natural convection give them the board's edge film with
``edge_convection`` (a 35 um high patch would take a vertical plate's film on 35 um).
"""

from __future__ import annotations

from solver.library.store import Library, LibraryItem, default_library
from solver.model.types import Body, BoxGeometry, Material, NaturalConvection


def _k_in_z(library: Library, material: str) -> tuple[float, float]:
    """In-plane (x) and through-plane (z) conductivity of library ``material``."""
    k = library.get(material).data["conductivity"]
    return (k[0], k[2]) if isinstance(k, list) else (k, k)


def stackup_layers(item: LibraryItem, library: Library | None = None
                   ) -> list[tuple[float, float, float]]:
    """``(thickness, k_in_plane, k_through)`` of each layer of ``stackup`` ``item``, top to
    bottom, the materials looked up in the library (an orthotropic dielectric contributes its
    x and z values). A copper layer with ``coverage`` phi conducts ``phi k_Cu + (1 - phi) k_fill``
    in the plane and through it (copper running through the layer's thickness), ``fill`` the
    dielectric between the traces (default FR-4)."""
    from solver.physics.pcb import layer_conductivity

    library = library or default_library()
    copper_in, copper_z = _k_in_z(library, "Cu")
    layers = []
    for layer in item.data["layers"]:
        k_in, k_z = _k_in_z(library, layer["material"])
        if "coverage" in layer and layer["material"] == "Cu":
            d_in, d_z = _k_in_z(library, layer.get("fill", "FR-4"))
            k_in = layer_conductivity(layer["coverage"], copper_in, d_in)
            k_z = layer_conductivity(layer["coverage"], copper_z, d_z)
        layers.append((layer["thickness"], k_in, k_z))
    return layers


def stackup_conductivity(item: LibraryItem, library: Library | None = None
                         ) -> tuple[float, float]:
    """``(k_in_plane, k_through)`` of ``stackup`` ``item`` smeared into one slab (see the
    module docstring for what the smear leaves out)."""
    from solver.physics.pcb import stack_conductivity

    return stack_conductivity(stackup_layers(item, library))


def stackup_bodies(item: LibraryItem, name: str, corner: list[float], size: list[float],
                   library: Library | None = None) -> tuple[list[Material], list[Body]]:
    """The materials and box bodies of ``stackup`` ``item`` layer by layer: a ``size``
    [length, width] board with its bottom corner at ``corner`` [x, y, z], thickness along +z,
    layer i (1 = the top) the body ``name.Li`` of material ``name.Li`` (orthotropic
    [k_in, k_in, k_z] from ``stackup_layers``). A component on the top side names
    ``name.L1`` as its board, one on the bottom side the last layer. Density and heat
    capacity are left at 0 (the library stores none for a stack-up): set them for a
    transient."""
    x0, y0, z = corner
    return _slabs(stackup_layers(item, library), name, [x0, y0, x0 + size[0], y0 + size[1]], z,
                  lambda label, i, k_in, k_z: Material(
                      label, [k_in, k_in, k_z], source=f"library stackup {item.id}, layer {i}"))


def via_region_bodies(stackup: LibraryItem, vias: LibraryItem, name: str, corner: list[float],
                      rect: list[float], library: Library | None = None
                      ) -> tuple[list[Material], list[Body]]:
    """A region of ``via_array`` ``vias`` crossing ``stackup_bodies(stackup, ...)`` at
    ``corner``: ``rect`` [xmin, ymin, xmax, ymax] in every layer, the body ``name.Li`` of layer
    i conducting ``via_array_conductivity`` through the plane (the layer's own k_z as the
    board between the barrels) and the layer's k in it (the holes' share of the plane is
    ignored). List these bodies after the board's (a later body wins where they overlap); a
    component on the region names ``name.L1`` as its board."""
    from solver.physics.pcb import via_array_conductivity

    library = library or default_library()
    v = vias.data
    k_metal = library.get(v["metal"]).data["conductivity"]
    k_fill = _k_in_z(library, v["fill"])[1] if "fill" in v else None

    def material(label: str, i: int, k_in: float, k_z: float) -> Material:
        k_via = via_array_conductivity(v["drill"], v["plating"], v["pitch"], k_metal, k_z,
                                       k_fill, filled_with_metal=v.get("filled_with_metal",
                                                                       False))
        return Material(label, [k_in, k_in, k_via], source=f"library via array {vias.id} in "
                        f"stackup {stackup.id}, layer {i}")

    return _slabs(stackup_layers(stackup, library), name, rect, corner[2], material)


def _slabs(layers: list[tuple[float, float, float]], name: str, rect: list[float], z: float,
           material) -> tuple[list[Material], list[Body]]:
    """Layer i of ``layers`` (``stackup_layers``, top first) as the box body ``name.Li`` over
    ``rect`` [xmin, ymin, xmax, ymax], the stack's bottom at ``z``, of the material
    ``material(label, i, k_in, k_z)`` named like it: (materials, bodies), top first."""
    x0, y0, x1, y1 = rect
    materials, bodies = [], []
    for i, (t, k_in, k_z) in reversed(list(enumerate(layers, 1))):
        label = f"{name}.L{i}"
        materials.append(material(label, i, k_in, k_z))
        bodies.append(Body(label, BoxGeometry([x0, y0, z], [x1, y1, z + t]), label))
        z += t
    return materials[::-1], bodies[::-1]


EDGES = ["xmin", "xmax", "ymin", "ymax"]


def edge_convection(bodies: list[Body]) -> list[NaturalConvection]:
    """Natural convection on the side faces of the layer ``bodies`` of one board, each taking
    the film of a vertical plate as tall as the whole stack (``length``: the bodies' z extent),
    as the board's edge does; without it the correlation would take each layer's own
    thickness as the plate's height (Churchill-Chu's h grows as the height shrinks, to
    ~500 W/(m^2 K) at 35 um). Faces touching other bodies are not exposed and get nothing."""
    bottom = min(b.geometry.min[2] for b in bodies)
    top = max(b.geometry.max[2] for b in bodies)
    return [NaturalConvection(b.name, faces=list(EDGES), length=top - bottom) for b in bodies]
