"""What every ThermoCraft document object shares: declared properties and the proxy base.

THE PATH RULE. A saved ``.FCStd`` stores, for every object, its proxy's module and class path
(``ThermoCraftWorkbench.objects.condition`` / ``Condition``) and its view provider's
(``ThermoCraftWorkbench.viewproviders`` / ``ViewProvider``). Those paths are chosen once and
never renamed or moved; if code must move, leave an alias at the old path. Proxies keep no
Python state (``dumps``/``loads``, ``__getstate__``/``__setstate__`` return None): everything
lives in properties, declared in ``PROPERTIES`` and added on restore when missing, so a document
saved by an older version opens with the new properties at their defaults.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Prop:
    """One declared property: FreeCAD type, name, group, tooltip, default, enumeration values."""

    type: str
    name: str
    group: str
    doc: str
    default: object = None
    enum: tuple[str, ...] = ()

    def ensure(self, obj) -> None:
        """Add the property when missing; re-set an enumeration's values (they are not saved
        as a contract: a newer version may add choices)."""
        if self.name not in obj.PropertiesList:
            obj.addProperty(self.type, self.name, self.group, self.doc)
            if self.enum:
                setattr(obj, self.name, list(self.enum))
            if self.default is not None:
                setattr(obj, self.name, self.default)
        elif self.enum:
            current = getattr(obj, self.name)
            setattr(obj, self.name, list(self.enum))
            setattr(obj, self.name, current if current in self.enum else self.enum[0])


class Proxy:
    """Base of every feature proxy; subclasses set TYPE and PROPERTIES."""

    TYPE = "ThermoCraft::Object"
    PROPERTIES: tuple[Prop, ...] = ()

    def __init__(self, obj):
        obj.Proxy = self
        self.ensure_properties(obj)

    def ensure_properties(self, obj) -> None:
        for prop in self.PROPERTIES:
            prop.ensure(obj)

    def onDocumentRestored(self, obj):
        self.ensure_properties(obj)

    def execute(self, obj):
        return None

    def __getstate__(self):
        return None

    def __setstate__(self, state):
        return None

    # FreeCAD 0.20 pickles proxies with __getstate__/__setstate__, 0.21+ with dumps/loads
    dumps = __getstate__
    loads = __setstate__


def tc_type(obj) -> str | None:
    """The ThermoCraft type of a document object (``ThermoCraft::Condition``) or None."""
    proxy = getattr(obj, "Proxy", None)
    kind = getattr(proxy, "TYPE", None)
    return kind if isinstance(kind, str) and kind.startswith("ThermoCraft::") else None


def link_subs(refs) -> list:
    """References as FreeCAD takes them: ``(obj, ())`` (the whole object) becomes
    ``(obj, "")``, which a PropertyLinkSubList keeps (an empty tuple drops the link)."""
    return [(o, list(subs) if subs else "") for o, subs in refs]


def references(obj) -> list[tuple[object, tuple[str, ...]]]:
    """``(document object, sub-element names)`` pairs of an object's References property."""
    return [(o, tuple(s for s in subs if s)) for o, subs in getattr(obj, "References", [])]


def attach_view(obj) -> None:
    """Give a new object its view provider when the GUI is up (App code stays headless)."""
    import FreeCAD
    if FreeCAD.GuiUp:
        from ThermoCraftWorkbench.viewproviders import ViewProvider
        ViewProvider(obj.ViewObject)
