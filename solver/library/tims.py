"""A library TIM as a resistance: a component's ``interface`` in K/W over its footprint (a
given theta_CS, or ``interface.tim: "lib:ID"``), and a ``contact``'s ``tim`` in m^2 K/W;
embedded, the item's figures are in ``tim_item``.

Both use one per-area rule, first that applies (docs/library.md, ``tim``; ``R''_c`` the
item's ``contact_resistance``, 0 if none):

1. a ``thickness`` of your own (bond line): ``t/k + R''_c`` with the item's bulk
   ``conductivity`` k;
2. its ``area_resistance`` R'' (m^2 K/W, at its bond line): ``R'' + R''_c``;
3. its ``conductivity`` and ``bond_line``: ``t/k + R''_c``;
4. its ``contact_resistance`` alone: ``R''_c``.

An interface divides that by the package body's footprint A (length x width), except that
without a ``thickness`` the item's ``resistance`` (K/W as its source states it for the package
it names, a TO-220's greased theta_CS) comes first, used as is: choose the item for your
package. On a contact such a package-level figure is no per-area one: a problem. A TIM with
no figure that applies (a conductivity without a bond line, and no ``thickness``) is a
problem naming what to add.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields

from solver.library.store import PREFIX, Library, default_library
from solver.model.problems import Problem, join
from solver.model.types import Contact, Interface, TimFigures
from solver.physics.interface_resistance import area_specific_resistance

FIGURES = tuple(f.name for f in fields(TimFigures) if f.name != "source")
Rule = tuple[float, str] | str


def tim_figures(ref: str, library: Library | None = None) -> TimFigures | None:
    """The figures of library TIM ``ref`` (None: not a known ``tim`` item)."""
    item = (library or default_library()).get(ref)
    if item is None or item.kind != "tim":
        return None
    return TimFigures(**{k: item.data.get(k) for k in FIGURES},
                      source=f"library item {item.id}: {item.data['source']}")


def _figures(holder: Interface | Contact, library: Library | None) -> TimFigures | None:
    """The TIM's figures: the embedded ``tim_item``, else the library's."""
    if holder.tim_item is not None:
        return holder.tim_item
    return tim_figures(holder.tim, library) if holder.tim else None


def area_resistance_rule(fig: TimFigures, thickness: float | None, owner: str = "interface"
                         ) -> Rule:
    """(R'' m^2 K/W, the rule used) of TIM ``fig`` (bond line ``thickness`` m when given) by
    the module's per-area rules, or why none applies (``owner`` names what to give a
    thickness to)."""
    contact = fig.contact_resistance or 0.0
    with_contact = " + contact_resistance" if fig.contact_resistance else ""
    if thickness is not None:
        if fig.conductivity is None:
            return ("gives no bulk conductivity, so a 'thickness' cannot be applied: leave "
                    "the thickness out")
        return thickness / fig.conductivity + contact, f"thickness / conductivity{with_contact}"
    if fig.area_resistance is not None:
        return fig.area_resistance + contact, f"area_resistance{with_contact}"
    if fig.conductivity is not None and fig.bond_line is not None:
        return (fig.bond_line / fig.conductivity + contact,
                f"bond_line / conductivity{with_contact}")
    if fig.contact_resistance is not None:
        return contact, "contact_resistance"
    if fig.conductivity is not None:
        return f"gives a conductivity but no bond line: give the {owner}'s 'thickness' (m)"
    return f"gives no figure usable as {'an' if owner[0] in 'aeiou' else 'a'} {owner}"


def resistance_rule(fig: TimFigures, thickness: float | None, area: float) -> Rule:
    """(K/W over ``area`` m^2, the rule used) for an interface of TIM ``fig``: its package-level
    ``resistance`` as is when no ``thickness`` is given, else the per-area rule over ``area``."""
    if thickness is None and fig.resistance is not None:
        return fig.resistance, "the item's resistance (K/W for its package), as is"
    rule = area_resistance_rule(fig, thickness)
    if isinstance(rule, str):
        return rule
    return area_specific_resistance(rule[0], area), f"{rule[1]}, over the footprint area"


def contact_rule(fig: TimFigures, thickness: float | None) -> Rule:
    """(R'' m^2 K/W, the rule used) for a contact of TIM ``fig``, or why none applies: a TIM
    stating only a package-level ``resistance`` (K/W) has no per-area figure."""
    rule = area_resistance_rule(fig, thickness, "contact")
    if isinstance(rule, str) and fig.resistance is not None and fig.conductivity is None:
        return ("states only a package-level 'resistance' (K/W for the footprint its source "
                "names), not a per-area one: give the contact's 'resistance' in m^2 K/W or a "
                "'layer' instead")
    return rule


def interface_problems(iface: Interface, path: str, library: Library | None = None
                       ) -> list[Problem]:
    """Why ``iface`` (at ``path``) gives no resistance: both or neither of ``resistance``
    and a TIM, a negative or non-positive figure, an unknown or non-TIM library id, a TIM
    none of whose figures applies."""
    has_tim = iface.tim is not None or iface.tim_item is not None
    if iface.resistance is None and not has_tim:
        return [Problem(path, "give its 'resistance' (K/W, a theta_CS) or a 'tim' (lib:ID)")]
    if iface.resistance is not None and has_tim:
        return [Problem(path, "give the 'resistance' or the 'tim', not both")]
    out = []
    if iface.resistance is not None and not iface.resistance >= 0.0:
        out.append(Problem(join(path, "resistance"),
                           f"must not be negative (got {iface.resistance:g})"))
    # any area in the rule: a rule applies or not whatever the footprint
    return out + tim_problems(iface, path, lambda fig, t: resistance_rule(fig, t, 1.0),
                              "give another interface as its 'resistance' (K/W)", library)


def contact_tim_problems(contact: Contact, path: str, library: Library | None = None
                         ) -> list[Problem]:
    """Why the TIM (and ``thickness``) of ``contact`` at ``path`` gives no R''."""
    return tim_problems(contact, path, contact_rule, "give another contact as its "
                        "'resistance' (m^2 K/W) or a 'layer'", library)


def tim_problems(holder: Interface | Contact, path: str,
                 rule: Callable[[TimFigures, float | None], Rule], other: str,
                 library: Library | None) -> list[Problem]:
    """The problems of ``holder``'s ``thickness``, ``tim`` and ``tim_item``: a non-positive
    figure, a thickness without a TIM, an unknown or non-TIM library id (``other``: what to
    give instead of a non-library one), a TIM none of whose figures ``rule`` can use."""
    out = []
    has_tim = holder.tim is not None or holder.tim_item is not None
    if holder.thickness is not None:
        if not holder.thickness > 0.0:
            out.append(Problem(join(path, "thickness"),
                               f"must be positive (got {holder.thickness:g})"))
        elif not has_tim:
            out.append(Problem(join(path, "thickness"),
                               "is the bond line of a 'tim' given by its conductivity"))
    if holder.tim_item is not None:
        for key in FIGURES:
            value = getattr(holder.tim_item, key)
            if value is not None and not value > 0.0:
                out.append(Problem(join(join(path, "tim_item"), key),
                                   f"must be positive (got {value:g})"))
    elif holder.tim is not None:
        out += _reference_problems(holder.tim, join(path, "tim"), other, library)
    if out or not has_tim:
        return out
    got = rule(_figures(holder, library), holder.thickness)
    if isinstance(got, str):
        where = join(path, "thickness" if holder.thickness is not None else "tim")
        return [Problem(where, f"TIM {holder.tim or '(tim_item)'!r} {got}")]
    return []


def _reference_problems(ref: str, path: str, other: str, library: Library | None
                        ) -> list[Problem]:
    if not ref.startswith(PREFIX):
        return [Problem(path, f"TIMs are library references 'lib:ID' (got {ref!r}); {other}")]
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


def contact_tim(contact: Contact, library: Library | None = None) -> dict:
    """The (valid) TIM contact's ``resistance_m2K_W`` (R''), ``tim`` (its ``lib:ID``, or
    ``"tim_item"`` for an inline one) and ``rule`` (which figure gave it)."""
    r, rule = contact_rule(_figures(contact, library), contact.thickness)
    return {"resistance_m2K_W": r, "tim": contact.tim or "tim_item", "rule": rule}
