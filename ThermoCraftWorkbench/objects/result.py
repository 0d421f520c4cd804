"""Result: one solve's output, stored in a folder beside the document and referenced here,
with the display settings of its temperature overlay."""

from __future__ import annotations

import json
from pathlib import Path

from ThermoCraftWorkbench.objects.base import Prop, Proxy, attach_view

COLORMAPS = ("Rainbow", "Inferno", "Coolwarm", "Grey")
FIELDS = ("Temperature", "Bottleneck")


class Result(Proxy):
    TYPE = "ThermoCraft::Result"
    PROPERTIES = (
        Prop("App::PropertyString", "ResultFolder", "Result",
             "Folder of the result files, relative to the document's folder"),
        Prop("App::PropertyString", "SolvedAt", "Result", "When the solve finished (UTC)"),
        Prop("App::PropertyFloat", "MaxTemperature", "Result", "Hottest point, degC"),
        Prop("App::PropertyFloat", "MinTemperature", "Result", "Coldest point, degC"),
        Prop("App::PropertyEnumeration", "Colormap", "Display", "Colour map", "Rainbow",
             COLORMAPS),
        Prop("App::PropertyEnumeration", "Field", "Display",
             "What the overlay colours: the temperature, or the bottleneck field Bn "
             "(|heat flux| x |temperature gradient|, final field)", "Temperature", FIELDS),
        Prop("App::PropertyBool", "AutoRange", "Display",
             "Colour range from the result's minimum to maximum", True),
        Prop("App::PropertyFloat", "RangeMin", "Display", "Colour range start, degC", 25.0),
        Prop("App::PropertyFloat", "RangeMax", "Display", "Colour range end, degC", 100.0),
        Prop("App::PropertyInteger", "TimeIndex", "Display",
             "Transient: which stored field is shown (-1 = the last)", -1),
    )

    def ensure_properties(self, obj):
        super().ensure_properties(obj)
        for name in ("ResultFolder", "SolvedAt", "MaxTemperature", "MinTemperature"):
            obj.setEditorMode(name, 1)


def result_dir(obj) -> Path | None:
    """Absolute folder of the result files (relative to the saved document), or None."""
    if not obj.ResultFolder:
        return None
    folder = Path(obj.ResultFolder)
    if not folder.is_absolute() and obj.Document.FileName:
        folder = Path(obj.Document.FileName).parent / folder
    return folder


def load_summary(obj) -> dict | None:
    """The result's summary.json, or None when its folder is gone."""
    folder = result_dir(obj)
    path = folder / "summary.json" if folder else None
    if path is None or not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def fields_path(obj) -> Path | None:
    folder = result_dir(obj)
    return folder / "result.npz" if folder and (folder / "result.npz").is_file() else None


def make_result(doc, name: str = "Result"):
    obj = doc.addObject("App::FeaturePython", name)
    Result(obj)
    attach_view(obj)
    return obj
