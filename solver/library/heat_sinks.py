"""Library heat sinks as solid geometry: a plate-fin item's base and fins as box bodies, so
the sink is modelled in full (conduction in the metal, convection and radiation from every
face) rather than as its datasheet resistance."""

from __future__ import annotations

from solver.library.schema import fins_width
from solver.library.store import PREFIX, LibraryItem
from solver.model.types import Body, BoxGeometry


def heat_sink_bodies(item: LibraryItem, name: str, origin: list[float]) -> list[Body]:
    """The bodies of plate-fin heat sink ``item``: its base (``name``) with the corner
    ``origin`` [x, y, z] at its minimum, length along x, width along y, and its fins
    (``name.fin1``...) standing on the base's top (+z), running along x, spread evenly across
    the width (at ``spacing`` when the item gives one, centred). Their material is the item's
    ``lib:`` material. Raises ValueError for items without that geometry."""
    d = item.data
    missing = [k for k in ("material", "base", "fins") if k not in d]
    if d["style"] != "plate_fin" or missing:
        raise ValueError(f"heat sink {item.id!r} has no plate-fin geometry to build"
                         + (f" (no {', '.join(missing)})" if missing else ""))
    base, fins, material = d["base"], d["fins"], PREFIX + d["material"]
    x0, y0, z0 = origin
    top = z0 + base["thickness"]
    bodies = [Body(name, BoxGeometry([x0, y0, z0], [x0 + base["length"], y0 + base["width"],
                                                    top]), material)]
    n, t = fins["count"], fins["thickness"]
    if "spacing" in fins:
        pitch = fins["thickness"] + fins["spacing"]
        first = y0 + (base["width"] - fins_width(fins)) / 2
    else:
        pitch = (base["width"] - t) / (n - 1) if n > 1 else 0.0
        first = y0 + (base["width"] - t) / 2 if n == 1 else y0
    for i in range(n):
        y = first + i * pitch
        bodies.append(Body(f"{name}.fin{i + 1}", BoxGeometry(
            [x0, y, top], [x0 + base["length"], y + t, top + fins["height"]]), material))
    return bodies
