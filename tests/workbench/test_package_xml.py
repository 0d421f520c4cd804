"""package.xml as the Addon Manager reads it (format 1, through FreeCAD's own App.Metadata
parser, and its <depend type="python"> entries as the 0.21+ Addon Manager reads them): every
field it needs, files that exist, the workbench class InitGui.py registers, and the Python
dependencies matching the workbench's dependency check."""

import ast
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "package.xml"
NS = {"p": "https://wiki.freecad.org/Package_Metadata"}
URL_TYPES = {"website", "repository", "bugtracker", "readme", "documentation", "discussion"}
# numba is on the allow-list of the Addon Manager since 0.21 (0.20's list predates it)
NEWER_ALLOWED = {"numba"}


@pytest.fixture(scope="module")
def metadata():
    import FreeCAD
    return FreeCAD.Metadata(str(PACKAGE))


def test_the_package_has_what_the_addon_manager_shows(metadata):
    root = ET.parse(PACKAGE).getroot()
    assert root.tag == f"{{{NS['p']}}}package" and root.get("format") == "1"
    assert metadata.Name == "ThermoCraft" and len(metadata.Description) > 20
    assert re.fullmatch(r"\d+\.\d+\.\d+", metadata.Version)
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", root.find("p:date", NS).text)
    assert all(m["name"] and "@" in m["email"] for m in metadata.Maintainer)
    (licence,) = metadata.License
    assert licence["name"] == "LGPL-2.1-or-later"
    assert not licence["file"] or (REPO / licence["file"]).is_file()
    assert (REPO / metadata.Icon).is_file() and metadata.Icon.endswith(".svg")
    for url in metadata.Urls:
        assert url["type"] in URL_TYPES and url["location"].startswith("https://")
        assert url["type"] != "repository" or url["branch"]
    assert metadata.supportsCurrentFreeCAD()


def test_the_workbench_entry_is_the_class_initgui_registers(metadata):
    (wb,) = metadata.Content["workbench"]
    folder = REPO / wb.Subdirectory
    assert (folder / "InitGui.py").is_file() and (folder / "Init.py").is_file()
    tree = ast.parse((folder / "InitGui.py").read_text())
    classes = [n.name for n in tree.body if isinstance(n, ast.ClassDef)]
    registered = [c.args[0].func.id for c in ast.walk(tree) if isinstance(c, ast.Call)
                  and getattr(c.func, "attr", "") == "addWorkbench"]
    assert wb.Classname in classes and registered == [wb.Classname]
    assert (REPO / wb.Icon).is_file() and wb.FreeCADMin == metadata.FreeCADMin


def test_python_dependencies_match_the_dependency_check():
    from ThermoCraftWorkbench.activation import OPTIONAL, REQUIRED
    python = [d for d in ET.parse(PACKAGE).getroot().iter(f"{{{NS['p']}}}depend")
              if d.get("type") == "python"]
    required = [d.text for d in python if d.get("optional") != "true"]
    optional = [d.text for d in python if d.get("optional") == "true"]
    assert required == list(REQUIRED) and optional == list(OPTIONAL)
    allow = Path("/usr/share/freecad/Mod/AddonManager/ALLOWED_PYTHON_PACKAGES.txt")
    if allow.is_file():  # the installed FreeCAD's list
        allowed = {line.strip().lower() for line in allow.read_text().splitlines()
                   if line.strip() and not line.startswith("#")} | NEWER_ALLOWED
        assert set(required) <= allowed, set(required) - allowed


def test_the_declared_python_minimum_holds_for_the_workbench_sources():
    """<pythonmin> (read by the 0.21+ Addon Manager) names the oldest Python the workbench
    code runs on: its syntax parses there, this interpreter meets it, and the 3.10 call
    forms it relies on (zip(strict=True)) are inside it."""
    import sys
    text = ET.parse(PACKAGE).getroot().find("p:pythonmin", NS).text
    minimum = tuple(int(p) for p in text.split("."))
    assert sys.version_info[:2] >= minimum
    sources = [*(REPO / "ThermoCraftWorkbench").rglob("*.py"), REPO / "InitGui.py"]
    for path in sources:
        ast.parse(path.read_text(), filename=str(path), feature_version=minimum)
    if any("strict=True" in p.read_text() for p in sources):
        assert minimum >= (3, 10)
