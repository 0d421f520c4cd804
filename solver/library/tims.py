"""A component's thermal ``interface`` as one resistance in K/W over its footprint: a given
theta_CS, or a library ``tim`` item (``interface.tim: "lib:ID"``; embedded, its figures in
``interface.tim_item``).

Which of a TIM's figures is used (docs/library.md, ``tim``), first that applies:

1. the interface's ``thickness`` (a bond line of your own): ``(t/k + R''_c) / A`` with the
   item's bulk ``conductivity`` (and ``contact_resistance`` R''_c, if any);
2. the item's ``resistance``: K/W as its source states it for the package it names (a
   TO-220's greased theta_CS), used as is, not scaled by area: choose the item for your
   package;
3. its ``area_resistance`` R'' (m^2 K/W, at its bond line): ``(R'' + R''_c) / A``;
4. its ``conductivity`` and ``bond_line``: ``(t/k + R''_c) / A``;
5. its ``contact_resistance`` alone: ``R''_c / A``.

A TIM with none of these (a conductivity without a bond line, and no ``thickness``) is a
problem naming what to add. ``A`` is the package body's footprint (length x width).
"""

from __future__ import annotations

from dataclasses import fields

from solver.library.store import PREFIX, Library, default_library
from solver.model.problems import Problem, join
from solver.model.types import Interface, TimFigures
from solver.physics.interface_resistance import area_specific_resistance, layer_resistance

FIGURES = tuple(f.name for f in fields(TimFigures) if f.name != "source")


def tim_figures(ref: str, library: Library | None = None) -> TimFigures | None:
    """The figures of library TIM ``ref`` (None: not a known ``tim`` item)."""
    item = (library or default_library()).get(ref)
    if item is None or item.kind != "tim":
        return None
    return TimFigures(**{k: item.data.get(k) for k in FIGURES},
                      source=f"library item {item.id}: {item.data['source']}")


def _figures(iface: Interface, library: Library | None) -> TimFigures | None:
    """The TIM's figures: the embedded ``tim_item``, else the library's."""
    if iface.tim_item is not None:
        return iface.tim_item
    return tim_figures(iface.tim, library) if iface.tim else None


def resistance_rule(fig: TimFigures, thickness: float | None, area: float
                    ) -> tuple[float, str] | str:
    """(K/W over ``area`` m^2, the rule used) for TIM ``fig`` (bond line ``thickness`` m when
    given), or why none applies (the module's rules, in order)."""
    contact = fig.contact_resistance or 0.0
    with_contact = " + contact_resistance" if fig.contact_resistance else ""
    if thickness is not None:
        if fig.conductivity is None:
            return ("gives no bulk conductivity, so a 'thickness' cannot be applied: leave "
                    "the thickness out")
        return (layer_resistance(thickness, fig.conductivity, area, contact),
                f"thickness / (conductivity x area){with_contact}")
    if fig.resistance is not None:
        return fig.resistance, "the item's resistance (K/W for its package), as is"
    if fig.area_resistance is not None:
        return (area_specific_resistance(fig.area_resistance, area, contact),
                f"area_resistance / area{with_contact}")
    if fig.conductivity is not None and fig.bond_line is not None:
        return (layer_resistance(fig.bond_line, fig.conductivity, area, contact),
                f"bond_line / (conductivity x area){with_contact}")
    if fig.contact_resistance is not None:
        return area_specific_resistance(0.0, area, contact), "contact_resistance / area"
    if fig.conductivity is not None:
        return ("gives a conductivity but no bond line: give the interface's 'thickness' "
                "(m)")
    return "gives no figure usable as an interface"


def interface_problems(iface: Interface, path: str, library: Library | None = None
                       ) -> list[Problem]:
    """Why ``iface`` (at ``path``) gives no resistance: both or neither of ``resistance``
    and a TIM, a negative or non-positive figure, an unknown or non-TIM library id, a TIM
    none of whose figures applies."""
    out = []
    has_tim = iface.tim is not None or iface.tim_item is not None
    if iface.resistance is None and not has_tim:
        return [Problem(path, "give its 'resistance' (K/W, a theta_CS) or a 'tim' (lib:ID)")]
    if iface.resistance is not None and has_tim:
        return [Problem(path, "give the 'resistance' or the 'tim', not both")]
    if iface.resistance is not None and not iface.resistance >= 0.0:
        out.append(Problem(join(path, "resistance"),
                           f"must not be negative (got {iface.resistance:g})"))
    if iface.thickness is not None:
        if not iface.thickness > 0.0:
            out.append(Problem(join(path, "thickness"),
                               f"must be positive (got {iface.thickness:g})"))
        elif not has_tim:
            out.append(Problem(join(path, "thickness"),
                               "is the bond line of a 'tim' given by its conductivity"))
    if iface.tim_item is not None:
        for key in FIGURES:
            value = getattr(iface.tim_item, key)
            if value is not None and not value > 0.0:
                out.append(Problem(join(join(path, "tim_item"), key),
                                   f"must be positive (got {value:g})"))
    elif iface.tim is not None:
        out += _reference_problems(iface.tim, join(path, "tim"), library)
    if out or iface.resistance is not None:
        return out
    rule = resistance_rule(_figures(iface, library), iface.thickness, 1.0)  # any area: a
    # rule applies or not whatever the footprint
    if isinstance(rule, str):
        where = join(path, "thickness" if iface.thickness is not None else "tim")
        return [Problem(where, f"TIM {iface.tim or '(tim_item)'!r} {rule}")]
    return []


def _reference_problems(ref: str, path: str, library: Library | None) -> list[Problem]:
    if not ref.startswith(PREFIX):
        return [Problem(path, f"TIMs are library references 'lib:ID' (got {ref!r}); give "
                              "another interface as its 'resistance' (K/W)")]
    library = library or default_library()
    item = library.get(ref)
    if item is None:
        return [Problem(path, library.unknown(ref, "tim"))]
    if item.kind != "tim":
        return [Problem(path, f"library item {ref!r} is a {item.kind}, not a tim")]
    return []


def interface_resistance(iface: Interface, area: float, library: Library | None = None
                         ) -> dict:
    """The (valid) interface over a footprint of ``area`` m^2: ``resistance_K_W``,
    ``source`` (``"resistance"`` when given, else the TIM's ``lib:ID``, or ``"tim_item"``
    for an inline one) and ``rule`` (which figure gave it)."""
    if iface.resistance is not None:
        return {"resistance_K_W": iface.resistance, "source": "resistance",
                "rule": "the resistance given"}
    r, rule = resistance_rule(_figures(iface, library), iface.thickness, area)
    return {"resistance_K_W": r, "source": iface.tim or "tim_item", "rule": rule}
