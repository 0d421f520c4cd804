"""Library ``package`` items as the solver's two-resistor :class:`~solver.model.Package`
(a component's ``part: "lib:ID"``)."""

from __future__ import annotations

from solver.library.store import PREFIX, Library, LibraryItem, default_library
from solver.model.problems import Problem
from solver.model.types import Package

# Package field <- the item's field (dotted: inside an object); the two-resistor model needs
# them all and none is guessed when the source gives no figure.
PACKAGE_FIELDS = {"length": "body.length", "width": "body.width", "height": "body.height",
                  "theta_jc": "theta_jc_top", "theta_jb": "theta_jb", "tj_max": "tj_max"}


def _field(data: dict, dotted: str):
    for key in dotted.split("."):
        data = data.get(key) if isinstance(data, dict) else None
    return data


def missing_fields(item: LibraryItem) -> list[str]:
    """The item's fields the two-resistor model needs and its source does not give."""
    return [f for f in PACKAGE_FIELDS.values() if _field(item.data, f) is None]


def package_from_item(item: LibraryItem) -> Package:
    """The two-resistor package of a complete ``package`` item (see :func:`missing_fields`);
    the body's capacity keeps the contract's mould-compound defaults (the library stores no
    package density or heat capacity)."""
    return Package(**{name: float(_field(item.data, f)) for name, f in PACKAGE_FIELDS.items()})


def part_problems(part: str, path: str, library: Library | None = None) -> list[Problem]:
    """Why the component part ``part`` cannot be used (``path``: where it is named)."""
    if not part.startswith(PREFIX):
        return [Problem(path, f"parts are library references 'lib:ID' (got {part!r}); "
                              "give other packages inline as 'package'")]
    library = library or default_library()
    item = library.get(part)
    if item is None:
        guess = library.suggest(part, "package")
        hint = f" (did you mean {guess!r}?)" if guess else ""
        return [Problem(path, f"unknown library item {part!r}{hint}")]
    if item.kind != "package":
        return [Problem(path, f"library item {part!r} is a {item.kind}, not a package")]
    missing = missing_fields(item)
    if missing:
        return [Problem(path, (
            f"library part {part!r} lacks {', '.join(missing)} (its source gives no figure), "
            "which the two-resistor model needs: give the component an inline 'package'"))]
    return []


def package_of(part: str, library: Library | None = None) -> Package | None:
    """The package of library part ``part``, None when it cannot be used
    (:func:`part_problems` says why)."""
    library = library or default_library()
    if part_problems(part, "", library):
        return None
    return package_from_item(library.get(part))
