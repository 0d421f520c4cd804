"""Library ``package`` items as the solver's compact-model :class:`~solver.model.Package`
(a component's ``part: "lib:ID"``), completed by the component's ``package_overrides``.

A family item gives what its source gives; the figures it lacks come from the datasheet of
the user's own device, as overrides. Nothing is guessed: a figure neither gives is an error
naming it and where to put it. ``tj_max`` may stay unknown (Tj is still solved and reported,
its compliance status ``unknown``). An exposed-pad item's theta_JC(bottom) is not used as
theta_JB: the stored sources give no approximation relating the two (theta_JB is defined by
the JESD51-8 ring-cold-plate test, board included), so the override is required - or the
component uses ``model: "pad"``, which puts theta_JC(bottom) on the board leg
(:mod:`solver.components`) and so needs no theta_JB.
"""

from __future__ import annotations

from dataclasses import fields, replace

from solver.library.store import PREFIX, Library, LibraryItem, default_library
from solver.model.problems import Problem, join
from solver.model.types import Package, PackageOverrides

# Package field <- the item's field (dotted: inside an object)
PACKAGE_FIELDS = {"length": "body.length", "width": "body.width", "height": "body.height",
                  "theta_jc": "theta_jc_top", "theta_jb": "theta_jb",
                  "theta_jc_bottom": "theta_jc_bottom", "tj_max": "tj_max"}
# what each figure is, for the messages
FIGURES = {"length": "body length (m)", "width": "body width (m)",
           "height": "body height (m)", "theta_jc": "theta_JC(top) (K/W)",
           "theta_jb": "theta_JB (K/W)", "theta_jc_bottom": "theta_JC(bottom) (K/W)",
           "tj_max": "Tj max (degC)"}
# the figures each component model needs (Tj max never: without it the status is "unknown");
# the pad model's theta_jc is optional (no top leg without it)
BODY = ("length", "width", "height")
NEEDS = {"two_resistor": (*BODY, "theta_jc", "theta_jb"),
         "detailed": (*BODY, "theta_jc", "theta_jb"),
         "pad": (*BODY, "theta_jc_bottom")}
MODEL_NAMES = {"two_resistor": "two-resistor", "detailed": "detailed", "pad": "pad"}


def _field(data: dict, dotted: str):
    for key in dotted.split("."):
        data = data.get(key) if isinstance(data, dict) else None
    return data


def item_figures(item: LibraryItem) -> dict[str, float]:
    """The :class:`Package` figures the item's source gives (a family item may lack some)."""
    out = {}
    for name, dotted in PACKAGE_FIELDS.items():
        value = _field(item.data, dotted)
        if value is not None:
            out[name] = float(value)
    return out


def override_figures(overrides: PackageOverrides | None) -> dict[str, float]:
    """The figures ``overrides`` gives (its non-None fields)."""
    if overrides is None:
        return {}
    return {f.name: getattr(overrides, f.name) for f in fields(overrides)
            if getattr(overrides, f.name) is not None}


def missing_figures(item: LibraryItem, overrides: PackageOverrides | None = None,
                    model: str | None = None) -> list[str]:
    """The :class:`Package` fields the component ``model`` (None: two-resistor) needs that
    neither the item nor ``overrides`` gives."""
    have = {**item_figures(item), **override_figures(overrides)}
    return [n for n in NEEDS.get(model or "two_resistor", NEEDS["two_resistor"])
            if n not in have]


def package_from_item(item: LibraryItem, overrides: PackageOverrides | None = None
                      ) -> Package:
    """The compact-model package of ``item`` completed by ``overrides`` (which win; see
    :func:`missing_figures`); the body's capacity keeps the contract's mould-compound
    defaults unless overridden (the library stores no package density or heat capacity)."""
    return Package(**{**item_figures(item), **override_figures(overrides)})


def with_overrides(pkg: Package, overrides: PackageOverrides | None) -> Package:
    """``pkg`` with the figures ``overrides`` gives."""
    return replace(pkg, **override_figures(overrides))


def _part_item(part: str, path: str, library: Library) -> tuple[LibraryItem | None,
                                                                 list[Problem]]:
    if not part.startswith(PREFIX):
        return None, [Problem(path, f"parts are library references 'lib:ID' (got {part!r}); "
                                    "give other packages inline as 'package'")]
    item = library.get(part)
    if item is None:
        return None, [Problem(path, library.unknown(part, "package"))]
    if item.kind != "package":
        return None, [Problem(path, f"library item {part!r} is a {item.kind}, not a package")]
    return item, []


def part_problems(part: str, path: str, library: Library | None = None,
                  overrides: PackageOverrides | None = None,
                  model: str | None = None) -> list[Problem]:
    """Why the part ``part`` of the component (of compact ``model``) at ``path`` cannot be
    used: a bad reference (at ``path.part``) or a figure the model needs that neither the
    item nor ``overrides`` gives (each at ``path.package_overrides.FIELD``, where the
    device's datasheet figure goes)."""
    item, problems = _part_item(part, join(path, "part"), library or default_library())
    if item is None:
        return problems
    out = []
    for name in missing_figures(item, overrides, model):
        hint = ""
        if name == "theta_jb" and item.data.get("theta_jc_bottom") is not None:
            hint = (f" (its theta_JC(bottom) {item.data['theta_jc_bottom']:g} K/W is not a "
                    "theta_JB: no stored source relates the two; \"model\": \"pad\" uses it "
                    "in theta_JB's place)")
        out.append(Problem(join(join(path, "package_overrides"), name), (
            f"library part {part!r} gives no {FIGURES[name]}{hint}, which the "
            f"{MODEL_NAMES.get(model or 'two_resistor', model)} model needs: give your "
            f"device's datasheet figure here (\"package_overrides\": {{\"{name}\": ...}})")))
    return out


def package_of(part: str, library: Library | None = None,
               overrides: PackageOverrides | None = None,
               model: str | None = None) -> Package | None:
    """The package of library part ``part`` completed by ``overrides``, None when the
    component ``model`` cannot use it (:func:`part_problems` says why)."""
    library = library or default_library()
    if part_problems(part, "", library, overrides, model):
        return None
    return package_from_item(library.get(part), overrides)
