"""ThermoCraft's FreeCAD workbench.

The package is importable without FreeCAD (the solve runner and the pick-and-place reader run
in a plain Python); the FreeCAD-side modules import FreeCAD themselves.

Saved documents store the module and class path of every proxy (``objects/*``,
``viewproviders``): see the rule in :mod:`ThermoCraftWorkbench.objects.base`.
"""

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
ADDON_DIR = PACKAGE_DIR.parent
ICONS = PACKAGE_DIR / "resources" / "icons"
ICON = str(ICONS / "thermocraft.svg")


def icon(name: str) -> str:
    """Path of a bundled SVG icon (``name`` without the extension)."""
    return str(ICONS / f"{name}.svg")
